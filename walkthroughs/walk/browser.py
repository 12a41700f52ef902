"""Which Chromium to drive, and how to start it so a closed network does not flood it."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from playwright.async_api import Browser, Playwright
from playwright.async_api import Error as PlaywrightError

from ..errors import RunError, one_line
from ..results import BrowserInfo

# Without these, Chromium keeps calling home; on a closed network every call is a refused connection.
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ENV_VARIABLES = ("WALKTHROUGHS_CHROMIUM", "CHROME_PATH")
SYSTEM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
START_TIMEOUT_MS = 60_000  # launching Chromium, or connecting to a remote one (Playwright's connect waits for ever)
# The walk stops on Ctrl-C, SIGTERM and SIGHUP itself (walk.interrupts), closing the browser after the journeys have
# said they were interrupted; Playwright's driver closing it first would read as a crash.
OWN_SIGNALS = {"handle_sigint": False, "handle_sigterm": False, "handle_sighup": False}


class BrowserNotFound(RunError):
    """No Chromium could be found: the user must install one or name it."""


class BrowserFailed(RunError):
    """The browser was found but would not start, or the remote one would not answer."""


@dataclass(frozen=True)
class BrowserChoice:
    """The Chromium a run uses and why: Playwright's own build, one named by the user, or the system's."""

    source: str  # "playwright", "environment" or "system"
    executable: str | None  # None means Playwright's own build

    def describe(self, version: str = "") -> str:
        where = {
            "playwright": "Playwright's own Chromium",
            "environment": f"Chromium named by the environment ({self.executable})",
            "system": f"system Chromium ({self.executable})",
        }[self.source]
        return f"{where} {version}".strip()


def choose_browser(playwright: Playwright) -> BrowserChoice:
    """Prefer a browser the user names, then Playwright's own build, then one on the system."""
    for variable in ENV_VARIABLES:
        named = os.environ.get(variable)
        if named:
            if not Path(named).exists():
                raise BrowserNotFound(f"{variable}={named} does not exist")
            return BrowserChoice("environment", named)
    own = Path(playwright.chromium.executable_path)
    if own.exists():
        return BrowserChoice("playwright", None)
    for name in SYSTEM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return BrowserChoice("system", found)
    raise BrowserNotFound(
        "no Chromium found: run `python -m playwright install chromium`, install the system's chromium "
        "package, or set WALKTHROUGHS_CHROMIUM to a Chromium or Chrome executable"
    )


def launch_options(choice: BrowserChoice, headed: bool = False, extra_args: list[str] | None = None) -> dict:
    options: dict = {"headless": not headed, "args": CHROMIUM_ARGS + list(extra_args or []), **OWN_SIGNALS}
    if choice.executable:
        options["executable_path"] = choice.executable
    return options


@dataclass(frozen=True)
class RemoteBrowser:
    """A Playwright browser server to walk with instead of a local Chromium (`--connect`), e.g. on a grid.

    `executable` asks the server to start that Chromium, for a server without browsers of its own; Playwright
    lets a client choose it only when the server runs with `--unsafe`. A grid with its own browsers needs none.
    """

    ws_endpoint: str
    executable: str | None = None

    def launch_header(self, headed: bool = False, launch_args: dict | None = None) -> dict[str, str]:
        options: dict = {"headless": not headed}
        if self.executable:
            options.update(executablePath=self.executable, args=CHROMIUM_ARGS)
        options.update(launch_args or {})
        return {"x-playwright-launch-options": json.dumps(options)}


@dataclass
class StartedBrowser:
    browser: Browser
    info: BrowserInfo
    description: str


async def start_browser(playwright: Playwright, headed: bool = False, remote: RemoteBrowser | None = None,
                        launch_args: dict | None = None) -> StartedBrowser:
    """Launch the chosen Chromium, or connect to a remote one; `launch_args` are the caller's overrides
    (e.g. pytest-playwright's `browser_type_launch_args`: a `channel`, more `args`)."""
    try:
        return await _start(playwright, headed, remote, dict(launch_args or {}))
    except PlaywrightError as error:
        where = f"the remote browser at {remote.ws_endpoint}" if remote else "the browser"
        raise BrowserFailed(f"{where} could not be started: {one_line(error, 300)}") from None


async def _start(playwright: Playwright, headed: bool, remote: RemoteBrowser | None, launch_args: dict) -> StartedBrowser:
    launch_args.setdefault("timeout", START_TIMEOUT_MS)
    if remote is not None:
        timeout = launch_args.pop("timeout")
        browser = await playwright.chromium.connect(remote.ws_endpoint, headers=remote.launch_header(headed, launch_args),
                                                    timeout=timeout)
        info = BrowserInfo(version=browser.version, source="remote", executable=remote.executable)
        return StartedBrowser(browser, info, f"remote Chromium {browser.version} at {remote.ws_endpoint}")
    if launch_args.get("channel"):
        options = {**launch_options(BrowserChoice("playwright", None), headed), **launch_args}
        options["args"] = CHROMIUM_ARGS + list(launch_args.get("args", []))
        browser = await playwright.chromium.launch(**options)
        info = BrowserInfo(version=browser.version, source=f"channel {launch_args['channel']}")
        return StartedBrowser(browser, info, f"{launch_args['channel']} {browser.version} (browser channel)")
    choice = choose_browser(playwright)
    options = {**launch_options(choice, headed, launch_args.pop("args", None)), **launch_args}
    browser = await playwright.chromium.launch(**options)
    info = BrowserInfo(version=browser.version, source=choice.source, executable=choice.executable)
    return StartedBrowser(browser, info, choice.describe(browser.version))


def playwright_devices() -> dict:
    """Playwright's device descriptors by name (`Pixel 7`: viewport, user agent, touch…).

    The table lives inside Playwright's driver, which takes a second or more to start; read once per Playwright
    version, it is kept in the user's cache, so `validate`, `run` and `record` do not start a driver only to read
    a table (and `run` does not start a second driver beside the walk's).
    """
    from importlib.metadata import version

    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "walkthroughs" / (
        f"playwright-{version('playwright')}-devices.json")
    try:
        return json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from playwright.sync_api import sync_playwright

    def read() -> dict:
        with sync_playwright() as playwright:
            return dict(playwright.devices)

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        devices = read()
    else:  # Playwright's sync API refuses to start inside a running event loop (pytest-playwright's, a caller's)
        with ThreadPoolExecutor(1) as reader:
            devices = reader.submit(read).result()
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(devices), encoding="utf-8")
        partial.replace(cache)  # whole or not at all, when two commands start at once
    except OSError:
        pass  # a read-only home: the driver is asked each time
    return devices
