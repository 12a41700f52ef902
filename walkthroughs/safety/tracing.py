"""A journey's Playwright trace that never holds a secret: it pauses before a secret is typed and resumes
once no page shows it, so the trace may come in parts (trace.zip, trace-2.zip, …). What the pause cannot
hold back (a form's request finishing after the page changed) is redacted in the saved parts' text.

A pause that does not finish (the walker's deadline cancelled it, or the browser went away) leaves the recording
under way untrusted: it is never saved."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from playwright.async_api import BrowserContext, Page

from .secrets import Secrets


def redact_zip(path: Path, secrets: Secrets) -> None:
    """Rewrite a trace with every secret in its text members replaced (screencast pictures are left as they are)."""
    if not secrets.values:
        return
    redacted = path.with_name(f".{path.name}.tmp")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(redacted, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if not item.filename.endswith((".jpeg", ".jpg", ".png")):
                data = secrets.redact_bytes(data)
            target.writestr(item, data)
    os.replace(redacted, path)


class PausableTrace:
    def __init__(self, context: BrowserContext, folder: Path, mode: str, secrets: Secrets,
                 screencast: bool = True) -> None:
        """`screencast`: the trace's own film of the page (its timeline's preview frames). Without it the trace keeps
        every action's DOM snapshots, which the viewer shows and lets one inspect; a walk that takes a picture after
        every step leaves it out, because it already has its film, and recording both cost about a sixth of the walk's
        CPU (Node's and the GPU's share most)."""
        self.context, self.folder, self.mode = context, folder, mode  # mode: on | off | retain-on-failure
        self.screencast = screencast
        self.secrets = secrets
        self.recording = False
        self.untrusted = False  # a pause failed: what is being recorded may hold a secret
        self.parts: list[Path] = []

    def _next_part(self) -> Path:
        number = len(self.parts) + 1
        return self.folder / ("trace.zip" if number == 1 else f"trace-{number}.zip")

    async def start(self) -> None:
        if self.mode != "off":
            await self.context.tracing.start(screenshots=self.screencast, snapshots=True)
            self.recording = True

    async def pause(self) -> None:
        if self.recording:
            part = self._next_part()
            try:
                await self.context.tracing.stop_chunk(path=part)
            except BaseException:
                self.untrusted = True
                part.unlink(missing_ok=True)
                raise
            self.parts.append(part)
            self.recording = False

    async def resume_if_clear(self, page: Page) -> None:
        if self.untrusted:
            return
        if self.mode != "off" and not self.recording and self.parts and not await self.secrets.shown_on(page):
            await self.context.tracing.start_chunk()
            self.recording = True

    async def finish(self, broken: bool) -> list[Path]:
        """Stop tracing; the parts kept (all of them with `on`, on a broken journey with `retain-on-failure`)."""
        if self.mode == "off":
            return []
        keep = self.mode == "on" or broken
        if self.recording and not self.untrusted:
            last = self._next_part()
            await self.context.tracing.stop(path=last if keep else None)
            if keep:
                self.parts.append(last)
        else:
            await self.context.tracing.stop()
        if not keep:
            for part in self.parts:
                part.unlink(missing_ok=True)
            self.parts = []
        for part in self.parts:
            redact_zip(part, self.secrets)
        return self.parts
