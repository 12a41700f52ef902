"""One journey's safety, in the few calls the walker makes: open the context, act, type, screenshot, write, close."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from playwright.async_api import Browser, BrowserContext, Locator, Page

from ..scenario import model as m
from ..scenario.variables import names_in
from .commit_guard import CommitGuard
from .committing_actions import (
    Commitment,
    committing_forms,
    how_it_acts,
    judge,
    look_at,
)
from .policy import SafetyPolicy
from .routing import PageGuard, synthetic_context_args
from .secrets import Secrets
from .tracing import PausableTrace


@dataclass(frozen=True)
class ActionCheck:
    """What the production walk decided before a step: hold it (checked, not performed), or do it."""

    hold: Commitment | None = None
    overridden: Commitment | None = None  # `commit: false` on a step the words would have held: done, and logged
    tool_ms: float = 0.0  # time spent reading the page for the decision, which is not the shop's

    def evidence(self) -> dict[str, Any] | None:
        if self.hold:
            return {"held": True, "kind": self.hold.kind, "reason": self.hold.reason,
                    "by": "the scenario (commit: true)" if self.hold.marked else "the words on the page"}
        if self.overridden:
            return {"held": False, "kind": self.overridden.kind, "reason": self.overridden.reason,
                    "by": "commit: false in the scenario overrides it"}
        return None


class JourneySafety:
    def __init__(self, policy: SafetyPolicy, folder: Path, trace_mode: str, clock_start: float,
                 screencast: bool = True) -> None:
        self.policy = policy
        self.secrets = Secrets(named=policy.secret_values)
        self.commits = CommitGuard(policy.words, clock_start) if policy.production else None
        self.pages = PageGuard(policy, clock_start, self.commits)
        self.folder, self.trace_mode, self.screencast = folder, trace_mode, screencast
        self.trace: PausableTrace | None = None
        self.overrides: list[dict[str, Any]] = []
        self.stop: dict[str, Any] | None = None  # where the walk stopped before committing, and why

    async def before_action(self, step: m._StepBase, page: Page, target: Locator | None,
                            timeout_ms: float) -> ActionCheck:
        """Production: would this click, tap or key press commit? Judged on the page's element (and the forms on the
        page teach the network guard the order's address); a step marked `commit: true` is held whatever it shows."""
        if self.commits is None:
            return ActionCheck()  # staging: every step is done
        how, marked = how_it_acts(step), self.policy.stops_before(step)
        if how is None and not marked:
            return ActionCheck()
        seen, tool_ms = await look_at(page, target, how, timeout_ms) if how else ({}, 0.0)
        for address, kind in committing_forms(seen, self.policy.words):
            self.commits.learn(address, kind)
        found = judge(seen, self.policy.words)
        if marked:
            kind = found.kind if found else "order"
            return ActionCheck(Commitment(kind, "the scenario marks it `commit: true`", marked=True), tool_ms=tool_ms)
        if found and step.commit is False:
            stage, index = self.pages.where() or (None, None)
            self.overrides.append({"stage": stage, "step": index, "kind": found.kind, "reason": found.reason})
            return ActionCheck(overridden=found, tool_ms=tool_ms)
        return ActionCheck(hold=found, tool_ms=tool_ms)

    def stopped(self, kind: str, why: dict[str, Any]) -> None:
        """The walk stopped before committing (`why`: the step's commit evidence): from now on the network guard holds
        every request but GETs."""
        stage, step = self.pages.where() or (None, None)
        self.stop = {"stage": stage, "step": step, **why}
        if self.commits:
            self.commits.stop(kind)

    def held_during(self, step: m._StepBase, stage: int, index: int) -> list[dict[str, Any]]:
        """The committing requests the network guard held while this click, tap or key press ran: what it set off
        (a request held while the walk typed or opened a page is the page's own, kept in the evidence)."""
        if self.commits is None or how_it_acts(step) is None:
            return []
        return self.commits.held(stage, index)

    async def context_args(self, browser: Browser, device_args: dict[str, Any]) -> dict[str, Any]:
        return await synthetic_context_args(browser, device_args)

    async def start_trace(self, context: BrowserContext) -> None:
        self.trace = PausableTrace(context, self.folder, self.trace_mode, self.secrets, self.screencast)
        await self.trace.start()

    async def guard(self, context: BrowserContext, page: Page, where: Callable[[], tuple[int, int] | None]) -> None:
        """Guard the first page and every later one; `where()` names the (stage, step) walked, for the evidence."""
        self.pages.where = where
        if self.commits:
            self.commits.where = where
        await self.pages.guard_page(page)
        self.pages.watch_context(context)

    async def before_step(self, step: m._StepBase) -> None:
        """A step that uses a secret variable (`goto: /login?pw=${SHOP_PASSWORD}`) pauses the trace before it runs."""
        if self.policy.secret_names & names_in(step.model_dump_json()) and self.trace:
            await self.trace.pause()

    async def before_fill(self, field: Locator, value: str, attributes: list | None = None) -> None:
        """Called before typing (`attributes`: the field's [type, autocomplete], when already read): a secret pauses
        the trace and its field is masked from now on."""
        if await self.secrets.is_secret_fill(field, value, attributes):
            self.secrets.typed_into(field, value)
            if self.trace:
                await self.trace.pause()

    async def after_step(self, page: Page) -> None:
        if self.trace:
            await self.trace.resume_if_clear(page)

    @property
    def masks(self) -> list[Locator]:
        return list(self.secrets.fields)

    def redact(self, text: str) -> str:
        return self.secrets.redact(text)

    def scrub(self, data: Any) -> Any:
        return self.secrets.scrub(data)

    def evidence(self) -> dict[str, Any]:
        """What goes under `safety` in evidence.json (the lists fill in as the walk goes)."""
        evidence = {"environment": self.policy.environment, "allowed_hosts": list(self.policy.allowed_hosts),
                    **self.pages.log}
        if self.commits:
            evidence |= {"commit_words": list(self.policy.words.files), "requests_sent": self.commits.log,
                         "order_addresses": self.commits.order_addresses}
        return evidence

    def summary(self) -> dict[str, Any]:
        """The guard's log in short, for results.json: committing requests sent (production: counted) and held."""
        if self.commits is None:
            return {"environment": self.policy.environment, "stopped_at": self.stop}
        held = [{key: entry[key] for key in ("method", "url", "kind", "reason", "stage", "step")}
                for entry in self.commits.held()]
        return {"environment": self.policy.environment, "committing_requests_sent": self.commits.committing_sent,
                "non_get_requests": self.commits.seen, "held_requests": held, "overrides": self.overrides,
                "stopped_at": self.stop}

    async def close(self, broken: bool) -> list[Path]:
        """Stop guarding and tracing; the trace parts kept."""
        await self.pages.close()
        return await self.trace.finish(broken) if self.trace else []
