"""Combine the runs of several shards (or pytest-xdist workers) into one run folder, like Playwright's merge-reports.

The journeys' folders come along under the same relative paths, so every screenshot, trace and evidence
file named in results.json still resolves in the merged run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..errors import InputError
from ..results import DEVICE_CLASSES, RunResult, load_results, run_status
from ..run_folder import RunFolder

DEVICE_CLASS_ORDER = {name: index for index, name in enumerate(DEVICE_CLASSES)}


class MergeError(InputError):
    """The runs cannot be combined: a folder holds no run, or two runs walked the same journey."""


def find_run(path: Path) -> Path:
    """The run folder meant by a run folder, its results.json, or a reports folder (its `latest` run)."""
    path = Path(path)
    if path.is_file() and path.name == "results.json":
        return path.parent
    if (path / "results.json").is_file():
        return path
    latest = path / "latest"
    if latest.is_file():  # where symlinks are not allowed, `latest` names the run
        latest = path / latest.read_text(encoding="utf-8").strip()
    if (latest / "results.json").is_file():
        return latest.resolve()
    raise MergeError(f"{path} holds no walkthroughs run (no results.json, nor a `latest` run)")


def merge_runs(sources: list[Path], out_dir: Path, move: bool = False, fail_on: str | None = None) -> RunFolder:
    """A new run folder under `out_dir` holding every journey of `sources`; `move` empties the sources instead of
    copying. The merged run fails on `fail_on` where given, else on what the first source failed on."""
    runs = [(run_dir, load_results(run_dir / "results.json")) for run_dir in map(find_run, sources)]
    if not runs:
        raise MergeError("nothing to merge: name at least one run folder")
    first = runs[0][1]
    folder = RunFolder(Path(out_dir), {**first.options, "merged_from": [part.run_id for _, part in runs]},
                       fail_on=fail_on or first.fail_on)
    merged = folder.result
    merged.detectors = list({d.id: d for _, part in runs for d in part.detectors}.values())
    owner: dict[str, Path] = {}
    for run_dir, part in runs:
        for scenario in part.scenarios:
            known = next((k for k in merged.scenarios if k.name == scenario.name), None)
            if known is None:
                merged.scenarios.append(scenario)
            else:  # shards that walked other paths of it add those paths' stages
                names = {stage.name for stage in known.stages}
                known.stages += [stage for stage in scenario.stages if stage.name not in names]
        for journey in part.journeys:
            if journey.id in owner:
                raise MergeError(f"journey {journey.id} was walked in both {owner[journey.id]} and {run_dir}; "
                                 "were two shards given the same --shard?")
            owner[journey.id] = run_dir
            merged.journeys.append(journey)
        transfer_files(run_dir, folder.path, move)
    order = {scenario.name: i for i, scenario in enumerate(merged.scenarios)}
    merged.journeys.sort(key=lambda j: (order[j.scenario], DEVICE_CLASS_ORDER.get(j.device.device_class, 3), j.device.name,
                                        j.path or "", j.persona or "", j.repeat or 0))
    merged.browser = runs[0][1].browser
    merged.started_at = min(part.started_at for _, part in runs)
    finished = [part.finished_at for _, part in runs if part.finished_at]
    merged.finished_at = max(finished) if finished else None
    merged.status = merged_status([part for _, part in runs])
    folder.save()
    return folder


def merged_status(parts: list[RunResult]) -> str:
    if any(part.status in ("interrupted", "running") for part in parts):
        return "interrupted"
    return run_status([j for part in parts for j in part.journeys])


def transfer_files(source: Path, target: Path, move: bool) -> None:
    """Everything a run folder holds except its results.json and rendered report, which the merged run writes anew."""
    for entry in source.iterdir():
        if entry.name in ("results.json", "report") or entry.name.startswith("."):
            continue
        destination = target / entry.name
        if entry.is_dir():
            if move and not destination.exists():
                shutil.move(entry, destination)
            else:
                shutil.copytree(entry, destination, dirs_exist_ok=True, copy_function=shutil.move if move else link_or_copy)
        else:
            (shutil.move if move else link_or_copy)(entry, destination)


def link_or_copy(source: Path | str, target: Path | str) -> None:
    """A hard link costs no space; where the file system refuses one (another disk), a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def merge_and_render(sources: list[Path], out_dir: Path, move: bool = False) -> RunFolder:
    """Merge, then draw the merged run's report."""
    from ..report import render_report

    folder = merge_runs(sources, out_dir, move)
    render_report(folder.path)
    return folder
