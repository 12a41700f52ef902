"""The report's view model: everything the templates show, computed from results.json (and a baseline) in Python."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import formatting as fmt
from ..results import (
    SEVERITIES,
    JourneyRecord,
    RunResult,
    ScenarioInfo,
    committing_requests,
)
from .baseline import Comparison
from .cells import SEVERITY_LABEL, Cell, FindingView, build_cell
from .charts import DurationChart, EmotionCurve, duration_chart, emotion_curve
from .checked import DetectorGroups, detector_groups
from .finding_groups import group_cards
from .images import Picture, PictureStore
from .stage_page import StagePage, build_stage_pages
from .walks import (
    RepeatTable,
    map_anchor,
    map_goal,
    map_key,
    map_name,
    repeat_table,
    walk_label,
)

# friction.scoring's formula in a shop owner's words (the report may not import the detectors' package;
# tests/report/test_report_model.py checks the two agree).
SCORE_HELP = ("A stage's friction score starts at 100 and loses 100 for a blocker, 30 for each major and 10 for "
              "each minor finding on it (info costs nothing), never below 0. A journey's score is the mean of its "
              "stages' scores, a stage the shopper never reached counting 0.")
TOP_FINDINGS = 5  # the most severe, merged across devices; info findings are notes, not places shoppers get lost


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    link: str | None = None


@dataclass(frozen=True)
class LostPoint:
    stage: str
    devices: str
    reason: str


@dataclass
class Verdict:
    level: str  # lost | checks_failed | friction | smooth | interrupted | empty
    headline: str
    lost: list[LostPoint]
    checks: list[LostPoint] = field(default_factory=list)  # checks that failed while the walk went on


@dataclass
class TopFinding:
    """One finding as the top of the report shows it, merged across the devices where it occurs."""

    severity: str
    severity_label: str
    title: str
    insight: str
    stage: str | None
    devices: str
    device_keys: str  # space-separated, for the filters
    stage_key: str
    picture: Picture | None
    page: str | None
    baseline: str | None


@dataclass
class MapRow:
    device: str
    device_key: str
    device_detail: str  # "412×839, touch"
    score: str | None
    status_label: str
    error: str | None
    cells: list[Cell]


@dataclass
class Column:
    name: str
    key: str
    phase: str | None
    budget: str | None


@dataclass
class SideBySideRow:
    stage: str
    stage_key: str
    phase: str | None
    cells: list[Cell]


@dataclass
class JourneyMap:
    scenario: str
    goal: str | None
    anchor: str
    columns: list[Column]
    rows: list[MapRow]
    emotion: EmotionCurve | None
    durations: DurationChart | None
    side_by_side: list[SideBySideRow]
    repeats: RepeatTable | None = None  # with --repeat: median and p95 per stage


@dataclass
class Filters:
    """Each a list of (key, label): the key is what the page's elements carry in data-severity/device/stage."""

    severities: list[tuple[str, str]]
    devices: list[tuple[str, str]]
    stages: list[tuple[str, str]]


@dataclass
class ReportView:
    title: str
    run_id: str
    tool_version: str
    verdict: Verdict
    facts: list[Fact]
    top: list[TopFinding]
    findings: list[FindingView]
    maps: list[JourneyMap]
    filters: Filters
    comparison: Comparison | None
    stage_pages: list[StagePage] = field(default_factory=list)
    detector_errors: list[str] = field(default_factory=list)
    detectors_on: bool = True  # False: `run --no-detectors`, so no finding means nothing was judged

    @property
    def top_heading(self) -> str:
        """“Where customers get lost” only when one was: otherwise the list is what to fix first."""
        return "Where customers get lost" if self.verdict.lost else "What to fix first"

    @property
    def score_help(self) -> str:
        return SCORE_HELP

    @property
    def detector_groups(self) -> DetectorGroups:
        """“All findings” by detector, and the detectors that found nothing, folded."""
        return detector_groups(self.findings, self.maps)


JOURNEY_LABEL = {"completed": "Completed", "checks_failed": "Completed, checks failed", "broken": "Broken", "error": "Could not be walked", "running": "Interrupted",
                 "pending": "Not walked", "interrupted": "Interrupted"}


def device_detail(journey: JourneyRecord) -> str:
    parts = []
    if journey.device.viewport:
        parts.append(f"{journey.device.viewport.get('width')}×{journey.device.viewport.get('height')}")
    if journey.device.has_touch:
        parts.append("touch")
    throttling = journey.device.throttling or {}
    if throttling.get("name"):
        slowdown = throttling.get("cpu_slowdown") or 1
        parts.append(throttling["name"] + (f", CPU {slowdown:g}× slower" if slowdown > 1 else ""))
    return ", ".join(parts)


