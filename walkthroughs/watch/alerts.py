"""Tell people when a watched shop regresses: Slack-compatible webhooks (`{"text": ...}`), plain JSON webhooks and
e-mail over SMTP, configured in a TOML or YAML file (`--alerts FILE`) or the environment.

```toml
remind_every = "4h"          # reminders of a still-open incident, at most this often
[[webhook]]
url = "https://hooks.slack.com/services/…"    # format "slack" (default) or "json"
[email]
host = "smtp.example.com"
port = 587
starttls = true
username = "alerts@example.com"
password_env = "SMTP_PASSWORD"                 # the password comes from the environment
from = "walkthroughs@example.com"
to = ["shop-team@example.com"]
[regressions]
slower_by = "30%"
slower_min = "500ms"
baseline_walks = 5
```
Environment: WALKTHROUGHS_WEBHOOK_URL (+ WALKTHROUGHS_WEBHOOK_FORMAT), WALKTHROUGHS_SMTP_HOST, _PORT, _USER,
_PASSWORD, _FROM, _TO (comma-separated), _STARTTLS, _SSL, and WALKTHROUGHS_REMIND_EVERY.
"""

from __future__ import annotations

import json
import os
import smtplib
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Mapping

import tomllib
import yaml

from ..errors import InputError
from ..scenario.durations import DurationError, parse_duration_ms
from .incidents import Notice
from .regressions import Thresholds
from .schedule import ScheduleError, parse_interval

ENV_FILE = "WALKTHROUGHS_ALERTS"
DEFAULT_REMIND_EVERY = timedelta(hours=4)
WEBHOOK_FORMATS = ("slack", "json")
EVENT_WORDS = {"started": "Started", "reminder": "Still open", "recovered": "Recovered"}
EVENT_MARKS = {"started": "🔴", "reminder": "🟠", "recovered": "✅"}


class AlertConfigError(InputError):
    """The alerts configuration cannot be used; the message names the setting."""


@dataclass(frozen=True)
class Webhook:
    url: str
    format: str = "slack"


@dataclass(frozen=True)
class EmailSettings:
    host: str
    recipients: tuple[str, ...]
    sender: str = "walkthroughs@localhost"
    port: int = 25
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    ssl: bool = False


@dataclass(frozen=True)
class AlertConfig:
    webhooks: tuple[Webhook, ...] = ()
    email: EmailSettings | None = None
    remind_every: timedelta = DEFAULT_REMIND_EVERY
    thresholds: Thresholds = field(default_factory=Thresholds)

    @property
    def channels(self) -> list[str]:
        return [f"webhook ({w.format})" for w in self.webhooks] + (["e-mail"] if self.email else [])


@dataclass(frozen=True)
class WalkSummary:
    """What an alert says about the walk that raised it."""

    walk_id: int
    started_at: str
    status: str
    scenarios: str
    report: str | None


def _percent(value: Any) -> float:
    text = str(value).strip()
    return float(text[:-1]) / 100 if text.endswith("%") else float(text)


def _milliseconds(value: Any) -> float:
    try:
        return parse_duration_ms(value)
    except DurationError as error:
        raise AlertConfigError(str(error)) from None


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def _read_file(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text) if path.suffix in (".yml", ".yaml") else tomllib.loads(text)
    except (OSError, tomllib.TOMLDecodeError, yaml.YAMLError) as error:
        raise AlertConfigError(f"cannot read the alerts file {path}: {error}") from None
    if not isinstance(data, dict):
        raise AlertConfigError(f"{path}: expected settings (remind_every, webhook, email, regressions)")
    return data


def _webhooks(entries: Any, environ: Mapping[str, str]) -> tuple[Webhook, ...]:
    hooks = []
    for entry in entries if isinstance(entries, list) else [entries] if entries else []:
        entry = {"url": entry} if isinstance(entry, str) else entry
        hooks.append(Webhook(str(entry["url"]), str(entry.get("format", "slack"))))
    if environ.get("WALKTHROUGHS_WEBHOOK_URL"):
        hooks.append(Webhook(environ["WALKTHROUGHS_WEBHOOK_URL"], environ.get("WALKTHROUGHS_WEBHOOK_FORMAT", "slack")))
    for hook in hooks:
        if hook.format not in WEBHOOK_FORMATS:
            raise AlertConfigError(f"webhook format {hook.format!r}: expected slack or json")
        if not hook.url.startswith(("http://", "https://")):
            raise AlertConfigError(f"webhook url {hook.url!r}: expected an http:// or https:// address")
    return tuple(hooks)


def _email(settings: Any, environ: Mapping[str, str]) -> EmailSettings | None:
    settings = dict(settings or {})
    env = {key: environ.get(f"WALKTHROUGHS_SMTP_{key.upper()}") for key in
           ("host", "port", "user", "password", "from", "to", "starttls", "ssl")}
    host = settings.get("host") or env["host"]
    if not host:
        return None
    recipients = settings.get("to") or [r.strip() for r in (env["to"] or "").split(",") if r.strip()]
    if isinstance(recipients, str):
        recipients = [recipients]
    if not recipients:
        raise AlertConfigError("e-mail alerts need recipients: `to` in the alerts file or WALKTHROUGHS_SMTP_TO")
    password = settings.get("password_env") and environ.get(settings["password_env"]) or env["password"]
    return EmailSettings(
        host=str(host), recipients=tuple(map(str, recipients)),
        sender=str(settings.get("from") or env["from"] or "walkthroughs@localhost"),
        port=int(settings.get("port") or env["port"] or (465 if settings.get("ssl") or _truthy(env["ssl"]) else 25)),
        username=settings.get("username") or env["user"], password=password,
        starttls=bool(settings.get("starttls", _truthy(env["starttls"]))), ssl=bool(settings.get("ssl", _truthy(env["ssl"]))))


