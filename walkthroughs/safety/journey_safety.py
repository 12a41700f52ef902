"""One journey's safety, in the few calls the walker makes: open the context, type, screenshot, write, close."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from playwright.async_api import Browser, BrowserContext, Locator, Page

from ..scenario import model as m
from ..scenario.variables import names_in
from .policy import SafetyPolicy
from .routing import PageGuard, synthetic_context_args
from .secrets import Secrets
from .tracing import PausableTrace


class JourneySafety:
    def __init__(self, policy: SafetyPolicy, folder: Path, trace_mode: str, clock_start: float) -> None:
        self.policy = policy
        self.secrets = Secrets(policy.secret_values)
        self.pages = PageGuard(policy, clock_start)
        self.folder, self.trace_mode = folder, trace_mode
        self.trace: PausableTrace | None = None

    def stops_before(self, step: m._StepBase) -> bool:
        return self.policy.stops_before(step)

    async def context_args(self, browser: Browser, device_args: dict[str, Any]) -> dict[str, Any]:
        return await synthetic_context_args(browser, device_args)

    async def start_trace(self, context: BrowserContext) -> None:
        self.trace = PausableTrace(context, self.folder, self.trace_mode, self.secrets)
        await self.trace.start()

    async def guard(self, context: BrowserContext, page: Page, where: Callable[[], tuple[int, int] | None]) -> None:
        """Guard the first page and every later one; `where()` names the (stage, step) walked, for the evidence."""
        self.pages.where = where
        await self.pages.guard_page(page)
        self.pages.watch_context(context)

    async def before_step(self, step: m._StepBase) -> None:
        """A step that uses a secret variable (`goto: /login?pw=${SHOP_PASSWORD}`) pauses the trace before it runs."""
        if self.policy.secret_names & names_in(step.model_dump_json()) and self.trace:
            await self.trace.pause()

    async def before_fill(self, field: Locator, value: str) -> None:
        """Called before typing: a secret pauses the trace and its field is masked from now on."""
        if await self.secrets.is_secret_fill(field, value):
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
        """What goes under `safety` in evidence.json."""
        return {"environment": self.policy.environment, "allowed_hosts": list(self.policy.allowed_hosts),
                **self.pages.log}

    async def close(self, broken: bool) -> list[Path]:
        """Stop guarding and tracing; the trace parts kept."""
        await self.pages.close()
        return await self.trace.finish(broken) if self.trace else []
