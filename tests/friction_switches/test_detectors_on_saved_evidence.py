"""Detectors 7–12 on journeys saved from real walks of the demo shop, changed where a case needs it; no browser."""

from __future__ import annotations

import json

import pytest
from saved_evidence import EVIDENCE, findings, load_journey, stage, titles

from walkthroughs.friction.detectors.checkout_form import field_kind
from walkthroughs.friction.detectors.unmet_needs import checks_for
from walkthroughs.friction.money import currency_of, format_amount, parse_amount
from walkthroughs.friction.pages import stages_on_their_own_page

MINE = ("mobile-layout", "accessibility", "checkout-form", "hidden-costs", "ad-landing", "unmet-needs")


@pytest.mark.parametrize("name", ["clean--mobile", "clean--desktop"])
@pytest.mark.parametrize("detector", MINE)
def test_the_clean_shop_gives_no_finding_above_info(name, detector):
    assert titles(findings(load_journey(name), detector)) == []


# mobile-layout

def test_a_page_wider_than_the_phone_is_a_major_finding_with_the_element_that_overflows():
    [wide] = findings(load_journey("wide-page-mobile--mobile"), "mobile-layout")
    assert (wide.severity, wide.stage, wide.title) == ("major", "product", "Page scrolls sideways")
    assert wide.evidence.selector.endswith("table.size-chart") and wide.evidence.boxes[0].width == 900
    assert wide.evidence.value > wide.evidence.threshold == 412
    assert "table.size-chart" in wide.insight and "412 px" in wide.insight


def test_mobile_layout_judges_only_touch_screens():
    journey = load_journey("wide-page-mobile--mobile")
    journey.record.device.device_class = "desktop"
    assert findings(journey, "mobile-layout") == []


def test_tap_targets_under_24_px_next_to_others_are_major_and_tiny_text_minor():
    found = findings(load_journey("tiny-buttons-mobile--tablet"), "mobile-layout")
    assert titles(found) == [("major", "cart", "Buttons too small to tap"), ("minor", "cart", "Text too small to read")]
    small = found[0]
    assert (small.evidence.value, small.evidence.threshold, small.evidence.unit) == (16, 24, "px")
    assert len(small.evidence.details) == 2 and "Decrease quantity" in small.evidence.details[0]


def test_thresholds_come_from_the_scenario_and_a_stage_can_switch_the_detector_off():
    assert titles(findings(load_journey("tiny-buttons-mobile--tablet"), "mobile-layout",
                           {"tap_target_min_px": 12, "min_font_px": 9})) == []
    journey = load_journey("tiny-buttons-mobile--tablet")
    next(s for s in journey.scenario.stages if s.name == "cart").detectors["mobile-layout"] = False
    assert findings(journey, "mobile-layout") == []


def test_a_problem_of_the_site_template_is_reported_once_with_the_other_stages_listed():
    journey = load_journey("clean--mobile")
    for name in ("product", "cart"):
        stage(journey, name)["layout"]["viewport_meta"] = None
    [missing] = findings(journey, "mobile-layout")
    assert (missing.severity, missing.stage, missing.title) == ("major", "product", "Page is not set up for phones")
    assert missing.evidence.details == ["Also on the “cart” stage."]


def test_a_call_to_action_pushed_off_the_side_of_the_screen_is_major():
    journey = load_journey("clean--mobile")
    cta = stage(journey, "cart")["layout"]["primary_cta"]
    cta["page_right"] = 520
    assert titles(findings(journey, "mobile-layout")) == [("major", "cart", "Main button is off the side of the screen")]


# accessibility

def test_serious_and_critical_axe_violations_become_one_finding_per_rule_reported_once():
    axe = json.loads((EVIDENCE / "axe-violations.json").read_text())["axe"]
    journey = load_journey("clean--mobile")
    stage(journey, "product")["axe"] = axe
    stage(journey, "cart")["axe"] = axe
    found = findings(journey, "accessibility")
    assert titles(found) == [
        ("major", "product", "Accessibility: Buttons must have discernible text"),
        ("major", "product", "Accessibility: Images must have alternative text"),
        ("minor", "product", "Accessibility: Elements must meet minimum color contrast ratio thresholds"),
    ]
    assert all("Also on the “cart” stage." in f.evidence.details for f in found)
    assert all(f.insight.count("https://dequeuniversity.com/") == 1 for f in found)
    ignored = findings(journey, "accessibility", {"ignore_rules": ["color-contrast"], "severity_critical": "blocker"})
    assert {f.severity for f in ignored} == {"blocker"} and len(ignored) == 2


# checkout-form

def test_forced_account_creation_is_major_and_the_fields_are_counted_once():
    found = findings(load_journey("forced-account--mobile"), "checkout-form")
    assert titles(found) == [("major", "checkout", "Checkout forces shoppers to create an account"),
                             ("minor", "checkout", "Checkout asks for many fields")]
    many = next(f for f in found if f.title == "Checkout asks for many fields")
    assert (many.evidence.value, many.evidence.threshold) == (9, 8) and "“Password”" in many.evidence.details
    assert titles(findings(load_journey("forced-account--mobile"), "checkout-form", {"max_fields": 9})) == [
        ("major", "checkout", "Checkout forces shoppers to create an account")]


