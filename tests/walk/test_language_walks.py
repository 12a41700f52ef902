"""End to end, in the real browser, on pages served from tests/walk/pages: the steps and states the language gained,
and what a failure says when a locator matches nothing — what the page offers instead, and the step's file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e
SCENARIOS = Path(__file__).parent / "scenarios"
QUICK = ("--trace", "off", "--screenshots", "failure", "--no-lighthouse", "--workers", "2")


def line_of(path: Path, text: str) -> int:
    """The 1-based line of `path` that holds `text` (the step a test is about)."""
    return next(number for number, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def steps_of(journey: dict) -> list[dict]:
    return [step for stage in journey["stages"] for step in stage["steps"]]


@pytest.fixture(scope="module")
def new_steps(test_pages, walkthrough, read_results, tmp_path_factory):
    out = tmp_path_factory.mktemp("new-steps")
    completed = walkthrough("run", SCENARIOS / "new-steps.yaml", "--base-url", test_pages, "--out", out, "--no-detectors",
                            *QUICK)
    return completed, {journey["device"]["name"]: journey for journey in read_results(out)["journeys"]}


@pytest.fixture(scope="module")
def wrong_locators(test_pages, walkthrough, read_results, tmp_path_factory):
    out = tmp_path_factory.mktemp("wrong-locators")
    completed = walkthrough("run", SCENARIOS / "wrong-locators.yaml", "--paths", "all", "--base-url", test_pages,
                            "--out", out, *QUICK)
    return completed, {journey["path"] or "main": journey for journey in read_results(out)["journeys"]}


def test_every_new_step_and_state_passes_on_desktop_and_mobile(new_steps):
    completed, journeys = new_steps
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert sorted(journeys) == ["desktop", "mobile"]
    for journey in journeys.values():
        assert journey["status"] == "completed"
    assert [step["status"] for step in steps_of(journeys["desktop"])] == ["passed"] * 19
    assert [step["status"] for step in steps_of(journeys["mobile"])].count("passed") == 18  # a desktop-only check


def test_type_presses_each_key_where_fill_would_set_the_value_at_once(new_steps):
    _, journeys = new_steps
    typed, counted = steps_of(journeys["desktop"])[1:3]
    assert typed["verb"] == "type" and typed["label"] == "Type into the “Search products” field, 20 ms a key"
    assert counted["label"] == "Check `#keys` shows “5 keys”" and counted["status"] == "passed"  # one keydown a letter


def test_any_clicks_the_first_alternative_the_device_shows(new_steps):
    _, journeys = new_steps
    basket = {device: next(s for s in steps_of(journey) if s["label"].startswith("Click “Mini basket”"))
              for device, journey in journeys.items()}
    assert basket["desktop"]["url"].endswith("/basket.html?via=mini-basket")  # the link shows on wide screens
    assert basket["mobile"]["url"].endswith("/basket.html?via=cart-icon")     # the icon on phones
    for journey in journeys.values():  # both shown: the first in the scenario's order wins, not the first on the page
        assert steps_of(journey)[-2]["url"].endswith("/done.html?via=button")


def test_each_step_record_carries_the_line_it_is_written_on(new_steps):
    _, journeys = new_steps
    path = SCENARIOS / "new-steps.yaml"
    steps = steps_of(journeys["mobile"])
    assert steps[0]["line"] == line_of(path, "- goto: /form.html")
    assert steps[-2]["line"] == line_of(path, "{role: button, name: Continue}")


@pytest.mark.parametrize("path, step, said", [
    ("main", "{role: link, name: Basket}", "“Basket” (link) matches nothing on this page — links here: Cart, Catalogue, "
                                           "Search — did you mean {role: link, name: Cart}?"),
    ("label", "{label: Post code", "the “Post code” field matches nothing on this page — fields here: Postcode, "),
    ("label", "{label: Post code", "— did you mean {label: Postcode}?"),
    ("other-role", "{role: link, name: Pay now}", "— the page has a button called “Pay now” — did you mean "
                                                  "{role: button, name: Pay now}?"),
    ("placeholder", "{placeholder: Search for shoes", "placeholders here: Trail shoes… — did you mean "
                                                      "{placeholder: Trail shoes…}?"),
    ("text", "{text: Newsleter}", "“Newsleter” matches nothing on this page — texts here: Newsletter"),
    ("either", "{any: [{role: link, name: Basket}", "links here: Cart, Catalogue, Search; the page has a link called "
                                                    "“Cart” — did you mean {role: link, name: Cart}?"),
    ("state", "{enabled: {role: button, name: Pay now}}", "“Pay now” (button) is disabled, expected enabled"),
])
def test_a_failure_says_what_the_page_offers_and_where_the_step_is(wrong_locators, path, step, said):
    completed, journeys = wrong_locators
    assert completed.returncode == 1
    (failed,) = [s for s in steps_of(journeys[path]) if s["status"] == "failed"]
    scenario = SCENARIOS / "wrong-locators.yaml"
    assert said in failed["error"]["message"]
    assert failed["error"]["message"].endswith(f"({scenario}:{line_of(scenario, step)})")
    assert failed["line"] == line_of(scenario, step)


def test_without_history_a_failure_never_blames_a_redesign(wrong_locators):
    _, journeys = wrong_locators
    insights = [finding["insight"] for journey in journeys.values() for finding in journey["findings"]
                if finding["detector"] == "journey-broken"]
    assert len(insights) == 7
    assert not [insight for insight in insights if "redesign" in insight or "A/B" in insight]
    assert all("matches nothing on this page" in insight for insight in insights if "“Pay now” (button) is" not in insight)
