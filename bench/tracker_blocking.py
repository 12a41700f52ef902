"""Does the maintained tracker list slow page loads? Pages loaded in fresh contexts with Chromium's
Network.setBlockedURLs given only the hand-kept additions (~50 patterns), the walk's list (third-party-web's
services seen on 1,000 sites or more, plus the additions: ~950) or all of third-party-web's tracking hosts (~3,300),
one after another in a rotating order within each round, so the machine's load and the place in a round fall on all
alike: the demo shop's pages, and a page of 200 images from a loopback server, where a cost per request (Chromium
matches every request against every pattern) adds up.

    .venv/bin/python bench/tracker_blocking.py            # --rounds 20
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from playwright.async_api import async_playwright

from walkthroughs.demo_shop import DemoShop
from walkthroughs.safety.trackers import _hand_lines as hand_lines
from walkthroughs.safety.trackers import blocked_url_patterns, url_patterns
from walkthroughs.walk.browser import choose_browser, launch_options

PAGES = ("/landing/trail-runner?utm_source=instagram", "/product/trail-runner", "/catalogue", "/cart")
IMAGES = 200
PIXEL = bytes.fromhex("47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b")


class _Pictures(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        body = PIXEL if self.path.startswith("/pixel") else (
            "<!doctype html><title>many</title>" + "".join(f'<img src="/pixel?{i}">' for i in range(IMAGES))).encode()
        self.send_response(200)
        self.send_header("Content-Type", "image/gif" if self.path.startswith("/pixel") else "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


async def load_all(browser, base: str, patterns: list[str], pages: tuple[str, ...] = PAGES) -> float:
    """Milliseconds the pages took to load (Navigation Timing: start to the load event), one fresh context."""
    context = await browser.new_context()
    page = await context.new_page()
    session = await context.new_cdp_session(page)
    await session.send("Network.enable")
    await session.send("Network.setBlockedURLs", {"urls": patterns})
    elapsed = 0.0
    for path in pages:
        await page.goto(base + path, wait_until="load")
        elapsed += await page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    await context.close()
    return elapsed


async def main(rounds: int) -> None:
    additions = [pattern for entry in hand_lines()[0] for pattern in url_patterns(entry)]
    cases = {"additions only": additions, "walk's list": blocked_url_patterns(),
             "whole list": blocked_url_patterns(min_sites=0)}
    pictures = ThreadingHTTPServer(("127.0.0.1", 0), _Pictures)
    threading.Thread(target=pictures.serve_forever, daemon=True).start()
    sites = {"demo shop, 4 pages": (None, PAGES), f"{IMAGES} images, 1 page": (f"http://127.0.0.1:{pictures.server_port}",
                                                                           ("/",))}
    times = {(site, name): [] for site in sites for name in cases}
    try:
        with DemoShop(port=0) as shop:
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(**launch_options(choose_browser(playwright)))
                for round_number in range(rounds + 1):  # round 0 warms the shop and the browser
                    names = list(cases)[round_number % len(cases):] + list(cases)[:round_number % len(cases)]
                    for site, (base, pages) in sites.items():
                        for name in names:  # each case first, second and third in turn: no place in a round favoured
                            elapsed = await load_all(browser, base or shop.url, cases[name], pages)
                            if round_number:
                                times[(site, name)].append(elapsed)
                await browser.close()
    finally:
        pictures.shutdown()
    for site in sites:
        for name in cases:
            values = times[(site, name)]
            print(f"{site:20} {name:15} {len(cases[name]):5} patterns: median {statistics.median(values):7.1f} ms")
        for name in list(cases)[1:]:
            pairs = [b / a for a, b in zip(times[(site, "additions only")], times[(site, name)])]
            quartiles = statistics.quantiles(pairs, n=4)
            print(f"{site:20} {name} / additions only, round by round: median {statistics.median(pairs):.3f} "
                  f"(quartiles {quartiles[0]:.3f}–{quartiles[2]:.3f})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    asyncio.run(main(parser.parse_args().rounds))
