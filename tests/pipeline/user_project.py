"""The pipeline tests' scenarios, from an ad's landing page to the product its “Shop now” leads to, and a user's own
project for the pytest plugin's tests: scenarios/ named in pytest.ini and walked against a demo shop whose “Shop
now” does nothing, a tests/ folder with YAML data that is not a scenario, and a plain test."""

from __future__ import annotations

from pathlib import Path


def scenario(name: str, devices: str, *stages: str) -> str:
    """A scenario's YAML: the base URL is the test's shop's (pytest's `base_url`, or `--demo`)."""
    return f"name: {name}\nbase_url: http://127.0.0.1:9\ndevices: [{devices}]\nstages:\n" + "".join(stages)


AD_LANDING = "  - name: ad landing\n    steps:\n      - goto: /landing/trail-runner\n"
HEADING_SEEN = "      - expect: {visible: {role: heading, name: Trail Runner 2}}\n"
SHOP_NOW_CLICKED = ("  - name: product\n    steps:\n      - click: {text: Shop now, exact: true}\n"
                    "      - expect: {url: /product/trail-runner}\n        timeout: 2s\n")
LANDING = scenario("landing", "desktop", AD_LANDING, HEADING_SEEN)
SHOP_NOW = scenario("shop-now", "mobile", AD_LANDING, SHOP_NOW_CLICKED)

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
    (root / "pytest.ini").write_text(
        f"[pytest]\nwalkthrough_scenarios = scenarios\naddopts = -p no:cacheprovider\n{ini}")
    (root / "conftest.py").write_text(CONFTEST)
    (root / "scenarios").mkdir()
    (root / "scenarios" / "landing.yaml").write_text(LANDING)
    (root / "scenarios" / "shop-now.yml").write_text(SHOP_NOW)
    (root / "tests").mkdir()
    (root / "tests" / "fixture-data.yaml").write_text("not: [a scenario\n")
    (root / "tests" / "test_plain.py").write_text("def test_plain():\n    assert True\n")
    return root
