"""The runner hands a detector only the evidence parts it reads, and says where one is missing or its gatherer
failed — so a detector that cannot judge a stage says so (an error naming the gatherer) instead of passing it."""

from __future__ import annotations

from typing import Any

from ..evidence import PARTS
from ..results import JourneyRecord

Problems = dict[str | None, str]  # stage name (None: the whole journey) → why the detector cannot judge it


def handed(record: JourneyRecord, evidence: dict[str, Any] | None, reads: tuple[str, ...],
           unreadable: str | None = None) -> tuple[dict[str, Any], Problems]:
    """The parts of `evidence` named in `reads`, laid out as evidence.json lays them out, and the problems found.

    `unreadable` says why the journey has no evidence at all (a missing or broken evidence.json).
    """
    evidence = evidence or {}
    view: dict[str, Any] = {key: evidence.get(key) for key in ("evidence_version", "journey", "device", "device_class")}
    problems: Problems = {}
    parts = [PARTS[name] for name in reads]
    if parts and (unreadable or not evidence):
        return view, {None: unreadable or "no evidence was saved for this journey"}
    stages = evidence.get("stages", [])
    view["stages"] = []
    for index, stage in enumerate(record.stages):
        if index >= len(stages):
            if stage.reached and any(p.level in ("stage", "step") for p in parts):
                problems[stage.name] = "the walker recorded no evidence for this stage"
            continue
        source = stages[index]
        shown: dict[str, Any] = {"name": source.get("name", stage.name)}
        failed = source.get("gather_errors") or {}
        for part in (p for p in parts if p.level == "stage"):
            if part.key in failed:
                problems.setdefault(stage.name, f"{part.collector} failed on this stage: {failed[part.key]}")
            elif part.key in source:
                shown[part.key] = source[part.key]
            elif part.always and stage.reached:
                problems.setdefault(stage.name, f"{part.collector} recorded nothing on this stage")
        step_keys = [p.key for p in parts if p.level == "step"]
        shown["steps"] = [{key: step[key] for key in step_keys if key in step} for step in source.get("steps", [])]
        view["stages"].append(shown)
    for part in (p for p in parts if p.level in ("signals", "journey")):
        container = evidence.get("signals") if part.level == "signals" else evidence
        if isinstance(container, dict) and part.key not in container and not part.always:
            if part.level == "signals":  # recorded only where there was something to record (or by a newer walker)
                view.setdefault("signals", {})[part.key] = []
        elif not isinstance(container, dict) or part.key not in container:
            problems.setdefault(None, f"{part.collector} recorded nothing on this journey")
        elif part.level == "signals":
            view.setdefault("signals", {})[part.key] = container[part.key]
        else:
            view[part.key] = container[part.key]
    return view, problems
