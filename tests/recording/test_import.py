"""`walkthrough import` without a browser: each Recorder step type becomes the scenario step the docs promise, the
file loads with the project's loader, and a recording that cannot be read is said in one line with its line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from walkthroughs.recording.importer import import_recording
from walkthroughs.recording.recorder_selectors import element_of, parse_aria
from walkthroughs.recording.replay_format import RecordingError
from walkthroughs.scenario import load_scenario

RECORDINGS = Path(__file__).parent / "recordings"


@pytest.fixture(scope="module")
def demo():
    return import_recording(RECORDINGS / "demo-journey.json")


@pytest.fixture(scope="module")
def edge():
    return import_recording(RECORDINGS / "edge-cases.json")


def steps_of(imported, stage_name):
    stage = next(s for s in yaml.safe_load(imported.text)["stages"] if s["name"] == stage_name)
    return stage["steps"]


def test_the_demo_recording_becomes_a_stage_per_page_each_led_by_the_step_that_reached_it(demo):
    scenario = demo.scenario
    assert [s.name for s in scenario.stages] == ["landing", "product", "cart", "checkout", "order"]
    assert [s.phase for s in scenario.stages] == ["awareness", "consideration", "decision", "purchase", "post-purchase"]
    assert scenario.base_url == "http://127.0.0.1:8000"
    assert steps_of(demo, "landing")[0] == {
        "goto": "/landing/trail-runner?utm_source=instagram&utm_medium=paid_social&utm_campaign=spring-run"}
    assert steps_of(demo, "product")[:2] == [{"click": {"text": "Shop now"}},
                                             {"expect": {"url": "/product/trail-runner"}}]
    assert steps_of(demo, "cart")[:2] == [{"click": {"role": "link", "name": "Cart", "exact": True}},
                                          {"expect": {"url": "/cart"}}]
    # the order number in the address changes with every order: the check keeps what does not
    assert steps_of(demo, "order")[:2] == [{"click": {"role": "button", "name": "Place order"}, "commit": True},
                                           {"expect": {"url": "/order/"}}]


def test_selectors_become_role_label_and_text_locators_with_the_role_read_from_the_css(demo):
    product, checkout = steps_of(demo, "product"), steps_of(demo, "checkout")
    assert {"select": {"role": "combobox", "name": "Size", "exact": True, "option": "42"}} in product  # aria role
    assert {"click": {"role": "button", "name": "Add to cart"}} in product  # role from `#add-form > button`
    assert {"hover": {"role": "img", "name": "Trail Runner 2"}} in product  # Chrome's "image" is ARIA's img
    assert {"fill": {"label": "Email", "exact": True, "value": "anna.schmidt@example.com"}} in checkout
    assert {"check": {"label": "Card", "exact": True}} in checkout  # a labelled control clicked: a radio button
    # a name with a price in it changes with the cart, so the element's id is the safer way to find it
    assert {"check": "#f-shipping-standard"} in checkout


def test_a_change_is_a_fill_or_a_select_and_the_click_into_the_field_is_dropped(demo):
    product, checkout = steps_of(demo, "product"), steps_of(demo, "checkout")
    assert {"select": {"label": "Country", "exact": True, "option": "DE"}} in checkout  # told by Chrome's text/DE
    assert {"fill": {"label": "Quantity", "exact": True, "value": "1"}} in product  # after a double click into it
    assert not any("click" in step and "Quantity" in json.dumps(step) for step in product)
    assert not any("click" in step and "Email" in json.dumps(step) for step in checkout)
    assert {"press": {"key": "Tab", "label": "Email", "exact": True}} in checkout


def test_assertions_become_expect_steps_and_what_cannot_be_walked_is_a_comment(demo):
    product = steps_of(demo, "product")
    assert {"expect": {"visible": {"role": "heading", "name": "Trail Runner 2"}}} in product
    assert {"expect": {"text": "In stock", "in": {"test_id": "stock"}}} in product  # not found by the text it checks
    assert {"expect": {"visible": {"test_id": "cart-line"}}} in steps_of(demo, "cart")
    assert "# not imported: the waitForExpression step at line" in demo.text
    assert "a scroll of the page to (0, 640) is left out" in demo.text
    assert demo.not_imported == 1


def test_every_kind_of_step_the_format_has_is_imported_or_said_why_not(edge):
    text, scenario = edge.text, edge.scenario
    assert "recorded on mobile (412×839, touch)" in text
    assert scenario.throttling["mobile"].latency == 562.5 and scenario.throttling["mobile"].download_kbps == 1440
    search = steps_of(edge, "search 2")
    assert search[:2] == [{"press": {"key": "Enter", "label": "Search products"}}, {"expect": {"url": "/search"}}]
    assert {"expect": {"visible": {"test_id": "no-results"}}, "timeout": "5000ms"} in search
    assert {"press": "Control+a"} in search
    assert {"expect": {"hidden": {"test_id": "spinner"}}} in search
    assert {"expect": {"count": 3, "of": {"css": "li.card"}}} in search
    assert {"expect": {"visible": {"css": "li.card", "nth": 1}}} in search
    assert {"scroll_to": "#reviews"} in search
    assert {"hover": {"role": "link", "name": "Help & contact"}} in search
    for why in ("a right click", "inside a frame", "in another tab or window", "a customStep step (lighthouse)",
                "at most 5 of an element", "its check of aria-busy", "the script condition `window.dataLayer",
                "the recording closes the page here", "walkthrough run --timeout 7000ms"):
        assert why in text, why
    assert edge.not_imported == 7


def test_deep_shadow_and_xpath_selectors_and_other_sites(edge):
    catalogue = steps_of(edge, "catalogue")
    assert catalogue[0] == {"click": {"role": "link", "name": "Catalogue", "exact": True}}
    assert "needed an enclosing element" in edge.text
    assert {"click": "shop-header button.menu"} in catalogue  # Playwright's CSS enters open shadow roots
    assert {"click": "xpath=/html/body/div[2]/span"} in catalogue
    assert steps_of(edge, "sign in")[0] == {"goto": "https://accounts.example.net/sign-in?next=%2Fcart"}


def test_a_password_is_never_written_and_becomes_a_secret(edge, tmp_path, monkeypatch):
    assert "hunter2" not in edge.text
    assert {"fill": {"label": "Password", "exact": True, "value": "${PASSWORD}"}} in steps_of(edge, "sign in")
    assert edge.scenario.secrets == ["PASSWORD"]
    assert {"fill": {"label": "Voucher", "exact": True, "value": "100$${off}"}} in steps_of(edge, "sign in")
    monkeypatch.setenv("PASSWORD", "from-the-environment")
    (tmp_path / "edge.yaml").write_text(edge.text)
    assert load_scenario(tmp_path / "edge.yaml").stages[3].steps[2].fill.value == "100$${off}"


@pytest.mark.parametrize("selector, expected", [
    ('aria/Add to cart[role="button"]', ("Add to cart", "button")),
    ("aria/Phone (optional)", ("Phone (optional)", None)),
    ("aria/Say \"hi\"[role='link']", ('Say "hi"', "link")),
    ('aria/[role="navigation"]', (None, "navigation")),
])
def test_aria_selectors_are_read_as_puppeteer_writes_them(selector, expected):
    assert parse_aria(selector) == expected


def test_the_preference_is_role_then_label_text_test_id_css_and_xpath_last():
    assert element_of([["#x > button"], ["aria/Pay"], ["text/Pay"]]).locator == {"role": "button", "name": "Pay",
                                                                                  "exact": True}
    assert element_of([["aria/Pay now"], ["[data-testid='pay']"], ["text/Pay now"]]).locator == {"text": "Pay now"}
    assert element_of([["[data-testid='pay']"], ["xpath///*[@data-testid=\"pay\"]"]]).locator == {"test_id": "pay"}
    assert element_of([["xpath//html/body/a"], ["div.pay > a"]]).locator == "div.pay > a"
    assert element_of([["div:nth-of-type(3) > a"], ["xpath//html/body/div[3]/a"]]).locator == "div:nth-of-type(3) > a"
    # a text that changes (an order number, a price) is no way to find an element again
    assert element_of([["[data-testid='order']"], ["text/WT-1001"]]).locator == {"test_id": "order"}


@pytest.mark.parametrize("content, message", [
    ("{not json", "recording.json:1:2: invalid JSON: Expecting property name enclosed in double quotes; expected a "
                  "Chrome DevTools Recorder recording"),
    ('{"title": "x"}', 'recording.json:1:1: expected a Chrome DevTools Recorder recording (exported as JSON): an '
                       'object with "title" and "steps"'),
    ('{"title": "x", "steps": [\n  {"type": "navigate", "url": "http://a"},\n  {"type": "change", "selectors": '
     '[["#q"]]}\n]}', 'recording.json:3: step 2 (change): "value" is missing'),
    ('{"title": "x", "steps": [\n  {"url": "http://a"}\n]}', 'recording.json:2: step 1 has no "type"'),
    ('{"title": "x", "steps": [\n  {"type": "setViewport", "width": "wide", "height": 800}\n]}',
     'recording.json:2: step 1 (setViewport): "width": input should be a valid integer'),
    ('{"title": "x", "steps": []}', "recording.json: the recording has no step a scenario can walk"),
])
def test_a_recording_that_cannot_be_read_is_said_in_one_line_with_its_line(tmp_path, content, message):
    (tmp_path / "recording.json").write_text(content)
    with pytest.raises(RecordingError) as raised:
        import_recording(tmp_path / "recording.json")
    assert str(raised.value).startswith(f"{tmp_path}/{message}"), str(raised.value)
    assert len(str(raised.value).splitlines()) == 1


@pytest.mark.subprocess
def test_the_command_says_it_on_one_line_and_exits_2(walkthrough, tmp_path):
    """The one run of `import` as its own process."""
    (tmp_path / "recording.json").write_text('{"title": "x", "steps": [\n  {"url": "http://a"}\n]}')
    run = walkthrough("import", tmp_path / "recording.json", "--out", "-")
    assert run.returncode == 2, run.stdout + run.stderr
    assert run.stderr == f'{tmp_path}/recording.json:2: step 1 has no "type" (expected a step such as ' \
                         '{"type": "click", "selectors": [...]})\n'


def test_import_writes_next_to_the_recording_and_never_over_a_file_unasked(cli, tmp_path):
    recording = tmp_path / "journey.json"
    recording.write_text((RECORDINGS / "demo-journey.json").read_text())
    first = cli("import", recording)
    assert first.returncode == 0, first.stderr
    assert "wrote" in first.stdout and "5 stages" in first.stdout
    assert "1 step of the recording not imported" in first.stdout
    assert load_scenario(tmp_path / "journey.yaml").name == "Demo shop: from the Instagram ad to the order"
    again = cli("import", recording)
    assert again.returncode == 2 and "already exists" in again.stderr and "--force" in again.stderr
    assert cli("import", recording, "--force", "--devices", "desktop,mobile", "--name", "ad").returncode == 0
    assert [d for d in load_scenario(tmp_path / "journey.yaml").devices] == ["desktop", "mobile"]
    wrong = cli("import", recording, "--out", "-", "--devices", "desktp")
    assert wrong.returncode == 2 and "did you mean 'desktop'" in wrong.stderr


def test_keys_the_recorder_kept_one_by_one_are_typed_into_the_field_clicked_before_them(tmp_path):
    keys = [{"type": kind, "key": key} for key in ("t", "R", "$", "{") for kind in ("keyDown", "keyUp")]
    recording = {"title": "typed", "steps": [
        {"type": "navigate", "url": "http://127.0.0.1:8000/search"},
        {"type": "click", "selectors": [["aria/Search products"], ["#q"]], "offsetX": 1, "offsetY": 1},
        *keys,
        {"type": "keyDown", "key": "Enter"},
        {"type": "keyUp", "key": "Enter", "assertedEvents": [{"type": "navigation", "url": "http://127.0.0.1:8000/s"}]},
    ]}
    (tmp_path / "typed.json").write_text(json.dumps(recording))
    imported = import_recording(tmp_path / "typed.json")
    # key by key, so a field that reacts to each key (suggestions, masks) sees each; `${` is text, not a variable
    assert steps_of(imported, "search") == [{"goto": "/search"},
                                            {"type": {"label": "Search products", "value": "tR$${"}}]
    assert steps_of(imported, "s")[0] == {"press": {"key": "Enter", "label": "Search products"}}
    assert imported.scenario.stages[0].steps[1].type.value == "tR$${"


def test_a_name_whose_kind_nothing_tells_is_tried_with_the_selector_beside_it():
    element = element_of([["aria/Menu"], ["div.top > span:nth-of-type(2)"]])
    assert element.locator == {"any": [{"label": "Menu", "exact": True}, "div.top > span:nth-of-type(2)"]}


def test_recorded_text_that_looks_like_a_pattern_is_written_to_match_itself():
    assert element_of([["text//sale/"]]).locator == {"text": "//sale//"}
