"""What one pytest process keeps for its walkthrough items: the engine's event loop, one browser, one run folder.

The async engine runs on an event loop in a background thread, so it never meets the event loop of
pytest-playwright's sync API in the main thread; the browser is started at the first item and shared
by the process's items, each walking in its own browser context.

SIGTERM and SIGHUP stop the session as Ctrl-C does (pytest ends it as interrupted and the run's results and
report are written); the session then exits with 143 or 129 (`stop_exit_code`). A second signal ends the process
at once, with results.json marked interrupted.
"""

from __future__ import annotations

import asyncio
import signal
import threading
from pathlib import Path
from typing import Any, Coroutine, TypeVar

from playwright.async_api import Playwright, async_playwright

from ..pipeline import walk_one
from ..results import JourneyRecord
from ..run_folder import RunFolder
from ..walk.browser import RemoteBrowser, StartedBrowser, start_browser
from ..walk.interrupts import Interrupts
from ..walk.journey import WalkSettings
from ..walk.run import Plan

T = TypeVar("T")
_TERMINATING = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))  # SIGINT: pytest's


class EngineThread:
    """An event loop running in a daemon thread; `run` hands it a coroutine and waits for the result."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="walkthroughs-engine", daemon=True)
        self.thread.start()

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        try:
            return future.result()
        except KeyboardInterrupt:
            future.cancel()  # the walker marks its journey interrupted
            raise

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=30)
        if not self.thread.is_alive():
            self.loop.close()


class ProcessWalks:
    """This process's journeys: walked one at a time into `folder`, with one browser for all of them."""

    def __init__(self, out_dir: Path, options: dict) -> None:
        self.out_dir, self.options = out_dir, options
        self.engine: EngineThread | None = None
        self.playwright: Playwright | None = None
        self.started: StartedBrowser | None = None
        self.folder: RunFolder | None = None
        self.interrupts: Interrupts | None = None  # SIGTERM and SIGHUP, once something is walked

    @property
    def stop_exit_code(self) -> int | None:
        """128 + the signal that stopped the session (SIGTERM, SIGHUP), if one did."""
        return self.interrupts.exit_code if self.interrupts is not None else None

    def walk(self, plan: Plan, settings: WalkSettings, launch_args: dict, remote: RemoteBrowser | None) -> tuple[JourneyRecord, Path]:
        """Walk and assess one journey; returns its record and its run folder."""
        if self.folder is None:
            self.folder = RunFolder(self.out_dir, self.options, fail_on=self.options.get("fail_on"))
        if self.interrupts is None:
            self.interrupts = Interrupts(on_second=self._finish_at_once, signals=_TERMINATING, interrupt_main=True)
            self.interrupts.__enter__()
        if self.engine is None:
            self.engine = EngineThread()
        self.engine.run(self._walk(plan, settings, launch_args, remote))
        return plan.record, self.folder.path

    async def _walk(self, plan: Plan, settings: WalkSettings, launch_args: dict, remote: RemoteBrowser | None) -> None:
        folder = self.folder
        assert folder is not None
        if self.playwright is None:
            self.playwright = await async_playwright().start()
        if self.started is None or not self.started.browser.is_connected():  # the first item, or the browser crashed
            self.started = await start_browser(self.playwright, remote=remote, launch_args=launch_args)
            folder.result.browser = self.started.info
        await walk_one(self.started.browser, plan, folder, settings)

    def _finish_at_once(self) -> None:
        if self.folder is not None:
            try:
                self.folder.finish(interrupted=True)
            except Exception:
                pass  # the process ends now, whatever could be written

    def close(self, interrupted: bool = False) -> RunFolder | None:
        """Stop the browser and the engine; write the run's final results.json. Returns the folder, if anything was walked."""
        if self.interrupts is not None:
            self.interrupts.__exit__(None, None, None)
            interrupted = interrupted or self.interrupts.received is not None
        if self.engine is not None:
            try:
                self.engine.run(self._close())
            finally:
                self.engine.stop()
                self.engine = None
        if self.folder is not None:
            self.folder.finish(interrupted=interrupted)
        return self.folder

    async def _close(self) -> None:
        if self.started is not None:
            if self.started.browser.is_connected():
                try:
                    await asyncio.wait_for(self.started.browser.close(), 30)
                except Exception:
                    pass  # a browser that will not close ends with Playwright's driver, just below
            self.started = None
        if self.playwright is not None:
            await self.playwright.stop()
            self.playwright = None
