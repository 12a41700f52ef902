"""Ctrl-C, SIGTERM (what CI runners, systemd and Kubernetes send) and SIGHUP (a closed terminal) stop a walk the
same way: the first cancels the walk, whose journeys mark what was under way interrupted, and the front door
writes results.json and the report and exits with 128 + the signal's number (130, 143, 129). A second signal
stops at once: results.json is written as it stands, marked interrupted, and the process exits.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from types import FrameType
from typing import Callable

STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class Interrupts:
    """`with Interrupts(on_second) as interrupts:` — the first stop signal cancels what `interrupts.cancels(…)`
    named (the walk's task, on whichever event loop runs it), or with `interrupt_main` raises KeyboardInterrupt
    in the main thread, as Ctrl-C does (for pytest, which stops a session that way); the second calls `on_second`
    and exits.

    Handlers can only be set in the main thread; elsewhere (a test runner's worker thread) this does nothing."""

    def __init__(self, on_second: Callable[[], None] | None = None, signals: tuple[int, ...] = STOP_SIGNALS,
                 interrupt_main: bool = False) -> None:
        self.on_second, self.signals, self.interrupt_main = on_second, signals, interrupt_main
        self.received: int | None = None
        self._target: tuple[asyncio.AbstractEventLoop, asyncio.Future] | None = None
        self._previous: dict[int, object] = {}

    def __enter__(self) -> "Interrupts":
        if threading.current_thread() is threading.main_thread():
            for number in self.signals:
                self._previous[number] = signal.signal(number, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        for number, handler in self._previous.items():
            signal.signal(number, handler)
        self._previous.clear()

    def cancels(self, loop: asyncio.AbstractEventLoop, task: asyncio.Future | None) -> None:
        """What the first signal cancels (None: nothing any more, e.g. once the walk is over)."""
        self._target = (loop, task) if task is not None else None
        if task is not None and self.received is not None:
            loop.call_soon_threadsafe(task.cancel)  # a signal came before the walk began

    @property
    def exit_code(self) -> int | None:
        return 128 + self.received if self.received is not None else None

    def _handle(self, number: int, frame: FrameType | None) -> None:
        if self.received is not None:
            self._stop_now(number)
        self.received = number
        if self._target is not None:
            loop, task = self._target
            loop.call_soon_threadsafe(task.cancel)
        if self.interrupt_main:
            raise KeyboardInterrupt

    def _stop_now(self, number: int) -> None:
        try:
            if self.on_second is not None:
                self.on_second()
        finally:
            os._exit(128 + number)


async def cancellable(interrupts: Interrupts, awaitable):
    """Await `awaitable` as a task the first stop signal cancels."""
    task = asyncio.ensure_future(awaitable)
    interrupts.cancels(asyncio.get_running_loop(), task)
    try:
        return await task
    finally:
        interrupts.cancels(asyncio.get_running_loop(), None)
