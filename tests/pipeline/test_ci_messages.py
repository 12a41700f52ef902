"""What CI shows: GitHub annotations per finding and broken journey, and a failed item's message."""

from __future__ import annotations

from pathlib import Path

from saved_runs import broken_journey, completed_journey, run_result

from walkthroughs.ci.github import annotation, annotations
from walkthroughs.pytest_plugin import failure_message


def test_findings_and_lost_journeys_become_annotations_on_the_scenario_file():
    lines = annotations(run_result([completed_journey(), broken_journey()], fail_on="major"))
    assert lines == [
        "::error file=scenarios/demo-shop.yaml,title=Shipping appears only at the end (desktop%2C cart)::"
        "Show the shipping cost in the cart.",
        "::warning file=scenarios/demo-shop.yaml,title=Slow product page (desktop%2C product)::Answer the product page faster.",
        "::error file=scenarios/demo-shop.yaml,title=Shopper lost at product (mobile)::"
        "“Add to cart” (button) was not reachable: a cookie banner covers it",
    ]


def test_a_finding_is_an_error_annotation_only_where_it_fails_the_run():
    """The annotations say what the exit code says: with the default fail_on (blocker) a major finding warns."""
    [major, minor, lost] = annotations(run_result([completed_journey(), broken_journey()]))
    assert major.startswith("::warning ") and "Shipping appears only at the end" in major
    assert minor.startswith("::warning ") and lost.startswith("::error ")


def test_annotation_text_cannot_break_the_workflow_command():
    assert annotation("notice", "a: b, c", "50% off\nnow") == "::notice title=a%3A b%2C c::50%25 off%0Anow"


def test_failure_message_says_where_the_shopper_was_lost_and_which_findings_fail():
    message = failure_message(broken_journey(), Path("/runs/r1"), "major")
    assert message == ("The shopper was lost at stage “product” at step “click Add to cart”: “Add to cart” (button) was "
                       "not reachable: a cookie banner covers it\n"
                       "  screenshot: /runs/r1/journeys/checkout-journey--mobile/02-product/failure.jpg")
    assert failure_message(completed_journey(), Path("/runs/r1"), "major") == (
        "1 finding at or above major:\n"
        "  [major] cart · Shipping appears only at the end: Show the shipping cost in the cart.")
    assert "2 findings at or above minor" in failure_message(completed_journey(), Path("."), "minor")
    assert failure_message(completed_journey(), Path("."), "blocker") is None
    assert failure_message(completed_journey(), Path("."), None) is None
