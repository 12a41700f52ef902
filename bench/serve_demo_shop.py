"""The demo shop for the Playwright Test peer: served on a free port, which it prints for the config to read.

Run: .venv/bin/python bench/serve_demo_shop.py   (stopped by a signal; Playwright Test's webServer kills it)
"""

from __future__ import annotations

import signal
import sys

from walkthroughs.demo_shop import DemoShop


def main() -> int:
    with DemoShop(port=0) as shop:
        print(f"demo shop on {shop.url}", flush=True)
        signal.sigwait({signal.SIGINT, signal.SIGTERM})
    return 0


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})  # sigwait receives them instead
    sys.exit(main())
