"""Repo-wide test set-up: the bundled demo shops and the `walkthrough` command, as a user runs them."""

from __future__ import annotations

import asyncio
import functools
import gc
import json
import os
import subprocess
import sys
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Awaitable, Callable, Iterator

import pytest

ROOT = Path(__file__).parent


@pytest.fixture
def demo_shop():
    """A fresh demo shop on a free loopback port, stopped after the test."""
    from walkthroughs.demo_shop import DemoShop

    with DemoShop(port=0) as shop:
        yield shop


@pytest.fixture(scope="session")
def base_url(pytestconfig):
    """The shop this repo's scenarios (collected by the walkthroughs plugin) walk: --base-url, else a demo shop."""
    given = pytestconfig.getoption("--base-url")
    if given:
        yield given
        return
    from walkthroughs.demo_shop import DemoShop

    with DemoShop(port=0) as shop:
        yield shop.url


@pytest.fixture
def spa_shop():
    """A fresh single-page demo shop on a free loopback port, stopped after the test."""
    from walkthroughs.demo_shop.spa import SpaShop

    with SpaShop(port=0) as shop:
        yield shop


SPA_SCENARIO = ROOT / "scenarios" / "spa-shop.yaml"
SPA_SHOP_URL = pytest.StashKey[str]()


def _spa_shop_url(config: pytest.Config) -> str:
    """One single-page shop per test process, for the scenario items that walk it."""
    if SPA_SHOP_URL not in config.stash:
        from walkthroughs.demo_shop.spa import SpaShop

        shop = SpaShop(port=0).start()
        config.add_cleanup(shop.stop)
        config.stash[SPA_SHOP_URL] = shop.url
    return config.stash[SPA_SHOP_URL]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    """scenarios/spa-shop.yaml walks the single-page shop, the other scenarios the classic one (`base_url`).

    pytest-playwright's `base_url` is one value per session, so the SPA scenario's items get their shop after
    setup, in the values the walkthroughs plugin read from the fixtures; a --base-url on the command line wins.
    """
    result = yield
    values = getattr(item, "fixture_values", None)
    if values is not None and item.path == SPA_SCENARIO and not item.config.getoption("--base-url"):
        values["base_url"] = _spa_shop_url(item.config)
    return result


def pytest_collection_modifyitems(items):
    """Scenario items walk the browser, and `subprocess` tests start a process of their own: both are end to end
    (`e2e`), so `-m "not e2e"` leaves them out."""
    node_tools = None
    for item in items:
        if item.get_closest_marker("walkthrough") or item.get_closest_marker("subprocess"):
            item.add_marker(pytest.mark.e2e)
        if item.get_closest_marker("node_tools"):
            node_tools = node_tools if node_tools is not None else _node_tools_missing()
            if node_tools:
                item.add_marker(pytest.mark.skip(reason=node_tools))


def pytest_collection_finish(session):
    """What collection built (modules, items, fixtures: most of the heap, alive until the end) is set aside from the
    garbage collector, so its full passes — and the five pytest makes as a session ends, in this session and in each
    pytester one — go over what the tests make, not over the whole suite again."""
    gc.freeze()


def _node_tools_missing() -> str:
    """Why Lighthouse and Lighthouse CI cannot run here ('' when they can): without `npm ci` those tests skip."""
    from walkthroughs.lighthouse.tools import NodeToolsMissing, find_tools

    try:
        tools = find_tools()
    except NodeToolsMissing as missing:
        return str(missing)
    return "" if tools.lhci else "Lighthouse CI (lhci) is not installed; scripts/setup.sh runs npm ci"


@pytest.fixture(scope="session")
def demo_scenario() -> Path:
    return ROOT / "scenarios" / "demo-shop.yaml"


@pytest.fixture(scope="session")
def spa_scenario() -> Path:
    return SPA_SCENARIO


def _walkthrough(*args: str, timeout: float = 300, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`env` is added to this process's environment."""
    return subprocess.run([sys.executable, "-m", "walkthroughs", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, env={**os.environ, **env} if env else None)


@pytest.fixture(scope="session")
def walkthrough():
    """Run the real command line in a subprocess, as a user or CI would: for walks, and one smoke test per command."""
    return _walkthrough


def _cli(*args, env: dict[str, str] | None = None, input: str | None = None) -> subprocess.CompletedProcess:
    """The same command line in this process (click's CliRunner): milliseconds instead of a Python start-up, for
    everything that starts no browser. An exception the command let through is kept in `stderr` as the traceback a
    user would have seen."""
    import traceback

    from click.testing import CliRunner

    from walkthroughs.cli import main

    before = os.getcwd()
    os.chdir(ROOT)  # as the subprocess runs
    try:
        result = CliRunner().invoke(main, [str(arg) for arg in args], env=env, input=input)
    finally:
        os.chdir(before)
    stderr = result.stderr
    if result.exc_info is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(*result.exc_info))
    return subprocess.CompletedProcess(list(args), result.exit_code, result.stdout, stderr)


@pytest.fixture(scope="session")
def cli():
    """Run the command line in-process, for commands that start no browser."""
    return _cli


@pytest.fixture(scope="session")
def read_results():
    return lambda out_dir: json.loads((Path(out_dir) / "latest" / "results.json").read_text())


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        pass


@contextmanager
def _served(folder: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="session")
def serve_folder():
    """`with serve_folder(path) as url:` — a folder of test pages on a free loopback port, stopped when done."""
    return _served


PHONE = {"viewport": {"width": 412, "height": 839}, "is_mobile": True, "has_touch": True, "device_scale_factor": 1}


def _on_phone(url: str, do: Callable[[Any], Awaitable[Any]]) -> Any:
    from playwright.async_api import async_playwright

    from walkthroughs.walk.browser import start_browser

    async def walk() -> Any:
        async with async_playwright() as playwright:
            browser = (await start_browser(playwright)).browser
            try:
                page = await (await browser.new_context(**PHONE)).new_page()
                await page.goto(url)
                return await do(page)
            finally:
                await browser.close()
    return asyncio.run(walk())


@pytest.fixture(scope="session")
def on_phone():
    """`on_phone(url, do)`: open `url` on a phone's screen in the walker's Chromium and return what `do(page)` does."""
    return _on_phone


@pytest.fixture(scope="module")
def classic_shop():
    """The classic demo shop, one per test module."""
    from walkthroughs.demo_shop import DemoShop

    with DemoShop(port=0) as running:
        yield running
