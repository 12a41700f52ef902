"""Tell people when a watched shop regresses, through apprise: Slack, Microsoft Teams, Discord, PagerDuty, Opsgenie,
e-mail and 100-odd other services, each set by an apprise URL, with retries. Configured in a TOML or YAML file
(`--alerts FILE`) or the environment.

```toml
remind_every = "4h"          # reminders of a still-open incident, at most this often
urls = ["workflows://…", "discord://…", "pagerduty://…", "opsgenie://…", "mailtos://…"]   # any apprise URL
retries = 2                  # a channel that fails is tried this many more times ...
retry_wait = "2s"            # ... this long apart
[[webhook]]                  # kept from earlier versions:
url = "https://hooks.slack.com/services/…"    # format "slack" (default): {"text": …}, or "json": the walk as JSON
[email]                      # ... and spelled out as a mailto:// URL
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
Environment: WALKTHROUGHS_ALERT_URLS (apprise URLs, separated by spaces or commas), WALKTHROUGHS_WEBHOOK_URL
(+ WALKTHROUGHS_WEBHOOK_FORMAT), WALKTHROUGHS_SMTP_HOST, _PORT, _USER, _PASSWORD, _FROM, _TO (comma-separated),
_STARTTLS, _SSL, and WALKTHROUGHS_REMIND_EVERY.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import urllib.request
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import quote, urlencode, urlsplit

import apprise
import yaml
from apprise.decorators import notify

from ..errors import InputError
from ..formatting import local_time
from ..scenario.durations import DurationError, parse_duration_ms
from .incidents import Notice
from .regressions import Thresholds
from .schedule import ScheduleError, parse_interval

if sys.version_info >= (3, 11):
    import tomllib
else:  # the same parser, published for older Pythons
    import tomli as tomllib

ENV_FILE = "WALKTHROUGHS_ALERTS"
DEFAULT_REMIND_EVERY = timedelta(hours=4)
WEBHOOK_FORMATS = ("slack", "json")
EVENT_WORDS = {"started": "Started", "reminder": "Still open", "recovered": "Recovered"}
STATE_MARKS = {"broken": "🔴", "degraded": "🟡", "recovered": "✅"}
JSON_SCHEMES = {"http": "wtjson", "https": "wtjsons"}
# apprise's json:// posts {version, title, message, attachments, type}; renamed and dropped, it posts {"text": …}
SLACK_FIELDS = {":message": "text", ":version": "", ":title": "", ":attachments": "", ":type": ""}
DELIVERY_TIMEOUT_S = 10


class AlertConfigError(InputError):
    """The alerts configuration cannot be used; the message names the setting."""


@dataclass(frozen=True)
class Webhook:
    """A webhook of earlier versions: `slack` posts {"text": …} to any URL, `json` posts the walk's JSON payload."""

    url: str
    format: str = "slack"

    def apprise_url(self) -> str:
        parts = urlsplit(self.url)
        if self.format == "json":
            return JSON_SCHEMES[parts.scheme] + self.url[len(parts.scheme):]
        if _plugin(self.url) is not None:
            return self.url  # a URL apprise knows by its host (hooks.slack.com, Discord, Teams, …) goes to that service
        query = {f"-{key}": value for key, value in _query(parts.query)}  # apprise passes `-name` on as the URL's own
        base = ("jsons" if parts.scheme == "https" else "json") + self.url[len(parts.scheme):].split("?", 1)[0]
        return f"{base}?{urlencode({**SLACK_FIELDS, **query})}"


@dataclass(frozen=True)
class EmailSettings:
    """E-mail over SMTP as earlier versions set it; sent by apprise as the mailto:// URL these settings spell."""

    host: str
    recipients: tuple[str, ...]
    sender: str = "walkthroughs@localhost"
    port: int = 25
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    ssl: bool = False

    def apprise_url(self) -> str:
        login = ""
        if self.username:
            login = quote(self.username, safe="") + (f":{quote(self.password, safe='')}" if self.password else "") + "@"
        secure = self.ssl or self.starttls
        query = {"from": self.sender, "to": ",".join(self.recipients), "smtp": self.host, "format": "text"}
        if secure:
            query["mode"] = "ssl" if self.ssl else "starttls"
        return f"{'mailtos' if secure else 'mailto'}://{login}{self.host}:{self.port}?{urlencode(query)}"


@dataclass(frozen=True)
class Channel:
    """One place alerts go: an apprise URL, what to call it, and how its message is laid out."""

    url: str
    label: str
    layout: str = "titled"  # titled: headline as the title | text: all in the body | json: the walk's JSON payload


