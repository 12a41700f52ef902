"""The page a map cell opens: the stage's steps, screenshots, findings, page speed and the trace to replay it."""

from __future__ import annotations

from dataclasses import dataclass

from ..results import JourneyRecord, ScenarioInfo
from .cells import Cell
from .images import Picture, PictureStore
from .speed import PageSpeed, page_speed
from .walks import map_anchor, map_key


@dataclass(frozen=True)
class Link:
    label: str
    href: str | None  # None: the current page, or a stage not reached
    current: bool = False


@dataclass
class Failure:
    picture: Picture | None
    html: str | None
    trace: str | None
    trace_command: str | None


@dataclass
class StagePage:
    filename: str
    cell: Cell
    map_href: str
    needs: list[str]
    speed: PageSpeed
    failure: Failure | None
    devices: list[Link]  # the same stage on every device
    previous: Link | None
    next: Link | None
    stop_note: str | None = None  # a production walk stopped here: which step, and what held it


def stop_note(journey: JourneyRecord, index: int) -> str | None:
    """In words: the step the production walk stopped before in this stage, and why it was not performed."""
    stop = journey.safety.stopped_at if journey.safety else None
    steps = journey.stages[index].steps
    if not stop or stop.get("stage") != index or not isinstance(stop.get("step"), int) or stop["step"] >= len(steps):
        return None
    step = steps[stop["step"]]
    what = journey.stopped_before or "committing"
    if stop.get("by") == "the network guard":
        return (f"Step {step.index + 1}, “{step.label}”, was done, but the network guard held what it sent "
                f"({stop.get('reason')}), so the shop received nothing: the walk stopped before {what}.")
    because = "the scenario marks it `commit: true`" if "commit: true" in (stop.get("by") or "") else stop.get("reason")
    return (f"Step {step.index + 1}, “{step.label}”, was checked — visible, not covered, enabled — and not done, "
            f"because {because}: a walk of the live shop stops before {what}.")


def failure_of(journey: JourneyRecord, index: int, pictures: PictureStore) -> Failure | None:
    failure = journey.stages[index].failure
    if failure is None:
        return None
    return Failure(
        picture=pictures.picture(failure.screenshot, journey.device.viewport),
        html="../" + failure.html if failure.html else None,
        trace="../" + failure.trace if failure.trace else None,
        trace_command=f".venv/bin/playwright show-trace {failure.trace}" if failure.trace else None,
    )


def build_stage_pages(scenario: ScenarioInfo | None, journeys: list[JourneyRecord], rows: list[list[Cell]],
                      pictures: PictureStore) -> list[StagePage]:
    """One page per reached cell of one scenario's map; rows are the journeys' cells in map order."""
    pages = []
    for journey, cells in zip(journeys, rows):
        for cell in cells:
            if cell.page is None:
                continue
            stage = journey.stages[cell.stage_index]
            needs = next((s.needs for s in scenario.stages if s.name == stage.name), []) if scenario else []
            column = [row[cell.stage_index] for row in rows if cell.stage_index < len(row)]
            before = cells[cell.stage_index - 1] if cell.stage_index > 0 else None
            after = cells[cell.stage_index + 1] if cell.stage_index + 1 < len(cells) else None
            pages.append(StagePage(
                filename=cell.page, cell=cell, map_href=f"index.html#{map_anchor(*map_key(journey))}",
                needs=list(needs),
                speed=page_speed(stage, journey.ratings("web-vitals", stage.name)),
                failure=failure_of(journey, cell.stage_index, pictures),
                devices=[Link(other.device, other.page if other is not cell else None, other is cell) for other in column],
                previous=Link(f"← {before.stage}", before.page) if before and before.page else None,
                next=Link(f"{after.stage} →", after.page) if after and after.page else None,
                stop_note=stop_note(journey, cell.stage_index),
            ))
    return pages
