"""The Python end of js/worker.js: one Node process that runs Lighthouse audits one after another.

One process for the whole run spares every audit Node's start-up and Lighthouse's module loading
(about 2.5 s of a 10 s audit here). A worker that dies is started again for the next audit.
"""

from __future__ import annotations

import asyncio
import json
from collections import deque
from pathlib import Path
from typing import Any, Callable

from .tools import NodeTools

WORKER_JS = Path(__file__).with_name("js") / "worker.js"
START_TIMEOUT_S = 60
LOAD_WAIT_S = 45  # Lighthouse's own wait for a page to load (its maxWaitForLoad), unless the walk asks for less
ANALYSIS_S = 90  # what an audit may take besides loading the page: the trace, the audits, the reports


def load_wait_s(step_timeout_s: float) -> float:
    """How long Lighthouse waits for a page to load, from the walk's step timeout: three steps' worth, 15 to 45 s."""
    return max(15.0, min(LOAD_WAIT_S, 3 * step_timeout_s))


class LighthouseFailed(RuntimeError):
    """One audit failed (the page, the browser or Lighthouse itself); the walk goes on."""


class LighthouseWorker:
    def __init__(self, tools: NodeTools) -> None:
        self.tools = tools
        self.process: asyncio.subprocess.Process | None = None
        self._jobs: dict[str, asyncio.Queue] = {}
        self._stderr: deque[str] = deque(maxlen=20)
        self._readers: list[asyncio.Task] = []
        self._count = 0

    async def _start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            self.tools.node, str(WORKER_JS), str(self.tools.lighthouse_dir), stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, limit=1 << 20)
        ready: asyncio.Future = asyncio.get_running_loop().create_future()
        self._readers = [asyncio.create_task(self._read_stdout(self.process, ready)),
                         asyncio.create_task(self._read_stderr(self.process))]
        try:
            await asyncio.wait_for(ready, START_TIMEOUT_S)
        except (asyncio.TimeoutError, LighthouseFailed):
            await self.close()
            raise LighthouseFailed(f"Lighthouse did not start: {self._last_error()}")

    async def _read_stdout(self, process: asyncio.subprocess.Process, ready: asyncio.Future) -> None:
        assert process.stdout is not None
        async for line in process.stdout:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if message.get("event") == "ready" and not ready.done():
                ready.set_result(message.get("version"))
            elif message.get("id") in self._jobs:
                self._jobs[message["id"]].put_nowait(message)
        if not ready.done():
            ready.set_exception(LighthouseFailed("the worker stopped"))
        for queue in self._jobs.values():  # the process ended: every open audit has failed
            queue.put_nowait({"event": "error", "message": f"Lighthouse stopped: {self._last_error()}"})

    async def _read_stderr(self, process: asyncio.subprocess.Process) -> None:
        assert process.stderr is not None
        async for line in process.stderr:
            text = line.decode("utf-8", "replace").strip()
            if text:
                self._stderr.append(text)

    def _last_error(self) -> str:
        """The line of Node's output that says what went wrong (an `...Error:` line if there is one)."""
        errors = [line for line in self._stderr if "Error" in line.split(":")[0]]
        lines = errors or list(self._stderr)
        return lines[-1][:300] if lines else "no message"

    async def audit(self, url: str, port: int, form_factor: str, output: Path, marks: dict[str, Any],
                    on_gathered: Callable[[], None] | None = None, load_wait: float = LOAD_WAIT_S) -> dict[str, Any]:
        """Audit `url` in the browser listening on `port`; returns `{json, html}` paths of the report. Lighthouse
        waits at most `load_wait` seconds for the page to load, and the whole audit is given up after that plus
        ANALYSIS_S.

        `marks`: what keeps the audit as safe as the walk: `blocked_urls`, `headers`, `user_agent_suffix`."""
        if self.process is None or self.process.returncode is not None:
            await self._start()
        assert self.process is not None and self.process.stdin is not None
        self._count += 1
        job_id = str(self._count)
        queue: asyncio.Queue = asyncio.Queue()
        self._jobs[job_id] = queue
        job = {"id": job_id, "url": url, "port": port, "form_factor": form_factor, "output": str(output),
               "max_wait_ms": round(load_wait * 1000), **marks}
        limit = load_wait + ANALYSIS_S

        async def answer() -> dict[str, Any]:
            while True:
                message = await queue.get()
                if message["event"] == "gathered" and on_gathered:
                    on_gathered()
                elif message["event"] == "done":
                    return message
                elif message["event"] == "error":
                    raise LighthouseFailed(message.get("message") or "Lighthouse failed")

        try:
            self.process.stdin.write((json.dumps(job) + "\n").encode())
            await self.process.stdin.drain()
            return await asyncio.wait_for(answer(), limit)
        except asyncio.TimeoutError:
            await self.close()  # a stuck audit would hold every later one: start afresh next time
            raise LighthouseFailed(f"Lighthouse took longer than {limit:.0f} s") from None
        except (BrokenPipeError, ConnectionResetError):
            raise LighthouseFailed(f"Lighthouse stopped: {self._last_error()}") from None
        finally:
            self._jobs.pop(job_id, None)

    async def close(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.returncode is None:
            if process.stdin is not None:
                process.stdin.close()
            try:
                await asyncio.wait_for(process.wait(), 5)
            except asyncio.TimeoutError:
                process.kill()
                await process.wait()
        for reader in self._readers:
            reader.cancel()
        self._readers = []