@dataclass(frozen=True)
class AlertConfig:
    webhooks: tuple[Webhook, ...] = ()
    email: EmailSettings | None = None
    urls: tuple[str, ...] = ()  # apprise URLs
    remind_every: timedelta = DEFAULT_REMIND_EVERY
    thresholds: Thresholds = field(default_factory=Thresholds)
    retries: int = 2
    retry_wait_s: float = 2.0

    @property
    def targets(self) -> list[Channel]:
        hooks = [Channel(w.apprise_url(), f"webhook ({w.format})", "json" if w.format == "json" else "text")
                 for w in self.webhooks]
        mail = [Channel(self.email.apprise_url(), "e-mail", "plain")] if self.email else []
        return hooks + mail + [Channel(url, _service_name(url)) for url in self.urls]

    @property
    def channels(self) -> list[str]:
        return [channel.label for channel in self.targets]


@dataclass(frozen=True)
class WalkSummary:
    """What an alert says about the walk that raised it; `report` is a link (hosted with --report-url) or a path."""

    walk_id: int
    started_at: str
    status: str
    scenarios: str
    report: str | None


# ---- settings -------------------------------------------------------------------------------------

def _query(text: str) -> list[tuple[str, str]]:
    return [(k, v) for k, _, v in (part.partition("=") for part in text.split("&") if part)]


def _plugin(url: str) -> Any:
    """apprise's plugin for a URL, or None; asked quietly (apprise logs an error for every URL it cannot read)."""
    logger = logging.getLogger("apprise")
    was, logger.disabled = logger.disabled, True
    try:
        return apprise.Apprise.instantiate(url)
    finally:
        logger.disabled = was


def _service_name(url: str) -> str:
    plugin = _plugin(url)
    return plugin.service_name if plugin is not None else url.split(":", 1)[0]


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
        raise AlertConfigError(f"{path}: expected settings (remind_every, urls, webhook, email, regressions)")
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
            raise AlertConfigError(f"webhook format {hook.format!r}: expected slack or json "
                                   "(Teams, Discord, PagerDuty, Opsgenie and others: an apprise URL under `urls`)")
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


def _urls(entries: Any, environ: Mapping[str, str]) -> tuple[str, ...]:
    urls = [entries] if isinstance(entries, str) else list(entries or [])
    urls += [u for u in re.split(r"[\s,]+", environ.get("WALKTHROUGHS_ALERT_URLS", "")) if u]
    for url in urls:
        if not isinstance(url, str) or _plugin(url) is None:
            raise AlertConfigError(f"alert url {url!r}: not an address apprise can send to "
                                   "(such as slack://…, workflows://… (Teams), discord://…, pagerduty://…, mailto://…, json://…)")
    return tuple(urls)


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
        retries = int(data.get("retries", AlertConfig.retries))
        if not 0 <= retries <= 10:
            raise AlertConfigError(f"retries = {retries}: expected a number from 0 to 10")
        return AlertConfig(webhooks=_webhooks(data.get("webhook"), environ), email=_email(data.get("email"), environ),
                           urls=_urls(data.get("urls"), environ),
                           remind_every=timedelta(seconds=parse_interval(str(remind))) if remind else DEFAULT_REMIND_EVERY,
                           thresholds=thresholds, retries=retries,
                           retry_wait_s=_milliseconds(data["retry_wait"]) / 1000 if "retry_wait" in data
                           else AlertConfig.retry_wait_s)
    except (KeyError, TypeError, ValueError, ScheduleError) as error:
        if isinstance(error, AlertConfigError):
            raise
        raise AlertConfigError(f"alerts settings: {error}") from None


# ---- the message ----------------------------------------------------------------------------------

def headline(notices: list[Notice], walk: WalkSummary) -> str:
    started = [n for n in notices if n.event == "started"]
    broken = sum(n.state == "broken" for n in started)
    parts = [f"{broken} new problem{'s' * (broken != 1)}" if broken else "",
             f"degraded: {len(started) - broken} new" if len(started) > broken else "",
             f"{sum(n.event == 'reminder' for n in notices)} still open" if any(n.event == "reminder" for n in notices)
             else "",
             f"{sum(n.event == 'recovered' for n in notices)} recovered" if any(n.event == "recovered" for n in notices)
             else ""]
    return f"walkthroughs — {walk.scenarios or 'walk'}: " + ", ".join(p for p in parts if p)