def test_a_required_password_with_a_guest_option_further_down_is_a_minor_finding():
    journey = load_journey("forced-account--mobile")
    forms = stage(journey, "checkout")["forms"]
    forms["guest_option"] = {"text": "Or check out as a guest", "box": {"x": 0, "y": 900, "width": 300, "height": 24},
                             "page_top": 2400}
    assert ("minor", "checkout", "Guest checkout is hard to find") in titles(findings(journey, "checkout-form"))


def test_fields_that_open_the_letter_keyboard_are_found_on_phones_only():
    for name, expected in (("clean--mobile", True), ("clean--desktop", False)):
        journey = load_journey(name)
        for field in stage(journey, "checkout")["forms"]["fields"]:
            if field["name"] == "phone":
                field["type"] = "text"
            if field["name"] == "card_number":
                field["inputmode"] = None
        found = [f for f in findings(journey, "checkout-form") if f.title == "Fields open the wrong keyboard"]
        assert bool(found) is expected
        if found:
            assert [d.split(" opens")[0] for d in found[0].evidence.details] == ["“Phone (optional)”", "“Card number”"]


def test_fields_without_autocomplete_are_listed():
    journey = load_journey("clean--desktop")
    email = next(f for f in stage(journey, "checkout")["forms"]["fields"] if f["name"] == "email")
    email["autocomplete"] = "off"
    [autofill] = findings(journey, "checkout-form")
    assert autofill.title == "Autofill is switched off for some fields" and autofill.evidence.details == ["“Email” (email)"]


def test_an_error_on_a_field_the_scenario_filled_is_major_and_an_error_far_from_its_field_minor():
    journey = load_journey("clean--desktop")
    fields = {f["name"]: f for f in stage(journey, "checkout")["forms"]["fields"]}
    fields["postcode"].update(invalid=True, error={"text": "Enter a valid postcode", "distance_px": 4, "box": None})
    fields["city"].update(invalid=True, filled=False, error=None)
    found = findings(journey, "checkout-form")
    assert titles(found) == [("major", "checkout", "Form rejects what the shopper typed"),
                             ("minor", "checkout", "Error message not next to its field")]
    assert "Enter a valid postcode" in found[0].insight
    assert found[1].evidence.details == ["“City”: no message"]


def test_field_kinds_come_from_autocomplete_before_words():
    assert field_kind({"autocomplete": "shipping postal-code", "label": "Your city"}) == "postcode"
    assert field_kind({"autocomplete": None, "label": "Name on card", "name": "holder"}) == "card name"
    assert field_kind({"autocomplete": None, "label": "Full name", "name": "name"}) == "name"
    assert field_kind({"autocomplete": None, "label": "Gift message", "name": "note"}) is None


# hidden-costs

def test_shipping_added_only_on_the_confirmation_is_major_with_the_price_trail():
    [late] = findings(load_journey("late-shipping--mobile"), "hidden-costs")
    assert (late.severity, late.stage, late.title) == ("major", "confirmation", "Extra costs appear only at the last step")
    assert (late.evidence.value, late.evidence.threshold, late.evidence.unit) == (93.95, 89.0, "€")
    assert late.evidence.details == ["product: €89.00 (${price})", "cart: €89.00 (${cart_total})",
                                     "checkout: €89.00 (${checkout_total})", "confirmation: €93.95 (${order_total})"]
    assert "€4.95 (“Shipping €4.95”)" in late.insight and "48%" in late.insight


def test_a_cost_first_shown_at_checkout_is_minor_unless_an_earlier_page_announced_it():
    journey = load_journey("late-shipping--mobile")
    for step in stage(journey, "checkout")["steps"]:
        if step.get("remembered"):
            step["remembered"] = {"checkout_total": "€93.95"}
    assert titles(findings(journey, "hidden-costs")) == [("minor", "checkout", "Extra costs first appear at checkout")]
    stage(journey, "product")["page_text"]["prices"].append({"text": "€4.95", "label": "Shipping €4.95", "font_px": 16})
    assert titles(findings(journey, "hidden-costs")) == []


def test_amounts_are_read_as_shops_write_them():
    assert [parse_amount(t) for t in ("€89.00", "€1,234.56", "89,00 €", "1.234,56 €", "CHF 12.-", "€4.95,", "free")] == [
        89.0, 1234.56, 89.0, 1234.56, 12.0, 4.95, None]
    assert [parse_amount(t) for t in ("12 345,67 zł", "CHF 1'234.50", "EUR 49,90", "Total: $1,299", "Shipping €4.95",
                                      "", None)] == [12345.67, 1234.5, 49.9, 1299.0, 4.95, None, None]
    assert [currency_of(t) for t in ("89,00 €", "CHF 12.-", "EUR 49,90", "£7", "12,00", None)] == [
        "€", "CHF", "EUR", "£", "", ""]
    assert (format_amount(4.95, "€"), format_amount(1234.5, "CHF")) == ("€4.95", "1,234.50 CHF")


