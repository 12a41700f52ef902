"""The earlier run a run's screens are compared with: which of its walks each journey is compared with, and its
pictures kept in the run's own folder.

`run --baseline PATH` and `report --baseline PATH` compare with another run: its results.json and the pictures of
the walks compared are copied under this run's `baseline/` first, so the report shows before and after on its own
and `walkthrough assess` compares again offline (the run remembers its baseline in results.json). Calibration
compares each switched walk with the clean walk on the same device of the same run, whose pictures are in the folder.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, one_line
from .results import BaselineInfo, JourneyRecord, RunResult, load_results

KEPT_UNDER = "baseline"  # the baseline run's pictures, inside this run's folder
_REPEAT = re.compile(r"--r\d+$")


class BaselineError(InputError):
    """A baseline run that cannot be read; names the path."""


@dataclass(frozen=True)
class Baseline:
    root: Path  # the baseline run's folder
    result: RunResult
    pairs: dict[str, str]  # this run's journey id → the baseline's journey id it is compared with
    kept_as: str = KEPT_UNDER  # where its pictures are, inside this run's folder ("": it is this run)

    def journey(self, journey_id: str) -> JourneyRecord | None:
        wanted = self.pairs.get(journey_id)
        return next((j for j in self.result.journeys if j.id == wanted), None) if wanted else None

    def kept(self, relative: str) -> str:
        """Where a picture of the baseline run is found from this run's folder."""
        return f"{self.kept_as}/{relative}" if self.kept_as else relative

    def info(self, run_dir: Path) -> BaselineInfo:
        return BaselineInfo(run=os.path.relpath(self.root.resolve(), Path(run_dir).resolve()), journeys=self.pairs)


def matching_walks(result: RunResult, earlier: RunResult) -> dict[str, str]:
    """Each journey's walk in the earlier run: the same id (scenario, path, persona, device), else its first repeat."""
    ids = [j.id for j in earlier.journeys]
    pairs = {}
    for journey in result.journeys:
        same = journey.id if journey.id in ids else next(
            (i for i in ids if _REPEAT.sub("", i) == _REPEAT.sub("", journey.id)), None)
        if same:
            pairs[journey.id] = same
    return pairs


def adopt_baseline(path: Path, result: RunResult, run_dir: Path) -> Baseline:
    """An earlier run (its folder or results.json) to compare `result` with, copied into `run_dir/baseline/`: its
    results.json and the stage pictures of the walks compared. Raises BaselineError."""
    path = Path(path)
    source = path.parent if path.is_file() else path
    try:
        earlier = load_results(source / "results.json")
    except (OSError, ValueError) as error:
        raise BaselineError(f"{path}: the baseline run cannot be read ({one_line(error)})") from None
    kept = Path(run_dir) / KEPT_UNDER
    if kept.resolve() != source.resolve():
        shutil.rmtree(kept, ignore_errors=True)  # an earlier comparison of this run
        kept.mkdir(parents=True)
        shutil.copyfile(source / "results.json", kept / "results.json")
        pairs = matching_walks(result, earlier)
        for journey in (j for j in earlier.journeys if j.id in pairs.values()):
            for picture in (s.screenshot for s in journey.stages if s.status == "passed" and s.screenshot):
                (kept / picture).parent.mkdir(parents=True, exist_ok=True)
                try:
                    shutil.copyfile(source / picture, kept / picture)
                except OSError:
                    pass  # the detector says it has no picture of that stage
    return Baseline(kept, earlier, matching_walks(result, earlier))


def same_run_baseline(result: RunResult, run_dir: Path, pairs: dict[str, str]) -> Baseline:
    """Walks of this run compared with other walks of it (calibration: each switch with the clean shop)."""
    return Baseline(Path(run_dir), result, pairs, kept_as="")


def remembered_baseline(run_dir: Path, result: RunResult) -> Baseline | None:
    """The baseline the run was compared with when it was judged (None: none, or its copy is gone)."""
    if result.baseline is None:
        return None
    if result.baseline.run == ".":
        return same_run_baseline(result, run_dir, dict(result.baseline.journeys))
    root = Path(run_dir) / result.baseline.run
    try:
        earlier = load_results(root / "results.json")
    except (OSError, ValueError):
        return None
    return Baseline(root, earlier, dict(result.baseline.journeys))
