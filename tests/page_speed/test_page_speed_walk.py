"""Page speed on a real walk of the demo shop: the clean desktop rates good, the phone with the heavy product
page and the late promo banner gets poor LCP and CLS findings on the right stages, and Lighthouse audits the
cart in the walk's own browser — with the item in it — and turns a failing assertion into a finding.

One walk for the whole module (two journeys, two Lighthouse audits of the cart)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from walkthroughs.demo_shop import COOKIE_NAME, DemoShop
from walkthroughs.pipeline import plan_journeys, walk_run
from walkthroughs.run_folder import RunFolder
from walkthroughs.scenario import load_scenarios
from walkthroughs.walk.browser import playwright_devices
from walkthroughs.walk.journey import WalkSettings
from walkthroughs.walk.run import RunOptions

pytestmark = [pytest.mark.e2e, pytest.mark.node_tools]
ROOT = Path(__file__).parents[2]
FAILING_ASSERTION = {"first-contentful-paint": ["error", {"maxNumericValue": 1}]}  # no page paints within 1 ms


class Quiet:
    def browser_chosen(self, description: str) -> None: ...
    def journey_update(self, journey, stage) -> None: ...


def write_scenario(path: Path, **changes) -> Path:
    scenario = yaml.safe_load((ROOT / "scenarios" / "demo-shop.yaml").read_text())
    scenario.update(changes)
    path.write_text(yaml.safe_dump(scenario, sort_keys=False))
    return path


@pytest.fixture(scope="module")
def walked(tmp_path_factory):
    folder_path = tmp_path_factory.mktemp("page-speed")
    scenario_file = write_scenario(folder_path / "speed.yaml", devices=["desktop", "mobile"],
                                   lighthouse={"stages": ["cart"], "assertions": FAILING_ASSERTION})
    (scenario,) = load_scenarios([scenario_file])
    with DemoShop(port=0) as shop:
        plans = plan_journeys([scenario], playwright_devices(), None)
        mobile = next(plan for plan in plans if plan.device.device_class == "mobile")
        mobile.cookies = [{"name": COOKIE_NAME, "value": "slow-heavy-product landing-layout-shift", "url": shop.url}]
        settings = WalkSettings(screenshots="failure", trace="off", base_url=shop.url)
        folder = RunFolder(folder_path / "out", {})
        asyncio.run(walk_run(plans, folder, RunOptions(out_dir=folder_path / "out", workers=2, settings=settings), Quiet()))
        folder.finish()
    journeys = {journey.device.device_class: journey for journey in folder.result.journeys}
    return folder, journeys


def stage(journey, name):
    return next(s for s in journey.stages if s.name == name)


def speed_findings(journey, metric: str):
    return [(f.stage, f.severity) for f in journey.findings if f.detector == "web-vitals" and metric in f.title]


def test_both_journeys_complete_with_vitals_on_every_stage(walked):
    folder, journeys = walked
    for journey in journeys.values():
        assert journey.status == "completed", journey.error
        for walked_stage in journey.stages:
            assert walked_stage.vitals["pages"] == 1 and walked_stage.vitals["requests"] > 1
            assert {"ttfb_ms", "fcp_ms", "lcp_ms", "cls"} <= set(walked_stage.vitals)
    assert folder.result.page_speed_note is None


def test_the_clean_shop_rates_good_for_lcp_and_cls(walked):
    _, journeys = walked
    desktop = journeys["desktop"]
    for walked_stage in desktop.stages:
        ratings = desktop.ratings("web-vitals", walked_stage.name)  # only the detector rates
        assert ratings["lcp_ms"] == "good" and ratings["cls"] == "good", (walked_stage.vitals, ratings)
    assert speed_findings(desktop, "Largest Contentful Paint") == []
    assert speed_findings(desktop, "Cumulative Layout Shift") == []


def test_the_heavy_product_page_is_poor_lcp_on_the_product_stage(walked):
    _, journeys = walked
    mobile = journeys["mobile"]
    assert speed_findings(mobile, "Largest Contentful Paint") == [("product", "major")]
    assert stage(mobile, "product").vitals["transfer_bytes"] > 2_000_000


def test_the_late_promo_banner_is_poor_cls_on_the_ad_landing_stage(walked):
    _, journeys = walked
    assert speed_findings(journeys["mobile"], "Cumulative Layout Shift") == [("ad landing", "major")]


def test_lighthouse_audits_the_cart_with_the_item_in_it(walked):
    folder, journeys = walked
    for device_class, journey in journeys.items():
        audit = stage(journey, "cart").lighthouse
        assert audit is not None and audit.error is None, audit
        assert audit.form_factor == ("desktop" if device_class == "desktop" else "mobile")
        assert audit.url.endswith("/cart") and set(audit.scores) == {"performance", "accessibility", "best-practices", "seo"}
        assert audit.metrics["lcp_ms"] > 0
        assert "<!doctype html>" in (folder.path / audit.report_html).read_text()[:500]
        lhr = json.loads((folder.path / audit.report_json).read_text())
        loaded = [item["url"] for item in lhr["audits"]["network-requests"]["details"]["items"]]
        # The cart line's picture: an empty cart (or a cart without the journey's cookies) has none.
        assert any(url.endswith("/images/trail-runner.svg") for url in loaded), loaded
        assert [s.name for s in journey.stages if s.lighthouse] == ["cart"]


def test_a_failing_lighthouse_assertion_is_a_finding_on_its_stage(walked):
    _, journeys = walked
    for journey in journeys.values():
        broken = [f for f in journey.findings if f.detector == "lighthouse-assertions"]
        assert [(f.stage, f.severity, f.gate) for f in broken] == [("cart", "major", "error")]
        assert "First Contentful Paint" in broken[0].title and "expected <= 1" in broken[0].title


def test_without_lighthouse_one_warning_the_walk_goes_on_and_the_results_say_why(tmp_path):
    """Also: a throttled device is slowed for real and named in the results and the report."""
    scenario = {"name": "throttled", "base_url": "http://127.0.0.1:8000", "devices": ["desktop"], "lighthouse": True,
                "throttling": {"desktop": "slow-4g"},
                "stages": [{"name": "ad landing", "steps": [{"goto": "/landing/trail-runner"}]}]}
    (tmp_path / "throttled.yaml").write_text(yaml.safe_dump(scenario))
    env = {**os.environ, "WALKTHROUGHS_LIGHTHOUSE": str(tmp_path / "no-lighthouse-here")}
    completed = subprocess.run([sys.executable, "-m", "walkthroughs", "run", "--demo", tmp_path / "throttled.yaml",
                                "--out", tmp_path / "out", "--screenshots", "failure", "--trace", "off"],
                               capture_output=True, text=True, timeout=300, cwd=ROOT, env=env)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stderr.count("warning:") == 1 and "Lighthouse was not found" in completed.stderr
    results = json.loads((tmp_path / "out" / "latest" / "results.json").read_text())
    assert "Lighthouse was not found" in results["page_speed_note"]
    (journey,) = results["journeys"]
    assert journey["status"] == "completed" and journey["device"]["throttling"]["name"] == "slow-4g"
    # Chromium's emulated latency (562.5 ms a request) holds back the body, so the first paint, not TTFB, shows it.
    assert journey["stages"][0]["vitals"]["fcp_ms"] >= 562
    report = (tmp_path / "out" / "latest" / "report" / "index.html").read_text()
    assert "slow-4g, CPU 4× slower" in report and "Lighthouse was not found" in report
