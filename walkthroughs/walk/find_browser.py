"""`python -m walkthroughs.walk.find_browser`: print which Chromium walkthroughs would use; exit 1 if none."""

from __future__ import annotations

import sys

from playwright.sync_api import sync_playwright

from .browser import BrowserNotFound, choose_browser


def main() -> int:
    with sync_playwright() as playwright:
        try:
            choice = choose_browser(playwright)  # type: ignore[arg-type]
        except BrowserNotFound as error:
            print(error, file=sys.stderr)
            return 1
    print(choice.describe())
    return 0


if __name__ == "__main__":
    sys.exit(main())
