"""Scenarios: the YAML journeys walkthroughs walks, loaded and checked before any browser starts."""

from .devices import (
    ALIASES,
    DeviceProfile,
    filter_devices,
    resolve_device,
    resolve_devices,
)
from .errors import Problem, ScenarioError, UnknownDevice, UnknownVariable
from .loader import load_scenario, load_scenarios, parse_scenario
from .model import (
    PHASES,
    STEP_TYPES,
    VERBS,
    CustomDevice,
    ExpectArgs,
    Locator,
    Scenario,
    Stage,
    Step,
    step_verb,
)
from .schema import scenario_json_schema
from .variables import expand, names_in

__all__ = [
    "ALIASES",
    "CustomDevice",
    "DeviceProfile",
    "ExpectArgs",
    "Locator",
    "PHASES",
    "Problem",
    "STEP_TYPES",
    "Scenario",
    "ScenarioError",
    "Stage",
    "Step",
    "UnknownDevice",
    "UnknownVariable",
    "VERBS",
    "expand",
    "filter_devices",
    "load_scenario",
    "load_scenarios",
    "names_in",
    "parse_scenario",
    "resolve_device",
    "resolve_devices",
    "scenario_json_schema",
    "step_verb",
]
