"""Numbers, times and names as a QA person reads them — "2.4 s", "180 ms", "23 Nov 2026, 12:22 UTC" — and the
slugs folder and page names are made of: one way each, for the terminal, the report and the alerts alike."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timezone, tzinfo


def duration(ms: float | None) -> str:
    if ms is None:
        return "—"
    if abs(ms) < 1000:
        return f"{ms:.0f} ms"
    return f"{ms / 1000:.1f} s"


def signed_duration(ms: float) -> str:
    return ("+" if ms >= 0 else "−") + duration(abs(ms))


def timestamp(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.strftime("%d %b %Y, %H:%M UTC").lstrip("0")


def local_time(iso: str | None, zone: tzinfo | None = None, seconds: bool = False) -> str:
    """A stored time in the reader's time zone (the machine's, or `zone`), with the zone: `2026-01-01 04:00 CET`.
    A time stored without an offset is UTC."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    moment = (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(zone)
    return moment.strftime("%Y-%m-%d %H:%M" + (":%S" if seconds else "") + " %Z").strip()


def elapsed_ms(start: str | None, end: str | None) -> float | None:
    try:
        return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() * 1000
    except (TypeError, ValueError):
        return None


def measured(value: float | str | None, unit: str | None) -> str:
    """A finding's measured value or threshold with its unit."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and unit == "ms":
        return duration(float(value))
    if isinstance(value, float):
        value = f"{value:.3g}" if abs(value) < 10 else f"{value:,.0f}"
    return f"{value} {unit}".strip() if unit else str(value)


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


def slug(text: str) -> str:
    """Lower-case ASCII letters and digits joined by `-` (`Kasse & Bezahlung` → `kasse-bezahlung`): safe in a file
    name, a URL and an HTML id on every system."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"
