"""The JSON Schema of the scenario format, so editors can complete and check scenarios as they are typed.

Generated from the pydantic models, plus the shorthands the models accept before validation
(`click: "#buy"`, `press: Enter`, `screenshot: home`, `- back`) and the top level's `x-` keys, which pydantic
cannot see.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .model import Scenario

SCHEMA_ID = "urn:walkthroughs:scenario"  # no hosted copy; editors point at the shipped file
SCHEMA_FILE = Path(__file__).with_name("scenario.schema.json")

_STRING_SHORTHANDS = {
    "Locator": "a CSS selector or any Playwright selector (text=..., role=...)",
    "PressArgs": "the key to press: Enter, Tab, ArrowDown",
    "WaitForArgs": "a CSS selector to wait for",
    "ScreenshotArgs": "the screenshot's name",
}


def scenario_json_schema() -> dict[str, Any]:
    """The schema as a dict (draft 2020-12)."""
    schema = Scenario.model_json_schema(by_alias=True)
    definitions = schema["$defs"]
    for name, description in _STRING_SHORTHANDS.items():
        definitions[name] = {"anyOf": [{"type": "string", "description": description}, definitions[name]]}
    for key in ("steps", "resume"):
        steps = schema["$defs"]["Stage"]["properties"][key]["items"]
        steps["oneOf"].append({"const": "back", "description": "the browser's back button"})
    schema["patternProperties"] = {"^x-": {"description": "your own: ignored by walkthroughs, a place for YAML anchors"}}
    use = definitions["UseStages"]["properties"]["use"]
    definitions["UseStages"]["properties"]["use"] = {"anyOf": [{"type": "string", "description": "a stage name"}, use]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "walkthroughs scenario",
        "description": "One shopper's journey through a web shop, walked in a real browser by walkthroughs.",
    }


def schema_text() -> str:
    """The schema as the committed file holds it."""
    return json.dumps(scenario_json_schema(), indent=2, ensure_ascii=False) + "\n"


def write_schema_file() -> None:
    """Rewrite the shipped schema after changing the models (a test fails until you do)."""
    SCHEMA_FILE.write_text(schema_text(), encoding="utf-8")
