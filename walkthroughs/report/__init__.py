"""The journey-map report: rendered from a run's results.json alone, so it can be re-rendered without a new walk."""

from .render import render_report, run_folder

__all__ = ["render_report", "run_folder"]
