"""What CI shows: GitHub annotations, one per problem at its scenario line, the job summary linking the workflow run,
and a failed item's message."""

from __future__ import annotations

from pathlib import Path

from saved_runs import broken_journey, checks_failed_journey, completed_journey, run_result

from walkthroughs.ci.github import (
    annotation,
    annotations,
    run_url,
    step_summary,
    write_step_summary,
)
from walkthroughs.pytest_plugin import failure_message
from walkthroughs.results import Finding, FindingEvidence

GITHUB = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "shop/checkout", "GITHUB_RUN_ID": "4242"}


def lost_with_its_finding():
    """A lost journey as a real walk leaves it: the journey-broken detector's blocker says the same as the loss."""
    journey = broken_journey()
    journey.findings.append(Finding(detector="journey-broken", title="The shopper cannot go on: covered", severity="blocker",
                                    stage="product", insight="Move the cookie banner.",
                                    evidence=FindingEvidence(step=0)))
    return journey


def test_each_problem_is_annotated_once_at_its_scenario_line():
    lines = annotations(run_result([completed_journey(), lost_with_its_finding()], fail_on="major"))
    assert lines == [
        "::error file=scenarios/demo-shop.yaml,line=13,title=Shopper lost at product (mobile)::"
        "at step “click Add to cart”: “Add to cart” (button) was not reachable: a cookie banner covers it",
        "::error file=scenarios/demo-shop.yaml,line=16,title=Shipping appears only at the end (cart on desktop)::"
        "Show the shipping cost in the cart.",
        "::warning file=scenarios/demo-shop.yaml,line=10,title=Slow product page (product on desktop)::"
        "Answer the product page faster.",
    ]


def test_a_finding_on_several_devices_is_one_annotation_naming_them():
    lines = annotations(run_result([completed_journey(), completed_journey("iPhone 13", "mobile")], fail_on="major"))
    assert len(lines) == 2
    assert "title=Shipping appears only at the end (cart on desktop%2C iPhone 13)" in lines[0]


def test_a_cause_seen_on_several_stages_and_devices_is_one_annotation_at_its_first_line():
    journeys = [completed_journey("desktop"), completed_journey("tablet", "tablet")]
    for journey in journeys:  # the same slow response on the product and the cart page
        slow = journey.findings[1]
        slow.key = "slow-step|the stock API"
        journey.findings.append(slow.model_copy(update={"stage": "cart"}))
    lines = annotations(run_result(journeys, fail_on="major"))
    assert lines[1:] == [
        "::warning file=scenarios/demo-shop.yaml,line=10,title=Slow product page (product%2C cart on desktop%2C "
        "tablet)::Answer the product page faster.",
    ]


def test_info_findings_are_never_annotated():
    journey = completed_journey()
    journey.findings.append(Finding(detector="ad-landing", title="The ad's promise is kept", severity="info",
                                    stage="ad landing", insight="Nothing to do."))
    assert not any("promise" in line for line in annotations(run_result([journey], fail_on="info")))


def test_a_finding_is_an_error_annotation_only_where_it_fails_the_run():
    """The annotations say what the exit code says: with the default fail_on (blocker) a major finding warns."""
    [lost, major, minor] = annotations(run_result([completed_journey(), broken_journey()]))
    assert major.startswith("::warning ") and "Shipping appears only at the end" in major
    assert minor.startswith("::warning ") and lost.startswith("::error ")


def test_lighthouse_ci_levels_decide_whatever_fail_on_says():
    journey = completed_journey()
    journey.findings = [
        Finding(detector="lighthouse-assertions", title="Lighthouse budget broken: the performance score is 0.62",
                severity="major", stage="cart", insight="Open the report.", gate="error"),
        Finding(detector="lighthouse-assertions", title="Lighthouse budget broken: LCP is 3,100", severity="minor",
                stage="cart", insight="Open the report.", gate="warn")]
    result = run_result([journey], fail_on="blocker")
    assert not result.verdict().passed and result.verdict().level == "friction"
    assert result.verdict().reasons == "from Lighthouse CI error assertions"
    [error, warn] = annotations(result)
    assert error.startswith("::error ") and "performance score" in error
    assert warn.startswith("::warning ") and "LCP" in warn
    journey.findings = journey.findings[1:]
    assert run_result([journey], fail_on="minor").verdict().passed  # a warn never fails, even at or above fail_on


