"""End to end, in the real browser: before a step uses an element, the walker looks whether a tap would reach it.
An element in a carousel's hidden part, one still sliding in and one far down the page are reached without an
obstruction being invented; a consent banner over the element is recorded and passed as a shopper would."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

SCENARIO = """
name: reaching
devices: [desktop]
stages:
  - name: reach
    steps:
      - goto: /reach.html
      - click: {role: button, name: Moving button}
      - expect: {text: moving, in: {css: "#out"}}
      - click: {role: button, name: Pick card three}
      - expect: {text: rail, in: {css: "#out"}}
      - click: {role: button, name: Far button}
      - expect: {text: far, in: {css: "#out"}}
      - click: {role: button, name: Under the banner}
      - expect: {text: under, in: {css: "#out"}}
"""


@pytest.fixture(scope="module")
def walked(walk_pages, pages_url, tmp_path_factory):
    [(record, evidence)] = walk_pages(SCENARIO, pages_url, tmp_path_factory.mktemp("reach"))
    return record, evidence


def test_every_element_is_reached_and_used(walked):
    record, _ = walked
    assert record.status == "completed", [(s.label, s.error) for stage in record.stages for s in stage.steps]


def test_only_the_banner_is_an_obstruction(walked):
    _, evidence = walked
    steps = evidence["stages"][0]["steps"]
    covered = {index: step["obstructions"] for index, step in enumerate(steps) if step.get("obstructions")}
    assert list(covered) == [7], covered  # “Under the banner”, and none of the others
    [obstruction] = covered[7]
    assert obstruction["cover"]["kind"] == "cookie banner" and obstruction["cleared"]
    assert obstruction["actions"] == ["clicked “Accept all”"]
