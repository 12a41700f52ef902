"""Personas apply: the page sees their language, time zone, colour scheme, motion and place; a sign-in stage
leaves the journey signed in; a sign-in that fails says so instead of walking signed out."""

from __future__ import annotations

import json

import pytest
from walks import plan, walk

from walkthroughs.demo_shop import DemoShop
from walkthroughs.walk.variants import Walks

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def run(tmp_path_factory, detour_scenarios):
    out = tmp_path_factory.mktemp("personas")
    with DemoShop(port=0) as shop:
        result = walk(shop, plan(detour_scenarios / "who-walks.yaml", ["desktop"], Walks(personas=["all"])), out)
    return result, out


def seen(result, out, persona) -> dict:
    journey = next(j for j in result.journeys if j.persona == persona)
    evidence = json.loads((out / result.run_id / journey.evidence).read_text())
    return {k: v for step in evidence["stages"][0]["steps"] for k, v in step.get("remembered", {}).items()}


def test_each_persona_is_a_journey_of_its_own(run):
    result = run[0]
    assert [j.id for j in result.journeys] == ["who-walks--berlin--desktop", "who-walks--tokyo-dark--desktop",
                                               "who-walks--returning--desktop", "who-walks--wrong-password--desktop"]


def test_language_time_zone_place_and_network_reach_the_page(run):
    result, out = run
    berlin = seen(result, out, "berlin")
    assert berlin["language"] == "de-DE" and berlin["accept_language"].startswith("de-DE")
    assert berlin["timezone"] == "Europe/Berlin" and berlin["place"] == "52.52,13.40"
    assert (berlin["colours"], berlin["motion"], berlin["signed_in"]) == ("light", "no-preference", "no")
    journey = next(j for j in result.journeys if j.persona == "berlin")
    assert journey.device.throttling["name"] == "fast-4g" and journey.status == "completed"


def test_colour_scheme_and_reduced_motion_reach_the_page(run):
    tokyo = seen(*run, "tokyo-dark")
    assert (tokyo["language"], tokyo["timezone"]) == ("ja-JP", "Asia/Tokyo")
    assert (tokyo["colours"], tokyo["motion"], tokyo["place"]) == ("dark", "reduce", "unknown")


def test_a_sign_in_stage_starts_the_journey_signed_in(run):
    result, out = run
    assert seen(result, out, "returning")["signed_in"] == "anna@example.com"
    journey = next(j for j in result.journeys if j.persona == "returning")
    assert journey.stages[0].name == "browser"  # the sign-in is walked before, not as a stage of the journey
    assert (out / result.run_id / "journeys" / f"{journey.id}--sign-in" / "storage-state.json").exists()


def test_a_failed_sign_in_is_said_and_the_journey_not_walked(run):
    journey = next(j for j in run[0].journeys if j.persona == "wrong-password")
    assert journey.status == "error" and [s.status for s in journey.stages] == ["not_reached"]
    assert journey.error.startswith("wrong-password could not sign in (sign in with a wrong password): ")
    assert run[0].status == "broken"  # so the run fails, as when a stage breaks
