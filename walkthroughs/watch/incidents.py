"""Turn each walk's regressions into incidents, so a problem is announced once when it starts, reminded at
most every `remind_every`, and announced once more when it recovers — never on every walk.

An incident recovers only when a walk could see that it is gone: a slow stage must have been walked
(not cut short by a broken journey) and found fast enough; a broken journey must have been walked again.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from .history import History, parse_time
from .regressions import Regression, state_of


@dataclass(frozen=True)
class Notice:
    """One line of an alert: an incident that `started`, is still open (`reminder`), or `recovered`."""

    event: str
    kind: str
    summary: str
    since: str
    incident_id: int
    scenario: str | None = None
    device: str | None = None
    stage: str | None = None

    @property
    def state(self) -> str:
        """What the notice says of the shop: `broken`, `degraded`, or `recovered`."""
        return "recovered" if self.event == "recovered" else state_of(self.kind)


def _seen_again(incident: sqlite3.Row, history: History, walk_id: int) -> bool:
    """Whether this walk looked where the incident was (so its absence means it is gone)."""
    walk = history.walk(walk_id)
    if walk.status not in ("completed", "degraded", "broken"):
        return False
    if incident["kind"] == "walk-failed":
        return True
    journeys = {(j["scenario"], j["device"]): j for j in history.journeys(walk_id)}
    journey = journeys.get((incident["scenario"], incident["device"]))
    if journey is None:
        return False
    if incident["kind"] == "journey-broken":
        return True
    if not incident["stage"]:
        return journey["status"] == "completed"
    stage = next((s for s in history.stages([walk_id]) if (s.scenario, s.device, s.stage) ==
                  (incident["scenario"], incident["device"], incident["stage"])), None)
    walked = ("passed",) if incident["kind"] == "slower" else ("passed", "failed")
    return stage is not None and stage.status in walked


def _notice(event: str, incident: sqlite3.Row, summary: str | None = None) -> Notice:
    return Notice(event, incident["kind"], summary or incident["summary"], incident["opened_at"], incident["id"],
                  incident["scenario"], incident["device"], incident["stage"])


def update_incidents(history: History, walk_id: int, regressions: list[Regression], now: datetime,
                     remind_every: timedelta) -> list[Notice]:
    """Open, keep or resolve incidents for this walk; the notices an alert should carry (not yet marked sent)."""
    at = now.isoformat(timespec="seconds")
    current = {r.key: r for r in regressions}
    notices: list[Notice] = []
    open_by_key = {incident["key"]: incident for incident in history.open_incidents()}
    for key, incident in open_by_key.items():
        if key in current:
            history.update_incident(incident["id"], current[key].summary)
            if not incident["announced"]:
                notices.append(_notice("started", incident, current[key].summary))
            elif now - parse_time(incident["last_alert_at"]) >= remind_every:
                notices.append(_notice("reminder", incident, current[key].summary))
        elif _seen_again(incident, history, walk_id):
            history.resolve_incident(incident["id"], walk_id, at)
            if incident["announced"]:
                notices.append(_notice("recovered", incident))
    for key, regression in current.items():
        if key not in open_by_key:
            incident_id = history.open_incident(regression, walk_id, at)
            notices.append(Notice("started", regression.kind, regression.summary, at, incident_id,
                                  regression.scenario, regression.device, regression.stage))
    return notices
