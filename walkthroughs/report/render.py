"""Render a run's report from its results.json alone: report/index.html, one page per stage cell, summary.md.

The folder opens from file:// with no network (CSS, JS and pictures are inside it); rendering the same
results twice writes the same bytes. A template that fails writes a page saying so instead of crashing the run.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from ..results import load_results
from ..results import write_json_atomic as write_atomic
from .baseline import compare, load_baseline, results_path
from .images import PictureStore
from .summary import summary_markdown
from .trend_charts import trends_view
from .trends import read_trends
from .view import build_view

STATIC = Path(__file__).parent / "static"


WEB_ADDRESS = re.compile(r"https?://[^\s<>\"')]+[^\s<>\"').,;:]")


def linked(text: str) -> Markup:
    """Text with its web addresses as links (an axe rule's help page, a detector's reference), everything escaped."""
    parts, last = [], 0
    for match in WEB_ADDRESS.finditer(text):
        parts += [escape(text[last:match.start()]),
                  Markup('<a href="{0}" rel="noreferrer">{0}</a>').format(match.group())]
        last = match.end()
    return Markup("").join([*parts, escape(text[last:])])


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates kept between runs (in the temp folder, keyed by each template's source): compiling them
    is 0.6 CPU-s of every report otherwise. None where no cache folder can be made — then they are compiled."""
    try:
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        return None


def environment() -> Environment:
    env = Environment(loader=PackageLoader("walkthroughs.report", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      bytecode_cache=_bytecode_cache())
    env.filters["linked"] = linked
    return env


def render_report(run_dir: Path, baseline: Path | None = None) -> Path:
    """Write run_dir/report/ from run_dir/results.json (compared with a baseline run when given); return index.html.

    Raises OSError or ValueError when results.json or the baseline cannot be read.
    """
    run_dir = Path(run_dir)
    report_dir = run_dir / "report"
    index = report_dir / "index.html"
    result = load_results(run_dir / "results.json")
    earlier = load_baseline(Path(baseline)) if baseline else None
    report_dir.mkdir(parents=True, exist_ok=True)
    try:
        comparison = compare(result, earlier) if earlier else None
        view = build_view(result, PictureStore(run_dir, report_dir), comparison)
        env = environment()
        trends = trends_view(read_trends(run_dir))  # a watched shop's recent walks, when the watch left them
        pages = {"index.html": env.get_template("index.html.j2").render(view=view, page=None, trends=trends)}
        for page in view.stage_pages:
            pages[page.filename] = env.get_template("stage.html.j2").render(view=view, page=page)
        copy_static(report_dir / "static")
        for name in stale_pages(report_dir, pages):
            name.unlink()
        for name, text in pages.items():
            write_atomic(report_dir / name, text)
        write_atomic(report_dir / "summary.md", summary_markdown(view, f"{run_dir.resolve().name}/report/index.html"))
    except Exception as error:  # a report that cannot be drawn must never cost the run its results
        write_atomic(index, failure_page(error))
    return index


def run_folder(path: Path) -> Path:
    """The run folder named by a path to it or to its results.json."""
    path = Path(path)
    if path.is_file() and path.name != "results.json":
        raise ValueError(f"{path} is neither a run folder nor a results.json")
    return results_path(path).parent


def copy_static(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for source in STATIC.iterdir():
        if source.is_file():
            shutil.copyfile(source, target / source.name)


def stale_pages(report_dir: Path, pages: dict[str, str]) -> list[Path]:
    """Stage pages of an earlier rendering that this one does not write (a re-assessed or edited run)."""
    return [p for p in report_dir.glob("stage-*.html") if p.name not in pages]


def failure_page(error: Exception) -> str:
    message = html.escape(f"{type(error).__name__}: {error}")
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Report not generated</title></head>\n"
            f"<body><main><h1>Could not generate the report</h1><p>Could not generate the report: {message}</p>\n"
            "<p>The run's results.json and screenshots are intact; run <code>walkthrough report</code> on the run "
            "folder to try again.</p></main></body></html>\n")

