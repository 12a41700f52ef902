"""price-mismatch: an item's price in the list against what the cart and checkout charge for it."""

from detector_cases import evidence, journey, judge, stage


def page(headings, *labelled):
    headings = [headings] if isinstance(headings, str) else headings
    return {"page_text": {"url": "x", "protocol": "http", "title": "", "lang": None, "text": "", "text_length": 0,
                          "chrome_text": "", "headings": [{"level": 1 if i == 0 else 3, "text": heading}
                                                          for i, heading in enumerate(headings)],
                          "prices": [{"text": text, "label": label, "font_px": 16, "test_id": None, "in_main": True,
                                      "box": {"x": 0, "y": 300, "width": 60, "height": 20}, **extra}
                                     for label, text, *rest in labelled for extra in [rest[0] if rest else {}]]}}


def walk():
    return journey(stage("product list", url="http://shop/"), stage("product", url="http://shop/products/mug"),
                   stage("cart", url="http://shop/cart"), stage("checkout", url="http://shop/checkout"))


def test_a_list_price_below_what_the_cart_charges_is_major_once_on_the_cart():
    record = walk()
    found = evidence(record, {
        "product list": page(["Coffee gear", "Insulated Travel Mug", "Glass Carafe"],
                             ("Insulated Travel Mug $24.49 Save to your wishlist", "$24.49"),
                             ("Glass Carafe $30.49", "$30.49")),
        "product": page("Insulated Travel Mug", ("Insulated Travel Mug $27.50 ★ 4.4", "$27.50")),
        "cart": page("Your cart", ("Insulated Travel Mug Size: 500 ml $27.50 each", "$27.50"), ("Total $32.45", "$32.45")),
        "checkout": page("Checkout", ("1 × Insulated Travel Mug, 500 ml $27.50", "$27.50"))})
    [mismatch] = judge("price-mismatch", record, found).findings
    assert (mismatch.severity, mismatch.stage) == ("major", "cart")
    assert mismatch.title == "“Insulated Travel Mug” costs more in the cart than in the list"
    assert (mismatch.evidence.value, mismatch.evidence.threshold, mismatch.evidence.unit) == (27.5, 24.49, "$")
    assert "“product” says $27.50" in mismatch.insight and mismatch.evidence.details[-1].endswith("(a difference of $3.01)")


def test_decimal_commas_split_texts_and_several_of_the_item_are_the_same_price():
    record = walk()
    found = evidence(record, {
        "product list": page(["Kaffee", "Thermobecher", "Glaskaraffe"], ("Thermobecher 25,90 €", "25,90 €"),
                             ("Glaskaraffe 30,00 €", "30,00 €"),
                             ("Thermobecher 25,90 € statt 29,90 €", "29,90 €", {"struck": True})),
        "product": page("Thermobecher", ("Thermobecher 25,90 €", "25,90\u00a0€")),
        "cart": page("Warenkorb", ("Thermobecher 2 × 51,80 €", "51,80 €")),
        "checkout": page("Kasse", ("Thermobecher 25.90 €", "25.90 €"))})
    assert judge("price-mismatch", record, found).findings == []


def test_names_listed_at_several_prices_and_journeys_without_an_item_page_say_nothing():
    record = walk()
    found = evidence(record, {
        "product list": page(["Shoes", "Trail Runner", "Trail Runner GTX"], ("Trail Runner $89", "$89"),
                             ("Trail Runner GTX $129", "$129")),
        "product": page("Trail Runner", ("Trail Runner $89", "$89")),
        "cart": page("Cart", ("Trail Runner $99", "$99")), "checkout": page("Checkout")})
    assert judge("price-mismatch", record, found).findings == []
    bare = journey(stage("home", url="http://shop/"))
    judged = judge("price-mismatch", bare, evidence(bare, {"home": page("Welcome")}))
    assert judged.result("home").status == "not_applicable"


def test_a_shopper_sent_to_the_wrong_product_and_on_by_a_detour_still_sees_the_list_price_compared():
    record = walk()
    found = evidence(record, {
        "product list": page(["Coffee gear", "Insulated Travel Mug", "Ceramic Dripper"],
                             ("Insulated Travel Mug $24.49", "$24.49"), ("Ceramic Dripper $26.49", "$26.49")),
        "product": page("Ceramic Dripper", ("Ceramic Dripper $29.99", "$29.99")),  # the wrong link's page
        "cart": page("Your cart", ("Insulated Travel Mug Size: 500 ml $27.50 each", "$27.50"),
                     ("Order summary Subtotal $27.50", "$27.50")),
        "checkout": page("Checkout")})
    [mismatch] = judge("price-mismatch", record, found).findings
    assert (mismatch.stage, mismatch.evidence.value) == ("cart", 27.5)
    assert mismatch.evidence.details[1] == "charged: $27.50 on “cart” (a difference of $3.01)"
