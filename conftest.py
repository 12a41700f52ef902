"""Repo-wide test set-up: the bundled demo shops and the `walkthrough` command, as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent


@pytest.fixture
def demo_shop():
    """A fresh demo shop on a free loopback port, stopped after the test."""
    from walkthroughs.demo_shop import DemoShop

    with DemoShop(port=0) as shop:
        yield shop


@pytest.fixture(scope="session")
def base_url(pytestconfig):
    """The shop this repo's scenarios (collected by the walkthroughs plugin) walk: --base-url, else a demo shop."""
    given = pytestconfig.getoption("--base-url")
    if given:
        yield given
        return
    from walkthroughs.demo_shop import DemoShop

    with DemoShop(port=0) as shop:
        yield shop.url


@pytest.fixture
def spa_shop():
    """A fresh single-page demo shop on a free loopback port, stopped after the test."""
    from walkthroughs.demo_shop.spa import SpaShop

    with SpaShop(port=0) as shop:
        yield shop


SPA_SCENARIO = ROOT / "scenarios" / "spa-shop.yaml"
SPA_SHOP_URL = pytest.StashKey[str]()


def _spa_shop_url(config: pytest.Config) -> str:
    """One single-page shop per test process, for the scenario items that walk it."""
    if SPA_SHOP_URL not in config.stash:
        from walkthroughs.demo_shop.spa import SpaShop

        shop = SpaShop(port=0).start()
        config.add_cleanup(shop.stop)
        config.stash[SPA_SHOP_URL] = shop.url
    return config.stash[SPA_SHOP_URL]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    """scenarios/spa-shop.yaml walks the single-page shop, the other scenarios the classic one (`base_url`).

    pytest-playwright's `base_url` is one value per session, so the SPA scenario's items get their shop after
    setup, in the values the walkthroughs plugin read from the fixtures; a --base-url on the command line wins.
    """
    result = yield
    values = getattr(item, "fixture_values", None)
    if values is not None and item.path == SPA_SCENARIO and not item.config.getoption("--base-url"):
        values["base_url"] = _spa_shop_url(item.config)
    return result


def pytest_collection_modifyitems(items):
    for item in items:
        if item.get_closest_marker("walkthrough"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def demo_scenario() -> Path:
    return ROOT / "scenarios" / "demo-shop.yaml"


@pytest.fixture(scope="session")
def spa_scenario() -> Path:
    return SPA_SCENARIO


def _walkthrough(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "walkthroughs", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)


@pytest.fixture(scope="session")
def walkthrough():
    """Run the real command line in a subprocess, as a user or CI would."""
    return _walkthrough


@pytest.fixture(scope="session")
def read_results():
    return lambda out_dir: json.loads((Path(out_dir) / "latest" / "results.json").read_text())
