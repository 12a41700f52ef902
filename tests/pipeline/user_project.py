"""A user's own project for the pytest plugin's tests: scenarios/ named in pytest.ini and walked against a demo shop
whose “Shop now” does nothing, a tests/ folder with YAML data that is not a scenario, and a plain test."""

from __future__ import annotations

from pathlib import Path

LANDING = """\
name: landing
base_url: http://127.0.0.1:9
devices: [desktop]
stages:
  - name: ad landing
    steps:
      - goto: /landing/trail-runner
      - expect: {visible: {role: heading, name: Trail Runner 2}}
"""
SHOP_NOW = """\
name: shop-now
base_url: http://127.0.0.1:9
devices: [mobile]
stages:
  - name: ad landing
    steps:
      - goto: /landing/trail-runner
  - name: product
    steps:
      - click: {text: Shop now, exact: true}
      - expect: {url: /product/trail-runner}
        timeout: 2s
"""
# The shop's “Shop now” does nothing here, and every item's browser context gets the user's own user agent.
CONFTEST = """\
import pytest
from walkthroughs.demo_shop import DemoShop

@pytest.fixture(scope="session")
def base_url():
    with DemoShop(port=0, frictions=["dead-buy-button"]) as shop:
        yield shop.url

@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "user_agent": "walkthroughs-plugin-test"}
"""


def make_project(root: Path, ini: str = "") -> Path:
    """The project in `root`; `ini` adds lines to its pytest.ini."""
    (root / "pytest.ini").write_text(f"[pytest]\nwalkthrough_scenarios = scenarios\naddopts = -p no:cacheprovider\n{ini}")
    (root / "conftest.py").write_text(CONFTEST)
    (root / "scenarios").mkdir()
    (root / "scenarios" / "landing.yaml").write_text(LANDING)
    (root / "scenarios" / "shop-now.yml").write_text(SHOP_NOW)
    (root / "tests").mkdir()
    (root / "tests" / "fixture-data.yaml").write_text("not: [a scenario\n")
    (root / "tests" / "test_plain.py").write_text("def test_plain():\n    assert True\n")
    return root
