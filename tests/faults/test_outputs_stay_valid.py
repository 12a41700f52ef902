"""What the tool writes stays valid and keeps secrets whatever the page says, and its own faults read as its own:
no browser needed."""

from __future__ import annotations

import errno
import json
import xml.etree.ElementTree as ET

import pytest

from walkthroughs.ci.junit import junit_xml, write_junit
from walkthroughs.errors import OutputUnwritable, unwritable
from walkthroughs.results import (
    DeviceInfo,
    Finding,
    JourneyRecord,
    RunResult,
    StageRecord,
    StepError,
    StepRecord,
)
from walkthroughs.run_folder import RunFolder
from walkthroughs.safety.secrets import REDACTED, Secrets, short_secret_warnings

EVERY_CHARACTER = "".join(map(chr, range(0x10000))) + "\U0001f600\U0010ffff"  # every BMP one, surrogates included


def journey_saying(text: str) -> JourneyRecord:
    """A broken journey whose stage name, step error, title and finding all carry `text`."""
    return JourneyRecord(
        id="odd--mobile", scenario=f"odd {text[:40]}", status="broken", duration_ms=1000,
        device=DeviceInfo(name="mobile", device_class="mobile"),
        stages=[StageRecord(name=f"stage {text[:40]}", status="failed", title=text, steps=[StepRecord(
            index=0, verb="goto", label=f"Open {text[:40]}", status="failed",
            error=StepError(kind="error", message=f"console said {text}", detail=text))])],
        findings=[Finding(detector="errors", title=f"Script error {text[:40]}", severity="major",
                          stage=f"stage {text[:40]}", insight=text)],
    )


def run_of(journey: JourneyRecord) -> RunResult:
    return RunResult(run_id="20260102-100000-aaaa", tool_version="0.1.0", status="broken",
                     started_at="2026-01-02T10:00:00+00:00", journeys=[journey], fail_on="major")


def test_junit_parses_whatever_characters_the_page_wrote(tmp_path):
    path = write_junit(run_of(journey_saying(EVERY_CHARACTER)), tmp_path / "junit.xml", granularity="stage")
    root = ET.parse(path).getroot()  # well-formed: it parses
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None and "\\u0001\\u0002" in failure.get("message") and "\\ud800" in failure.text
    assert "abc" in failure.text and "\U0001f600" in failure.text  # what XML can carry is left as it was
    assert root.find("testsuite/testcase").get("name").startswith("stage \\u0000\\u0001")
    by_journey = write_junit(run_of(journey_saying(EVERY_CHARACTER)), tmp_path / "journeys.xml")
    assert "\\u0001" in ET.parse(by_journey).getroot().find("testsuite/testcase/failure").text


def test_junit_leaves_ordinary_text_alone():
    tree = junit_xml(run_of(journey_saying("Café “Trail Runner” — €89.00\ttab\nline")))
    assert "Café “Trail Runner” — €89.00\ttab\nline" in ET.tostring(tree.getroot(), encoding="unicode")


def test_results_json_is_written_when_the_page_wrote_half_a_character(tmp_path):
    folder = RunFolder(tmp_path, {})
    folder.result.journeys.append(journey_saying("broken \ud800 text"))
    folder.save()
    saved = json.loads(folder.results_path.read_text(encoding="utf-8"))
    assert saved["journeys"][0]["stages"][0]["title"] == "broken \ufffd text"


def test_a_secret_the_scenario_names_is_redacted_however_short():
    secrets = Secrets(named=["qz.x"])
    assert secrets.redact("pin=qz.x&next=1 'qz.x' qz.xy aqz.x") == f"pin={REDACTED}&next=1 '{REDACTED}' qz.xy aqz.x"
    assert secrets.redact_bytes(b'{"url": "/echo?pin=qz.x"}') == b'{"url": "/echo?pin=' + REDACTED.encode() + b'"}'


def test_a_short_value_typed_into_a_card_field_is_still_left_in_text():
    assert Secrets(["123"]).redact("€123.00 CVC 123") == "€123.00 CVC 123"  # masked in pictures only


def test_a_long_secret_echoed_in_part_is_redacted_from_its_twelfth_character():
    secrets = Secrets(named=["correct-horse-battery-staple"])
    text = "token: correct-horse-, did you mean correct-horse-battery? correct-hor"
    assert secrets.redact(text) == f"token: {REDACTED}, did you mean {REDACTED}? correct-hor"
    assert secrets.redact("correct%2Dhorse") == "correct%2Dhorse"  # 15 characters, but not the secret's
    assert secrets.redact("correct-horse-battery-staple-and-more") == f"{REDACTED}-and-more"


def test_a_short_secret_is_warned_about_before_the_walk(monkeypatch):
    class Scenario:
        name, secrets = "live", ["PIN", "PASSWORD", "UNSET"]

    monkeypatch.setenv("PIN", "4711")
    monkeypatch.setenv("PASSWORD", "long enough")
    monkeypatch.delenv("UNSET", raising=False)
    (warning,) = short_secret_warnings(Scenario)
    assert warning.startswith("the secret PIN of scenario 'live' is only 4 characters long")


@pytest.mark.parametrize("error, cause", [
    (OSError(errno.ENOSPC, "No space left on device"), "the disk is full (No space left on device); free some space"),
    (OSError(errno.EROFS, "Read-only file system"), "the file system is read-only (Read-only file system)"),
    (PermissionError(errno.EACCES, "Permission denied"), "the tool may not write there (Permission denied)"),
    (Exception("Error: ENOSPC: no space left on device, write"), "the disk is full"),  # Playwright's driver's words
])
def test_a_write_that_fails_where_it_writes_is_a_run_error(error, cause):
    problem = unwritable(error, "/reports/run/trace.zip")
    assert isinstance(problem, OutputUnwritable) and problem.exit_code == 2
    assert str(problem).startswith(f"cannot write /reports/run/trace.zip: {cause}")


def test_other_failures_are_not_mistaken_for_a_full_disk():
    assert unwritable(OSError(errno.ENOENT, "No such file"), "/x") is None
    assert unwritable(Exception("Target page, context or browser has been closed"), "/x") is None
