"""`--shard I/N`: a deterministic share of a run's journeys, so a CI matrix of machines can split one suite.

Journeys are dealt out in the order of their sorted ids (`scenario--device`), one to each shard in turn,
so every machine computes the same split from the same scenarios and no journey is walked twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Shard:
    index: int  # 1-based, as written on the command line
    total: int

    @classmethod
    def parse(cls, text: str) -> "Shard":
        """`2/3` → the second of three shards; anything else raises ValueError in the user's words."""
        match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
        if not match:
            raise ValueError(f"--shard {text!r} is not of the form I/N, e.g. 2/3")
        index, total = int(match.group(1)), int(match.group(2))
        if total < 1 or not 1 <= index <= total:
            raise ValueError(f"--shard {text}: I must be between 1 and N")
        return cls(index, total)

    def pick(self, units: Sequence[T], unit_id=lambda unit: unit.record.id) -> list[T]:
        """This shard's units, in their original order."""
        ordered = sorted(range(len(units)), key=lambda i: unit_id(units[i]))
        mine = set(ordered[self.index - 1::self.total])
        return [unit for i, unit in enumerate(units) if i in mine]

    def __str__(self) -> str:
        return f"{self.index}/{self.total}"
