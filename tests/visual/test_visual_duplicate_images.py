"""visual-duplicate-images: one picture standing for different products, found on saved fingerprints."""

from __future__ import annotations

from detector_cases import evidence, journey, judge, stage
from pictures import product_picture

from walkthroughs.gather.pictures import fingerprint

KETTLE = fingerprint(product_picture("kettle", "#2b2d2f"))
MUG = fingerprint(product_picture("mug", "#2f6f8f"))
CARAFE = fingerprint(product_picture("carafe", "#9fc3c9"))


def card(key: str, name: str, prints: dict, x: float = 0, linked: bool = True) -> dict:
    product = {"key": f"/products/{key}", "name": name} if linked else {"key": f"/products/{key}", "name": name,
                                                                         "page": True}
    return {"src": f"/images/{key}.svg", "alt": "", "box": {"x": x, "y": 200, "width": 240, "height": 240},
            "product": product, "fingerprint": prints}


def pictures(*cards: dict) -> dict:
    return {"pictures": {"url": "http://shop.test/", "pictures": list(cards), "unloaded": 0}}


def walk(list_cards: list[dict], page_picture: dict | None = None):
    record = journey(stage("product list", url="http://shop.test/"), stage("product", url="http://shop.test/p"))
    parts = {"product list": pictures(*list_cards), "product": pictures(*([page_picture] if page_picture else []))}
    return record, evidence(record, parts)


def test_a_fingerprint_is_the_same_for_one_picture_at_any_size_and_far_for_another_drawing():
    small = fingerprint(product_picture("kettle", "#2b2d2f", size=120))
    assert bin(int(small["dhash"], 16) ^ int(KETTLE["dhash"], 16)).count("1") <= 4
    assert bin(int(MUG["dhash"], 16) ^ int(KETTLE["dhash"], 16)).count("1") > 12


def test_one_picture_for_three_products_is_one_major_finding_naming_them_on_the_list():
    record, found = walk([card("gooseneck-kettle", "Gooseneck Kettle", KETTLE, 0),
                          card("travel-mug", "Insulated Travel Mug", KETTLE, 260),
                          card("glass-carafe", "Glass Carafe", KETTLE, 520), card("dripper", "Dripper", MUG, 780)])
    judged = judge("visual-duplicate-images", record, found)
    [only] = judged.findings
    assert only.severity == "major" and only.stage == "product list"
    assert "“Gooseneck Kettle”, “Insulated Travel Mug”, “Glass Carafe” show the same picture" in only.insight
    assert [b.x for b in only.evidence.boxes] == [0, 260, 520] and only.evidence.value == 3
    assert judged.statuses() == {"product list": "findings", "product": "passed"}


def test_colour_variants_of_one_shape_and_the_same_product_seen_twice_are_no_finding():
    blue_mug = fingerprint(product_picture("mug", "#1d4fbf"))
    record, found = walk([card("travel-mug", "Insulated Travel Mug", MUG),
                          card("travel-mug-blue", "Mug, blue", blue_mug), card("glass-carafe", "Glass Carafe", CARAFE)],
                         card("travel-mug", "Insulated Travel Mug", MUG, linked=False))
    assert judge("visual-duplicate-images", record, found).findings == []


def test_one_products_landing_page_and_product_page_at_two_addresses_are_one_product():
    record, found = walk([card("landing/trail-runner", "Trail Runner 2", KETTLE, linked=False)],
                         card("product/trail-runner", "Trail  Runner 2", KETTLE, linked=False))
    assert judge("visual-duplicate-images", record, found).findings == []


def test_a_product_page_showing_another_products_picture_is_found_on_the_product_page():
    record, found = walk([card("gooseneck-kettle", "Gooseneck Kettle", KETTLE), card("travel-mug", "Mug", MUG)],
                         card("travel-mug", "Insulated Travel Mug", KETTLE, linked=False))
    [only] = judge("visual-duplicate-images", record, found).findings
    assert only.stage == "product" and "“Gooseneck Kettle”, “Insulated Travel Mug”" in only.insight


def test_a_walk_without_product_pictures_or_saved_before_them_is_not_applicable_and_a_failed_gatherer_an_error():
    record, found = walk([])
    assert set(judge("visual-duplicate-images", record, found).statuses().values()) == {"not_applicable"}
    for stage_evidence in found["stages"]:
        del stage_evidence["pictures"]
    assert set(judge("visual-duplicate-images", record, found).statuses().values()) == {"not_applicable"}
    found["stages"][0]["gather_errors"] = {"pictures": "ProbeError: the page could not be read"}
    result = judge("visual-duplicate-images", record, found).result("product list")
    assert result.status == "error" and "the pictures gatherer failed on this stage" in result.reason
