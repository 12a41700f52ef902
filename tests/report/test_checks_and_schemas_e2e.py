"""On a real walk: results.json and evidence.json fit their published schemas; each stage's page lists what the
detectors concluded — passed, found friction, could not judge and why, did not apply — and the terminal says
which could not judge; the speed tiles are coloured by the web-vitals detector's ratings."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from walkthroughs.evidence import evidence_json_schema
from walkthroughs.results import RunResult

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).parents[2]


def test_the_walk_s_results_and_evidence_fit_their_schemas(demo_walk):
    results = json.loads((demo_walk.run_dir / "results.json").read_text())
    jsonschema.validate(results, RunResult.model_json_schema())
    assert results["schema_version"] == "2.0" and results["fail_on"] == "blocker"
    schema = evidence_json_schema()
    for journey in results["journeys"]:
        evidence = json.loads((demo_walk.run_dir / journey["evidence"]).read_text())
        jsonschema.validate(evidence, schema)
        assert evidence["evidence_version"] == "2.1"
    assert not list(demo_walk.run_dir.rglob("*annotated*")), "the detectors write no pictures"


def test_a_stage_page_lists_what_each_detector_concluded(demo_walk, open_report):
    results = json.loads((demo_walk.run_dir / "results.json").read_text())
    desktop = next(j for j in results["journeys"] if j["device"]["name"] == "desktop")
    landing = desktop["stages"][0]
    page = open_report(demo_walk.run_dir / "report" / "index.html")
    page.locator(f'tr[data-device="desktop"] td[data-stage="{landing["name"].replace(" ", "-")}"] a.cell').click()
    checks = page.locator("section[aria-labelledby=checks-title]")
    own = [r for r in desktop["detector_results"] if r["stage"] == landing["name"]]
    passed = sorted(r["detector"] for r in own if r["status"] == "passed")
    assert sorted(checks.locator(".chip-passed").all_inner_texts()) == passed and passed
    not_applicable = checks.locator("details.check-na")
    assert "mobile-layout" not in not_applicable.inner_text(), "collapsed until asked for"
    not_applicable.locator("summary").click()
    assert "mobile-layout: judges only tablet and mobile screens" in not_applicable.inner_text()
    summary = checks.locator("h2").inner_text()
    assert f"{len(passed)} passed" in summary and "did not apply" in summary


def test_a_gatherer_that_failed_is_said_in_the_terminal_and_on_the_stage_page(walk_copy, open_report):
    run_dir = walk_copy("failed-gatherer")
    results = json.loads((run_dir / "results.json").read_text())
    mobile = next(j for j in results["journeys"] if j["device"]["name"] == "mobile")
    evidence_path = run_dir / mobile["evidence"]
    evidence = json.loads(evidence_path.read_text())
    landing = evidence["stages"][0]
    del landing["layout"]
    landing["gather_errors"] = {"layout": "ProbeError: Execution context was destroyed"}
    evidence_path.write_text(json.dumps(evidence))
    assessed = subprocess.run([sys.executable, "-m", "walkthroughs", "assess", str(run_dir)], capture_output=True,
                              text=True, cwd=ROOT, timeout=300)
    said = " ".join(assessed.stderr.split())
    assert (f"could not judge: mobile-layout on mobile at “{landing['name']}”: the layout gatherer failed on this "
            "stage: ProbeError: Execution context was destroyed") in said, assessed.stderr
    stage_page = next(run_dir.glob("report/stage-*mobile-01-*.html"))
    page = open_report(stage_page)
    assert "mobile-layout · could not judge" in page.locator(".chip-error").all_inner_texts()
    assert "the layout gatherer failed on this stage" in page.locator("ul.check-errors").inner_text()


def test_the_speed_tiles_take_the_web_vitals_detector_s_ratings(walk_copy, open_report):
    run_dir = walk_copy("strict-vitals")
    subprocess.run([sys.executable, "-m", "walkthroughs", "assess", str(run_dir), "--threshold",
                    "web-vitals.lcp_ms=[1, 2]"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    results = json.loads((run_dir / "results.json").read_text())
    desktop = next(j for j in results["journeys"] if j["device"]["name"] == "desktop")
    rated = next(r for r in desktop["detector_results"] if r["detector"] == "web-vitals" and r["stage"] == "ad landing")
    assert rated["ratings"]["lcp_ms"] == "poor", "an LCP over 2 ms is poor with these thresholds"
    assert any(f["detector"] == "web-vitals" and "Largest Contentful Paint" in f["title"] and f["stage"] == "ad landing"
               for f in desktop["findings"])
    page = open_report(next(run_dir.glob("report/stage-*desktop-01-*.html")))
    tile = page.locator("ul.metrics li.metric", has_text="LCP").first
    assert "poor" in tile.get_attribute("class"), "the tile and the finding beside it agree"
