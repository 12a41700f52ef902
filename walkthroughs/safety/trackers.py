"""Which requests a walk blocks: the maintained tracker list plus the scenario's own `block:` entries.

An entry is a host (blocks the host and its subdomains), a host with a path prefix (`facebook.com/tr`),
or a URL pattern with `*`. Chromium takes the same patterns, so a blocked request never leaves the browser.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

TRACKERS_FILE = Path(__file__).with_name("trackers.txt")


@lru_cache(maxsize=1)
def tracker_entries() -> tuple[str, ...]:
    lines = TRACKERS_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))


def url_patterns(entry: str) -> list[str]:
    """Chromium URL patterns (`*` wildcards) for one block-list entry."""
    entry = entry.strip()
    if "*" in entry:
        return [entry]
    host, slash, path = entry.partition("/")
    rests = [f"/{path}", f"/{path}?*", f"/{path}/*"] if slash else ["/*"]  # the path itself, not /tracker-free
    hosts = [host, f"*.{host}"] + ([f"{host}:*", f"*.{host}:*"] if ":" not in host else [])  # any port too
    return [f"*://{name}{rest}" for name in hosts for rest in rests]


def blocked_url_patterns(extra: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Every pattern a walk blocks: the tracker list's, then the user's."""
    return [pattern for entry in (*tracker_entries(), *extra) for pattern in url_patterns(entry)]


class BlockList:
    """Tells whether a URL is one the walk blocks, with the same patterns Chromium is given."""

    def __init__(self, patterns: list[str]) -> None:
        self.patterns = patterns
        alternatives = ["(?:" + re.escape(pattern).replace(r"\*", ".*") + ")" for pattern in patterns]
        self._regex = re.compile("|".join(alternatives) or r"(?!)")

    def blocks(self, url: str) -> bool:
        return self._regex.fullmatch(url) is not None
