"""walkthroughs: a mystery shopper for web shops — walks customer journeys in a real browser and maps the friction.

The library calls every front door (the CLI, the pytest plugin, the watch) is built on, in pipeline order:
load_scenarios → plan_journeys → walk_run (walk, assess, save into a RunFolder) → render_report; assess_run
re-judges a saved run offline and merge_runs combines shards. They are imported on first use, so
`import walkthroughs` stays cheap (the walker brings in Playwright).
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name → the module that holds it
_EXPORTS = {
    "DetectorMeta": "walkthroughs.friction.base",
    "Finding": "walkthroughs.results",
    "InputError": "walkthroughs.errors",
    "Plan": "walkthroughs.walk.run",
    "RunFolder": "walkthroughs.run_folder",
    "RunOptions": "walkthroughs.walk.run",
    "RunResult": "walkthroughs.results",
    "Scenario": "walkthroughs.scenario.model",
    "ScenarioError": "walkthroughs.scenario.errors",
    "UsageError": "walkthroughs.errors",
    "WalkSettings": "walkthroughs.walk.journey",
    "Walks": "walkthroughs.walk.variants",
    "WalkthroughsError": "walkthroughs.errors",
    "all_detectors": "walkthroughs.friction.registry",
    "assess_run": "walkthroughs.friction.assess",
    "evidence_json_schema": "walkthroughs.evidence",
    "load_evidence": "walkthroughs.evidence",
    "load_results": "walkthroughs.results",
    "load_scenario": "walkthroughs.pipeline",
    "load_scenarios": "walkthroughs.pipeline",
    "merge_runs": "walkthroughs.ci.merge",
    "plan_journeys": "walkthroughs.pipeline",
    "render_report": "walkthroughs.report",
    "walk_one": "walkthroughs.pipeline",
    "walk_run": "walkthroughs.pipeline",
    "write_junit": "walkthroughs.ci.junit",
}
__all__ = [
    "DetectorMeta",
    "Finding",
    "InputError",
    "Plan",
    "RunFolder",
    "RunOptions",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "UsageError",
    "WalkSettings",
    "Walks",
    "WalkthroughsError",
    "all_detectors",
    "assess_run",
    "evidence_json_schema",
    "load_evidence",
    "load_results",
    "load_scenario",
    "load_scenarios",
    "merge_runs",
    "plan_journeys",
    "render_report",
    "walk_one",
    "walk_run",
    "write_junit",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'walkthroughs' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
