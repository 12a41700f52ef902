"""End to end, in the real browser, on pages served from tests/gather/pages: the evidence the walker records for
the detectors — prices from an element's whole text, dialogs, typed values read back, form-level error banners,
clicks answered by what a shopper sees, a single-page app's renders charged to the stage that caused them, and the
page load of a page whose library changes how arrays encode."""

from __future__ import annotations

import pytest

from walkthroughs.evidence import load_evidence, total_blocking_time

pytestmark = pytest.mark.e2e

SCENARIO = """
name: page-evidence
devices: [desktop]
stages:
  - name: prices
    steps:
      - goto: /prices.html
      - expect: {visible: {role: heading, name: Prices as shops render them}}
  - name: prices-de
    steps:
      - goto: /prices-de.html
  - name: dialogs
    steps:
      - goto: /dialogs.html
      - click: {role: button, name: Sort by price}
      - expect: {text: sorted, in: {css: "#out"}}
      - click: {role: button, name: Remove the mug}
      - expect: {text: kept, in: {css: "#out"}}
  - name: input
    steps:
      - goto: /input.html
      - fill: {label: First name, value: Jordan}
      - fill: {label: Last name, value: Lee}
      - fill: {label: Email, value: jordan@example.com}
      - click: {role: button, name: Place order}
  - name: clicks
    steps:
      - goto: /clicks.html
      - click: {role: button, name: Does nothing}
      - click: {role: button, name: Menu}
      - click: {role: button, name: Show details}
      - click: {role: button, name: Show the box}
      - click: {role: button, name: Go to search}
      - click: {role: button, name: Track me}
  - name: list
    steps:
      - goto: /soft.html
      - expect: {visible: {role: heading, name: All products}}
  - name: product
    steps:
      - click: {role: link, name: Travel mug}
      - expect: {visible: {role: heading, name: Travel mug}}
      - wait_for: {css: "#promo"}
      - wait_for: {load_state: networkidle}
  - name: old library
    steps:
      - goto: /old-library.html
      - expect: {text: toJSON kept, in: {css: "#kept"}}
"""


@pytest.fixture(scope="module")
def walked(pages_url, walk_pages, tmp_path_factory):
    folder = tmp_path_factory.mktemp("page-evidence")
    [(record, evidence)] = walk_pages(SCENARIO, pages_url, folder)
    return record, evidence, folder


def stage(walked, name: str) -> dict:
    record, evidence, _ = walked
    return next(s for s in evidence["stages"] if s["name"] == name)


def test_the_walk_completes(walked):
    record, _, _ = walked
    assert record.status == "completed", [(s.name, s.status, [st.error for st in s.steps if st.error])
                                          for s in record.stages]


def test_a_price_split_over_several_elements_is_one_price_with_its_box(walked):
    prices = stage(walked, "prices")["page_text"]["prices"]
    texts = [price["text"] for price in prices]
    assert "$29.99" in texts and "$" not in texts and "29" not in texts
    card = next(price for price in prices if price["text"] == "$29.99")
    assert card["test_id"] == "card-price" and card["selector"] == 'span[data-testid="card-price"]'
    assert card["box"]["width"] > 20 and card["box"]["height"] > 5
    assert "$50" in texts, "an amount in running text is read too"
    assert "$99.99" not in texts, "a hidden amount is not what the shopper sees"
    struck = {price["text"]: price["struck"] for price in prices}
    assert struck["$40.00"] is True and struck["$35.00"] is False


def test_a_german_price_keeps_its_decimal_comma_and_the_page_says_its_language(walked):
    text = stage(walked, "prices-de")["page_text"]
    assert [price["text"] for price in text["prices"]] == ["25,90 €"]
    assert text["lang"] == "de" and text["browser_locale"]


