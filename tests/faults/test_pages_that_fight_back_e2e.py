"""Pages that hang, loop, swell or write garbage: each walk ends within its step timeout + 10 s, says why in words,
leaves desktop untouched, and results.json, the report and the JUnit file are complete.

One run walks every fault, each on a phone of its own, next to a desktop journey that meets none of them.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from fault_walks import assert_fault_contained, fault_scenario, walk

from walkthroughs.walk.capture import MAX_HTML_CHARS

pytestmark = pytest.mark.e2e
FINE = {"expect": {"visible": {"role": "heading", "name": "Fine"}}}  # what the faulty page never shows
SLOW_TO_OPEN = {"timeout": "30s"}  # a page that takes long to load on a busy machine, before its fault is met

FAULTS = {
    "silent": [{"goto": "/silent"}],
    "busy": [{"goto": "/busy", **SLOW_TO_OPEN}, FINE],
    "huge-dom": [{"goto": "/huge-dom", **SLOW_TO_OPEN}, FINE],
    "big": [{"goto": "/big", **SLOW_TO_OPEN}, FINE],
    "huge": [{"goto": "/huge"}],
    "click-into-loop": [{"click": {"text": "Into the loop"}, **SLOW_TO_OPEN}],
    "http-loop": [{"goto": "/http-loop"}],
    "controls": [{"goto": "/controls", **SLOW_TO_OPEN}, FINE],
}


@pytest.fixture(scope="module")
def run(tmp_path_factory, fault_shop):
    folder = tmp_path_factory.mktemp("pages")
    scenario = fault_scenario(folder, fault_shop, FAULTS)
    walked = walk(scenario, folder / "out", "--workers", "4", "--junit", str(folder / "junit.xml"))
    assert walked.returncode == 1, walked.stdout + walked.stderr
    return walked


def test_a_server_that_accepts_the_connection_and_never_answers(run):
    step = assert_fault_contained(run, "silent")
    assert step["error"]["kind"] == "no_answer"
    assert step["error"]["message"].startswith("the server accepted the connection and sent nothing for 3 s")


def test_a_page_whose_script_keeps_the_main_thread_busy(run):
    step = assert_fault_contained(run, "busy")
    assert step["error"]["kind"] == "unresponsive"
    assert step["error"]["message"].startswith("the page stopped responding")
    evidence = run.evidence("busy")["stages"][1]
    assert evidence["failure_capture"] == {"not_captured": "the page did not respond"}


def test_a_page_with_a_huge_dom_fails_without_hanging_the_capture(run):
    step = assert_fault_contained(run, "huge-dom")
    # How busy 5 000 pictures keep the page depends on the machine: the check fails, the page stops answering, or
    # (a very busy machine) the check is still looking when the step's limit stops it.
    assert step["error"]["kind"] in ("assertion", "unresponsive", "timeout")
    failure = next(s for s in run.journey("huge-dom")["stages"] if s["name"] == "fault")["failure"]
    if failure.get("html"):
        assert (run.run_dir / failure["html"]).stat().st_size < 2 * MAX_HTML_CHARS


def test_a_big_page_leaves_a_failure_html_that_is_cut_and_says_so(run):
    assert_fault_contained(run, "big")
    failure = next(s for s in run.journey("big")["stages"] if s["name"] == "fault")["failure"]
    html = (run.run_dir / failure["html"]).read_text(encoding="utf-8")
    assert len(html) < MAX_HTML_CHARS + 200 and html.rstrip().endswith("-->")
    assert "<!-- walkthroughs: the page's HTML was cut at 2 000 000 of 2 970 164 characters -->" in html
    assert run.evidence("big")["stages"][1]["failure_capture"] == {
        "html": "failure.html was cut at 2 000 000 of 2 970 164 characters"}


def test_a_200_mb_page_ends_the_stage_in_bounded_time(run):
    step = assert_fault_contained(run, "huge")
    assert step["error"]["kind"] in ("navigation", "unresponsive")
    if step["error"]["kind"] == "navigation":
        assert step["error"]["message"] == "the page /huge did not finish loading within 3 s"
    failure = next(s for s in run.journey("huge")["stages"] if s["name"] == "fault")["failure"]
    if failure.get("html"):
        assert (run.run_dir / failure["html"]).stat().st_size < 2 * MAX_HTML_CHARS


def test_a_javascript_redirect_loop_a_click_led_into_is_named_on_the_stage_of_the_click(run):
    step = assert_fault_contained(run, "click-into-loop")
    assert step["verb"] == "click" and step["error"]["kind"] == "redirect_loop"
    assert "/js-loop-a → /js-loop-b → /js-loop-a" in step["error"]["message"]
    (loop,) = run.evidence("click-into-loop")["signals"]["redirect_loops"]
    assert loop["stage"] == 1 and loop["step"] == step["index"] and loop["loads"] >= 6


def test_an_http_redirect_loop_is_named(run):
    step = assert_fault_contained(run, "http-loop")
    assert step["error"]["kind"] == "redirect_loop"
    assert "/http-loop → /http-loop" in step["error"]["message"]


def test_control_characters_from_the_page_keep_every_output_valid(run):
    step = assert_fault_contained(run, "controls")
    assert step["error"]["kind"] == "assertion"
    evidence = run.evidence("controls")
    assert any("broken" in error["message"] for error in evidence["signals"]["page_errors"])
    assert any(message["text"].startswith("bad ") for message in evidence["signals"]["console"])
    json.loads((run.run_dir / "results.json").read_text(encoding="utf-8"))
    junit = ET.parse(run.out.parent / "junit.xml").getroot()
    controls = next(case for case in junit.iter("testcase") if case.get("name") == "faults[controls]")
    assert controls.find("failure") is not None
    text = ET.tostring(controls, encoding="unicode")
    assert "\\u0001" in text and "\x01" not in text
