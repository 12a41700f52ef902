"""What QA reads for a step or element: the scenario's variables filled in, nothing else revealed."""

from __future__ import annotations

from walkthroughs.errors import one_line
from walkthroughs.scenario import model as m
from walkthroughs.walk.candidates import Entry, parse_snapshot
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


def test_the_new_steps_and_states_read_as_a_qa_person_says_them():
    steps = m.Stage.model_validate({"name": "s", "steps": [
        {"type": {"label": "Search", "value": "trail", "delay": "50ms"}},
        {"check": {"label": "I accept the terms"}},
        {"expect": {"unchecked": {"label": "Newsletter"}}},
        {"expect": {"focused": {"label": "Search"}}},
        {"expect": {"value": "10115", "in": {"label": "Postcode"}}},
        {"click": {"any": [{"role": "link", "name": "Basket"}, {"test_id": "cart-icon"}]}},
    ]}).steps
    assert [step_label(step) for step in steps] == [
        "Type into the “Search” field, 50 ms a key",
        "Tick the “I accept the terms” field",
        "Check the “Newsletter” field is not ticked",
        "Check the “Search” field has the focus",
        "Check the “Postcode” field holds “10115”",
        "Click “Basket” (link) or `test_id=\"cart-icon\"`",
    ]


def test_an_aria_snapshot_reads_as_roles_names_and_texts():
    snapshot = '- banner:\n  - link "Say \\"hi\\"":\n    - /url: /hi\n  - text: "Total: €89.00"\n  - button "Pay" [disabled]\n'
    assert parse_snapshot(snapshot) == [Entry("banner", "", ""), Entry("link", 'Say "hi"', ""),
                                        Entry("text", "", "Total: €89.00"), Entry("button", "Pay", "")]