def load_alert_config(path: Path | None = None, environ: Mapping[str, str] | None = None) -> AlertConfig:
    """Settings from the file (`path`, else $WALKTHROUGHS_ALERTS), completed by the environment."""
    environ = os.environ if environ is None else environ
    path = path or (Path(environ[ENV_FILE]) if environ.get(ENV_FILE) else None)
    data = _read_file(path) if path else {}
    try:
        remind = data.get("remind_every") or environ.get("WALKTHROUGHS_REMIND_EVERY")
        regressions = data.get("regressions") or {}
        defaults = Thresholds()
        thresholds = Thresholds(
            slower_by=_percent(regressions.get("slower_by", defaults.slower_by)),
            slower_min_ms=_milliseconds(regressions.get("slower_min", defaults.slower_min_ms / 1000)),
            baseline_walks=int(regressions.get("baseline_walks", defaults.baseline_walks)))
        return AlertConfig(webhooks=_webhooks(data.get("webhook"), environ), email=_email(data.get("email"), environ),
                           remind_every=timedelta(seconds=parse_interval(str(remind))) if remind else DEFAULT_REMIND_EVERY,
                           thresholds=thresholds)
    except (KeyError, TypeError, ValueError, ScheduleError) as error:
        if isinstance(error, AlertConfigError):
            raise
        raise AlertConfigError(f"alerts settings: {error}") from None


# ---- the message ----------------------------------------------------------------------------------

def headline(notices: list[Notice], walk: WalkSummary) -> str:
    counts = {event: sum(1 for n in notices if n.event == event) for event in EVENT_WORDS}
    parts = [f"{counts['started']} new problem{'s' * (counts['started'] != 1)}" if counts["started"] else "",
             f"{counts['reminder']} still open" if counts["reminder"] else "",
             f"{counts['recovered']} recovered" if counts["recovered"] else ""]
    return f"walkthroughs — {walk.scenarios or 'walk'}: " + ", ".join(p for p in parts if p)


def message_text(notices: list[Notice], walk: WalkSummary, marks: bool = True) -> str:
    lines = [headline(notices, walk)]
    for notice in notices:
        since = f" (since {notice.since})" if notice.event == "reminder" else ""
        mark = f"{EVENT_MARKS[notice.event]} " if marks else ""
        lines.append(f"{mark}{EVENT_WORDS[notice.event]}{since}: {notice.summary}")
    lines.append(f"Walk {walk.walk_id} at {walk.started_at}: {walk.status}."
                 + (f" Report: {walk.report}" if walk.report else ""))
    return "\n".join(lines)


def json_payload(notices: list[Notice], walk: WalkSummary) -> dict:
    return {"source": "walkthroughs", "headline": headline(notices, walk),
            "walk": {"id": walk.walk_id, "started_at": walk.started_at, "status": walk.status,
                     "scenarios": walk.scenarios.split(",") if walk.scenarios else [], "report": walk.report},
            "notices": [{"event": n.event, "kind": n.kind, "summary": n.summary, "since": n.since,
                         "incident": n.incident_id, "scenario": n.scenario, "device": n.device, "stage": n.stage}
                        for n in notices]}


# ---- delivery -------------------------------------------------------------------------------------

def _post(url: str, payload: dict) -> None:
    request = urllib.request.Request(url, data=json.dumps(payload).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "User-Agent": "walkthroughs-alerts"})
    urllib.request.urlopen(request, timeout=10).close()


def _mail(settings: EmailSettings, notices: list[Notice], walk: WalkSummary) -> None:
    message = EmailMessage()
    message["Subject"] = headline(notices, walk)
    message["From"], message["To"] = settings.sender, ", ".join(settings.recipients)
    message.set_content(message_text(notices, walk, marks=False))
    connect = smtplib.SMTP_SSL if settings.ssl else smtplib.SMTP
    with connect(settings.host, settings.port, timeout=10) as smtp:
        if settings.starttls and not settings.ssl:
            smtp.starttls()
        if settings.username:
            smtp.login(settings.username, settings.password or "")
        smtp.send_message(message)


def deliver(notices: list[Notice], walk: WalkSummary, config: AlertConfig) -> tuple[int, list[str]]:
    """Send one message per channel; (channels reached, what went wrong in words). Nothing to say: nothing sent."""
    if not notices:
        return 0, []
    reached, problems = 0, []
    for hook in config.webhooks:
        payload = {"text": message_text(notices, walk)} if hook.format == "slack" else json_payload(notices, walk)
        try:
            _post(hook.url, payload)
            reached += 1
        except (urllib.error.URLError, OSError, ValueError) as error:
            problems.append(f"the {hook.format} webhook {hook.url} did not take the alert: {error}")
    if config.email:
        try:
            _mail(config.email, notices, walk)
            reached += 1
        except (smtplib.SMTPException, OSError) as error:
            problems.append(f"the e-mail to {', '.join(config.email.recipients)} via {config.email.host} failed: {error}")
    return reached, problems