def test_annotation_text_cannot_break_the_workflow_command():
    assert annotation("notice", "a: b, c", "50% off\nnow") == "::notice title=a%3A b%2C c::50%25 off%0Anow"
    assert annotation("error", "t", "m", "shop, one.yaml", 7) == "::error file=shop%2C one.yaml,line=7,title=t::m"


def test_absolute_scenario_paths_become_relative_to_the_checkout(tmp_path):
    result = run_result([broken_journey()])
    result.scenarios[0].file = str(tmp_path / "scenarios" / "shop.yaml")
    [lost] = annotations(result, {"GITHUB_WORKSPACE": str(tmp_path)})
    assert lost.startswith("::error file=scenarios/shop.yaml,line=13,")


def test_the_job_summary_links_the_workflow_run_instead_of_a_local_path(tmp_path):
    run_dir = tmp_path / "20260102-100000-aaaa"
    (run_dir / "report").mkdir(parents=True)
    (run_dir / "report" / "summary.md").write_text("## checkout\n\nFull report: `20260102-100000-aaaa/report/index.html`\n")
    assert run_url(GITHUB) == "https://github.com/shop/checkout/actions/runs/4242"
    assert run_url({}) is None
    linked = step_summary(run_dir, GITHUB)
    assert "Full report: [the artifacts of this workflow run](https://github.com/shop/checkout/actions/runs/4242)" in linked
    target = tmp_path / "step-summary.md"
    assert write_step_summary(run_dir, {**GITHUB, "GITHUB_STEP_SUMMARY": str(target)})
    assert target.read_text().startswith("## checkout") and "actions/runs/4242" in target.read_text()
    assert not write_step_summary(run_dir, GITHUB)  # no $GITHUB_STEP_SUMMARY: nothing written


def test_failure_message_says_where_the_shopper_was_lost_and_which_findings_fail():
    message = failure_message(broken_journey(), Path("/runs/r1"), "major", "scenarios/demo-shop.yaml")
    assert message == ("The shopper was lost at stage “product” at step “click Add to cart”: “Add to cart” (button) was "
                       "not reachable: a cookie banner covers it (scenarios/demo-shop.yaml:13)\n"
                       "  screenshot: /runs/r1/journeys/checkout-journey--mobile/02-product/failure.jpg")
    assert failure_message(completed_journey(), Path("/runs/r1"), "major") == (
        "1 finding at or above “major”:\n"
        "  [major] cart · Shipping appears only at the end: Show the shipping cost in the cart.")
    assert "2 findings at or above “minor”" in failure_message(completed_journey(), Path("."), "minor")
    assert failure_message(completed_journey(), Path("."), "blocker") is None
    assert failure_message(completed_journey(), Path("."), None) is None


def test_a_check_that_failed_while_the_walk_went_on_is_an_error_at_its_line_and_in_the_items_message():
    result = run_result([checks_failed_journey()], fail_on="major")
    lines = annotations(result)
    assert lines[0] == ("::error file=scenarios/demo-shop.yaml,line=12,title=Check failed at product (desktop)::"
                        "at step “Check the url contains “/product/trail-runner””: the page is at /landing/trail-runner")
    assert not any("does not show what the shopper expects" in line for line in lines)  # not told twice
    message = failure_message(result.journeys[0], Path("/runs/1"), "major", "scenarios/demo-shop.yaml")
    assert ("A check failed at stage “product” at step “Check the url contains “/product/trail-runner””: the page "
            "is at /landing/trail-runner (scenarios/demo-shop.yaml:12)") in message
