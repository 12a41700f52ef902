"""Recent walks of a watched shop as series — per-stage duration and LCP, scores, how many walks got through —
as the report's trend charts and `walkthrough history` show them, and as `trends.json` in a run folder keeps them.
Oldest walk first. The watch fills them from its history (`watch.trends`)."""

from __future__ import annotations

import json
import statistics
from dataclasses import asdict, dataclass, field
from pathlib import Path

TRENDS_FILE = "trends.json"  # in a run folder: the walks up to it, for its report
GOT_THROUGH = ("completed", "degraded")  # degraded: got through, but slower than usual or with new major findings


@dataclass
class WalkPoint:
    id: int
    started_at: str
    status: str
    score: float | None = None
    duration_ms: float | None = None
    reason: str | None = None
    report: str | None = None  # a link: hosted (--report-url) or relative to the report that draws it
    where: str | None = None  # where it broke, what got worse, or why the walk failed

    @property
    def got_through(self) -> bool:
        return self.status in GOT_THROUGH


@dataclass
class StageTrend:
    scenario: str
    device: str
    stage: str
    durations: list[float | None] = field(default_factory=list)  # one per walk; None: not walked to the end
    lcp: list[float | None] = field(default_factory=list)

    @staticmethod
    def _known(values: list[float | None]) -> list[float]:
        return [v for v in values if v is not None]

    @property
    def last_ms(self) -> float | None:
        return self.durations[-1] if self.durations else None

    @property
    def median_ms(self) -> float | None:
        """The median of the walks before the last one (all of them when there is only one)."""
        earlier = self._known(self.durations[:-1]) or self._known(self.durations)
        return statistics.median(earlier) if earlier else None

    @property
    def change(self) -> float | None:
        if self.last_ms is None or not self.median_ms:
            return None
        return self.last_ms / self.median_ms - 1

    @property
    def lcp_median(self) -> float | None:
        known = self._known(self.lcp)
        return statistics.median(known) if known else None

    @property
    def passed_share(self) -> float | None:
        return len(self._known(self.durations)) / len(self.durations) if self.durations else None


@dataclass
class Trends:
    walks: list[WalkPoint] = field(default_factory=list)
    stages: list[StageTrend] = field(default_factory=list)

    @property
    def success_rate(self) -> float | None:
        """The share of walks in which every journey got through."""
        return sum(w.got_through for w in self.walks) / len(self.walks) if self.walks else None

    def to_json(self) -> dict:
        return {"walks": [asdict(w) for w in self.walks], "stages": [asdict(s) for s in self.stages]}

    @classmethod
    def from_json(cls, data: dict) -> "Trends":
        return cls([WalkPoint(**w) for w in data.get("walks", [])], [StageTrend(**s) for s in data.get("stages", [])])


def write_trends(trends: Trends, run_dir: Path) -> Path:
    path = Path(run_dir) / TRENDS_FILE
    path.write_text(json.dumps(trends.to_json(), indent=1), encoding="utf-8")
    return path


def read_trends(run_dir: Path) -> Trends | None:
    path = Path(run_dir) / TRENDS_FILE
    return Trends.from_json(json.loads(path.read_text(encoding="utf-8"))) if path.exists() else None
