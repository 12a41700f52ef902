"""Report a page problem once per journey: an issue of the site's template shows on every page it uses.

The first stage it shows on gets the finding; later stages are listed in its details instead of
repeating the same finding (and its penalty) on every stage. Its key is the finding's cause, so the run lists the
same problem on other devices with it (`results.group_findings`).
"""

from __future__ import annotations

from typing import Hashable

from ..results import Finding


class OncePerJourney:
    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self._first: dict[Hashable, Finding] = {}

    def add(self, key: Hashable, finding: Finding) -> None:
        """`key` names the problem; it is the finding's cause too, so other devices' walks group with it."""
        if finding.key is None:
            parts = key if isinstance(key, tuple) else (key,)
            finding.key = "|".join([finding.detector, *(str(part) for part in parts)])
        first = self._first.get(key)
        if first is None:
            self._first[key] = finding
            self.findings.append(finding)
        elif finding.stage != first.stage:
            note = f"Also on the “{finding.stage}” stage."
            if note not in first.evidence.details:
                first.evidence.details.append(note)
