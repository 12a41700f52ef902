"""The README's demo walk as QA triages it: the first screen at 1280×800 and 412×900 in real Chromium, the evidence
of the cookie banner, pictures that survive a full-page capture and a PDF, and what the terminal says."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from walkthroughs.cli import main

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).parents[2]


def index_of(walk):
    return walk.run_dir / "report" / "index.html"


def test_the_readme_walk_is_the_one_tested(triage_walk):
    setup = (ROOT / "scripts" / "setup.sh").read_text()
    switched = re.findall(r"--demo-friction (\S+?)[ )]", setup)
    assert tuple(switched) == triage_walk.frictions


def test_at_1280_verdict_map_and_top_findings_are_on_the_first_screen(triage_walk, open_report):
    page = open_report(index_of(triage_walk), width=1280, height=800)
    fold = 800
    assert page.locator(".verdict").bounding_box()["y"] + 20 < fold
    assert page.locator("table.journey-map").bounding_box()["y"] + page.locator(
        "table.journey-map").bounding_box()["height"] <= fold, "the whole map is above the fold"
    first = page.locator("#top-findings .top-item").first
    assert first.bounding_box()["y"] + 60 < fold, "the first top finding starts above the fold"
    assert page.locator("#top-findings h2").inner_text() == "What to fix first"  # nobody got lost
    titles = page.locator("#top-findings .top-item h3").all_inner_texts()
    assert any("cookie banner" in t for t in titles) and any("color contrast" in t for t in titles)
    groups = page.locator("#findings .detector-group .detector-title code").all_inner_texts()
    assert "obstruction" in groups and "accessibility" in groups, "All findings by detector"
    folded = page.locator("#findings details.checks-fold")
    assert folded.count() == 1 and not folded.evaluate("d => d.open"), "the checks that found nothing, folded"


def test_at_412_nothing_overflows_and_no_word_breaks(triage_walk, open_report):
    page = open_report(index_of(triage_walk), width=412, height=900)
    page.evaluate("document.querySelectorAll('details').forEach((fold) => { fold.open = true; })")  # all read
    assert page.evaluate("document.documentElement.scrollWidth") <= 412, "the page never scrolls sideways"
    scroller = page.locator(".map-scroll").first
    assert scroller.evaluate("el => el.scrollWidth > el.clientWidth"), "the map scrolls sideways on its own"
    assert page.locator("th.device").first.evaluate("el => getComputedStyle(el).position") == "sticky"
    broken = page.evaluate("""() => {
        // a one-word label laid out on more than one line is a word broken in two
        const labels = document.querySelectorAll('.journey-map .stage-name, .journey-map .phase, .cell-tone, '
            + '.cell-status, .device-name, .badge, .chart-legend li');
        return [...labels].filter((el) => {
          if (el.innerText.trim().split(/\\s+/).length !== 1) return false;
          const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT), tops = [];
          for (let text = walker.nextNode(); text; text = walker.nextNode()) {
            const range = document.createRange(); range.selectNodeContents(text);
            tops.push(...[...range.getClientRects()].map((r) => r.top));
          }
          return tops.some((top) => Math.abs(top - tops[0]) > 4);  // a second line
        }).map((el) => el.innerText);
    }""")
    assert broken == []
    truncated = page.evaluate("""() => [...document.querySelectorAll('main *')].filter((el) => {
        const style = getComputedStyle(el);
        return style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth;
    }).length""")
    assert truncated == 0
    clipped = page.evaluate("""() => [...document.querySelectorAll('.chart svg text')].filter((text) => {
        const svg = text.ownerSVGElement.viewBox.baseVal, box = text.getBBox();
        return box.x < 0 || box.y < 0 || box.x + box.width > svg.width || box.y + box.height > svg.height;
    }).map((t) => t.textContent)""")
    assert clipped == [], "chart labels stay inside their chart"


def test_the_cookie_banner_finding_shows_the_banner_with_both_boxes(triage_walk, open_report):
    results = json.loads((triage_walk.run_dir / "results.json").read_text())
    mobile = next(j for j in results["journeys"] if j["device"]["name"] == "mobile")
    found = next(f for f in mobile["findings"] if f["detector"] == "obstruction")
    assert found["evidence"]["screenshot"].endswith("-covered.jpg"), "taken before the banner was dismissed"
    cover = next(b for b in found["evidence"]["boxes"] if b["role"] == "cover")
    viewport = mobile["device"]["viewport"]
    assert cover["height"] < 0.6 * viewport["height"], "the banner's own box, not the backdrop's full screen"
    page = open_report(index_of(triage_walk), width=1280)
    card = page.locator("#findings .finding[data-severity='major']").filter(has_text="cookie banner").first
    card.locator("summary.finding-line").click()  # a line on the overview's list, opened
    assert card.locator("rect.box-cover").count() == 1 and card.locator("rect.box-target").count() == 1
    assert card.locator(".finding-shot").get_attribute("data-original").endswith("-covered.jpg")
    shown, image = card.locator(".finding-shot").bounding_box(), card.locator(".finding-shot img")
    natural = image.evaluate("img => img.naturalHeight / img.naturalWidth")
    drawn = image.bounding_box()
    assert drawn["height"] / drawn["width"] == pytest.approx(natural, rel=0.03), "the whole picture, not its top"
    assert drawn["y"] + drawn["height"] <= shown["y"] + shown["height"] + 1, "nothing of it cut off below"
    banner = card.locator("rect.box-cover").bounding_box()
    assert banner["y"] + banner["height"] <= shown["y"] + shown["height"] + 1, "the banner at the bottom is seen"
    at_step = card.get_by_role("link", name=re.compile(r"^at step \d+$")).get_attribute("href")
    stage_page, anchor = at_step.split("#")
    stage = open_report(index_of(triage_walk).with_name(stage_page), width=412)
    step = stage.locator(f"li#{anchor}")
    assert "step-friction" in step.get_attribute("class"), "the step where the banner was met is marked"
    assert "Done, with friction" in step.inner_text() and "cookie banner" in step.inner_text()


def test_every_image_is_loaded_in_a_full_page_capture_and_in_the_pdf(triage_walk, open_report):
    page = open_report(index_of(triage_walk), width=1280)
    assert page.locator("img[loading='lazy']").count() == 0
    page.wait_for_load_state("load")
    assert page.evaluate("[...document.querySelectorAll('img[src]')].every((i) => i.complete && i.naturalWidth > 0)")
    page.screenshot(full_page=True)  # a capture without scrolling first: nothing is left to load later
    result = CliRunner().invoke(main, ["report", str(triage_walk.run_dir), "--pdf"])
    assert result.exit_code == 0, result.output
    pdf = (triage_walk.run_dir / "report" / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    shown = set(page.evaluate("[...document.querySelectorAll('img[src]')].map((img) => img.getAttribute('src'))"))
    assert pdf.count(b"/Subtype /Image") >= len(shown), "every picture of the report is in the PDF"


def test_the_terminal_lists_the_top_findings_and_why_it_exits_0(triage_walk):
    said = triage_walk.stderr
    assert triage_walk.returncode == 0, said
    top = said[said.index("Top findings"):]
    assert re.search(r"minor · product · desktop, mobile · Accessibility: Elements must meet minimum color contrast", top)
    assert "A cookie banner covers" in top and "Keep the consent banner clear" in top  # the fix, in a line
    assert re.search(r"exit 0: every journey reached the end; \d+ major findings?(, \d+ minor findings?)? (is|are) "
                     r"below --fail-on blocker",
                     said.strip().splitlines()[-1])
    assert "…" not in said, "piped output is never cut to fit 80 columns"


def test_run_json_is_the_summary_alone_on_stdout(triage_walk):
    summary = json.loads(triage_walk.stdout)
    assert summary["exit_code"] == 0 and summary["verdict"] == "smooth"
    assert {j["device"] for j in summary["journeys"]} == {"desktop", "mobile"}
    assert any("color contrast" in f["title"] and f["severity"] == "minor" and f["stage"] == "product"
               and not f["fails_run"] for f in summary["findings"])
    assert summary["report"].endswith("report/index.html")


def test_a_nine_stage_walk_with_over_a_hundred_raw_findings_triages_in_under_five_screens(nine_stage_walk,
                                                                                          open_report):
    results = json.loads((nine_stage_walk / "results.json").read_text())
    raw = [f for j in results["journeys"] for f in j["findings"]]
    assert len(results["journeys"]) == 3 and all(len(j["stages"]) == 9 for j in results["journeys"])
    found = Counter(f"{f['severity']} {f['detector']}" for f in raw)
    broken = [(j["device"]["name"], s["name"], s["status"]) for j in results["journeys"] for s in j["stages"]
              if s["status"] != "passed"]
    assert len(raw) > 100, f"the walk was meant to find over a hundred findings: {len(raw)} {found} {broken}"
    page = open_report(nine_stage_walk / "report" / "index.html", width=1280, height=800)
    height = page.evaluate("document.scrollingElement.scrollHeight")
    assert height < 5 * 800, f"the overview is {height / 800:.1f} screens at 1280×800"
    assert page.locator("table.journey-map").bounding_box()["y"] < 800, "the map starts on the first screen"
    rows = page.locator("#findings details.finding-row")
    assert rows.count() == len(results["finding_groups"]), "one line per cause on the list"
    assert rows.count() < len(raw) / 3
    assert not any(rows.evaluate_all("rows => rows.map((row) => row.open)")), "each folded to its line"
    first = rows.first
    assert first.locator("summary .where").inner_text().endswith("times)"), "the line says where and how often"
    first.locator("summary.finding-line").click()
    assert first.locator(".insight").is_visible(), "a line opens to the whole finding"
