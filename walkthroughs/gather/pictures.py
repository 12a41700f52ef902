"""Product pictures at the end of a stage: each one's product and a fingerprint of what it shows.

What visual-duplicate-images compares across the products a walk saw. The page draws each picture small on a canvas
(it decodes every format it shows, SVG included); a picture from another origin cannot be read back from a canvas,
so its bytes are read from the browser's cache over the DevTools protocol instead, and decoded by Pillow.

The fingerprint is a difference hash (dHash: 64 bits, one per pair of neighbouring pixels of a 9×8 grey copy, set
where the left one is brighter) and a 4×4 grid of average colours, since colour variants of one product share their
shape. Computed here in a few lines with Pillow rather than with `imagehash`, which brings numpy, scipy and
PyWavelets for this one function.
"""

from __future__ import annotations

import base64
import io
from importlib import resources
from typing import Any

from PIL import Image, UnidentifiedImageError
from playwright.async_api import Page

from ..errors import one_line
from ..evidence import PicturesEvidence
from . import probe

NAME = "pictures"
EVIDENCE = PicturesEvidence
SCRIPT = resources.files(__package__).joinpath("js/pictures.js").read_text(encoding="utf-8")
LIMITS = {
    "min_px": 64,  # smaller pictures are icons, not product pictures
    "page_picture_px": 150,  # the page's own picture (a product page's) is at least this wide and high
    "thumb_px": 32,  # the copy the page draws for the fingerprint
    "pictures": 40,  # most pictures read per stage
}


def fingerprint(picture: Image.Image) -> dict[str, str]:
    """`dhash`: 16 hex digits; `colours`: 48 bytes (4×4 cells × RGB) as hex, row by row."""
    rgb = picture.convert("RGBA").resize((LIMITS["thumb_px"], LIMITS["thumb_px"]), Image.Resampling.BOX)
    flat = Image.new("RGBA", rgb.size, (255, 255, 255, 255))  # a transparent picture is seen on a white page
    flat.alpha_composite(rgb)
    flat = flat.convert("RGB")
    grey = flat.convert("L").resize((9, 8), Image.Resampling.LANCZOS).tobytes()
    bits = [grey[row * 9 + col] > grey[row * 9 + col + 1] for row in range(8) for col in range(8)]
    dhash = sum(1 << i for i, bit in enumerate(bits) if bit)
    colours = flat.resize((4, 4), Image.Resampling.BOX).tobytes()
    return {"dhash": f"{dhash:016x}", "colours": colours.hex()}


def _decoded(data: bytes) -> Image.Image:
    with Image.open(io.BytesIO(data)) as image:
        image.draft("RGB", (LIMITS["thumb_px"] * 2, LIMITS["thumb_px"] * 2))  # a JPEG decodes at a small scale
        image.load()
        return image.copy()


async def _cached_bytes(page: Page, urls: list[str]) -> dict[str, bytes | str]:
    """The bytes of each URL as the page loaded it (from the browser's cache, no new request), or why not."""
    session = await page.context.new_cdp_session(page)
    found: dict[str, bytes | str] = {}
    try:
        await session.send("Page.enable")  # this session's own: the walker's sessions are untouched
        frame = (await session.send("Page.getFrameTree"))["frameTree"]["frame"]["id"]
        for url in urls:
            try:
                answer = await session.send("Page.getResourceContent", {"frameId": frame, "url": url})
                content = answer.get("content", "")
                found[url] = base64.b64decode(content) if answer.get("base64Encoded") else content.encode()
            except Exception as error:
                found[url] = f"the browser kept no copy of it ({one_line(error)})"
    finally:
        await session.detach()
    return found


async def gather(page: Page, device_class: str) -> PicturesEvidence:
    seen: dict[str, Any] = await probe.evaluate(page, SCRIPT, LIMITS)
    tainted = [p["src"] for p in seen["pictures"] if p.pop("tainted") and p["src"]]
    cached = await _cached_bytes(page, list(dict.fromkeys(tainted))) if tainted else {}
    for picture in seen["pictures"]:
        data, picture["fingerprint"] = picture.pop("data"), None
        try:
            if data:
                picture["fingerprint"] = fingerprint(_decoded(base64.b64decode(data.partition(",")[2])))
            elif isinstance(cached.get(picture["src"]), bytes):
                picture["fingerprint"] = fingerprint(_decoded(cached[picture["src"]]))
            else:
                picture["unread"] = str(cached.get(picture["src"]) or "the page gave no copy of it")
        except (UnidentifiedImageError, OSError, ValueError) as error:
            picture["unread"] = f"its format cannot be read here ({one_line(error)})"
    return seen
