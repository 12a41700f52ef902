"""ad-landing: what a shopper who tapped an ad meets first — speed, campaign tags, the same product and price."""

from detector_cases import evidence, journey, judge, scenario, stage, step

AD = "http://shop/landing?utm_source=insta&utm_campaign=spring"


def landing(url: str, goto_ms: float = 900, **fields):
    return stage("ad landing", step(f"Open {AD}", verb="goto", duration_ms=goto_ms), url=url, phase="awareness",
                 **fields)


def page(heading: str, price: str) -> dict:
    return {"navigation": None, "page_text": {"url": "x", "protocol": "http", "title": heading, "lang": "en",
                          "headings": [{"level": 1, "text": heading}],
                          "prices": [{"text": price, "label": price, "font_px": 24, "test_id": None, "in_main": True,
                                      "box": {"x": 0, "y": 0, "width": 80, "height": 30}}],
                          "text": heading, "text_length": len(heading), "chrome_text": ""}}


def test_campaign_tags_lost_on_the_way_to_the_landing_page_are_major():
    record = journey(landing("http://shop/landing"), stage("product", url="http://shop/p", phase="consideration"))
    found = evidence(record, {"ad landing": page("Trail Runner", "€89"), "product": page("Trail Runner", "€89")})
    [lost] = judge("ad-landing", record, found).findings
    assert (lost.severity, lost.stage) == ("major", "ad landing")
    assert lost.title == "Campaign tags lost on the way to the landing page"
    assert "Lost: utm_source=insta" in lost.evidence.details


def test_a_landing_page_slower_than_its_limits_and_a_different_price_on_the_product_page():
    record = journey(landing(AD, goto_ms=4200), stage("product", url=f"http://shop/p?{AD.split('?')[1]}",
                                                       phase="consideration"))
    found = evidence(record, {"ad landing": page("Trail Runner", "€89"), "product": page("Trail Runner", "€99")})
    judged = judge("ad-landing", record, found, overrides={"usable_ms": "4s"})
    assert sorted((f.severity, f.title) for f in judged.findings) == [
        ("major", "Product page price differs from the ad landing page"), ("minor", "Ad landing page is slow to open")]
    slow = next(f for f in judged.findings if "slow" in f.title)
    assert (slow.evidence.value, slow.evidence.threshold) == (4200, 4000)


def test_a_journey_that_does_not_start_from_an_ad_does_not_apply():
    record = journey(stage("home", step("Open /", verb="goto"), url="http://shop/"), stage("cart"))
    judged = judge("ad-landing", record, evidence(record, {"home": page("Shop", "€1"), "cart": page("Cart", "€1")}))
    assert judged.findings == [] and set(judged.statuses().values()) == {"not_applicable"}
    assert "does not start from an ad" in judged.result("home").reason


def test_an_awareness_stage_is_no_ad_landing_page_without_the_mark_or_campaign_tags():
    """The single-page shop's product list (phase awareness, opened at /) is not judged against its product page."""
    record = journey(stage("product list", step("Open /", verb="goto"), url="http://shop/", phase="awareness"),
                     stage("product", url="http://shop/products/mug", phase="consideration"))
    found = evidence(record, {"product list": page("Coffee gear", "$24"), "product": page("Insulated Mug", "$27")})
    judged = judge("ad-landing", record, found)
    assert judged.findings == [] and set(judged.statuses().values()) == {"not_applicable"}


def test_the_stage_marked_as_the_ad_landing_is_judged_wherever_it_is():
    record = journey(stage("sign in", step("Open /account", verb="goto"), url="http://shop/account"),
                     stage("offer", step("Click “Spring offer”"), url="http://shop/offer/trail"),
                     stage("product", url="http://shop/p/road", phase="consideration"))
    found = evidence(record, {"sign in": page("Your account", "€0"), "offer": page("Trail Runner", "€89"),
                              "product": page("Road Racer", "€89")})
    judged = judge("ad-landing", record, found, scenario(record, landing="offer"))
    assert [(f.stage, f.title) for f in judged.findings] == [
        ("product", "Product page names a different product than the landing page")]
    assert judged.statuses()["sign in"] == "not_applicable"


def test_a_detour_past_a_broken_product_stage_does_not_count_as_losing_the_campaign_tags():
    broken = stage("product", step("Click “Shop now”"), step("Open /product/trail-runner", verb="goto", resume=True),
                   status="failed", url="http://shop/product/trail-runner", phase="consideration")
    record = journey(landing(AD), broken, stage("cart", url="http://shop/cart", detour_from="product"))
    found = evidence(record, {"ad landing": page("Trail Runner", "€89"), "product": page("Trail Runner", "€89"),
                              "cart": page("Your cart", "€89")})
    assert [f.title for f in judge("ad-landing", record, found).findings] == []
