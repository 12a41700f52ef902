"""Which requests a walk blocks: a maintained list of advertising, analytics and tag-manager hosts, the additions and
exceptions kept by hand in trackers.txt, and the scenario's own `block:` entries.

The maintained list is third-party-web — the categorised database of third parties Lighthouse itself uses, updated
from the HTTP Archive — read from the pinned npm install (`node_modules/third-party-web`, or the entities.json that
$WALKTHROUGHS_TRACKER_LIST names), so nothing is fetched at run time. Its hosts become Chromium URL patterns
(Network.setBlockedURLs, and Lighthouse's blockedUrlPatterns), so a blocked request never leaves the browser.

An entry of trackers.txt or `block:` is a host (blocks the host and its subdomains, on any port), a host with a
path prefix (`facebook.com/tr`), or a URL pattern with `*`; `@@host` keeps a host of the maintained list unblocked.
"""

from __future__ import annotations

import json
import os
import re
import warnings
from functools import lru_cache
from pathlib import Path

TRACKERS_FILE = Path(__file__).with_name("trackers.txt")
PROJECT_ROOT = Path(__file__).resolve().parents[2]  # where setup.sh runs `npm ci`, as lighthouse.tools looks too
ENV_TRACKER_LIST = "WALKTHROUGHS_TRACKER_LIST"
TRACKER_CATEGORIES = ("ad", "analytics", "tag-manager")  # third-party-web's categories that count visits or ads
# Chromium matches every request against every pattern, so each one costs on every page load (bench/tracker_blocking.py:
# the whole list, ~3,300 patterns, made pages of many requests measurably slower). Services the HTTP Archive finds on
# fewer sites than this are left out: the ~230 kept account for 99.8 % of the list's sightings.
MIN_SITES = 1000
_ENTITIES = Path("third-party-web") / "dist" / "entities.json"
_HOST = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$")


class TrackerListMissing(UserWarning):
    """third-party-web is not installed: only the hand-kept additions and the scenario's `block:` are blocked."""


def maintained_list_file() -> Path | None:
    """$WALKTHROUGHS_TRACKER_LIST, else third-party-web in the project's or the working folder's node_modules."""
    if os.environ.get(ENV_TRACKER_LIST):
        return Path(os.environ[ENV_TRACKER_LIST])
    for root in dict.fromkeys((PROJECT_ROOT, Path.cwd())):
        if (root / "node_modules" / _ENTITIES).is_file():
            return root / "node_modules" / _ENTITIES
    return None


@lru_cache(maxsize=1)
def _hand_lines() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(additions, exceptions) from trackers.txt."""
    lines = [line.strip() for line in TRACKERS_FILE.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    return (tuple(line for line in lines if not line.startswith("@@")),
            tuple(line[2:].strip().lower() for line in lines if line.startswith("@@")))


def _under(host: str, parents: set[str]) -> bool:
    """Whether `host` is one of `parents` or a subdomain of one."""
    labels = host.split(".")
    return any(".".join(labels[i:]) in parents for i in range(len(labels)))


@lru_cache(maxsize=4)
def maintained_hosts(min_sites: int = MIN_SITES) -> tuple[str, ...]:
    """The maintained list's tracking hosts of services seen on at least `min_sites` sites, less the exceptions; a host
    under another listed host is left out (the parent already blocks it)."""
    path = maintained_list_file()
    if path is None or not path.is_file():
        warnings.warn(TrackerListMissing(
            "the maintained tracker list (npm package third-party-web) was not found: run `bash scripts/setup.sh` or "
            f"set {ENV_TRACKER_LIST}; only trackers.txt and the scenario's `block:` entries are blocked"), stacklevel=2)
        return ()
    entities = json.loads(path.read_text(encoding="utf-8"))
    exceptions = set(_hand_lines()[1])
    hosts = {domain.lower().removeprefix("*.") for entity in entities
             if entity.get("category") in TRACKER_CATEGORIES and (entity.get("totalOccurrences") or 0) >= min_sites
             for domain in entity.get("domains", [])}
    hosts = {host for host in hosts if _HOST.match(host) and not _under(host, exceptions)}
    return tuple(sorted(host for host in hosts if not _under(host.split(".", 1)[1], hosts)))


def tracker_entries() -> tuple[str, ...]:
    """Every entry the tracker list blocks: the maintained hosts, then the hand-kept additions."""
    return (*maintained_hosts(), *_hand_lines()[0])


def url_patterns(entry: str) -> list[str]:
    """Chromium URL patterns (`*` wildcards) for one block-list entry."""
    entry = entry.strip()
    if "*" in entry:
        return [entry]
    host, slash, path = entry.partition("/")
    rests = [f"/{path}", f"/{path}?*", f"/{path}/*"] if slash else ["/*"]  # the path itself, not /tracker-free
    hosts = [host, f"*.{host}"] + ([f"{host}:*", f"*.{host}:*"] if ":" not in host else [])  # any port too
    return [f"*://{name}{rest}" for name in hosts for rest in rests]


@lru_cache(maxsize=4)
def _maintained_patterns(min_sites: int = MIN_SITES) -> tuple[str, ...]:
    # Trackers answer on the default ports: two patterns a host keep Chromium's list (matched per request) short.
    return tuple(pattern for host in maintained_hosts(min_sites) for pattern in (f"*://{host}/*", f"*://*.{host}/*"))


def blocked_url_patterns(extra: list[str] | tuple[str, ...] = (), min_sites: int = MIN_SITES) -> list[str]:
    """Every pattern a walk blocks: the maintained list's, the hand-kept additions', then the scenario's."""
    entries = (*_hand_lines()[0], *extra)
    return [*_maintained_patterns(min_sites), *(pattern for entry in entries for pattern in url_patterns(entry))]


@lru_cache(maxsize=8)
def _compiled(patterns: tuple[str, ...]) -> re.Pattern:
    """Chromium's wildcard patterns as one regex; the many `*://host/*` and `*://*.host/*` ones as two alternations
    of hosts, which compile and match in a fraction of the time of one alternative each (same meaning)."""
    exact, below, rest = [], [], []
    for pattern in patterns:
        host = re.fullmatch(r"\*://(\*\.)?([^*]+)/\*", pattern)
        if host:
            (below if host.group(1) else exact).append(re.escape(host.group(2)))
        else:
            rest.append("(?:" + re.escape(pattern).replace(r"\*", ".*") + ")")
    parts = [f".*://(?:{'|'.join(exact)})/.*"] if exact else []
    parts += [f".*://.*\\.(?:{'|'.join(below)})/.*"] if below else []
    return re.compile("|".join(parts + rest) or r"(?!)")


class BlockList:
    """Tells whether a URL is one the walk blocks, with the same patterns (and wildcards) Chromium is given."""

    def __init__(self, patterns: list[str]) -> None:
        self.patterns = patterns

    def blocks(self, url: str) -> bool:
        # compiled when first asked, once per list: a walk hands the patterns to Chromium and never asks
        return _compiled(tuple(self.patterns)).fullmatch(url) is not None
