"""What commits a shopper, without a browser: the words in the shops' languages, the addresses, the payment
providers, the files users add, the network guard's rules, and the scenario check before a production walk."""

from __future__ import annotations

import json

import pytest

from walkthroughs.safety import (
    COMMIT_WORDS_ENV,
    CommitWordsError,
    unguarded,
    vocabulary,
    words_for,
)
from walkthroughs.safety.commit_guard import CommitGuard, carries_card_number
from walkthroughs.safety.committing_actions import judge
from walkthroughs.scenario import load_scenario

# One label a shop writes on its last button, per language the words must know.
LAST_BUTTONS = {
    "en": [("Place order · €94.90", "order"), ("Buy now", "order"), ("Pay £12.00", "payment"),
           ("Complete purchase", "order"), ("Confirm and pay", "payment"), ("Submit order", "order"),
           ("Subscribe", "subscription"), ("Donate now", "donation")],
    "de": [("Jetzt kaufen", "order"), ("Zahlungspflichtig bestellen", "order"), ("Jetzt bezahlen", "payment")],
    "fr": [("Commander", "order"), ("Payer 94,90 €", "payment"), ("S’abonner", "subscription")],
    "es": [("Comprar", "order"), ("Pagar", "payment"), ("Realizar pedido", "order")],
    "it": [("Conferma l’ordine", "order"), ("Paga ora", "payment")],
    "nl": [("Bestelling plaatsen", "order"), ("Nu betalen", "payment")],
    "pt": [("Finalizar compra", "order"), ("Efetuar pagamento", "payment")],
    "pl": [("Zamawiam i płacę", "order"), ("Zapłać", "payment")],
    "sv": [("Slutför köp", "order"), ("Betala nu", "payment")],
    "ru": [("Оформить заказ", "order"), ("Оплатить", "payment")],
    "ja": [("ご注文を確定する", "order"), ("今すぐ購入", "order"), ("支払う", "payment")],
}
ON_THE_WAY = ["Add to cart", "In den Warenkorb", "Weiter einkaufen", "Seguir comprando", "Proceed to checkout",
              "Continue to payment", "Order summary", "Checkout", "Apply", "No thanks", "Sign in", "お支払い方法",
              "購入手続きへ", "PayPal", "Remove Trail Runner 2, size 42", "Continue"]


@pytest.mark.parametrize("language", sorted(LAST_BUTTONS))
def test_the_last_button_is_recognised_in_every_language(language):
    words = vocabulary()
    assert [(label, (words.name_commits(label) or None) and words.name_commits(label).kind)
            for label, _ in LAST_BUTTONS[language]] == LAST_BUTTONS[language]


def test_the_buttons_on_the_way_to_the_order_are_not():
    words = vocabulary()
    assert [label for label in ON_THE_WAY if words.name_commits(label)] == []


def test_short_words_commit_only_as_the_whole_label():
    words = vocabulary()
    assert words.name_commits("Order").kind == "order" and words.name_commits("Buy →").kind == "order"
    assert words.name_commits("Order summary") is None and words.name_commits("Buy more, save more") is None


@pytest.mark.parametrize("url, kind", [
    ("https://shop.example/checkout/place-order", "order"), ("https://shop.example/CheckoutServices-PlaceOrder", "order"),
    ("https://shop.example/rest/V1/guest-carts/7/payment-information", "payment"),
    ("https://shop.example/api/orders", "order"), ("https://shop.example/checkout", None),
    ("https://shop.example/api/cart", None),
    ("https://shop.example/adyen/paymentMethods", None),
])
def test_addresses_that_say_they_commit(url, kind):
    match = vocabulary().address_commits(url)
    assert (match.kind if match else None) == kind


def test_payment_providers_are_known_by_host_and_subdomain():
    words = vocabulary()
    assert words.provider_of("api.stripe.com") == "Stripe" and words.provider_of("checkoutshopper-live.adyen.com") == "Adyen"
    assert words.provider_of("notstripe.com") is None and words.provider_of("127.0.0.1") is None


def test_users_add_words_and_providers_from_the_environment_and_the_scenario(tmp_path, monkeypatch):
    (tmp_path / "ours.yaml").write_text("order:\n  phrases:\n    de: [jetzt mieten]\n"
                                        "payment_providers: {pay.example-psp.net: Example PSP}\n")
    (tmp_path / "scenario-words.yaml").write_text("subscription:\n  whole: [join]\n")
    scenario = tmp_path / "journey.yaml"
    scenario.write_text("name: x\nbase_url: https://shop.example\ncommit_words: scenario-words.yaml\n"
                        "stages:\n  - name: a\n    steps:\n      - goto: /\n")
    assert vocabulary().name_commits("Jetzt mieten") is None
    monkeypatch.setenv(COMMIT_WORDS_ENV, str(tmp_path / "ours.yaml"))
    words = words_for(load_scenario(scenario))
    assert words.name_commits("Jetzt mieten").kind == "order" and words.name_commits("Join").kind == "subscription"
    assert words.provider_of("api.pay.example-psp.net") == "Example PSP"
    assert words.name_commits("Place order").kind == "order"  # the shipped words stay


