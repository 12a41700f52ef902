"""What a shop's page may put into a report stays text; the report passes axe; re-rendering changes no byte."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
pytestmark = pytest.mark.e2e

HOSTILE = "<script>window.__pwned=1</script>"
AXE_COPIES = (ROOT / "node_modules" / "axe-core" / "axe.min.js", ROOT / "walkthroughs" / "gather" / "js" / "axe.min.js")


def walkthrough(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "walkthroughs", *map(str, args)], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)


def render(run_dir: Path, *options) -> Path:
    completed = walkthrough("report", run_dir, *options)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return run_dir / "report" / "index.html"


def report_bytes(run_dir: Path) -> dict[str, str]:
    report = run_dir / "report"
    return {str(p.relative_to(report)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(report.rglob("*")) if p.is_file()}


def hostile_finding(stage: str, severity: str, screenshot: str | None, step: int = 0, title: str = "") -> dict:
    return {
        "detector": "errors", "title": f"Script error {HOSTILE}{title}", "severity": severity, "stage": stage,
        "insight": "Fix the script that fails on this page; shoppers see a page that half works.",
        "evidence": {"step": step, "selector": "button#buy<b>", "screenshot": screenshot,
                     "boxes": [{"x": 16, "y": 120, "width": 200, "height": 44, "role": "target"}],
                     "url": "javascript:window.__pwned=4", "value": 2, "threshold": 0, "unit": "errors",
                     "details": [f"Uncaught TypeError {HOSTILE}", '<img src=x onerror="window.__pwned=2">']},
    }


@pytest.fixture(scope="module")
def hostile_run(walk_copy) -> Path:
    """The walked run with a page title, a goal, a step and findings written by a hostile shop."""
    run_dir = walk_copy("hostile")
    results = json.loads((run_dir / "results.json").read_text())
    results["scenarios"][0]["goal"] = HOSTILE
    for journey in results["journeys"]:
        first = journey["stages"][0]
        first["title"] = HOSTILE
        first["steps"][0]["label"] = '<img src=x onerror="window.__pwned=2">'
        phone = journey["device"]["name"] == "mobile"  # its own cause: the report lists a cause once
        journey["findings"].append(hostile_finding(first["name"], "minor" if phone else "major",
                                                   first["steps"][0]["screenshot"], title=" on phones" if phone else ""))
    (run_dir / "results.json").write_text(json.dumps(results))
    render(run_dir)
    return run_dir


def test_text_from_the_shop_renders_as_text_and_never_runs(hostile_run, open_report):
    report = hostile_run / "report"
    stage_page = sorted(report.glob("stage-*desktop-01-*.html"))[0]
    for path in (report / "index.html", stage_page):
        page = open_report(path)
        assert page.evaluate("window.__pwned") is None, path.name
        assert HOSTILE in page.locator("body").inner_text(), path.name
        assert page.locator("a[href^='javascript']").count() == 0
    assert '<img src=x onerror="window.__pwned=2">' in page.locator("ol.steps").inner_text()
    assert "Uncaught TypeError " + HOSTILE in page.locator("article.finding", has_text="Script error").inner_text()
    assert HOSTILE not in (report / "summary.md").read_text(), "the Markdown summary escapes it too"


def test_a_finding_card_shows_the_measure_against_its_limit_and_outlines_the_element(hostile_run, open_report):
    report = hostile_run / "report"
    page = open_report(sorted(report.glob("stage-*desktop-01-*.html"))[0])
    card = page.locator("article.finding", has_text="Script error")  # the detectors may add their own
    assert card.count() == 1
    assert "Measured 2 errors" in card.inner_text() and "limit 0 errors" in card.inner_text()
    overlay = card.locator("svg.box-overlay")
    assert overlay.get_attribute("viewBox").startswith("0 0 1280 ")  # the desktop page's CSS px
    rect = overlay.locator("rect")
    assert [rect.get_attribute(k) for k in ("x", "y", "width", "height")] == ["16.0", "120.0", "200.0", "44.0"]
    image_box, outline = card.locator("img").bounding_box(), rect.bounding_box()
    scale = image_box["width"] / 1280  # the outline sits on the element's centre, whatever the picture's size
    assert abs(outline["x"] + outline["width"] / 2 - (image_box["x"] + 116 * scale)) < 2
    assert abs(outline["y"] + outline["height"] / 2 - (image_box["y"] + 142 * scale)) < 2


def test_the_severity_filter_hides_findings(hostile_run, open_report):
    page = open_report(hostile_run / "report" / "index.html")
    total = page.locator("#findings .finding").count()
    minor = page.locator('#findings .finding[data-severity="minor"]')
    shown = minor.count()
    assert shown >= 1 and minor.first.is_visible()  # the hostile mobile finding, and any the detectors made
    page.get_by_role("checkbox", name="Minor").uncheck()
    assert all(card.is_hidden() for card in minor.all())
    assert page.locator('#findings .finding[data-severity="major"]').first.is_visible()
    assert page.locator("[data-filter-count]").inner_text() == f"Showing {total - shown} of {total} findings"
    assert all(item.is_hidden() for item in page.locator(".top-item[data-severity='minor']").all())


def axe_source() -> str:
    for path in AXE_COPIES:
        if path.exists():
            return path.read_text(encoding="utf-8")
    pytest.fail("axe-core is missing: run scripts/setup.sh (it installs node_modules)")


@pytest.mark.parametrize("width", [1280, 412])
def test_the_report_has_no_serious_accessibility_violation(hostile_run, open_report, width):
    report = hostile_run / "report"
    source = axe_source()
    for path in (report / "index.html", sorted(report.glob("stage-*.html"))[0]):
        page = open_report(path, width=width, bypass_csp=True)
        page.add_script_tag(content=source)
        violations = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
            .violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))""")
        assert not violations, (path.name, width, violations)


def test_rendering_again_from_results_json_gives_the_same_report(demo_walk, walk_copy):
    copy = walk_copy("again")
    render(copy)
    assert report_bytes(copy) == report_bytes(demo_walk.run_dir), "the report the run wrote is the one re-rendered"
    render(copy)
    assert report_bytes(copy) == report_bytes(demo_walk.run_dir)


def test_a_baseline_marks_new_findings_and_slower_stages(demo_walk, hostile_run, open_report):
    render(hostile_run, "--baseline", demo_walk.run_dir / "results.json")
    page = open_report(hostile_run / "report" / "index.html")
    counts = page.locator(".baseline-counts").inner_text()
    assert "3 new" in counts and "0 resolved" in counts
    assert page.locator("#findings .badge-new").count() == 2  # one per cause: desktop and tablet's, the phone's
    assert page.locator("table.timings tbody tr").count() > 0
    assert "### Compared with run" in (hostile_run / "report" / "summary.md").read_text()


def test_a_results_file_that_cannot_be_read_is_an_input_error(tmp_path):
    (tmp_path / "results.json").write_text("{not json")
    completed = walkthrough("report", tmp_path)
    assert completed.returncode == 2
    assert completed.stderr.startswith("error: cannot read the run:")
