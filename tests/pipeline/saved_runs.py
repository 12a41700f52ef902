"""Small saved runs for the pipeline's pure parts: one completed journey with findings, one lost at its product stage."""

from __future__ import annotations

from pathlib import Path

from tests.run_records import run_of, scenario_info
from walkthroughs.results import (
    DeviceInfo,
    FailureEvidence,
    Finding,
    FindingEvidence,
    JourneyRecord,
    RunResult,
    StageRecord,
    StepError,
    StepRecord,
    save_results,
)

STAGES = ("ad landing", "product", "cart")
STAGE_LINES = {"ad landing": 5, "product": 10, "cart": 16}  # where scenarios/demo-shop.yaml would write them


def completed_journey(device: str = "desktop", device_class: str = "desktop", scenario_name: str = "checkout-journey") -> JourneyRecord:
    return JourneyRecord(
        id=f"{scenario_name}--{device}", scenario=scenario_name, status="completed", duration_ms=4200,
        started_at="2026-01-02T10:00:00+00:00", score=80.0, evidence=f"journeys/{scenario_name}--{device}/evidence.json",
        device=DeviceInfo(name=device, device_class=device_class),
        stages=[StageRecord(name=s, status="passed", duration_ms=1400, line=STAGE_LINES[s],
                            screenshot=f"journeys/{scenario_name}--{device}/0{i + 1}/stage.jpg") for i, s in enumerate(STAGES)],
        findings=[
            Finding(detector="hidden-costs", title="Shipping appears only at the end", severity="major", stage="cart",
                    insight="Show the shipping cost in the cart."),
            Finding(detector="slow-step", title="Slow product page", severity="minor", stage="product",
                    insight="Answer the product page faster."),
        ],
    )


def broken_journey(device: str = "mobile") -> JourneyRecord:
    lost = StageRecord(
        name="product", status="failed", duration_ms=10500, line=STAGE_LINES["product"],
        failure=FailureEvidence(screenshot=f"journeys/checkout-journey--{device}/02-product/failure.jpg"),
        steps=[StepRecord(index=0, verb="click", label="click Add to cart", status="failed", line=13,
                          error=StepError(kind="covered", message="“Add to cart” (button) was not reachable: a cookie banner covers it"))],
    )
    return JourneyRecord(
        id=f"checkout-journey--{device}", scenario="checkout-journey", status="broken", duration_ms=12000,
        evidence=f"journeys/checkout-journey--{device}/evidence.json",
        device=DeviceInfo(name=device, device_class="mobile", is_mobile=True),
        stages=[StageRecord(name="ad landing", status="passed", duration_ms=1500, line=STAGE_LINES["ad landing"]), lost,
                StageRecord(name="cart", status="not_reached", line=STAGE_LINES["cart"])],
    )


def run_result(journeys: list[JourneyRecord], run_id: str = "20260102-100000-aaaa",
               fail_on: str | None = "blocker") -> RunResult:
    return run_of(journeys, scenario_info("checkout-journey", STAGES, file="scenarios/demo-shop.yaml"), run_id,
                  "2026-01-02T10:00:00+00:00", "2026-01-02T10:01:00+00:00", fail_on=fail_on)


def save_run(reports: Path, result: RunResult) -> Path:
    """A run folder as a walk leaves it: results.json, a journey folder per journey with files in it, `latest`."""
    run_dir = reports / result.run_id
    for journey in result.journeys:
        folder = run_dir / "journeys" / journey.id
        (folder / "01-ad-landing").mkdir(parents=True)
        (folder / "evidence.json").write_text('{"journey": "%s"}' % journey.id)
        (folder / "01-ad-landing" / "step-01.jpg").write_bytes(b"\xff\xd8 picture of " + journey.id.encode())
    save_results(result, run_dir / "results.json")
    (reports / "latest").symlink_to(result.run_id)
    return run_dir


def checks_failed_journey(device: str = "desktop") -> JourneyRecord:
    """Every stage walked, but a check on the product page saw another address: the walk went on past it."""
    journey = completed_journey(device)
    journey.status = "checks_failed"
    journey.stages[1].steps = [
        StepRecord(index=0, verb="click", label="click Shop now", status="passed", line=11),
        StepRecord(index=1, verb="expect", label="Check the url contains “/product/trail-runner”", status="failed",
                   line=12, screenshot=f"journeys/checkout-journey--{device}/02-product/02.jpg",
                   error=StepError(kind="assertion", message="the page is at /landing/trail-runner"))]
    journey.findings.append(Finding(detector="journey-broken", title="The page does not show what the shopper expects",
                                    severity="major", stage="product", insight="“Check the url…” did not hold.",
                                    evidence=FindingEvidence(step=1)))
    return journey