def verdict_of(result: RunResult) -> Verdict:
    """The run's verdict (results.RunResult.verdict, with the run's own fail_on) in the report's words."""
    verdict = result.verdict()
    lost: dict[tuple[str, str], list[str]] = {}
    for journey, where in verdict.lost:
        reason = f"{where.step}: {where.reason}" if where.step else where.reason
        lost.setdefault((where.stage or "before the first stage", reason), []).append(journey.device.name)
    points = [LostPoint(stage, ", ".join(devices), reason) for (stage, reason), devices in lost.items()]
    failed: dict[tuple[str, str], list[str]] = {}
    for journey, stage, step in verdict.failed_checks:
        failed.setdefault((stage.name, f"{step.label}: {step.error.message if step.error else 'failed'}"),
                          []).append(journey.device.name)
    checks = [LostPoint(stage, ", ".join(dict.fromkeys(devices)), reason) for (stage, reason), devices in failed.items()]
    journeys = result.journeys
    if verdict.level == "empty":
        return Verdict("empty", "This run walked no journey.", [])
    if verdict.level == "interrupted":
        return Verdict("interrupted", "The run was interrupted: what was measured until then is shown.", points)
    if verdict.level == "lost":
        broken = sum(j.status in ("broken", "error") for j in journeys)
        where = sorted({p.stage for p in points})
        return Verdict("lost", f"Shoppers get lost: {broken} of {fmt.plural(len(journeys), 'journey')} did not reach the end"
                       + (f" — at {', '.join(where)}." if where else "."), points, checks)
    went = journeys_went(journeys)
    if verdict.level == "checks_failed":
        where = ", ".join(dict.fromkeys(point.stage for point in checks))
        return Verdict("checks_failed", f"Every journey {went}, but {fmt.plural(len(verdict.failed_checks), 'check')} "
                       f"saw something other than the scenario expects — at {where}.", [], checks)
    if verdict.level == "friction":
        failing = fmt.plural(len(verdict.failing), "finding")
        return Verdict("friction", f"Every journey {went}, but with {failing} {verdict.reasons}.", [])
    if not result.detectors_ran:
        return Verdict("smooth", f"Every journey {went} (friction detectors off: timings and screenshots only).", [])
    below = sum(group.severity != "info" for group in result.grouped_findings())
    gate = f"at or above “{verdict.fail_on}”" if verdict.fail_on else "that fails the run"
    return Verdict("smooth", f"Every journey {went} with no finding {gate}"
                   + (f" ({fmt.plural(below, 'lesser finding')} to look at)." if below else "."), [])


def journeys_went(journeys: list[JourneyRecord]) -> str:
    """How far the journeys went: “reached the end”, or — a production walk — “stopped before placing the order”."""
    stopped = list(dict.fromkeys(j.stopped_before for j in journeys if j.stopped_before))
    if not stopped:
        return "reached the end"
    held = f"stopped safely before {' or '.join(stopped)}"
    return held if all(j.stopped_before for j in journeys) else f"reached the end or {held}"


def committing_fact(result: RunResult) -> Fact | None:
    """Production walks: the committing requests that left the browser (the network guard's count) and those held."""
    counted = committing_requests(result.journeys)
    if counted is None:
        return None
    sent, held = counted
    text = f"{sent} (a walk of the live shop"
    if held:
        first = held[0]
        text += (f"; the network guard held {fmt.plural(len(held), 'request')} that would have committed: "
                 f"{first.method} {first.url} — {first.reason}")
    return Fact("Committing requests sent", text + ")")


def run_facts(result: RunResult) -> list[Fact]:
    goals = [s.goal for s in result.scenarios if s.goal]
    shops = sorted({s.base_url for s in result.scenarios if s.base_url})
    browser = result.browser
    facts = [Fact("Goal", goal) for goal in goals]
    facts += [Fact("Shop", url, url if url.startswith(("http://", "https://")) else None) for url in shops]
    facts.append(Fact("Browser", " ".join(filter(None, [browser.name.capitalize(), browser.version]))))
    facts.append(Fact("Started", fmt.timestamp(result.started_at)))
    took = fmt.elapsed_ms(result.started_at, result.finished_at)
    if took is not None:
        facts.append(Fact("Took", fmt.duration(took)))
    if result.page_speed_note:
        facts.append(Fact("Lighthouse", result.page_speed_note))
    committing = committing_fact(result)
    if committing:
        facts.append(committing)
    facts.append(Fact("Run", f"{result.run_id} · walkthroughs {result.tool_version}"))
    return facts


def top_findings(findings: list[FindingView]) -> list[TopFinding]:
    """The most severe causes (the run's finding groups, worst first), each once with the stages and devices it
    was seen on."""
    top = []
    for card in [f for f in findings if f.severity != "info"][:TOP_FINDINGS]:
        seen = card.occurrences or []
        stages = list(dict.fromkeys(s.stage for s in seen if s.stage))
        top.append(TopFinding(
            severity=card.severity, severity_label=SEVERITY_LABEL[card.severity], title=card.title,
            insight=card.insight, stage=", ".join(stages) or None,
            devices=", ".join(dict.fromkeys(s.device for s in seen)) or card.device, device_keys=card.device_key,
            stage_key=card.stage_key, picture=card.picture, page=card.page, baseline=card.baseline,
        ))
    return top


