"""Lighthouse assertions: the scenario's page-speed budgets, in Lighthouse CI's own vocabulary, broken on a stage.

`lhci assert` judged each audited stage's Lighthouse runs during the walk (`stage:lighthouse`); every
assertion that failed becomes a finding on that stage, gated as `lhci assert` exits: level "error" (a major
finding) fails the run whatever `--fail-on` says, "warn" (a minor one) never does.
"""

from __future__ import annotations

from typing import Any

from ..base import DetectorConfig, DetectorMeta, JourneyEvidence, Judgement, finding

META = DetectorMeta(
    id="lighthouse-assertions",
    title="A Lighthouse budget is broken",
    description="Turns the Lighthouse CI assertions the scenario sets (scores, metrics, audits) that failed on a "
                "stage's page into findings.",
    reads=("lighthouse",),
)
SEVERITY = {"error": "major", "warn": "minor"}


def _number(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 10 else f"{value:,.0f}"
    return str(value)


def _what(result: dict[str, Any]) -> str:
    if result.get("auditId") == "categories":
        return f"the {result.get('auditProperty', '')} score".replace("-", " ")
    title = result.get("auditTitle") or result.get("auditId", "an audit")
    return f"“{title}”" + (f" ({result['auditProperty']})" if result.get("auditProperty") else "")


def detect(journey: JourneyEvidence, config: DetectorConfig) -> Judgement:
    judgement = Judgement()
    findings = judgement.findings
    for _, stage, evidence in journey.walked_stages():
        lighthouse = evidence.get("lighthouse")
        if lighthouse is None:
            judgement.not_applicable[stage.name] = "Lighthouse did not audit this stage"
            continue
        if lighthouse.get("error") or lighthouse.get("assertion_error"):
            judgement.could_not_judge[stage.name] = (
                f"Lighthouse could not audit this stage: {lighthouse['error']}" if lighthouse.get("error")
                else f"lhci assert could not check the budgets: {lighthouse['assertion_error']}")
            continue
        report = stage.lighthouse.report_html if stage.lighthouse else None
        for result in lighthouse.get("assertions", []):
            what = _what(result)
            expected = f"{result.get('operator', '')} {_number(result.get('expected'))}".strip()
            found = _number(result.get("actual"))
            level = "warn" if result.get("level") == "warn" else "error"
            broken = finding(
                META, SEVERITY[level], stage.name,
                f"Lighthouse measured {what} at {found}, where the assertion asks for {expected} "
                f"({result.get('name')}). Open the Lighthouse report of this stage for what holds it back.",
                title=f"Lighthouse budget broken: {what} is {found}, expected {expected}",
                url=result.get("url"), value=result.get("actual"), threshold=result.get("expected"),
                details=[f"assertion: {result.get('auditId')}"
                         + (f":{result['auditProperty']}" if result.get("auditProperty") else "")
                         + f" {result.get('name')}", f"all runs: {', '.join(map(_number, result.get('values', [])))}"]
                        + ([f"report: {report}"] if report else []))
            broken.gate = level
            findings.append(broken)
    return judgement
