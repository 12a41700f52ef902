"""What a journey may do on the shop it walks: which environment, where it may go, what it blocks, what is secret."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..scenario import model as m
from .trackers import BlockList, blocked_url_patterns
from .vocabulary import Vocabulary, vocabulary

ENVIRONMENTS = ("staging", "production")


def host_of(url: str | None) -> str | None:
    try:
        return urlsplit(url or "").hostname
    except ValueError:
        return None


def host_allowed(host: str, allowed: tuple[str, ...]) -> bool:
    """`example.com` allows itself and every subdomain (`www.example.com`); `*.` or `.` in front change nothing."""
    host = host.lower().rstrip(".")
    for entry in allowed:
        entry = entry.lower().removeprefix("*.").lstrip(".").rstrip(".")
        if host == entry or host.endswith("." + entry):
            return True
    return False


@dataclass(frozen=True)
class SafetyPolicy:
    environment: str = "staging"
    allowed_hosts: tuple[str, ...] = ()  # empty: the walk may go anywhere
    blocked: BlockList = field(default_factory=lambda: BlockList(blocked_url_patterns()))
    secret_names: frozenset[str] = frozenset()
    secret_values: tuple[str, ...] = ()
    words: Vocabulary = field(default_factory=vocabulary)  # what commits: the shipped words and the user's

    @property
    def production(self) -> bool:
        return self.environment == "production"

    def stops_before(self, step: m._StepBase) -> bool:
        """A step marked `commit: true` (order, payment, subscription) is only checked in production, not performed."""
        return self.production and step.commit is True

    def may_navigate(self, url: str) -> bool:
        """With `allowed_hosts`, only their pages and the shop's: the first page as much as any later one."""
        if not self.allowed_hosts or not url.startswith(("http://", "https://")):
            return True
        host = host_of(url)
        return host is None or host_allowed(host, self.allowed_hosts)


def policy_for(scenario: m.Scenario, environment: str | None = None, base_url: str | None = None) -> SafetyPolicy:
    """The scenario's policy; `environment` (the command line's) wins over the scenario's, and the shop's own host
    (`base_url`, else the scenario's) is always allowed."""
    allowed: tuple[str, ...] = ()
    if scenario.allowed_hosts:
        shop = host_of(base_url or scenario.base_url)
        allowed = (*scenario.allowed_hosts, *([shop] if shop else []))
    return SafetyPolicy(
        environment=environment or scenario.environment,
        allowed_hosts=allowed,
        blocked=BlockList(blocked_url_patterns(scenario.block)),
        secret_names=frozenset(scenario.secrets),
        secret_values=tuple(os.environ[name] for name in scenario.secrets if os.environ.get(name)),
        words=vocabulary(commit_word_files(scenario)),
    )


def commit_word_files(scenario: m.Scenario) -> list[Path]:
    """The scenario's `commit_words:` files, relative to the scenario file."""
    written = scenario.as_written
    folder = written.source.parent if written.source else Path.cwd()
    return [folder / name for name in written.commit_words]
