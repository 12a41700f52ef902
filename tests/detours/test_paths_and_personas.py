"""The scenario language for detours, checked without a browser: paths made of stages, personas, `pick: random`,
recovery checks, and the journeys a run plans from them."""

from __future__ import annotations

import textwrap

import pytest

from walkthroughs.pipeline import plan_journeys
from walkthroughs.scenario import ScenarioError, load_scenario, parse_scenario
from walkthroughs.scenario.paths import (
    UnknownName,
    chosen,
    path_scenario,
    stages_of_path,
)
from walkthroughs.walk.personas import persona_device, persona_scenario
from walkthroughs.walk.variants import Walks

DEVICES = {"Desktop Chrome": {"viewport": {"width": 1280, "height": 720}},
           "Pixel 7": {"viewport": {"width": 412, "height": 839}, "is_mobile": True, "has_touch": True},
           "Galaxy Tab S4": {"viewport": {"width": 712, "height": 1138}, "is_mobile": True, "has_touch": True}}
BASE = """\
name: shop
devices: [desktop, mobile]
variables: {SIZE: "42"}
stages:
  - name: product
    steps: [{goto: /product}, {remember: {name: price, from: "#price"}}]
  - name: cart
    steps: [{expect: {text: "${price}", in: "#cart"}}]
"""


def problems(extra: str) -> list[str]:
    with pytest.raises(ScenarioError) as raised:
        parse_scenario(BASE + textwrap.dedent(extra), "shop.yaml", environ={})
    return [f"{p.line}:{p.column}: {p.message}" for p in raised.value.problems]


def scenario(extra: str = ""):
    return parse_scenario(BASE + textwrap.dedent(extra), "shop.yaml", environ={})


SEARCH = """\
paths:
  search:
    goal: search instead
    variables: {SIZE: "43"}
    stages:
      - stage:
          name: search
          recovery: {suggestions-on-no-results: true}
          steps: [{goto: /search}, {remember: {name: price, from: "#price"}}]
      - use: cart
"""


def test_a_path_reuses_stages_by_name_and_sets_its_own_variables():
    walked = path_scenario(scenario(SEARCH), "search")
    assert [s.name for s in walked.stages] == ["search", "cart"]
    assert walked.variables == {"SIZE": "43"} and walked.name == "shop"
    assert walked.as_written.stages[0].name == "product"
    assert walked.stages[0].recovery.enabled() == [("suggestions-on-no-results", None)]


def test_path_problems_point_at_the_line():
    assert problems("paths:\n  search:\n    stages:\n      - use: [product, carts]\n") == [
        "12:24: path 'search' uses stage 'carts', which the scenario does not define — did you mean 'cart'? "
        "(its stages: product, cart)"]
    assert problems("paths:\n  twice:\n    stages:\n      - use: [product, cart, product]\n") == [
        "12:30: path 'twice' walks stage 'product' twice; a journey's stage names must be unique, so define a new "
        "stage with its own name"]
    assert problems("paths:\n  no-price:\n    stages:\n      - use: cart\n") == [
        "12:14: stage 'cart' uses ${price}, which path 'no-price' does not set before it (remember it in an earlier "
        "stage of the path, or set it under the path's `variables`)"]
    assert problems("paths:\n  main:\n    stages:\n      - use: product\n") == [
        "10:3: 'main' is the journey `stages` describe; give this path another name"]
    assert "a path's stage is `use: STAGE`" in problems("paths:\n  odd:\n    stages:\n      - cart\n")[0]
    assert problems("paths:\n  again:\n    stages:\n      - stage: {name: cart, steps: [back]}\n") == [
        "12:23: two stages are named 'cart'; stage names must be unique"]


