"""The committed JSON Schema is the generated one, and it lets editors complete verbs."""

from __future__ import annotations

import json

import walkthroughs.scenario as scenario_package
from walkthroughs.scenario import VERBS, scenario_json_schema
from walkthroughs.scenario.schema import SCHEMA_FILE, schema_text


def test_the_committed_schema_is_up_to_date():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "regenerate it: python -c 'from walkthroughs.scenario.schema import write_schema_file; write_schema_file()'")


def test_steps_are_a_choice_of_one_object_per_verb():
    schema = scenario_json_schema()
    assert schema["$id"] and schema["title"] and schema["description"]
    choices = schema["$defs"]["Stage"]["properties"]["steps"]["items"]["oneOf"]
    verbs = [schema["$defs"][c["$ref"].split("/")[-1]]["required"] for c in choices if "$ref" in c]
    assert [required for (required,) in verbs] == list(VERBS)
    assert {"const": "back", "description": "the browser's back button"} in choices
    json.dumps(schema)


def test_the_public_names_are_sorted_and_exist():
    assert scenario_package.__all__ == sorted(scenario_package.__all__)
    assert all(hasattr(scenario_package, name) for name in scenario_package.__all__)
