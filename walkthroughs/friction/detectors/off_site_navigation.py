"""Off-site navigation: the shop tried to take the shopper to a host outside the walk's `allowed_hosts`.

The walk cancels such a navigation (a live shop's payment provider must not see test traffic it was not
told about), so the page that would have followed was not checked.
"""

from __future__ import annotations

from ...results import Finding
from ..base import DetectorConfig, DetectorMeta, JourneyEvidence, finding

META = DetectorMeta(
    id="off-site-navigation",
    title="The shop sends shoppers to another site",
    description="A link, form, redirect or script opened a page on a host outside the scenario's allowed_hosts; "
                "the walk stayed on the shop's page instead.",
    reads=("safety",),
)


def detect(journey: JourneyEvidence, config: DetectorConfig) -> list[Finding]:
    safety = journey.evidence.get("safety", {})
    attempts = safety.get("off_site_navigations", [])
    allowed = ", ".join(safety.get("allowed_hosts", [])) or "none"
    by_stage: dict[int | None, list[dict]] = {}
    for attempt in attempts:
        by_stage.setdefault(attempt.get("stage"), []).append(attempt)
    found = []
    for stage_index, stage_attempts in by_stage.items():
        stage = journey.record.stages[stage_index] if stage_index is not None else None
        first = stage_attempts[0]
        hosts = sorted({a.get("host") or a["url"] for a in stage_attempts})
        step = stage.steps[first["step"]] if stage is not None and first.get("step") is not None else None
        where = f"At “{step.label}”" if step else "During the walk"
        found.append(finding(
            META, "major", stage.name if stage else None,
            insight=f"{where}, the browser was sent to {first['url']}, on {', '.join(hosts)}: outside the hosts this "
                    f"walk may visit ({allowed}). The walk stayed where it was, so the page that would have followed "
                    "was not checked. If shoppers really go there (a payment provider, a partner shop), add the host "
                    "to `allowed_hosts`; if not, find the link, form, redirect or script that leads there.",
            step=first.get("step"), url=first["url"], value=len(stage_attempts), unit="attempts",
            details=[a["url"] for a in stage_attempts[:5]], cause=", ".join(hosts),
        ))
    return found
