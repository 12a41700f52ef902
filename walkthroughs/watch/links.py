"""Where a walk's report is, for the person an alert, a trend bar or `history` sends there: under `--report-url BASE`
when the reports folder is published (BASE/<run folder>/report/index.html), else the file on this machine."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote, urlsplit

from ..errors import InputError
from .history import Walk

ENV_REPORT_URL = "WALKTHROUGHS_REPORT_URL"


class ReportUrlError(InputError):
    """`--report-url` is not an http(s) address."""


def check_report_url(text: str | None) -> str | None:
    """`--report-url` (else $WALKTHROUGHS_REPORT_URL) as given, or None; anything but an http(s) address is refused."""
    text = (text or os.environ.get(ENV_REPORT_URL) or "").strip()
    if not text:
        return None
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ReportUrlError(f"--report-url {text!r}: expected the http:// or https:// address the reports folder is "
                         "published at, such as https://reports.example.com/shop")
    return text.rstrip("/")


def _inside_out(walk: Walk) -> str | None:
    """The report's path inside the reports folder: `<run folder>/report/index.html`."""
    if not walk.report:
        return None
    report = Path(walk.report)
    out = Path(walk.run_dir).parent if walk.run_dir else report.parent.parent.parent
    try:
        return report.relative_to(out).as_posix()
    except ValueError:
        return None


def report_link(walk: Walk, base_url: str | None = None) -> str | None:
    """The report of `walk` as a hosted address (with a base) or a local path; None once it is pruned."""
    if not walk.report or walk.pruned:
        return None
    inside = _inside_out(walk)
    if base_url and inside:
        return f"{base_url}/{quote(inside)}"
    return walk.report


def link_from_report(walk: Walk, base_url: str | None = None) -> str | None:
    """The report of `walk` as another walk's report links to it: hosted, or relative (both live in one folder)."""
    if not walk.report or walk.pruned:
        return None
    inside = _inside_out(walk)
    if base_url and inside:
        return f"{base_url}/{quote(inside)}"
    return f"../../{quote(inside)}" if inside else None