def test_dialogs_are_recorded_with_their_words_and_the_step_that_raised_them(walked):
    record, evidence, _ = walked
    dialogs = evidence["signals"]["dialogs"]
    index = next(i for i, s in enumerate(record.stages) if s.name == "dialogs")
    assert [(d["type"], d["message"], d["stage"], d["step"], d["answer"]) for d in dialogs] == [
        ("alert", "Sorting by price-asc", index, 1, "dismissed"),
        ("confirm", "Remove the travel mug?", index, 3, "dismissed"),
    ]
    assert all(step.status == "passed" for step in record.stages[index].steps), "the walk went on past them"


def test_typing_the_shop_wrote_into_another_field_is_read_back(walked):
    steps = stage(walked, "input")["steps"]
    first, last, email = steps[1]["input"], steps[2]["input"], steps[3]["input"]
    assert first["kept"] is True and first["value"] == "Jordan" and first["others_changed"] == []
    assert last["label"] == "Last name" and last["typed"] == "Lee" and last["value"] == "" and last["kept"] is False
    assert last["others_changed"] == [{"selector": "input#first", "label": "First name", "before": "Jordan",
                                       "after": "Lee"}]
    assert email["kept"] is True


def test_a_form_level_error_banner_names_the_field_the_walk_filled(walked):
    steps = stage(walked, "input")["steps"]
    assert all("form_errors" not in step for step in steps[:4])
    [banner] = steps[4]["form_errors"]
    assert "Enter your last name." in banner["text"] and banner["form"] == 0 and banner["box"]["height"] > 0
    assert banner["fields"] == [{"selector": "input#last", "label": "Last name", "filled": False,
                                 "filled_by_walk": True}]


def test_a_click_is_answered_by_what_a_shopper_sees_not_by_any_mutation(walked):
    clicks = [step.get("click") for step in stage(walked, "clicks")["steps"][1:]]
    dead, menu, details, reveal, focus, track = clicks
    assert dead["response"] is None and dead["retried"] and dead["retry_response"] is None
    assert menu["response"] is None and menu["retry_response"] is None, "same-value writes are no response"
    assert details["response"]["kind"] == "text"
    assert reveal["response"]["kind"] == "shown"
    assert focus["response"]["kind"] == "focus"
    assert track["response"]["kind"] == "request" and "/beacon.txt" in track["response"]["request"]["url"]


def test_a_client_side_render_is_charged_to_the_stage_whose_step_caused_it(walked):
    listed, product = stage(walked, "list")["vitals"], stage(walked, "product")["vitals"]
    [load] = listed["page_loads"]
    assert not load.get("soft")
    assert not any(duration >= 150 for _, duration in load["long_tasks"]), "the product render is not the list's"
    assert load["metrics"].get("CLS", {}).get("value", 0) < 0.01
    [soft] = product["page_loads"]
    assert soft["soft"] is True and soft["document"]
    assert "product=mug" in soft["url"] and soft["step"] == 0
    assert total_blocking_time(soft["long_tasks"], None) >= 100
    assert soft["metrics"]["CLS"]["value"] > 0.01
    assert [(n["kind"], n["step"]) for n in product["soft_navigations"]] == [("push", 0)]


def test_a_page_whose_library_changes_how_arrays_encode_still_reports_its_load(walked):
    """Prototype.js-era shops give arrays a toJSON that returns a string; the page's reports must still arrive as
    lists, and the page's own library must find what it set up."""
    [load] = stage(walked, "old library")["vitals"]["page_loads"]
    assert isinstance(load["long_tasks"], list) and any(duration >= 100 for _, duration in load["long_tasks"])
    assert load["metrics"]["TTFB"]["value"] >= 0
    [_, kept] = stage(walked, "old library")["steps"]
    assert "error" not in kept


def test_the_saved_evidence_loads_against_its_schema(walked):
    record, _, folder = walked
    evidence = load_evidence(folder / record.evidence)
    assert evidence["evidence_version"] == "2.1"
    assert all("tool_ms" in step for s in evidence["stages"] for step in s["steps"])