def test_recovery_checks_pick_and_personas_are_checked():
    recovery = "      recovery: {cart-kept: true}\n"
    with pytest.raises(ScenarioError):
        parse_scenario(BASE.replace("  - name: cart\n", "  - name: cart\n" + recovery), environ={})
    assert "unknown key 'suggestion-on-no-results' — did you mean 'suggestions-on-no-results'?" in problems(
        "paths:\n  p:\n    stages:\n      - stage: {name: s, recovery: {suggestion-on-no-results: true}, steps: [back]}\n")[0]
    assert problems("paths:\n  p:\n    stages:\n      - stage: {name: s, steps: [{click: {css: a, nth: 1}, pick: random}]}\n") == [
        "12:60: `pick: random` chooses among every element that matches; remove `nth`"]
    assert problems("personas:\n  lost:\n    timezone_id: Europe/Berlinn\n") == [
        "11:5: unknown time zone 'Europe/Berlinn' (expected an IANA name such as Europe/Berlin or America/New_York)"]
    assert problems("personas:\n  both:\n    storage_state: state.json\n    sign_in: {name: s, steps: [back]}\n") == [
        "12:5: a persona is signed in by a `storage_state` file or a `sign_in` stage, not both"]


def test_every_walk_is_planned_with_a_readable_unique_id():
    walks = Walks(paths=["main", "search"], personas=["all"], repeat=2, seed=7)
    plans = plan_journeys([scenario(SEARCH + "personas:\n  dark: {color_scheme: dark}\n")], DEVICES, None, walks)
    ids = [p.record.id for p in plans]
    assert ids[:4] == ["shop--dark--desktop--r1", "shop--dark--desktop--r2", "shop--search--dark--desktop--r1",
                       "shop--search--dark--desktop--r2"]
    assert ids[4] == "shop--dark--mobile--r1" and len(set(ids)) == len(ids) == 8
    assert {(p.record.path, p.record.persona, p.record.seed) for p in plans} == {(None, "dark", 7), ("search", "dark", 7)}
    assert [p.record.id for p in plan_journeys([scenario(SEARCH)], DEVICES, ["mobile"])] == ["shop--mobile"]


def test_names_asked_for_are_checked_against_the_scenarios():
    scenarios = [scenario(SEARCH)]
    assert chosen(None, scenarios, "paths") is None and chosen(["all"], scenarios, "personas") == ["all"]
    assert chosen(["main", " search"], scenarios, "paths") == ["main", "search"]
    with pytest.raises(UnknownName, match="no scenario has the path 'serch' \\(defined paths: main, search\\)"):
        chosen(["serch"], scenarios, "paths")


def test_a_persona_lays_its_settings_over_the_device(tmp_path):
    (tmp_path / "shop.yaml").write_text(BASE + textwrap.dedent("""\
        personas:
          berlin:
            locale: de-DE
            timezone_id: Europe/Berlin
            geolocation: {latitude: 52.5, longitude: 13.4}
            color_scheme: dark
            reduced_motion: reduce
            throttling: slow-4g
            storage_state: states/anna.json
        """))
    written = load_scenario(tmp_path / "shop.yaml", environ={})
    [plan] = plan_journeys([written], DEVICES, ["mobile"], Walks(personas=["berlin"]))
    args = plan.device.context_args
    assert (args["locale"], args["timezone_id"], args["color_scheme"], args["reduced_motion"]) == (
        "de-DE", "Europe/Berlin", "dark", "reduce")
    assert args["geolocation"] == {"latitude": 52.5, "longitude": 13.4, "accuracy": 0} and args["permissions"] == ["geolocation"]
    assert args["storage_state"] == str(tmp_path / "states" / "anna.json") and args["is_mobile"]
    assert plan.scenario.throttling == {"mobile": "slow-4g"} and written.throttling == {}
    persona = written.personas["berlin"]
    assert persona_scenario(written, persona.model_copy(update={"throttling": None}), plan.device) is written
    assert persona_device(plan.device, persona, written).context_args["permissions"] == ["geolocation", "geolocation"]


def test_the_demo_scenario_walks_its_main_journey_unless_asked():
    from pathlib import Path

    demo = load_scenario(Path(__file__).parents[2] / "scenarios" / "demo-shop.yaml")
    assert [p.record.id for p in plan_journeys([demo], DEVICES, ["desktop"])] == ["checkout-journey--desktop"]
    assert set(demo.paths) == {"search", "change-size", "coupon", "postcode-typo", "sold-out"}
    assert set(demo.personas) == {"de-slow-phone", "dark-calm", "returning-customer"}
    for name in demo.paths:
        assert stages_of_path(demo, name)[-1].name == "confirmation"