# ad-landing

def test_campaign_tags_lost_in_redirects_are_major_and_dropped_after_the_landing_page_minor():
    journey = load_journey("clean--mobile")
    product = journey.record.stages[1]
    product.url = product.url.split("?")[0]
    assert titles(findings(journey, "ad-landing")) == [("minor", "product", "Campaign tags dropped after the landing page")]
    landing = journey.record.stages[0]
    landing.url = landing.url.split("?")[0]
    [lost] = findings(journey, "ad-landing")
    assert (lost.severity, lost.stage, lost.title) == ("major", "ad landing", "Campaign tags lost on the way to the landing page")
    assert "Lost: utm_campaign=spring-run" in lost.evidence.details


def test_a_different_price_on_the_product_page_than_on_the_landing_page_is_major():
    journey = load_journey("clean--mobile")
    for step in stage(journey, "product")["steps"]:
        if step.get("remembered"):
            step["remembered"] = {"price": "€99.00"}
    [bait] = findings(journey, "ad-landing")
    assert (bait.severity, bait.stage, bait.evidence.value, bait.evidence.threshold) == ("major", "product", "€99.00", "€89.00")


def test_a_slow_landing_page_is_minor_after_3_seconds_and_major_after_6():
    for duration, expected in ((2500, None), (4000, "minor"), (7000, "major")):
        journey = load_journey("clean--mobile")
        journey.record.stages[0].steps[0].duration_ms = duration
        found = findings(journey, "ad-landing")
        assert [f.severity for f in found] == ([expected] if expected else [])


# unmet-needs

def test_a_confirmation_without_order_number_or_next_steps_misses_both_needs():
    found = findings(load_journey("no-order-number--desktop"), "unmet-needs")
    assert titles(found) == [
        ("major", "confirmation", "Missing at “confirmation”: an order number"),
        ("major", "confirmation", "Missing at “confirmation”: what happens next (confirmation e-mail, delivery date, returns)"),
    ]


def test_needs_no_check_understands_are_listed_as_information():
    info = [f for f in findings(load_journey("clean--mobile"), "unmet-needs") if f.severity == "info"]
    assert [(f.stage, f.evidence.details) for f in info] == [
        ("product", ["confirmation that the item is in the cart"]),
        ("checkout", ["check out as a guest, without creating an account"])]


def test_a_need_with_a_locator_is_judged_by_what_the_walker_found():
    journey = load_journey("clean--mobile")
    next(s for s in journey.scenario.stages if s.name == "cart").needs.append("a live chat")
    stage(journey, "cart")["needs"] = [{"need": "a live chat", "locator": "#chat", "found": False}]
    [chat] = titles(findings(journey, "unmet-needs"))
    assert chat == ("major", "cart", "Missing at “cart”: a live chat")
    stage(journey, "cart")["needs"][0]["found"] = True
    assert titles(findings(journey, "unmet-needs")) == []


def test_https_is_a_need_the_plain_http_demo_shop_does_not_meet():
    journey = load_journey("clean--mobile")
    next(s for s in journey.scenario.stages if s.name == "checkout").needs.append("a secure page (HTTPS)")
    assert titles(findings(journey, "unmet-needs")) == [("major", "checkout", "Missing at “checkout”: a secure page (HTTPS)")]


def test_needs_in_words_map_to_the_built_in_checks():
    def names(need: str) -> list[str]:
        return [c.name for c in checks_for(need)]

    assert names("what delivery and returns cost") == ["returns", "delivery terms", "price"]
    assert names("an order number") == ["order number"]
    assert names("pay by card or PayPal") == ["payment methods"]
    assert names("reviews from other runners") == ["reviews"]
    assert names("a phone number to call support") == ["contact"]
    assert names("the sizes") == []


# which stages are judged

def test_a_stage_that_failed_on_the_previous_stage_s_page_is_not_judged_again():
    refused = [stage.name for _, stage, _ in stages_on_their_own_page(load_journey("forced-account--mobile"))]
    assert refused == ["ad landing", "product", "cart", "checkout"]
    reached = [stage.name for _, stage, _ in stages_on_their_own_page(load_journey("no-order-number--desktop"))]
    assert reached[-1] == "confirmation"


# evidence put on the stage's picture

def test_the_element_is_put_on_the_stage_s_last_screenshot_when_it_is_on_screen():
    journey = load_journey("wide-page-mobile--mobile")
    product = journey.record.stages[1]
    product.screenshot = "product.jpg"
    [wide] = findings(journey, "mobile-layout")
    assert wide.evidence.screenshot == "product.jpg", "the report draws the box over the original: no copy is made"
    assert [(b.role, b.width) for b in wide.evidence.boxes] == [("target", 900)]

    stage(journey, "product")["layout"]["overflowing"][0]["box"]["y"] = 2000  # below the screen
    [below] = findings(journey, "mobile-layout")
    assert below.evidence.screenshot is None and below.evidence.boxes[0].y == 2000
