"""What each detector concluded over the whole run, as "All findings" lists it: its findings, then — collapsed —
the detectors that found nothing, with how often they passed and why they did not apply (Lighthouse groups by
audit and folds the passed ones the same way). Read from the detectors' results; nothing is judged here."""

from __future__ import annotations

from dataclasses import dataclass, field

from .cells import FindingView


@dataclass
class DetectorGroup:
    detector: str
    title: str
    serious: list[FindingView] = field(default_factory=list)  # blocker, major, minor: worst first
    notes: list[FindingView] = field(default_factory=list)  # info
    passed: int = 0  # stages × devices it passed
    not_applicable: list[str] = field(default_factory=list)  # why it did not apply, each reason once
    errors: int = 0  # stages × devices it could not judge

    @property
    def found(self) -> int:
        return len(self.serious) + len(self.notes)


@dataclass
class DetectorGroups:
    found: list[DetectorGroup]  # in the order of their worst finding
    clean: list[DetectorGroup]  # found nothing anywhere


def detector_groups(findings: list[FindingView], maps) -> DetectorGroups:
    """`findings` in the report's order (worst first); `maps` give every cell's checks."""
    groups: dict[str, DetectorGroup] = {}
    for the_map in maps:
        for row in the_map.rows:
            for cell in row.cells:
                for check in (*cell.checks.passed, *cell.checks.found, *cell.checks.errors,
                              *cell.checks.not_applicable):
                    group = groups.setdefault(check.detector, DetectorGroup(check.detector, check.title))
                    if check.status == "passed":
                        group.passed += 1
                    elif check.status == "error":
                        group.errors += 1
                    elif check.status == "not_applicable" and check.reason and check.reason not in group.not_applicable:
                        group.not_applicable.append(check.reason)
    order: list[str] = []
    for finding in findings:
        group = groups.setdefault(finding.detector, DetectorGroup(finding.detector, finding.detector))
        (group.notes if finding.severity == "info" else group.serious).append(finding)
        if finding.detector not in order:
            order.append(finding.detector)
    return DetectorGroups(found=[groups[d] for d in order],
                          clean=sorted((g for g in groups.values() if not g.found), key=lambda g: g.title.lower()))
