"""Lighthouse audits of the pages a journey reaches, in the walk's own browser, judged by Lighthouse CI.

`lighthouse_plans` reads what the scenarios and the command line ask for; `prepare_lighthouse` finds
Node and Lighthouse and returns the run's `LighthouseRunner`, or why page speed cannot be audited.
"""

from __future__ import annotations

import socket
from collections.abc import Iterable

from ..scenario import model as m
from .runner import LighthouseRunner, StageAudit
from .settings import (
    LighthouseChoice,
    LighthousePlan,
    UnknownLighthouseStage,
    lighthouse_plan,
)
from .tools import NodeTools, NodeToolsMissing, find_tools

__all__ = [
    "LighthouseChoice",
    "LighthousePlan",
    "LighthouseRunner",
    "NodeTools",
    "NodeToolsMissing",
    "StageAudit",
    "UnknownLighthouseStage",
    "find_tools",
    "lighthouse_plan",
    "lighthouse_plans",
    "prepare_lighthouse",
]


def lighthouse_plans(scenarios: Iterable[m.Scenario], choice: LighthouseChoice = LighthouseChoice()) -> dict[str, LighthousePlan]:
    """Scenario name → its Lighthouse plan, for the scenarios whose pages are to be audited."""
    plans = {scenario.name: lighthouse_plan(scenario, choice) for scenario in scenarios}
    return {name: plan for name, plan in plans.items() if plan is not None}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare_lighthouse(plans: dict[str, LighthousePlan], remote_browser: bool = False) -> tuple[LighthouseRunner | None, str | None]:
    """The run's Lighthouse runner, or None and why page speed will not be audited (None, None: nobody asked)."""
    if not plans:
        return None, None
    if remote_browser:
        return None, "Lighthouse did not run: it audits the walk's own browser, and a remote browser (--connect) is not reachable for it"
    try:
        tools = find_tools()
    except NodeToolsMissing as error:
        return None, str(error)
    return LighthouseRunner(tools, _free_port(), plans), None
