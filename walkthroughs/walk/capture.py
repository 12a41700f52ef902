"""The walker's pictures of the page and the page's HTML, kept as evidence: each within a deadline, and capped in
size, saying so where it cuts. A 200 MB page must not turn a failed step into a minute of copying and a 200 MB file.
"""

from __future__ import annotations

import asyncio
import base64
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


async def screenshot(page: Page, path: Path, budget: Budget, limit_s: float, masks: list[Locator],
                     full_page: bool = False) -> dict[str, Any] | None:
    """Save a picture of the page; None when it could not be taken in time (a picture is evidence, never a reason
    to lose the walk). A full-page picture of a very long page is cut at MAX_PICTURE_HEIGHT: the dict says so.
    Raises OutputUnwritable when the picture cannot be written (a full disk)."""
    options: dict[str, Any] = {"full_page": full_page}
    taken: dict[str, Any] = {}
    try:
        if not full_page and not masks:
            try:
                data = await budget.run(_viewport_jpeg(page, limit_s), limit_s)
            except probe.ProbeTimeout:
                return None
            except probe.ProbeError:
                data = None  # the DevTools session went with its page: Playwright's own path finds the new one
            if data is not None:
                path.write_bytes(data)
                return taken
        if full_page:
            width, height, viewport = await probe.evaluate(page, PAGE_SIZE,
                                                           timeout_s=min(limit_s, budget.left() or 0.01))
            if height > MAX_PICTURE_HEIGHT:
                options["clip"] = {"x": 0, "y": 0, "width": max(width, viewport), "height": MAX_PICTURE_HEIGHT}
                taken["cut"] = f"the picture shows the top {MAX_PICTURE_HEIGHT} of the page's {height} pixels"
        await budget.run(page.screenshot(path=path, timeout=limit_s * 1000, mask=masks, mask_color=MASK_COLOUR,
                                         **SCREENSHOT, **options), limit_s)
        return taken
    except (asyncio.TimeoutError, probe.ProbeError):
        return None
    except Exception as error:
        problem = unwritable(error, path)
        if problem:
            raise problem from None
        return None


async def _viewport_jpeg(page: Page, limit_s: float) -> bytes:
    """What the shopper sees, straight from the compositor over the DevTools protocol (`Page.captureScreenshot`).

    `page.screenshot` is a traced action (a DOM snapshot before and after it in the trace), hides the caret with a
    style it adds to every frame and waits for the fonts first: for a picture after every step that was most of the
    storyboard's cost. The clip is the visual viewport in CSS pixels at a scale of one image pixel per CSS pixel,
    as SCREENSHOT's `scale: css` gives. Pictures that mask a secret, and full-page ones, still go through
    Playwright, whose masks are drawn over every element a locator matches."""
    metrics = await probe.send(page, "Page.getLayoutMetrics", timeout_s=limit_s)
    viewport, css_size = metrics["cssVisualViewport"], metrics["cssContentSize"]
    device_scale = metrics["contentSize"]["width"] / css_size["width"] if css_size["width"] else 1.0
    clip = {"x": viewport["pageX"], "y": viewport["pageY"], "width": viewport["clientWidth"],
            "height": viewport["clientHeight"], "scale": viewport.get("scale", 1.0) / device_scale}
    shot = await probe.send(page, "Page.captureScreenshot", {
        "format": "jpeg", "quality": SCREENSHOT["quality"], "clip": clip, "optimizeForSpeed": True,
        "captureBeyondViewport": False}, timeout_s=limit_s)
    return base64.b64decode(shot["data"])


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
