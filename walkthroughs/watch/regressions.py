"""What got worse in a walk, compared with a rolling baseline: the median of the last clean walks.

A regression is a walk that could not finish, a journey that broke, a blocker or major finding the
baseline walks did not have, or a stage slower than its baseline median by more than `slower_by` and
at least `slower_min_ms`. A clean walk (completed, nothing regressed) becomes part of later baselines;
a walk with a regression does not, so a lasting slowdown stays a regression until it is fixed.

The first two break the shop; the last two only degrade it: a walk that got through but was slower than its
baseline or met a new major finding is *degraded* — shown and alerted apart from a broken one.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass

from ..formatting import duration
from ..results import SLOWER, SlowerRule
from .history import WENT_WRONG, History

BREAKING_KINDS = ("walk-failed", "journey-broken")
DEGRADING_KINDS = ("new-finding", "slower")
KINDS = BREAKING_KINDS + DEGRADING_KINDS
DEGRADED = "degraded"  # the walk's status when it got through but something degrading regressed


def state_of(kind: str) -> str:
    """`broken` for a regression that stops shoppers, `degraded` for one that slows or bothers them."""
    return "broken" if kind in BREAKING_KINDS else DEGRADED


@dataclass(frozen=True)
class Thresholds:
    slower_by: float = SLOWER.ratio  # more than this share slower than the baseline median ...
    slower_min_ms: float = SLOWER.min_ms  # ... and by at least this much (the report's baseline rule, by default)
    baseline_walks: int = 5
    severities: tuple[str, ...] = ("blocker", "major")

    @property
    def slower(self) -> SlowerRule:
        return SlowerRule(self.slower_by, self.slower_min_ms)


@dataclass(frozen=True)
class Regression:
    key: str  # the same problem has the same key from walk to walk: incidents are tracked by it
    kind: str
    summary: str
    scenario: str | None = None
    device: str | None = None
    stage: str | None = None


def _broken(history: History, walk_id: int) -> list[Regression]:
    found = []
    for journey in history.journeys(walk_id):
        if journey["status"] in WENT_WRONG:
            where = f" at “{journey['broke_at']}”" if journey["broke_at"] else ""
            why = f": {journey['error']}" if journey["error"] else ""
            found.append(Regression(f"journey-broken|{journey['scenario']}|{journey['device']}", "journey-broken",
                                    f"{journey['scenario']} on {journey['device']} broke{where}{why}",
                                    journey["scenario"], journey["device"], journey["broke_at"]))
    return found


def _new_findings(history: History, walk_id: int, baseline: list[int], thresholds: Thresholds) -> list[Regression]:
    walked_before = {(s.scenario, s.device) for s in history.stages(baseline)}
    known = {(f["scenario"], f["device"], f["stage"], f["detector"], f["title"])
             for f in history.findings(baseline, thresholds.severities)}
    found = []
    for f in history.findings([walk_id], thresholds.severities):
        identity = (f["scenario"], f["device"], f["stage"], f["detector"], f["title"])
        if identity in known or (f["scenario"], f["device"]) not in walked_before or f["detector"] == "journey-broken":
            continue  # a broken journey is a regression of its own
        where = f", at “{f['stage']}”" if f["stage"] else ""
        found.append(Regression("new-finding|" + "|".join(str(part) for part in identity), "new-finding",
                                f"new {f['severity']} finding on {f['scenario']} ({f['device']}){where}: {f['title']}",
                                f["scenario"], f["device"], f["stage"]))
    return found


def _slower(history: History, walk_id: int, baseline: list[int], thresholds: Thresholds) -> list[Regression]:
    usual: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    for stage in history.stages(baseline):
        if stage.status == "passed" and stage.duration_ms is not None:
            usual[stage.key].append(stage.duration_ms)
    found = []
    for stage in history.stages([walk_id]):
        if stage.status != "passed" or stage.duration_ms is None or not usual.get(stage.key):
            continue
        median = statistics.median(usual[stage.key])
        if thresholds.slower.slower(median, stage.duration_ms):
            more = f"+{(stage.duration_ms / median - 1) * 100:.0f}%" if median else "slower"
            found.append(Regression(
                f"slower|{stage.scenario}|{stage.device}|{stage.stage}", "slower",
                f"“{stage.stage}” on {stage.scenario} ({stage.device}) took {duration(stage.duration_ms)}, usually "
                f"{duration(median)} ({more})", stage.scenario, stage.device, stage.stage))
    return found


def find_regressions(history: History, walk_id: int, thresholds: Thresholds = Thresholds()) -> list[Regression]:
    """The walk's regressions against the clean walks before it; stores them and whether the walk is clean."""
    walk = history.walk(walk_id)
    if walk.status == "interrupted":
        return []
    if walk.status == "failed":
        found = [Regression("walk-failed", "walk-failed", f"the walk could not finish: {walk.reason or 'no reason given'}")]
    else:
        baseline = [w.id for w in history.baseline_walks(walk_id, thresholds.baseline_walks)]
        found = _broken(history, walk_id)
        if baseline:
            found += _new_findings(history, walk_id, baseline, thresholds) + _slower(history, walk_id, baseline, thresholds)
    history.save_regressions(walk_id, found)
    history.mark_clean(walk_id, walk.status == "completed" and not found)
    if walk.status == "completed" and found:
        history.set_status(walk_id, DEGRADED)
    return found
