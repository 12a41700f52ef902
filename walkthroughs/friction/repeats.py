"""Report a page problem once per journey: an issue of the site's template shows on every page it uses.

The first stage it shows on gets the finding; later stages are listed in its details instead of
repeating the same finding (and its penalty) on every stage.
"""

from __future__ import annotations

from typing import Hashable

from ..results import Finding


class OncePerJourney:
    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self._first: dict[Hashable, Finding] = {}

    def add(self, key: Hashable, finding: Finding) -> None:
        first = self._first.get(key)
        if first is None:
            self._first[key] = finding
            self.findings.append(finding)
        elif finding.stage != first.stage:
            note = f"Also on the “{finding.stage}” stage."
            if note not in first.evidence.details:
                first.evidence.details.append(note)