def message_text(notices: list[Notice], walk: WalkSummary, marks: bool = True, title: bool = True) -> str:
    lines = [headline(notices, walk)] if title else []
    for notice in notices:
        since = f" (since {local_time(notice.since)})" if notice.event == "reminder" else ""
        mark = f"{STATE_MARKS[notice.state]} " if marks else ""
        state = f" [{notice.state}]" if notice.event != "recovered" else ""
        lines.append(f"{mark}{EVENT_WORDS[notice.event]}{state}{since}: {notice.summary}")
    lines.append(f"Walk {walk.walk_id} at {local_time(walk.started_at)}: {walk.status}."
                 + (f" Report: {walk.report}" if walk.report else ""))
    return "\n".join(lines)


def json_payload(notices: list[Notice], walk: WalkSummary) -> dict:
    return {"source": "walkthroughs", "headline": headline(notices, walk),
            "walk": {"id": walk.walk_id, "started_at": walk.started_at, "status": walk.status,
                     "scenarios": walk.scenarios.split(",") if walk.scenarios else [], "report": walk.report},
            "notices": [{"event": n.event, "state": n.state, "kind": n.kind, "summary": n.summary, "since": n.since,
                         "incident": n.incident_id, "scenario": n.scenario, "device": n.device, "stage": n.stage}
                        for n in notices]}


def notify_type(notices: list[Notice]) -> apprise.NotifyType:
    """failure while anything is broken, warning while only degraded, success when all is recovered."""
    states = {n.state for n in notices}
    return (apprise.NotifyType.FAILURE if "broken" in states else
            apprise.NotifyType.WARNING if "degraded" in states else apprise.NotifyType.SUCCESS)


# ---- delivery -------------------------------------------------------------------------------------

def _post_json(body: str, title: str, notify_type: str, meta: dict, *args, **kwargs) -> bool:
    """The walk's JSON payload, posted as it is. Hand-written because apprise's json:// wraps every message in its
    own flat {title, message} shape; apprise still does the retries and the logging."""
    scheme = "https" if meta["schema"] == JSON_SCHEMES["https"] else "http"
    url = scheme + meta["url"][len(meta["schema"]):]
    request = urllib.request.Request(url, data=body.encode(), method="POST",
                                     headers={"Content-Type": "application/json", "User-Agent": "walkthroughs-alerts"})
    try:
        urllib.request.urlopen(request, timeout=DELIVERY_TIMEOUT_S).close()
    except OSError as error:
        logging.getLogger("apprise").warning("the JSON webhook did not take the alert: %s", error)
        return False
    return True


for _scheme in JSON_SCHEMES.values():
    notify(on=_scheme, name="walkthroughs JSON webhook")(_post_json)


def _send(channel: Channel, notices: list[Notice], walk: WalkSummary, config: AlertConfig) -> str | None:
    """Deliver to one channel, with apprise's retries; None, or what went wrong in words."""
    asset = apprise.AppriseAsset(default_service_retry=config.retries, default_service_wait=config.retry_wait_s)
    sender = apprise.Apprise(asset=asset)
    if not sender.add(channel.url):
        return f"the {channel.label} address is not one apprise can send to"
    title, body = headline(notices, walk), message_text(notices, walk, title=False)
    if channel.layout == "text":
        title, body = "", message_text(notices, walk)
    elif channel.layout == "plain":
        body = message_text(notices, walk, marks=False)
    elif channel.layout == "json":
        title, body = "", json.dumps(json_payload(notices, walk))
    with apprise.LogCapture(level=logging.WARNING, fmt="%(message)s") as log:
        delivered = sender.notify(body=body, title=title, notify_type=notify_type(notices),
                                  body_format=apprise.NotifyFormat.TEXT)
    if delivered:
        return None
    said = [line.strip() for line in log.getvalue().splitlines() if line.strip()]
    return said[-1] if said else "apprise could not deliver it"


def deliver(notices: list[Notice], walk: WalkSummary, config: AlertConfig) -> tuple[int, list[str]]:
    """Send one message per channel; (channels reached, what went wrong in words). Nothing to say: nothing sent."""
    if not notices:
        return 0, []
    reached, problems = 0, []
    for channel in config.targets:
        problem = _send(channel, notices, walk, config)
        if problem is None:
            reached += 1
        else:
            problems.append(f"the {channel.label} alert was not delivered"
                            f"{f' after {config.retries + 1} tries' if config.retries else ''}: {problem}")
    return reached, problems
