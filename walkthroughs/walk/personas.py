"""A persona on a device: the browser context it walks in (language, time zone, place, screen preferences,
signed-in state) and the network and CPU it walks on, laid over the device's own emulation."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

from playwright.async_api import Browser

from ..results import JourneyRecord
from ..scenario import model as m
from ..scenario.devices import DeviceProfile
from .journey import JourneyWalker, WalkSettings, new_journey_record


class SignInFailed(Exception):
    """The persona's sign-in stage could not be walked, so the journey cannot start signed in."""


def persona_device(device: DeviceProfile, persona: m.Persona, scenario: m.Scenario) -> DeviceProfile:
    """The device's browser-context settings with the persona's laid over them."""
    args: dict[str, Any] = dict(device.context_args)
    for key in ("locale", "timezone_id", "color_scheme", "reduced_motion"):
        if getattr(persona, key) is not None:
            args[key] = getattr(persona, key)
    if persona.geolocation is not None:
        args["geolocation"] = persona.geolocation.model_dump()
        args["permissions"] = [*args.get("permissions", []), "geolocation"]
    if persona.storage_state is not None:
        source = scenario.as_written.source
        args["storage_state"] = str(source.parent / persona.storage_state if source else persona.storage_state)
    return replace(device, context_args=args)


def persona_scenario(scenario: m.Scenario, persona: m.Persona, device: DeviceProfile) -> m.Scenario:
    """The scenario as this persona walks it on this device: with the persona's network and CPU, if it has any."""
    if persona.throttling is None:
        return scenario
    copy = scenario.model_copy(update={"throttling": {**scenario.throttling, device.name: persona.throttling}})
    copy._written = scenario.as_written
    return copy


async def sign_in(browser: Browser, scenario: m.Scenario, persona_name: str, device: DeviceProfile,
                  record: JourneyRecord, run_dir: Path, settings: WalkSettings) -> str:
    """Walk the persona's sign-in stage in a fresh browser context of the same device; returns the storage state
    file the journey starts with. Its screenshots and evidence go to `journeys/<journey>--sign-in/`."""
    persona = scenario.as_written.personas[persona_name]
    assert persona.sign_in is not None
    stage_scenario = scenario.model_copy(update={"stages": [persona.sign_in]})
    sign_in_record = new_journey_record(stage_scenario, device)
    sign_in_record.id = f"{record.id}--sign-in"
    state_file = run_dir / "journeys" / sign_in_record.id / "storage-state.json"
    ignore: Callable[[JourneyRecord, Any], None] = lambda journey, stage: None
    walker = JourneyWalker(browser, stage_scenario, device, sign_in_record, run_dir, settings, ignore,
                           save_storage_state=state_file)
    await walker.walk()
    if sign_in_record.status != "completed":
        step = next((s for stage in sign_in_record.stages for s in stage.steps if s.error), None)
        why = f"“{step.label}” failed: {step.error.message}" if step and step.error else (sign_in_record.error or
                                                                                         "the stage did not finish")
        raise SignInFailed(f"{persona_name} could not sign in ({persona.sign_in.name}): {why}. The journey was not "
                           f"walked; see journeys/{sign_in_record.id}/")
    return str(state_file)
