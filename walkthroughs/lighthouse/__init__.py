"""Lighthouse audits of the pages a journey reaches, in the walk's own browser, judged by Lighthouse CI.

`lighthouse_plans` reads what the scenarios and the command line ask for; `prepare_lighthouse` finds
Node and Lighthouse and returns the run's `LighthouseRunner`, or why page speed cannot be audited.
"""

from __future__ import annotations

import socket
from collections.abc import Iterable

from ..scenario import model as m
from .assert_config import (
    LighthouseConfig,
    check_lighthouse_settings,
    lighthouse_config,
)
from .runner import LighthouseRunner, StageAudit
from .settings import (
    LighthouseChoice,
    LighthousePlan,
    UnknownLighthouseStage,
    lighthouse_plan,
)
from .tools import NodeTools, NodeToolsMissing, find_tools
from .vocabulary import Vocabulary, vocabulary

__all__ = [
    "LighthouseChoice",
    "LighthouseConfig",
    "LighthousePlan",
    "LighthouseRunner",
    "NodeTools",
    "NodeToolsMissing",
    "StageAudit",
    "UnknownLighthouseStage",
    "Vocabulary",
    "check_lighthouse_settings",
    "check_scenarios",
    "find_tools",
    "lighthouse_config",
    "lighthouse_plan",
    "lighthouse_plans",
    "port_in_use",
    "prepare_lighthouse",
    "vocabulary",
]


def lighthouse_plans(scenarios: Iterable[m.Scenario], choice: LighthouseChoice = LighthouseChoice()) -> dict[str, LighthousePlan]:
    """Scenario name → its Lighthouse plan, for the scenarios whose pages are to be audited."""
    plans = {scenario.name: lighthouse_plan(scenario, choice) for scenario in scenarios}
    return {name: plan for name, plan in plans.items() if plan is not None}


def check_scenarios(scenarios: Iterable[m.Scenario]) -> None:
    """Raise ScenarioError, at file:line, for any problem in the Lighthouse settings of scenarios that ask for it,
    checked against the installed Lighthouse and Lighthouse CI where they are installed."""
    check_lighthouse_settings(list(scenarios), vocabulary)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_in_use(port: int) -> bool:
    """Whether something on this machine already listens on 127.0.0.1:`port`."""
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def prepare_lighthouse(plans: dict[str, LighthousePlan], remote_browser: bool = False,
                       port: int | None = None) -> tuple[LighthouseRunner | None, str | None]:
    """The run's Lighthouse runner, or None and why page speed will not be audited (None, None: nobody asked)."""
    if not plans:
        return None, None
    if remote_browser:
        return None, "Lighthouse did not run: it audits the walk's own browser, and a remote browser (--connect) is not reachable for it"
    try:
        tools = find_tools()
    except NodeToolsMissing as error:
        return None, str(error)
    return LighthouseRunner(tools, port or _free_port(), plans), None
