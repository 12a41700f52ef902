"""What QA reads for a step or element: the scenario's variables filled in, nothing else revealed."""

from __future__ import annotations

from walkthroughs.errors import one_line
from walkthroughs.scenario import model as m
from walkthroughs.walk.describe import element_name, step_label


def test_element_names_fill_in_scenario_variables_and_keep_others_written_out():
    locator = m.Locator(role="button", name="Remove ${ITEM}, size ${SIZE}")
    assert element_name(locator, {"SIZE": "42"}) == "“Remove ${ITEM}, size 42” (button)"


def test_step_labels_fill_in_scenario_variables():
    step = m.Stage.model_validate({"name": "s", "steps": [{"select": {"label": "Size", "option": "${SIZE}"}}]}).steps[0]
    assert "${SIZE}" in step_label(step)
    assert "42" in step_label(step, {"SIZE": "42"})


def test_an_error_with_no_message_still_reads_as_one_line():
    assert one_line(TimeoutError()) == "TimeoutError"
    assert one_line(ValueError("first\nsecond"), 3) == "ValueError: fir"