def journey_map(scenario: ScenarioInfo | None, name: str, journeys: list[JourneyRecord], pictures: PictureStore,
                comparison: Comparison | None, result: RunResult) -> tuple[JourneyMap, list[StagePage]]:
    # Every journey of a map walks the same stages (one scenario path); the scenario also lists its paths' stages.
    stage_names = [s.name for s in journeys[0].stages]
    phases = [s.phase for s in journeys[0].stages]
    titles = {d.id: d.title for d in result.detectors}
    cells = [[build_cell(j, i, s, pictures, result.detectors_ran, titles) for i, s in enumerate(j.stages)]
             for j in journeys]
    timings = {(t.journey_id, t.stage): t for t in comparison.timings} if comparison else {}
    for journey, row in zip(journeys, cells):
        for cell in row:
            cell.timing_change = timings.get((journey.id, cell.stage))
            for finding in cell.findings:
                if comparison:
                    finding.baseline = comparison.state((journey.id, finding.stage, finding.detector, finding.title))
    budgets = []
    for index in range(len(stage_names)):
        budgets.append(next((j.stages[index].budget_ms for j in journeys if index < len(j.stages)), None))
    rows = [MapRow(walk_label(j, with_path=False), fmt.slug(j.device.name), device_detail(j),
                   f"{j.score:.0f}" if j.score is not None else None, JOURNEY_LABEL.get(j.status, j.status), j.error, row)
            for j, row in zip(journeys, cells)]
    scores = [[s.friction_score for s in j.stages] for j in journeys]
    the_map = JourneyMap(
        scenario=name, goal=map_goal(scenario, journeys[0].path), anchor=map_anchor(*map_key(journeys[0])),
        columns=[Column(n, fmt.slug(n), p, fmt.duration(b) if b else None)
                 for n, p, b in zip(stage_names, phases, budgets)],
        rows=rows,
        emotion=emotion_curve(stage_names, phases, [(walk_label(j, with_path=False), row, s)
                                                    for j, row, s in zip(journeys, cells, scores)]),
        durations=duration_chart(stage_names, budgets, [(walk_label(j, with_path=False), row)
                                                        for j, row in zip(journeys, cells)]),
        side_by_side=[SideBySideRow(n, fmt.slug(n), p, [row[i] for row in cells if i < len(row)])
                      for i, (n, p) in enumerate(zip(stage_names, phases))],
        repeats=repeat_table(stage_names, journeys),
    )
    return the_map, build_stage_pages(scenario, journeys, cells, pictures)


def build_view(result: RunResult, pictures: PictureStore, comparison: Comparison | None) -> ReportView:
    scenarios = {s.name: s for s in result.scenarios}
    by_scenario: dict[str, list[JourneyRecord]] = {}
    by_map: dict[tuple[str, str | None], list[JourneyRecord]] = {}  # a map per scenario path
    for journey in result.journeys:
        by_scenario.setdefault(journey.scenario, []).append(journey)
        by_map.setdefault(map_key(journey), []).append(journey)
    maps, pages = [], []
    for (name, path), journeys in by_map.items():
        the_map, stage_pages = journey_map(scenarios.get(name), map_name(name, path), journeys, pictures, comparison,
                                           result)
        maps.append(the_map)
        pages.extend(stage_pages)
    order = {c.name: i for m in maps for i, c in enumerate(m.columns)}
    stage_filters = list(dict.fromkeys((c.key, c.name) for m in maps for c in m.columns))
    findings = group_cards(result, pictures, comparison, order)  # one card per cause, with where it was seen
    devices = list(dict.fromkeys(j.device.name for j in result.journeys))
    present = {f.severity for f in findings}
    names = ", ".join(by_scenario) or "no journey"
    return ReportView(
        title=f"Walkthrough of {names}", run_id=result.run_id, tool_version=result.tool_version,
        verdict=verdict_of(result), facts=run_facts(result), detectors_on=result.detectors_ran,
        top=top_findings(findings), findings=findings, maps=maps,
        filters=Filters([(s, SEVERITY_LABEL[s]) for s in SEVERITIES if s in present],
                        [(fmt.slug(d), d) for d in devices], stage_filters),
        comparison=comparison, stage_pages=pages,
        detector_errors=[f"{r.detector} on {walk_label(j)}" + (f" at “{r.stage}”" if r.stage else "")
                         + f": {r.reason}" for j in result.journeys for r in j.detector_results if r.status == "error"],
    )
