"""A run's folder on disk: its id, its results.json (saved as the run goes), and `latest` pointing at it."""

from __future__ import annotations

import secrets
from datetime import datetime, timezone
from pathlib import Path

from . import __version__
from .results import RunResult, ScenarioInfo, ScenarioStage, run_status, save_results
from .scenario import model as m


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
        latest.write_text(run_dir.name + "\n", encoding="utf-8")


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
        self.path.mkdir(parents=True, exist_ok=True)
        point_latest(out_dir, self.path)
        self.result = RunResult(run_id=self.run_id, tool_version=__version__, options=options, fail_on=fail_on,
                                started_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))

    @property
    def results_path(self) -> Path:
        return self.path / "results.json"

    def save(self) -> None:
        save_results(self.result, self.results_path)

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
        else:
            self.result.status = run_status(journeys)
        self.result.finished_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.save()