def test_a_commit_words_file_that_is_wrong_names_its_line(tmp_path, monkeypatch):
    bad = tmp_path / "bad.yaml"
    bad.write_text("order:\n  phrases:\n    en: [place order]\nrefund:\n  phrases: [give back]\n")
    monkeypatch.setenv(COMMIT_WORDS_ENV, str(bad))
    with pytest.raises(CommitWordsError, match=r"bad\.yaml:4: expected one of order, payment, subscription"):
        vocabulary()


def guard() -> CommitGuard:
    return CommitGuard(vocabulary(), clock_start=0.0)


def test_the_guard_holds_what_commits_and_never_a_get():
    commits = guard()
    assert commits.hold_for("GET", "https://api.stripe.com/v1/payment_intents", None) is None
    assert commits.hold_for("POST", "https://api.stripe.com/v1/payment_intents", "amount=1").kind == "payment"
    assert commits.hold_for("POST", "https://shop.example/api/cart", '{"slug": "trail-runner"}') is None
    assert commits.hold_for("POST", "https://shop.example/checkout/place-order", "").kind == "order"
    card = "email=a%40b.c&card_number=4242+4242+4242+4242&card_cvc=123"
    assert commits.hold_for("POST", "https://shop.example/checkout", card, "Document").kind == "order"
    assert commits.hold_for("POST", "https://shop.example/checkout", "phone=015112345678&postcode=10115") is None


def test_the_guard_learns_the_order_address_and_holds_everything_after_the_stop():
    commits = guard()
    assert commits.hold_for("POST", "https://shop.example/checkout?step=2", "a=1") is None
    commits.learn("https://shop.example/checkout", "order")
    assert "form whose button commits" in commits.hold_for("POST", "https://shop.example/checkout?step=2", "a=1").reason
    assert commits.hold_for("POST", "https://shop.example/api/newsletter", "") is None
    commits.stop("order")
    assert "stopped before placing the order" in commits.hold_for("POST", "https://shop.example/api/newsletter", "").reason
    assert commits.hold_for("GET", "https://shop.example/api/newsletter", None) is None


@pytest.mark.parametrize("body, card", [
    ("card_number=4000+0566+5566+5556", True), (json.dumps({"card": {"number": "4242424242424242"}}), True),
    ('--b\r\nContent-Disposition: form-data; name="pan"\r\n\r\n5555 5555 5555 4444\r\n--b--', True),
    ("amex=3782+822463+10005", True), ("order_id=4242424242424242424242", False), ("phone=%2B4915112345678", False),
    ("phone=4915112345678", False), ("amount=4200", False),
])
def test_a_card_number_is_a_whole_value_of_a_card_network(body, card):
    assert carries_card_number(body) is card


def test_the_element_is_judged_not_the_selector():
    words = vocabulary()
    button = {"acts": "form", "element": "button", "texts": ["Place order"],
              "submits": {"method": "POST", "action": "https://shop.example/checkout"}}
    assert judge({"targets": [button]}, words).reason == "the button reads “Place order”"
    enter = {"acts": "form", "element": "field", "texts": ["Zahlungspflichtig bestellen"],
             "submits": {"method": "POST", "action": "https://shop.example/checkout"}}
    assert judge({"targets": [enter]}, words).reason == "the button the Enter key presses reads “Zahlungspflichtig bestellen”"
    vague = {"acts": "form", "element": "button", "texts": ["Continue"],
             "submits": {"method": "POST", "action": "https://shop.example/checkout/place-order"}}
    assert "its form posts to" in judge({"targets": [vague]}, words).reason
    link = {"acts": "link", "element": "link", "texts": ["Buy now"], "href": "https://shop.example/product/trail-runner"}
    assert judge({"targets": [link]}, words) is None  # opening a page commits nothing
    assert judge({"targets": [{"acts": "nothing", "element": "choice", "texts": []}]}, words) is None


SCENARIO = """name: guarded
base_url: https://shop.example
stages:
  - name: checkout
    phase: purchase
    steps:
      - goto: /checkout
      - fill: {{label: Email, value: a@b.c}}
  - name: confirmation
    steps:
      - {last}
"""


@pytest.mark.parametrize("last, guarded", [
    ("click: {role: button, name: Place order}", True), ('click: "text=Jetzt kaufen"', True),
    ("click: {test_id: submit-order}", True), ("{click: '#go', commit: true}", True),
    ("{click: '#go', commit: false}", True), ("click: '#go'", False), ("press: Enter", False),
])
def test_a_purchase_stage_needs_a_committing_step_after_it(tmp_path, last, guarded):
    path = tmp_path / "journey.yaml"
    path.write_text(SCENARIO.format(last=last))
    problems = unguarded(load_scenario(path))
    assert (problems == []) is guarded
    if problems:
        assert str(problems[0]).startswith(f"{path}:5:12: stage “checkout” (purchase)")


def test_a_cors_preflight_stands_for_the_request_it_asks_leave_for():
    from walkthroughs.safety.routing import asked_method

    assert asked_method({"method": "OPTIONS", "headers": {"Access-Control-Request-Method": "post"}}) == "POST"
    assert asked_method({"method": "OPTIONS", "headers": {"access-control-request-method": "GET"}}) == "GET"
    assert asked_method({"method": "PUT", "headers": {}}) == "PUT"
