"""Read the page for evidence without showing up in the shopper's trace.

`page.evaluate` is a traced action: Playwright snapshots the whole DOM before and after each one, so the
walker's own look-ups (the gatherers at every stage end, the DOM-change polling after every click) would
fill the trace QA reads with hundreds of "Evaluate" entries and cost seconds of Chromium's time. The same
script sent as `Runtime.evaluate` through the page's DevTools session runs in the same main world, is not
an action, and leaves the trace to what the shopper did.

Every read has a deadline: the call is given up after `timeout_s` (a page whose main thread is busy never
answers), and Chromium is asked to stop the script itself after as long (`Runtime.evaluate`'s `timeout`), so
the walker's own look-up never keeps the shopper's page busy.
"""

from __future__ import annotations

import asyncio
import json
import re
import weakref
from typing import Any

from playwright.async_api import CDPSession, Page

_FUNCTION = re.compile(r"^\s*(?://[^\n]*\n\s*)*(async\s+)?(function\b|\([^)]*\)\s*=>|[\w$]+\s*=>)")
_sessions: weakref.WeakKeyDictionary[Page, CDPSession] = weakref.WeakKeyDictionary()
DEFAULT_TIMEOUT_S = 5.0


class ProbeError(RuntimeError):
    """The script threw, or the page had no document to run it in (it was navigating or closed)."""


class ProbeTimeout(ProbeError):
    """The page did not answer in time: its main thread was busy, or the script ran too long."""


async def _session(page: Page) -> CDPSession:
    session = _sessions.get(page)
    if session is None:
        session = _sessions[page] = await page.context.new_cdp_session(page)
    return session


async def evaluate(page: Page, script: str, arg: Any = None, timeout_s: float = DEFAULT_TIMEOUT_S) -> Any:
    """Like `page.evaluate(script, arg)` for JSON-able values: a function is called with `arg`, anything else
    is evaluated as an expression; the result comes back as JSON. Raises ProbeTimeout after `timeout_s`."""
    expression = f"({script})({json.dumps(arg)})" if _FUNCTION.match(script) else script
    try:
        session = await asyncio.wait_for(_session(page), timeout_s)
        answer = await asyncio.wait_for(session.send("Runtime.evaluate", {
            "expression": expression, "returnByValue": True, "awaitPromise": True,
            "timeout": round(timeout_s * 1000)}), timeout_s)
    except asyncio.TimeoutError:
        raise ProbeTimeout(f"the page did not answer within {timeout_s:g} s") from None
    except Exception as error:  # the session went with the page, or the document is being replaced
        _sessions.pop(page, None)
        raise ProbeError(str(error) or "the page could not be read") from None
    if "exceptionDetails" in answer:
        details = answer["exceptionDetails"]
        raise ProbeError((details.get("exception") or {}).get("description") or details.get("text") or "script error")
    return answer.get("result", {}).get("value")


async def send(page: Page, method: str, params: dict[str, Any], timeout_s: float = DEFAULT_TIMEOUT_S) -> dict[str, Any]:
    """One DevTools command on the page's session (the walker's own picture of the screen), not a traced action.
    Raises ProbeTimeout after `timeout_s`, ProbeError when the page or its session went."""
    try:
        session = await asyncio.wait_for(_session(page), timeout_s)
        return await asyncio.wait_for(session.send(method, params), timeout_s)
    except asyncio.TimeoutError:
        raise ProbeTimeout(f"the page did not answer within {timeout_s:g} s") from None
    except Exception as error:
        _sessions.pop(page, None)
        raise ProbeError(str(error) or "the page could not be read") from None
