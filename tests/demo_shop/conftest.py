"""A real DemoShop on a free port for the demo shop tests."""

from __future__ import annotations

import pytest
from shop_client import Client

from walkthroughs.demo_shop import DemoShop


@pytest.fixture(scope="module")
def shop():
    with DemoShop(port=0) as running:
        yield running


@pytest.fixture
def client(shop) -> Client:
    return Client(shop.url)


@pytest.fixture
def make_client(shop):
    def make(frictions: str | None = None, base_url: str | None = None) -> Client:
        cookies = {"wt_frictions": frictions} if frictions else {}
        return Client(base_url or shop.url, cookies)
    return make


@pytest.fixture(scope="module")
def spa():
    """The single-page shop, one per test module."""
    from walkthroughs.demo_shop.spa import SpaShop

    with SpaShop(port=0) as running:
        yield running


@pytest.fixture
def spa_client(spa):
    """A new browser-like session of the single-page shop, with switches in its cookie and a market."""
    def make(frictions: str | None = None, market: str | None = None) -> Client:
        cookies = {"wt_frictions": frictions} if frictions else {}
        if market:
            cookies["market"] = market
        return Client(spa.url, cookies)
    return make
