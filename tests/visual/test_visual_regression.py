"""visual-regression: each stage's last screen against the same stage of a baseline run, read from the two runs'
folders — the comparison boxed on both pictures, kept in the run's folder so the run can be judged again offline."""

from __future__ import annotations

from pathlib import Path

from detector_cases import journey, stage
from pictures import PINNED, saved, shop_screen

from walkthroughs.baseline import adopt_baseline, remembered_baseline, same_run_baseline
from walkthroughs.friction.assess import assess_across_walks, assess_run
from walkthroughs.friction.detectors.visual_regression import NO_BASELINE
from walkthroughs.results import RunResult, ScenarioInfo, ScenarioStage, load_results, save_results

CART = "journeys/shop--desktop/02-cart/step-06.jpg"
PRODUCT = "journeys/shop--desktop/01-product/step-04.jpg"


def run_folder(folder: Path, cart_button=None, cart_status="passed") -> RunResult:
    """A saved run of one journey: a product stage and a cart stage, each ending on its screenshot."""
    saved(shop_screen(), folder / PRODUCT)
    saved(shop_screen(**({"button": cart_button} if cart_button else {})), folder / CART)
    record = journey(stage("product", screenshot=PRODUCT, url="http://shop.test/p"),
                     stage("cart", screenshot=CART, url="http://shop.test/cart", status=cart_status))
    result = RunResult(run_id=folder.name, tool_version="0", started_at="2026-01-01T00:00:00+00:00",
                       journeys=[record], scenarios=[ScenarioInfo(name="shop", stages=[
                           ScenarioStage(name="product"), ScenarioStage(name="cart")])])
    folder.mkdir(parents=True, exist_ok=True)
    save_results(result, folder / "results.json")
    return result


def findings(result: RunResult):
    return [f for f in result.journeys[0].findings if f.detector == "visual-regression"]


def statuses(result: RunResult):
    return {r.stage: r.status for r in result.journeys[0].detector_results if r.detector == "visual-regression"}


def test_without_a_baseline_it_does_not_apply(tmp_path):
    result = run_folder(tmp_path / "after")
    assess_across_walks(result, root=tmp_path / "after")
    assert set(statuses(result).values()) == {"not_applicable"}
    reason = next(r.reason for r in result.journeys[0].detector_results if r.detector == "visual-regression")
    assert reason == NO_BASELINE


def test_a_button_moved_over_the_header_is_one_minor_finding_with_before_and_after(tmp_path):
    run_folder(tmp_path / "before")
    result = run_folder(tmp_path / "after", cart_button=PINNED)
    baseline = adopt_baseline(tmp_path / "before", result, tmp_path / "after")
    assess_across_walks(result, root=tmp_path / "after", baseline=baseline)
    [only] = findings(result)
    assert only.stage == "cart" and only.severity == "minor" and "2 parts" in only.insight
    assert only.evidence.screenshot == CART and only.evidence.baseline_screenshot == f"baseline/{CART}"
    assert (tmp_path / "after" / only.evidence.baseline_screenshot).exists()  # kept in this run's folder
    assert {b.role for b in only.evidence.boxes} == {"changed"} and len(only.evidence.boxes) == 2
    assert statuses(result) == {"product": "passed", "cart": "findings"}


def test_a_stage_failed_in_either_run_is_not_compared(tmp_path):
    run_folder(tmp_path / "before", cart_status="failed")
    result = run_folder(tmp_path / "after", cart_button=PINNED)
    assess_across_walks(result, root=tmp_path / "after",
                        baseline=adopt_baseline(tmp_path / "before", result, tmp_path / "after"))
    assert findings(result) == [] and statuses(result) == {"product": "passed", "cart": "not_applicable"}


def test_the_run_remembers_its_baseline_so_assess_compares_again_offline(tmp_path):
    run_folder(tmp_path / "before")
    result = run_folder(tmp_path / "after", cart_button=PINNED)
    result.baseline = adopt_baseline(tmp_path / "before", result, tmp_path / "after").info(tmp_path / "after")
    save_results(result, tmp_path / "after" / "results.json")
    assert result.baseline.run == "baseline" and result.baseline.journeys == {"shop--desktop": "shop--desktop"}
    (tmp_path / "before" / CART).unlink()  # the earlier run may be gone: its copy is enough
    judged = assess_run(tmp_path / "after")
    assert len(findings(judged)) == 1 and len(findings(load_results(tmp_path / "after" / "results.json"))) == 1


def test_walks_of_one_run_compare_with_each_other(tmp_path):
    result = run_folder(tmp_path / "run", cart_button=PINNED)
    clean = result.journeys[0].model_copy(update={"id": "clean--desktop", "stages": [
        s.model_copy(update={"screenshot": s.screenshot.replace(".jpg", "-clean.jpg")})
        for s in result.journeys[0].stages]})
    saved(shop_screen(), tmp_path / "run" / PRODUCT.replace(".jpg", "-clean.jpg"))
    saved(shop_screen(), tmp_path / "run" / CART.replace(".jpg", "-clean.jpg"))
    result.journeys.append(clean)
    baseline = same_run_baseline(result, tmp_path / "run", {"shop--desktop": "clean--desktop"})
    assess_across_walks(result, root=tmp_path / "run", baseline=baseline)
    [only] = findings(result)
    assert only.evidence.baseline_screenshot == CART.replace(".jpg", "-clean.jpg")
    assert baseline.info(tmp_path / "run").run == "."
    result.baseline = baseline.info(tmp_path / "run")
    assert remembered_baseline(tmp_path / "run", result).pairs == {"shop--desktop": "clean--desktop"}
