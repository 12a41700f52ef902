"""The report of a real walk, opened from file:// in headless Chromium and checked the way QA reads it."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from walkthroughs.formatting import slug

pytestmark = pytest.mark.e2e

SEVERITY_ORDER = ("blocker", "major", "minor", "info")
CELL_BACKGROUND = {  # the tints report.css gives each tone
    "blocker": "rgb(253, 232, 230)", "major": "rgb(255, 234, 219)", "minor": "rgb(253, 243, 199)",
    "info": "rgb(224, 237, 255)", "clear": "rgb(227, 248, 234)",
}


def results_of(walk) -> dict:
    return json.loads((walk.run_dir / "results.json").read_text())


def expected_tone(journey: dict, stage: dict) -> str:
    """Written apart from the report's code: a lost stage is a blocker, else its worst finding's severity."""
    if stage["status"] == "failed":
        return "blocker"
    if stage["status"] != "passed":
        return "not-reached"
    found = {f["severity"] for f in journey["findings"] if f["stage"] == stage["name"]}
    return next((s for s in SEVERITY_ORDER if s in found), "clear")


def cell_locator(page, journey: dict, stage: dict):
    return page.locator(f'table.journey-map tr[data-device="{slug(journey["device"]["name"])}"] '
                        f'td[data-stage="{slug(stage["name"])}"]')


def load_every_image(page) -> None:
    page.evaluate("document.querySelectorAll('img').forEach(img => img.loading = 'eager')")
    page.wait_for_function("Array.from(document.images).every(img => img.complete)", timeout=15000)


def test_the_run_writes_the_report_and_says_where(demo_walk):
    index = demo_walk.run_dir / "report" / "index.html"
    assert demo_walk.returncode == 1, demo_walk.stdout  # every journey is lost at the product stage
    assert f"Report: {index}" in demo_walk.stdout.replace("\n", "")
    summary = (demo_walk.run_dir / "report" / "summary.md").read_text()
    assert "Shoppers get lost: 3 of 3 journeys did not reach the end — at product." in summary
    assert "| product · consideration |" in summary and "**lost here**" in summary
    assert demo_walk.step_summary.read_text() == summary


def test_the_demo_report_stays_small(demo_walk):
    report = demo_walk.run_dir / "report"
    size = sum(p.stat().st_size for p in report.rglob("*") if p.is_file())
    assert size < 10 * 1024 * 1024, f"report is {size / 1e6:.1f} MB"
    assert list((report / "thumbs").glob("*.jpg")), "thumbnails are made"


def test_the_map_has_a_cell_for_every_stage_on_every_device_in_the_right_colour(demo_walk, open_report):
    results = results_of(demo_walk)
    page = open_report(demo_walk.run_dir / "report" / "index.html")
    headers = page.locator("table.journey-map thead th .stage-name").all_inner_texts()
    assert [h.lower() for h in headers] == [s["name"] for s in results["scenarios"][0]["stages"]]
    assert page.locator("table.journey-map tbody td").count() == sum(len(j["stages"]) for j in results["journeys"])
    tones_seen = set()
    for journey in results["journeys"]:
        for stage in journey["stages"]:
            cell = cell_locator(page, journey, stage)
            tone = expected_tone(journey, stage)
            tones_seen.add(tone)
            assert cell.get_attribute("data-tone") == tone, (journey["id"], stage["name"])
            style = cell.evaluate("td => [getComputedStyle(td).backgroundColor, getComputedStyle(td).backgroundImage]")
            if tone == "not-reached":
                assert "repeating-linear-gradient" in style[1], "stages not reached are grey and hatched"
                assert cell.locator(".cell-status").inner_text() == "Not reached"
            else:
                assert style[0] == CELL_BACKGROUND[tone], (journey["id"], stage["name"], style)
            if stage["status"] == "failed":
                assert "Lost here" in cell.inner_text()
                assert cell.locator(".lost-marker").is_visible()
    assert {"blocker", "not-reached"} <= tones_seen, "the walk was meant to break and leave stages unreached"


def test_a_cell_opens_its_stage_with_steps_timings_findings_and_the_trace(demo_walk, open_report):
    results = results_of(demo_walk)
    journey = next(j for j in results["journeys"] if j["device"]["name"] == "mobile")
    stage = next(s for s in journey["stages"] if s["status"] == "failed")
    page = open_report(demo_walk.run_dir / "report" / "index.html")
    cell_locator(page, journey, stage).locator("a.cell").click()
    assert page.locator("h1").inner_text().lower() == f"{stage['name']} on mobile"
    steps = page.locator("ol.steps > li")
    assert steps.count() == len(stage["steps"])
    for item, step in zip(steps.all(), stage["steps"]):
        assert step["label"] in item.inner_text()
    failed = next(s for s in stage["steps"] if s["status"] == "failed")
    failed_item = page.locator("ol.steps > li.step-failed")
    assert failed_item.count() == 1 and "Check failed" in failed_item.inner_text()  # --strict: it ended the walk
    assert f"{failed['duration_ms'] / 1000:.1f} s" in failed_item.inner_text()
    own = [f for f in journey["findings"] if f["stage"] == stage["name"]]
    cards = page.locator("article.finding")
    assert cards.count() == len(own)
    for card, finding in zip(cards.all(), sorted(own, key=lambda f: SEVERITY_ORDER.index(f["severity"]))):
        assert finding["title"] in card.inner_text() and finding["insight"] in card.inner_text()
    lost = page.locator(".lost-panel")
    assert "Where the shopper got lost" in lost.inner_text()
    assert f"playwright show-trace {stage['failure']['trace']}" in lost.inner_text()
    trace_href = lost.locator("a", has_text="trace.zip").get_attribute("href")
    assert (demo_walk.run_dir / "report" / trace_href).resolve() == (demo_walk.run_dir / stage["failure"]["trace"]).resolve()
    page.locator(".device-switch a", has_text="desktop").click()
    assert page.locator("h1").inner_text().lower() == f"{stage['name']} on desktop"


def pages_of(report: Path) -> list[Path]:
    return [report / "index.html", *sorted(report.glob("stage-*.html"))]


def test_every_image_loads_from_file_and_nothing_is_fetched_from_a_network(demo_walk, open_report):
    report = demo_walk.run_dir / "report"
    for path in pages_of(report):
        page = open_report(path)
        load_every_image(page)
        sources = "Array.from(document.images).filter(img => img.getAttribute('src'))"  # the viewer's is empty
        broken = page.evaluate(f"{sources}.filter(img => !img.naturalWidth).map(img => img.src)")
        assert not broken, (path.name, broken)
        assert page.evaluate(f"{sources}.length") > 0, path.name
        assert all(url.startswith("file://") for url in page.requests), (path.name, page.requests)
        assert not page.errors, page.errors
        for original in page.locator("a[data-shot]").evaluate_all("links => links.map(a => a.dataset.original)"):
            target = Path(unquote(urlparse(path.as_uri()).path)).parent / original
            assert target.resolve().is_file(), f"{path.name} links a missing screenshot: {original}"


def test_filters_hide_devices_and_stages(demo_walk, open_report):
    page = open_report(demo_walk.run_dir / "report" / "index.html")
    mobile_row = page.locator('table.journey-map tr[data-device="mobile"]')
    cart_header = page.locator('table.journey-map th[data-stage="cart"]')
    assert mobile_row.is_visible() and cart_header.is_visible()
    page.get_by_role("checkbox", name="mobile").uncheck()
    assert mobile_row.is_hidden()
    assert page.locator('.sbs-shot[data-device="mobile"]').first.is_hidden()
    page.get_by_role("checkbox", name="cart").uncheck()
    assert cart_header.is_hidden()
    assert page.locator('table.journey-map td[data-stage="cart"]:visible').count() == 0
    assert page.locator('.sbs-row[data-stage="cart"]').is_hidden()
    page.get_by_role("checkbox", name="mobile").check()
    assert mobile_row.is_visible()


def test_the_viewer_shows_screenshots_full_size_and_moves_with_the_keyboard(demo_walk, open_report):
    page = open_report(demo_walk.run_dir / "report" / "index.html")
    page.locator("#side-by-side summary").click()  # folded: the triage view is verdict, map and findings
    shots = page.locator("#side-by-side a[data-shot]")
    shots.first.click()
    viewer = page.locator("dialog#viewer")
    assert viewer.is_visible()
    image = page.locator("#viewer-image")
    page.wait_for_function("document.getElementById('viewer-image').naturalWidth > 0")
    first = image.get_attribute("src")
    assert first == shots.first.get_attribute("href")
    page.keyboard.press("ArrowRight")
    assert image.get_attribute("src") == shots.nth(1).get_attribute("href")
    assert page.locator("#viewer-count").inner_text() == f"2 / {shots.count()}"
    page.keyboard.press("ArrowLeft")
    assert image.get_attribute("src") == first
    page.keyboard.press("Escape")
    assert viewer.is_hidden()


def test_on_a_phone_the_page_fits_and_in_print_the_controls_go(demo_walk, open_report):
    page = open_report(demo_walk.run_dir / "report" / "index.html", width=412)
    assert page.evaluate("document.documentElement.scrollWidth") <= 412, "only the map and charts scroll sideways"
    assert page.locator("table.journey-map").is_visible()
    page.emulate_media(media="print")
    assert page.locator("form.filters").is_hidden()
    assert page.locator("header.topbar").is_hidden()
    assert page.locator("table.journey-map").is_visible()
