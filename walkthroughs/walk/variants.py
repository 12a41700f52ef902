"""Which walks a run makes of one scenario on one device: its paths × personas × repeats, each a journey of
its own with a readable id (`checkout-journey--search--de-slow-phone--mobile--r2`)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from ..formatting import slug
from ..results import JourneyRecord
from ..scenario import model as m
from ..scenario.devices import DeviceProfile
from ..scenario.paths import path_scenario, wanted
from .journey import new_journey_record
from .personas import persona_device, persona_scenario


def new_seed() -> int:
    return secrets.randbelow(2**31)


@dataclass(frozen=True)
class Walks:
    """What to walk besides each scenario's main journey once: `paths` and `personas` as `chosen` returned them
    (None: the main path, no persona; ["all"]: every one), `repeat` walks of each, `seed` for `pick: random`."""

    paths: list[str] | None = None
    personas: list[str] | None = None
    repeat: int = 1
    seed: int = field(default_factory=new_seed)


@dataclass(frozen=True)
class Variant:
    path: str
    persona: str | None
    repeat: int | None  # None when each journey is walked once


def variants(scenario: m.Scenario, walks: Walks) -> list[Variant]:
    """Path × persona × repeat: what is walked on each device, in the order the report lists it."""
    paths = wanted(walks.paths, [m.MAIN_PATH, *scenario.paths]) or [m.MAIN_PATH]
    personas: list[str | None] = [*wanted(walks.personas, scenario.personas)] or [None]
    repeats: list[int | None] = list(range(1, walks.repeat + 1)) if walks.repeat > 1 else [None]
    return [Variant(path, persona, repeat) for path in paths for persona in personas for repeat in repeats]


def variant_journey(scenario: m.Scenario, device: DeviceProfile, variant: Variant,
                    seed: int) -> tuple[m.Scenario, DeviceProfile, JourneyRecord]:
    """The scenario and device as this variant walks them, and its journey record."""
    walked = path_scenario(scenario, variant.path)
    if variant.persona is not None:
        persona = scenario.personas[variant.persona]
        walked, device = persona_scenario(walked, persona, device), persona_device(device, persona, scenario)
    record = new_journey_record(walked, device)
    parts = [scenario.name, None if variant.path == m.MAIN_PATH else variant.path, variant.persona, device.name]
    record.id = "--".join(slug(part) for part in parts if part) + (f"--r{variant.repeat}" if variant.repeat else "")
    record.path = None if variant.path == m.MAIN_PATH else variant.path
    record.persona, record.repeat, record.seed = variant.persona, variant.repeat, seed
    return walked, device, record
