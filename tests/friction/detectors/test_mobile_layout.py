"""mobile-layout: sideways scrolling, small tap targets, tiny text, no viewport set-up, a call to action off screen."""

from detector_cases import evidence, journey, judge, stage

BOX = {"x": 0, "y": 300, "width": 900, "height": 200}


def layout(scroll_width=412, viewport_meta="width=device-width, initial-scale=1", too_small=(), small_text=()):
    return {"layout": {"viewport": {"width": 412, "height": 839, "scroll_x": 0, "scroll_y": 0},
                       "viewport_meta": viewport_meta, "scroll_width": scroll_width,
                       "overflowing": [{"selector": "table.size-chart", "box": BOX, "right": scroll_width}]
                       if scroll_width > 412 else [],
                       "tap_targets": {"count": 10, "too_small": list(too_small), "crowded": [], "too_small_count": 0,
                                       "crowded_count": 0},
                       "small_text": {"count": len(small_text), "elements": list(small_text)}, "primary_cta": None}}


def test_a_page_wider_than_the_phone_is_major_with_the_element_boxed():
    record = journey(stage("product", screenshot="journeys/x/p.jpg"), device_class="mobile")
    [wide] = judge("mobile-layout", record, evidence(record, {"product": layout(scroll_width=916)})).findings
    assert (wide.severity, wide.title) == ("major", "Page scrolls sideways")
    assert (wide.evidence.value, wide.evidence.threshold) == (916, 412)
    assert wide.evidence.screenshot == "journeys/x/p.jpg" and wide.evidence.boxes[0].width == 900


def test_text_smaller_than_the_threshold_and_thresholds_in_pixels():
    text = {"selector": "p.fine", "text": "Prices incl. VAT", "font_px": 10, "box": BOX}
    record = journey(stage("cart"), device_class="tablet")
    found = evidence(record, {"cart": layout(small_text=[text])})
    assert [f.title for f in judge("mobile-layout", record, found).findings] == ["Text too small to read"]
    assert judge("mobile-layout", record, found, overrides={"min_font_px": 9}).findings == []


def test_text_hidden_for_screen_readers_is_not_tiny_text():
    hidden = [{"selector": "button.wish", "text": "Save to your wishlist", "font_px": 0, "box": BOX,
               "visually_hidden": "font-size 0"},
              {"selector": "span.sr-only", "text": "Remove Mug", "font_px": 8, "box": BOX, "visually_hidden": "clipped"}]
    record = journey(stage("cart"), device_class="mobile")
    assert judge("mobile-layout", record, evidence(record, {"cart": layout(small_text=hidden)})).findings == []


def test_desktops_are_not_judged_and_a_failed_layout_gatherer_is_an_error():
    desktop = journey(stage("product"))
    assert judge("mobile-layout", desktop, evidence(desktop)).result("product").reason == \
        "judges only tablet and mobile screens"
    phone = journey(stage("product"), stage("cart"), device_class="mobile")
    found = evidence(phone, {"product": {"gather_errors": {"layout": "ProbeError: Execution context was destroyed"}},
                             "cart": layout()})
    judged = judge("mobile-layout", phone, found)
    assert judged.statuses() == {"product": "error", "cart": "passed"}
    assert judged.result("product").reason == \
        "the layout gatherer failed on this stage: ProbeError: Execution context was destroyed"
