"""Repo-wide test set-up: the bundled demo shop and the `walkthrough` command, as a user runs them."""

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


def pytest_collection_modifyitems(items):
    for item in items:
        if item.get_closest_marker("walkthrough"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def demo_scenario() -> Path:
    return ROOT / "scenarios" / "demo-shop.yaml"


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
