"""Intermittent: a stage that fails in some walks of the same journey but not in others (`--repeat N`).

A run-scope detector: it reads the walks of a scenario together, once all of them are walked. The finding goes on
the first walk where the stage failed, with the failure rate; journeys walked once are not applicable.
"""

from __future__ import annotations

from ...results import JourneyRecord
from ..base import DetectorConfig, DetectorMeta, Judgement, RunEvidence, finding

META = DetectorMeta(
    id="intermittent",
    title="Works only some of the time",
    description="The same journey, walked several times on the same device, failed at this stage in some walks "
                "and passed in others.",
    scope="run",
)
WALKED_ONCE = "walked once: walk it several times with --repeat N to see whether it fails only some of the time"


def repeat_groups(journeys: list[JourneyRecord]) -> list[list[JourneyRecord]]:
    """Walks of the same scenario, path, persona and device, in repeat order; journeys walked once are left out."""
    groups: dict[tuple, list[JourneyRecord]] = {}
    for journey in journeys:
        if journey.repeat is not None:
            key = (journey.scenario, journey.path, journey.persona, journey.device.name)
            groups.setdefault(key, []).append(journey)
    return [sorted(group, key=lambda j: j.repeat or 0) for group in groups.values() if len(group) > 1]


def detect(run: RunEvidence, config: DetectorConfig) -> dict[str, Judgement]:
    judged = {journey.id: Judgement(not_applicable={None: WALKED_ONCE}) for journey in run.journeys}
    for walks in repeat_groups(run.journeys):
        for walk in walks:
            judged[walk.id] = Judgement()
        for index, stage in enumerate(walks[0].stages):
            reached = [w for w in walks if index < len(w.stages) and w.stages[index].reached]
            failed = [w for w in reached if w.stages[index].went_wrong]
            if not failed or len(failed) == len(reached):
                continue
            first = failed[0].stages[index]
            step = first.failed_step or next(iter(first.failed_checks), None)
            what = f"“{step.label}” failed: {step.error.message}" if step and step.error else "the stage failed"
            share = len(failed) / len(reached)
            judged[failed[0].id].findings.append(finding(
                META, "major", stage.name, title=f"Fails in {len(failed)} of {len(reached)} walks",
                insight=f"On {walks[0].device.name} this stage failed in {len(failed)} of {len(reached)} walks "
                        f"({share:.0%}) and passed in the others; in walk {failed[0].repeat}, {what}. A failure that "
                        "comes and goes reaches real shoppers too: look for timeouts, race conditions or an "
                        "unreliable service behind this step.",
                step=step.index if step else None, selector=step.target if step else None,
                url=first.failure.url if first.failure else first.url,
                screenshot=first.failure.screenshot if first.failure else first.screenshot,
                value=round(share, 2), threshold=0, unit="failure rate",
                details=[f"walk {w.repeat}: " + ("a check failed" if w.stages[index].status == "passed"
                                                 and w.stages[index].went_wrong else w.stages[index].status)
                         for w in reached],
            ))
    return judged
