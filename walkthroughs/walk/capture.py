"""The walker's pictures of the page and the page's HTML, kept as evidence: each within a deadline, and capped in
size, saying so where it cuts. A 200 MB page must not turn a failed step into a minute of copying and a 200 MB file.
"""

from __future__ import annotations

import asyncio
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
