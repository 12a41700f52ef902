"""Whether a request's address is one a scenario names (`failed-requests.ignore`): by host, path, glob or pattern.

One reading for every list of addresses a detector takes, written as `thresholds.Addresses` documents:
`telemetry.example.com` (the host and its subdomains), `/favicon.ico` (exactly this path, on any host),
`*/collect?*` or `/static/*.map` (a glob over the whole URL, or over its path when it starts with `/`), and
`/sentry|rum\\./` (a regular expression searched in the whole URL).
"""

from __future__ import annotations

import re
from fnmatch import fnmatchcase
from functools import lru_cache
from typing import Iterable
from urllib.parse import urlsplit

from .parties import host_of, within

GLOB_MARKS = ("*", "?", "[")


@lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def matches(url: str, entry: str) -> bool:
    if len(entry) > 2 and entry.startswith("/") and entry.endswith("/"):
        return _regex(entry[1:-1]).search(url) is not None
    path = urlsplit(url).path
    if any(mark in entry for mark in GLOB_MARKS):
        return fnmatchcase(path if entry.startswith("/") else url, entry)
    if entry.startswith("/"):
        return path == entry
    return within(host_of(url), entry)


def any_matches(url: str, entries: Iterable[str]) -> bool:
    return any(matches(url, entry) for entry in entries)
