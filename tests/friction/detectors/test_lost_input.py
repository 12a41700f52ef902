"""lost-input: typing the shop threw away or wrote into another field, and a form asking again for what was typed."""

from detector_cases import evidence, journey, judge, stage, step


def typed(selector, label, text, value=None, others=()):
    value = text if value is None else value
    return {"input": {"selector": selector, "label": label, "typed": text, "value": value, "kept": value == text,
                      "others_changed": list(others)}}


def checkout():
    return journey(stage("checkout", step("Fill First name", verb="fill"), step("Fill Last name", verb="fill"),
                         step("Fill Card number", verb="fill"), phase="purchase", url="http://shop/checkout"),
                   stage("confirmation", step("placing the order"), phase="post-purchase", url="http://shop/checkout"))


BANNER = {"text": "There is 1 problem with your details Enter your last name.", "selector": "div.errors",
          "box": {"x": 0, "y": 0, "width": 600, "height": 80}, "form": 0,
          "fields": [{"selector": "input#last", "label": "Last name", "filled": False, "filled_by_walk": True}]}


def test_a_last_name_written_into_the_first_name_and_then_asked_for_is_one_major_finding_where_it_was_typed():
    record = checkout()
    found = evidence(record, steps={
        ("checkout", 0): typed("input#first", "First name", "Jordan"),
        ("checkout", 1): typed("input#last", "Last name", "Lee", value="", others=[
            {"selector": "input#first", "label": "First name", "before": "Jordan", "after": "Lee"}]),
        ("confirmation", 0): {"form_errors": [BANNER]}})
    [lost] = judge("lost-input", record, found).findings
    assert (lost.severity, lost.stage, lost.evidence.step) == ("major", "checkout", 1)
    assert lost.title == "Typing into Last name writes into First name"
    assert lost.evidence.details == [
        "typing “Lee” into Last name wrote it into First name (which held “Jordan”)",
        "Last name is empty after typing “Lee” into it",
        "then “placing the order” was refused: “There is 1 problem with your details Enter your last name.”, "
        "naming Last name, which the shopper had filled in and the page had emptied"]


def test_a_value_an_input_mask_reformatted_is_kept_and_secrets_are_not_compared():
    record = checkout()
    found = evidence(record, steps={("checkout", 0): typed("input#first", "First name", "jordan", value="Jordan"),
                                    ("checkout", 2): typed("input#card", "Card number", "4242424242424242",
                                                           value="4242 4242 4242 4242")})
    assert judge("lost-input", record, found).findings == []
    secret = {"input": {"selector": "input#cvc", "label": "Security code", "typed": "[secret]", "value": "",
                        "kept": False, "others_changed": []}}
    assert judge("lost-input", record, evidence(record, steps={("checkout", 2): secret})).findings == []


def test_a_field_cut_short_outside_checkout_is_minor_and_ignore_fields_leaves_it():
    record = journey(stage("newsletter", step("Fill Name", verb="fill"), url="http://shop/"))
    found = evidence(record, steps={("newsletter", 0): typed("input#name", "Name", "Jordan Lee", value="Jordan")})
    [cut] = judge("lost-input", record, found).findings
    assert (cut.severity, cut.title) == ("minor", "Name does not keep what the shopper typed")
    assert cut.evidence.details == ["Name kept only “Jordan” of “Jordan Lee”"]
    assert judge("lost-input", record, found, overrides={"ignore_fields": ["Name"]}).findings == []


def test_a_banner_for_a_field_the_walk_never_filled_is_the_form_doing_its_job():
    record = checkout()
    unfilled = {**BANNER, "fields": [{**BANNER["fields"][0], "filled_by_walk": False}]}
    judged = judge("lost-input", record, evidence(record, steps={("confirmation", 0): {"form_errors": [unfilled]}}))
    assert judged.findings == []
    plain = journey(stage("home", step("Open /", verb="goto")))
    assert judge("lost-input", plain, evidence(plain)).result("home").status == "not_applicable"
