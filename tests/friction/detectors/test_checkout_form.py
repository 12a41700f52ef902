"""checkout-form: the fields between the shopper and paying, and how the form helps or hinders."""

from detector_cases import evidence, journey, judge, stage

BOX = {"x": 10, "y": 200, "width": 300, "height": 40}


def field(label, type_="text", autocomplete=None, required=True, **extra):
    return {"selector": f"input#{label.lower().replace(' ', '-')}", "name": label.lower(), "label": label,
            "type": type_,
            "autocomplete": autocomplete, "inputmode": None, "required": required, "filled": False, "invalid": False,
            "error": None, "form": 0, "box": BOX, **extra}


def forms(*fields, guest=None):
    return {"forms": {"fields": list(fields), "forms": 1, "alerts": [], "guest_option": guest, "viewport_height": 720}}


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
              field("City", autocomplete="address-level2")]
    desktop = journey(stage("checkout"))
    phone = journey(stage("checkout"), device_class="mobile")
    assert judge("checkout-form", desktop, evidence(desktop, {"checkout": forms(*fields)})).findings == []
    [keyboard] = judge("checkout-form", phone, evidence(phone, {"checkout": forms(*fields)})).findings
    assert keyboard.title == "Fields open the wrong keyboard" and "Postcode" in keyboard.evidence.details[0]
    many = judge("checkout-form", desktop, evidence(desktop, {"checkout": forms(*fields)}), overrides={"max_fields": 2})
    assert [f.title for f in many.findings] == ["Checkout asks for many fields"]


def test_a_page_without_a_checkout_form_does_not_apply():
    record = journey(stage("search"))
    judged = judge("checkout-form", record, evidence(record, {"search": forms(field("Search", required=False))}))
    assert judged.findings == [] and judged.result("search").status == "not_applicable"
    assert "no checkout form" in judged.result("search").reason
