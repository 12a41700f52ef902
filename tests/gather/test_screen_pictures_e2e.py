"""End to end, in the real browser: the walker's picture of the screen is the picture Playwright takes — the part of
the page the shopper has scrolled to, in CSS pixels, on a phone with 2.6 device pixels to each — whether it comes
through the page's DevTools session or, with a text field focused (its caret), Playwright's own screenshot."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from playwright.async_api import async_playwright

from walkthroughs.walk import capture
from walkthroughs.walk.browser import choose_browser, launch_options
from walkthroughs.walk.deadlines import Budget

pytestmark = pytest.mark.e2e


def _difference(a: bytes, b: bytes) -> tuple[tuple[int, int], tuple[int, int], int]:
    """Both pictures' sizes and the largest difference of any pixel's channel (JPEG: 0 when they are the same)."""
    first, second = Image.open(io.BytesIO(a)).convert("RGB"), Image.open(io.BytesIO(b)).convert("RGB")
    extremes = ImageChops.difference(first, second).getextrema() if first.size == second.size else [(0, 255)]
    return first.size, second.size, max(high for _, high in extremes)


PHONE = {"viewport": {"width": 412, "height": 839}, "device_scale_factor": 2.625, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 720}}


async def _pictures(url: str, folder: Path, device: dict, focus: str | None) -> tuple[bytes, bytes]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(**launch_options(choose_browser(playwright)))
        context = await browser.new_context(**device)
        page = await context.new_page()
        await page.goto(url)
        await page.evaluate("document.querySelector('.far, form').scrollIntoView({block: 'center'})")  # content
        if focus:
            await page.focus(focus)
        path = folder / "walker.jpg"
        taken = await capture.screenshot(page, path, Budget(10), 10, [])
        assert taken is not None and "cut" not in taken
        if focus:  # Playwright's way (it hides the caret): the storyboard reads the page's state after it
            assert "shows" not in taken
        else:  # through the DevTools session: the state the picture shows, read in the same look
            assert taken["shows"] == tuple(await page.evaluate(capture.PAGE_STATE)) and taken["shows"][0] == url
        reference = await page.screenshot(**capture.SCREENSHOT)
        await browser.close()
        return path.read_bytes(), reference


@pytest.mark.parametrize("page, device, focus", [("reach.html", PHONE, None), ("reach.html", DESKTOP, None),
                                                 ("input.html", PHONE, "#first")],
                         ids=["a phone, scrolled", "a desktop, scrolled", "a phone, a text field focused"])
def test_the_picture_is_the_screen_the_shopper_sees(pages_url, tmp_path, page, device, focus):
    walker, reference = asyncio.run(_pictures(f"{pages_url}/{page}", tmp_path, device, focus))
    size, reference_size, difference = _difference(walker, reference)
    assert size == reference_size == tuple(device["viewport"].values())
    assert difference <= 8, difference  # the same picture (JPEG: a few levels at most where encodings differ)
