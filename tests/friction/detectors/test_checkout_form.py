"""checkout-form: the fields between the shopper and paying, and how the form helps or hinders."""

from detector_cases import evidence, journey, judge, stage

BOX = {"x": 10, "y": 200, "width": 300, "height": 40}


def field(label, type_="text", autocomplete=None, required=True, **extra):
    return {"selector": f"input#{label.lower().replace(' ', '-')}", "name": label.lower(), "label": label,
            "type": type_,
            "autocomplete": autocomplete, "inputmode": None, "required": required, "filled": False, "invalid": False,
            "error": None, "form": 0, "box": BOX, **extra}


def forms(*fields, guest=None, lang="en", browser_locale=None):
    return {"forms": {"fields": list(fields), "forms": 1, "alerts": [], "guest_option": guest, "viewport_height": 720,
                      "lang": lang, "browser_locale": browser_locale}}


def country(value, text):
    return field("Country", "select", "country", chosen={"value": value, "text": text})


ADDRESS = [field("Email", "email", "email"), field("Postcode", "text", "postal-code"),
           field("City", "text", "address-level2")]


def test_a_required_password_without_guest_checkout_is_major_and_its_field_is_boxed():
    record = journey(stage("checkout", screenshot="journeys/x/checkout.jpg"))
    password = field("Password", "password")
    judged = judge("checkout-form", record, evidence(record, {"checkout": forms(*ADDRESS, password)}))
    [forced] = [f for f in judged.findings if f.severity == "major"]
    assert forced.title == "Checkout forces shoppers to create an account"
    assert forced.evidence.screenshot == "journeys/x/checkout.jpg" and forced.evidence.boxes[0].role == "target"


def test_phone_keyboards_are_judged_on_phones_only_and_the_field_limit_is_a_whole_number():
    fields = [field("Postcode", "text", "postal-code"), field("Email", "email", "email"),
              field("City", autocomplete="address-level2"), country("DE", "Germany")]
    desktop = journey(stage("checkout"))
    phone = journey(stage("checkout"), device_class="mobile")
    assert judge("checkout-form", desktop, evidence(desktop, {"checkout": forms(*fields)})).findings == []
    [keyboard] = judge("checkout-form", phone, evidence(phone, {"checkout": forms(*fields)})).findings
    assert keyboard.title == "Fields open the wrong keyboard" and "Postcode" in keyboard.evidence.details[0]
    many = judge("checkout-form", desktop, evidence(desktop, {"checkout": forms(*fields)}), overrides={"max_fields": 3})
    assert [f.title for f in many.findings] == ["Checkout asks for many fields"]


def test_a_page_without_a_checkout_form_does_not_apply():
    record = journey(stage("search"))
    judged = judge("checkout-form", record, evidence(record, {"search": forms(field("Search", required=False))}))
    assert judged.findings == [] and judged.result("search").status == "not_applicable"
    assert "no checkout form" in judged.result("search").reason


def keyboard_advice(*fields, **page):
    phone = journey(stage("checkout"), device_class="mobile")
    judged = judge("checkout-form", phone, evidence(phone, {"checkout": forms(*fields, **page)}))
    return [line for f in judged.findings if f.title == "Fields open the wrong keyboard" for line in f.evidence.details]


POSTCODE = field("Postcode", "text", "postal-code")
NUMERIC_POSTCODE = field("Postcode", "text", "postal-code", inputmode="numeric")


def test_the_numeric_keyboard_is_advised_for_postcodes_only_where_they_are_digits():
    for code, name in (("DE", "Germany"), ("FR", "France"), ("US", "United States")):
        [advice] = keyboard_advice(*ADDRESS[:1], POSTCODE, ADDRESS[2], country(code, name))
        assert f"postcodes in {code} are digits" in advice
    for code, name in (("GB", "United Kingdom"), ("NL", "Netherlands"), ("CA", "Canada"), ("IE", "Ireland")):
        assert keyboard_advice(*ADDRESS[:1], POSTCODE, ADDRESS[2], country(code, name)) == []


def test_a_number_keyboard_for_postcodes_with_letters_is_wrong_too():
    [advice] = keyboard_advice(*ADDRESS[:1], NUMERIC_POSTCODE, ADDRESS[2], country("", "United Kingdom"))
    assert "postcodes in GB have letters" in advice


def test_without_a_country_choice_the_page_locale_says_and_otherwise_postcodes_get_no_advice():
    assert keyboard_advice(*ADDRESS, browser_locale="de-DE") and keyboard_advice(*ADDRESS, lang="fr-FR")
    assert keyboard_advice(*ADDRESS, lang="en-GB") == []
    assert keyboard_advice(*ADDRESS, country("", "Choose a country"), lang="en") == []
