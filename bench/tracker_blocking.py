"""Does the maintained tracker list slow page loads? The demo shop's pages loaded in fresh contexts with Chromium's
Network.setBlockedURLs given the walk's whole list (third-party-web + additions, ~3,300 patterns) or only the
hand-kept additions, alternating A B A B so the machine's load falls on both alike.

    .venv/bin/python bench/tracker_blocking.py            # --rounds 20
"""

from __future__ import annotations

import argparse
import asyncio
import statistics

from playwright.async_api import async_playwright

from walkthroughs.demo_shop import DemoShop
from walkthroughs.safety.trackers import blocked_url_patterns, url_patterns
from walkthroughs.safety.trackers import _hand_lines as hand_lines
from walkthroughs.walk.browser import choose_browser, launch_options

PAGES = ("/landing/trail-runner?utm_source=instagram", "/product/trail-runner", "/catalogue", "/cart")


async def load_all(browser, base: str, patterns: list[str]) -> float:
    """Milliseconds the pages took to load (Navigation Timing: start to the load event), one fresh context."""
    context = await browser.new_context()
    page = await context.new_page()
    session = await context.new_cdp_session(page)
    await session.send("Network.enable")
    await session.send("Network.setBlockedURLs", {"urls": patterns})
    elapsed = 0.0
    for path in PAGES:
        await page.goto(base + path, wait_until="load")
        elapsed += await page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    await context.close()
    return elapsed


async def main(rounds: int) -> None:
    cases = {"additions only": [p for e in hand_lines()[0] for p in url_patterns(e)], "whole list": blocked_url_patterns()}
    times: dict[str, list[float]] = {name: [] for name in cases}
    with DemoShop(port=0) as shop:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(**launch_options(choose_browser(playwright)))
            for name, patterns in cases.items():  # warm the shop and the browser
                await load_all(browser, shop.url, patterns)
            for _ in range(rounds):
                for name, patterns in cases.items():
                    times[name].append(await load_all(browser, shop.url, patterns))
            await browser.close()
    for name, values in times.items():
        print(f"{name:15} {len(cases[name]):5} patterns: median {statistics.median(values):6.1f} ms for "
              f"{len(PAGES)} pages (p90 {sorted(values)[int(len(values) * 0.9) - 1]:.1f} ms)")
    pairs = [b / a for a, b in zip(times["additions only"], times["whole list"])]
    print(f"whole list / additions only, round by round: median {statistics.median(pairs):.3f} "
          f"(quartiles {statistics.quantiles(pairs, n=4)[0]:.3f}–{statistics.quantiles(pairs, n=4)[2]:.3f})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    asyncio.run(main(parser.parse_args().rounds))
