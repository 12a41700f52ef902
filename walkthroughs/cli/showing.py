"""`show-report` and `report --pdf`: a run's report served on 127.0.0.1 with Playwright's own trace viewer beside
it (so a stage's trace opens in one click), and the report printed to PDF by Chromium itself."""

from __future__ import annotations

import functools
import http.server
import threading
import webbrowser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import click

from .common import console, fail

PDF_DEADLINE_MS = 60_000  # loading the report and printing it; a report that takes longer is not worth the wait


def trace_viewer_folder() -> Path:
    """The trace viewer's static files, as the installed Playwright driver ships them (what `playwright show-trace`
    serves)."""
    import playwright

    folder = Path(playwright.__file__).parent / "driver" / "package" / "lib" / "vite" / "traceViewer"
    if not (folder / "index.html").is_file():
        raise fail(f"Playwright's trace viewer is not where the installed playwright keeps it ({folder})")
    return folder


class ReportHandler(http.server.SimpleHTTPRequestHandler):
    """The run folder at /, the trace viewer at /trace/; quiet, and nothing outside the two folders."""

    def __init__(self, *args, run_dir: Path, viewer: Path, **kwargs) -> None:
        self.run_dir, self.viewer = run_dir, viewer
        super().__init__(*args, directory=str(run_dir), **kwargs)

    def translate_path(self, path: str) -> str:
        route = unquote(urlsplit(path).path)
        if route == "/trace" or route.startswith("/trace/"):
            root, rest = self.viewer, route[len("/trace"):]
        else:
            root, rest = self.run_dir, route
        target = (root / rest.lstrip("/")).resolve()
        return str(target) if target.is_relative_to(root) else str(root / "-not-found-")

    def end_headers(self) -> None:
        if urlsplit(self.path).path.startswith("/trace/"):
            self.send_header("Service-Worker-Allowed", "/")  # the viewer's worker reads traces from the run folder
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 — the standard library's name
        pass


def serve_report(run_dir: Path, port: int = 0) -> http.server.ThreadingHTTPServer:
    """A server of the run folder and the trace viewer on 127.0.0.1 (port 0: a free one), started in a thread."""
    handler = functools.partial(ReportHandler, run_dir=run_dir.resolve(), viewer=trace_viewer_folder().resolve())
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, name="show-report", daemon=True).start()
    return server


@click.command("show-report")
@click.argument("run", required=False, default="reports/latest",
                type=click.Path(exists=True, file_okay=False, path_type=Path), metavar="[RUN]")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default="a free one",
              help="Port of 127.0.0.1 to serve on.")
@click.option("--open/--no-open", "open_browser", default=True, show_default=True,
              help="Open the report in the default browser.")
def show_report(run: Path, port: int, open_browser: bool) -> None:
    """Serve a run's report (default: reports/latest) on 127.0.0.1 with Playwright's trace viewer, so a stage's
    trace opens in one click. Ctrl-C stops it."""
    if not (run / "report" / "index.html").is_file():
        raise fail(f"{run} has no report/index.html: give a run folder (`walkthrough report {run}` renders one)")
    try:
        server = serve_report(run, port)
    except OSError as error:
        raise fail(f"cannot serve on 127.0.0.1:{port}: {error}")
    url = f"http://127.0.0.1:{server.server_address[1]}/report/index.html"
    console.print(f"Report: {url} — Ctrl-C stops it", highlight=False)
    if open_browser:
        webbrowser.open(url)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()


def write_pdf(index: Path) -> Path:
    """report.pdf beside index.html, printed by Chromium from the report with its print stylesheet, every image
    loaded and every folded section open. In a thread of its own: Playwright's sync API refuses a thread that runs
    an event loop (a caller inside pytest-playwright, a notebook)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="report-pdf") as pool:
        return pool.submit(_print_pdf, index).result()


def _print_pdf(index: Path) -> Path:
    from playwright.sync_api import Error, sync_playwright

    from ..walk.browser import choose_browser, launch_options

    target = index.with_name("report.pdf")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(**launch_options(choose_browser(playwright)))
            try:
                page = browser.new_page()
                page.goto(index.resolve().as_uri(), wait_until="load", timeout=PDF_DEADLINE_MS)
                page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
                page.wait_for_function("Array.from(document.images).every((img) => img.complete)",
                                       timeout=PDF_DEADLINE_MS)
                page.emulate_media(media="print")
                page.pdf(path=str(target), format="A4", print_background=True, outline=True, tagged=True,
                         margin={"top": "12mm", "bottom": "12mm", "left": "10mm", "right": "10mm"})
            finally:
                browser.close()
    except Error as error:
        raise fail(f"could not print the report to PDF: {error.message.splitlines()[0]}")
    return target
