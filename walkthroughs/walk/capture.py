"""The walker's pictures of the page and the page's HTML, kept as evidence: each within a deadline, and capped in
size, saying so where it cuts. A 200 MB page must not turn a failed step into a minute of copying and a 200 MB file.
"""

from __future__ import annotations

import asyncio
import base64
import math
from pathlib import Path
from typing import Any

from playwright.async_api import Locator, Page

from ..errors import unwritable
from ..gather import probe
from .deadlines import Budget

MAX_HTML_CHARS = 2_000_000  # failure.html keeps the page's first 2 million characters
MAX_PICTURE_HEIGHT = 8_000  # CSS pixels of a full-page picture; below that it is cut
SCREENSHOT = {"type": "jpeg", "quality": 70, "scale": "css"}

PAGE_HTML = """(limit) => {
  const doctype = document.doctype ? new XMLSerializer().serializeToString(document.doctype) + '\\n' : '';
  const html = document.documentElement ? document.documentElement.outerHTML : '';
  return {html: (doctype + html.slice(0, limit)).slice(0, limit), length: doctype.length + html.length};
}"""
PAGE_SIZE = "[document.documentElement.scrollWidth, document.documentElement.scrollHeight, innerWidth]"


def cut_note(kept: int, total: int) -> str:
    return f"cut at {kept:,} of {total:,} characters".replace(",", " ")


MASK_COLOUR = "#c4cad4"  # secrets in screenshots: a quiet grey box, not Playwright's magenta

# What a screenshot would show, cheaply: address, loading, images loaded, DOM changes so far, scroll position. The
# storyboard compares it to tell a check that changed nothing on the page (one expression, so the reads compare).
PAGE_STATE = """[location.href, document.readyState, window.__wtMutations ?? null, scrollX, scrollY,
  Array.prototype.filter.call(document.images, (image) => image.complete).length]"""

# The look before a picture through the page's DevTools session: whether it would differ from Playwright's — a
# focused text field (its blinking caret, which Playwright hides, would make two pictures of the same page differ; a
# focused frame may hold one), or fonts still loading (Playwright waits for them) — and the page's state (above),
# which that picture does not change, so the storyboard need not read it again.
LOOK = """() => {
  const focused = document.activeElement;
  const caretless = ['checkbox', 'radio', 'button', 'submit', 'reset', 'image', 'file', 'range', 'color'];
  const typed = 'textarea, iframe, frame, input:not(' + caretless.map((type) => `[type=${type}]`).join(', ') + ')';
  const needsPlaywright = (!!focused && (focused.isContentEditable || focused.matches(typed)))
    || document.fonts.status !== 'loaded';
  return [needsPlaywright, %s];
}""" % PAGE_STATE


async def screenshot(page: Page, path: Path, budget: Budget, limit_s: float, masks: list[Locator],
                     full_page: bool = False) -> dict[str, Any] | None:
    """Save a picture of the page; None when it could not be taken in time (a picture is evidence, never a reason
    to lose the walk). A full-page picture of a very long page is cut at MAX_PICTURE_HEIGHT: the dict says so
    (`cut`); a picture taken through the DevTools session comes with the page state it shows (`shows`).
    Raises OutputUnwritable when the picture cannot be written (a full disk)."""
    options: dict[str, Any] = {"full_page": full_page}
    taken: dict[str, Any] = {}
    try:
        if not full_page and not masks:
            shows = await _devtools_picture(page, path, budget, limit_s)
            if shows is not None:
                return {"shows": tuple(shows)}
        if full_page:
            width, height, viewport = await probe.evaluate(page, PAGE_SIZE, timeout_s=min(limit_s, budget.left() or 0.01))
            if height > MAX_PICTURE_HEIGHT:
                options["clip"] = {"x": 0, "y": 0, "width": max(width, viewport), "height": MAX_PICTURE_HEIGHT}
                taken["cut"] = f"the picture shows the top {MAX_PICTURE_HEIGHT} of the page's {height} pixels"
        await budget.run(page.screenshot(path=path, timeout=limit_s * 1000, mask=masks, mask_color=MASK_COLOUR, **SCREENSHOT, **options),
                         limit_s)
        return taken
    except asyncio.TimeoutError:
        return None
    except Exception as error:
        problem = unwritable(error, path)
        if problem:
            raise problem from None
        return None


async def _devtools_picture(page: Page, path: Path, budget: Budget, limit_s: float) -> list | None:
    """The screen's picture as `page.screenshot` takes it (JPEG, CSS pixels: the same clip, from the same layout
    metrics, so the same bytes), through the DevTools session. Playwright's screenshot is a traced action — the
    trace snapshots the whole DOM before and after each of the storyboard's pictures — and prepares every frame
    before and restores it after; this is neither. The page state it shows (PAGE_STATE); None when Playwright's
    way is needed (a focused field, fonts loading, no fixed viewport) or the session could not take it; raises
    asyncio.TimeoutError when the page did not give it in time."""
    viewport = page.viewport_size
    if not viewport:
        return None
    try:
        needs_playwright, shows = await budget.run(probe.evaluate(page, LOOK, timeout_s=limit_s), limit_s)
        if needs_playwright:
            return None
        metrics = await budget.run(probe.send(page, "Page.getLayoutMetrics", {}, timeout_s=limit_s), limit_s)
        view, content, css_content = metrics["visualViewport"], metrics["contentSize"], metrics["cssContentSize"]
        scale = view["scale"] / ((content["width"] / css_content["width"]) if css_content["width"] else 1)
        clip = {"x": view["pageX"], "y": view["pageY"], "width": math.floor(viewport["width"] / view["scale"] + 1e-3),
                "height": math.floor(viewport["height"] / view["scale"] + 1e-3), "scale": scale}
        shot = await budget.run(probe.send(page, "Page.captureScreenshot", {
            "format": SCREENSHOT["type"], "quality": SCREENSHOT["quality"], "clip": clip}, timeout_s=limit_s), limit_s)
    except probe.ProbeTimeout:
        raise asyncio.TimeoutError from None
    except (probe.ProbeError, KeyError, ZeroDivisionError):
        return None
    path.write_bytes(base64.b64decode(shot["data"]))  # a full disk: the caller says so
    return shows


async def page_html(page: Page, budget: Budget, limit_s: float) -> tuple[str, str | None] | None:
    """The page's HTML, capped at MAX_HTML_CHARS (the note says where it was cut); None when the page does not
    give it in time. Read in the page and cut there, so a huge page never crosses the wire whole."""
    try:
        read = await budget.run(probe.evaluate(page, PAGE_HTML, MAX_HTML_CHARS, timeout_s=limit_s), limit_s)
    except (asyncio.TimeoutError, probe.ProbeError):
        return None
    html, length = read["html"], read["length"]
    if length <= len(html):
        return html, None
    note = cut_note(len(html), length)
    return html + f"\n<!-- walkthroughs: the page's HTML was {note} -->\n", note
