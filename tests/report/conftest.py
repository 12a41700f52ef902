"""The report's test set-up: one real walk of the demo shop with defects switched on, and a headless Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
# "Shop now" does nothing, so every journey is lost at the product stage and, walked with --strict (no detour past a
# broken stage), the stages after it are not reached; the landing page's layout shift gives the detectors something
# to find before that.
FRICTIONS = ("dead-buy-button", "landing-layout-shift")


@dataclass
class Walk:
    run_dir: Path
    stdout: str
    returncode: int
    step_summary: Path


@pytest.fixture(scope="session")
def demo_walk(tmp_path_factory) -> Walk:
    """`walkthrough run` on the demo shop, three devices, as CI runs it (with a GitHub job summary file)."""
    out = tmp_path_factory.mktemp("report-walk")
    step_summary = out / "github-step-summary.md"
    args = [sys.executable, "-m", "walkthroughs", "run", "--demo", str(ROOT / "scenarios" / "demo-shop.yaml"),
            "--out", str(out), "--timeout", "4s", "--strict"]
    for friction in FRICTIONS:
        args += ["--demo-friction", friction]
    completed = subprocess.run(args, capture_output=True, text=True, timeout=400, cwd=ROOT,
                               env={**os.environ, "GITHUB_STEP_SUMMARY": str(step_summary)})
    run_dir = (out / "latest").resolve()
    assert (run_dir / "results.json").exists(), completed.stdout + completed.stderr
    return Walk(run_dir, completed.stdout + completed.stderr, completed.returncode, step_summary)


# The README's demo walk (scripts/setup.sh --demo): a cookie banner over the size picker on phones (major), the
# product's description too faint to read on every device (minor); the journeys reach the end, so the report is a
# triage list, not a lost shopper.
README_FRICTIONS = ("cookie-banner-mobile", "faint-product-text")


@dataclass
class TriageWalk:
    run_dir: Path
    stdout: str  # `--json`: the run's summary alone
    stderr: str  # what a person reads, piped (not a terminal)
    returncode: int
    frictions: tuple[str, ...] = README_FRICTIONS


@pytest.fixture(scope="session")
def triage_walk(tmp_path_factory) -> TriageWalk:
    """`walkthrough run --json` of the README's demo walk on desktop and mobile, its output piped."""
    out = tmp_path_factory.mktemp("triage-walk")
    args = [sys.executable, "-m", "walkthroughs", "run", "--demo", str(ROOT / "scenarios" / "demo-shop.yaml"),
            "--out", str(out), "--timeout", "4s", "--devices", "desktop,mobile", "--json"]
    for friction in README_FRICTIONS:
        args += ["--demo-friction", friction]
    completed = subprocess.run(args, capture_output=True, text=True, timeout=400, cwd=ROOT,
                               env={**os.environ, "COLUMNS": "80"})
    run_dir = (out / "latest").resolve()
    assert (run_dir / "results.json").exists(), completed.stdout + completed.stderr
    return TriageWalk(run_dir, completed.stdout, completed.stderr, completed.returncode)


# A longer walk for the triage view (tests/report/scenarios/nine-stages.yaml): nine stages, three devices, and
# most of the shop's defects on, so it gives over a hundred raw findings — the size where a report of one card per
# finding became pages of scrolling.
NINE_STAGES = ROOT / "tests" / "report" / "scenarios" / "nine-stages.yaml"
NINE_STAGE_FRICTIONS = ("cookie-banner-mobile", "slow-product", "cart-script-error", "cart-api-500", "broken-image",
                        "wide-page-mobile", "tiny-buttons-mobile", "faint-product-text", "newsletter-popup",
                        "late-shipping", "no-order-number", "landing-layout-shift")


@pytest.fixture(scope="session")
def nine_stage_walk(tmp_path_factory) -> Path:
    """`walkthrough run` of the nine-stage journey on three devices, its journeys walked at once; the run folder."""
    out = tmp_path_factory.mktemp("nine-stage-walk")
    args = [sys.executable, "-m", "walkthroughs", "run", "--demo", str(NINE_STAGES), "--out", str(out),
            "--timeout", "15s", "--workers", "3", "--trace", "off"]  # slow-product's 3 s, three at once, busy CI
    for friction in NINE_STAGE_FRICTIONS:
        args += ["--demo-friction", friction]
    completed = subprocess.run(args, capture_output=True, text=True, timeout=400, cwd=ROOT)
    run_dir = (out / "latest").resolve()
    assert (run_dir / "results.json").exists(), completed.stdout + completed.stderr
    return run_dir


@pytest.fixture(scope="session")
def walk_copy(demo_walk, tmp_path_factory):
    """A fresh copy of the walked run folder without its report, to change and render in a test."""

    def make(name: str) -> Path:
        target = tmp_path_factory.mktemp(name) / demo_walk.run_dir.name
        shutil.copytree(demo_walk.run_dir, target, ignore=shutil.ignore_patterns("report"))
        return target

    return make


@pytest.fixture(scope="module")
def chromium():
    """Headless Chromium chosen the way a run chooses it, closed when the module's tests are done."""
    from playwright.sync_api import sync_playwright

    from walkthroughs.walk.browser import choose_browser, launch_options

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options(choose_browser(playwright)))
        yield browser
        browser.close()


@pytest.fixture
def open_report(chromium):
    """Open a report page from file:// at a width, recording every request it makes."""
    contexts = []

    def open_page(path: Path, width: int = 1280, height: int = 900, **context_options):
        context = chromium.new_context(viewport={"width": width, "height": height}, **context_options)
        contexts.append(context)
        page = context.new_page()
        page.requests = []
        page.errors = []
        page.on("request", lambda request: page.requests.append(request.url))
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.goto(path.as_uri())
        return page

    yield open_page
    for context in contexts:
        context.close()
