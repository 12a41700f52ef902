"""A run's folder on disk: its id, its results.json (saved as the run goes), and `latest` pointing at it.

A folder that cannot be written (a full disk, a read-only file system, no permission) is the tool's problem, not
the shop's: it is raised as `OutputUnwritable`, a run error, and the run stops.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import __version__
from .errors import unwritable
from .results import RunResult, ScenarioInfo, ScenarioStage, run_status, save_results
from .scenario import model as m

LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # half a character: a page's broken text, which JSON cannot encode


def mend_text(data: Any) -> Any:
    """`data` (records, lists, dicts, strings) with every lone surrogate replaced by U+FFFD; records change in place."""
    if isinstance(data, str):
        return LONE_SURROGATE.sub("\ufffd", data)
    if isinstance(data, list):
        data[:] = [mend_text(item) for item in data]
    elif isinstance(data, dict):
        for key in list(data):
            data[key] = mend_text(data[key])
    elif isinstance(data, BaseModel):
        for name in type(data).model_fields:
            value = getattr(data, name)
            mended = mend_text(value)
            if mended is not value:
                setattr(data, name, mended)
    return data


def new_run_id() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_hex(2)


def point_latest(out_dir: Path, run_dir: Path) -> None:
    """`reports/latest` names the newest run: a symlink, or a text file where links are not allowed."""
    latest = out_dir / "latest"
    try:
        if latest.is_symlink() or latest.is_file():
            latest.unlink()
        latest.symlink_to(run_dir.name, target_is_directory=True)
    except OSError:
        try:
            latest.write_text(run_dir.name + "\n", encoding="utf-8")
        except OSError as second:
            raise (unwritable(second, latest) or second) from None


def scenario_info(scenario: m.Scenario, base_url: str | None) -> ScenarioInfo:
    source = getattr(scenario, "source", None)
    return ScenarioInfo(
        name=scenario.name, file=str(source) if source else None, goal=scenario.goal,
        base_url=base_url or scenario.base_url, detectors=scenario.detectors,
        stages=[ScenarioStage(name=s.name, phase=s.phase, landing=s.landing, needs=s.need_texts,
                              detectors=s.detectors)
                for s in scenario.stages],
        paths={name: path.goal for name, path in scenario.as_written.paths.items()},
    )


class RunFolder:
    """The run's folder and its results.json, saved every time a journey reports progress."""

    def __init__(self, out_dir: Path, options: dict, fail_on: str | None = "blocker") -> None:
        self.run_id = new_run_id()
        self.path = out_dir / self.run_id
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise (unwritable(error, self.path) or error) from None
        point_latest(out_dir, self.path)
        self.result = RunResult(run_id=self.run_id, tool_version=__version__, options=options, fail_on=fail_on,
                                started_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))

    @property
    def results_path(self) -> Path:
        return self.path / "results.json"

    def save(self) -> None:
        try:
            try:
                save_results(self.result, self.results_path)
            except ValueError:  # a page's text with half a character in it (a console message, a title)
                save_results(mend_text(self.result), self.results_path)
        except OSError as error:
            raise (unwritable(error, self.results_path) or error) from None

    def add_scenario(self, scenario: m.Scenario, base_url: str | None) -> ScenarioInfo:
        """The scenario's entry in results.json, added the first time one of its journeys is walked; a journey on
        one of its paths adds the stages only that path walks."""
        known = next((s for s in self.result.scenarios if s.name == scenario.name), None)
        if known is None:
            known = scenario_info(scenario, base_url)
            self.result.scenarios.append(known)
        else:
            names = {stage.name for stage in known.stages}
            known.stages += [stage for stage in scenario_info(scenario, base_url).stages if stage.name not in names]
        return known

    def scenario(self, name: str) -> ScenarioInfo:
        return next(s for s in self.result.scenarios if s.name == name)

    def finish(self, interrupted: bool = False) -> None:
        journeys = self.result.journeys
        if interrupted:
            self.result.status = "interrupted"
            for journey in journeys:
                if journey.status in ("pending", "running"):
                    journey.status = "interrupted"
                    for stage in journey.stages:  # a second signal stopped it before the walker could say so
                        if stage.status == "running":
                            stage.status = "not_reached"
        else:
            self.result.status = run_status(journeys)
        self.result.finished_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.save()
