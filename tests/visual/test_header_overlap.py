"""header-overlap: an element of the page drawn over the shop's header, from the header gatherer's hit test."""

from __future__ import annotations

from detector_cases import evidence, journey, judge, stage

HEADER = {"selector": "header.site-header", "box": {"x": 0, "y": 0, "width": 1280, "height": 64},
          "position": "relative"}


def cover(name="Checkout", share=0.1, covers=("Grindhouse Coffee Supply",), control=True, position="fixed") -> dict:
    return {"selector": "main > a.checkout-button", "name": name, "tag": "a",
            "box": {"x": 12, "y": 6, "width": 192, "height": 48},
            "overlap": {"x": 12, "y": 6, "width": 192, "height": 48},
            "share": share, "position": position, "covers": list(covers), "covers_control": control}


def walk(*covers: dict, header: dict | None = HEADER):
    record = journey(stage("cart", url="http://shop.test/cart", screenshot="journeys/x/03-cart/step-06.jpg"))
    return record, evidence(record, {"cart": {"header": {"header": header, "covered_by": list(covers)}}})


def test_a_button_over_the_headers_logo_link_is_major_and_names_both():
    record, found = walk(cover())
    [only] = judge("header-overlap", record, found).findings
    assert only.severity == "major" and only.title == "“Checkout” covers the shop's header"
    assert "pinned in place lies on top of the header, over “Grindhouse Coffee Supply”" in only.insight
    assert "cannot reach" in only.insight
    assert [b.role for b in only.evidence.boxes] == ["target", "cover"]
    assert only.evidence.screenshot == "journeys/x/03-cart/step-06.jpg"  # the boxes are on the stage's last screen


def test_over_the_headers_background_only_it_is_minor_and_a_sliver_is_nothing():
    record, found = walk(cover(covers=(), control=False, position="absolute"))
    [only] = judge("header-overlap", record, found).findings
    assert only.severity == "minor" and "over part of the header." in only.insight
    record, found = walk(cover(share=0.01))
    assert judge("header-overlap", record, found).statuses() == {"cart": "passed"}


def test_a_page_without_a_header_is_not_applicable():
    record, found = walk(header=None)
    judged = judge("header-overlap", record, found)
    assert judged.statuses() == {"cart": "not_applicable"} and "no header" in judged.result("cart").reason


def test_evidence_saved_before_the_header_gatherer_is_not_applicable_and_a_failed_gatherer_an_error():
    record, found = walk(cover())
    del found["stages"][0]["header"]
    judged = judge("header-overlap", record, found)
    assert judged.statuses() == {"cart": "not_applicable"} and "no header evidence" in judged.result("cart").reason
    found["stages"][0]["gather_errors"] = {"header": "ProbeError: the page could not be read"}
    result = judge("header-overlap", record, found).result("cart")
    assert result.status == "error" and "the header gatherer failed on this stage" in result.reason
