"""evidence.json has a versioned, typed schema, loaded in one module; its JSON Schema is what `walkthrough schema
--evidence` prints, and the gatherers declare the parts they fill."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from walkthroughs import gather
from walkthroughs.cli import main
from walkthroughs.evidence import (
    EVIDENCE_VERSION,
    PARTS,
    EvidenceError,
    evidence_json_schema,
    load_evidence,
)
from walkthroughs.gather import recovery, vitals
from walkthroughs.results import RunResult

RUNS = Path(__file__).parents[1] / "data" / "runs"
SAVED = sorted(RUNS.glob("*/journeys/*/evidence.json"))


@pytest.mark.parametrize("path", SAVED, ids=lambda p: p.parent.name)
def test_saved_evidence_of_version_1_loads_upgraded_and_fits_the_published_schema(path):
    raw = json.loads(path.read_text())
    assert raw["evidence_version"] == "1.0"
    loaded = load_evidence(path)
    assert loaded["evidence_version"] == EVIDENCE_VERSION
    assert all("rating" not in m for s in loaded["stages"] for load in s.get("vitals", {}).get("page_loads", [])
               for m in load["metrics"].values()), "the walk measures; the web-vitals detector rates"
    jsonschema.validate(loaded, evidence_json_schema())


def test_a_gatherer_failure_of_version_1_becomes_a_gather_error(tmp_path):
    raw = json.loads(SAVED[0].read_text())
    raw["stages"][1]["layout"] = {"error": "ProbeError: the page went away"}
    path = tmp_path / "evidence.json"
    path.write_text(json.dumps(raw))
    stage = load_evidence(path)["stages"][1]
    assert "layout" not in stage and stage["gather_errors"] == {"layout": "ProbeError: the page went away"}


def test_evidence_that_is_not_in_the_schema_or_of_a_newer_version_is_refused_in_one_line(tmp_path):
    raw = json.loads(SAVED[0].read_text())
    raw["stages"][0]["steps"] = "not a list"
    path = tmp_path / "evidence.json"
    path.write_text(json.dumps(raw))
    with pytest.raises(EvidenceError, match=r"evidence.json: stages\.0\.steps: Input should be a valid list"):
        load_evidence(path)
    path.write_text(json.dumps({**raw, "evidence_version": "3.0"}))
    with pytest.raises(EvidenceError, match="evidence version 3.0 is not readable by this version"):
        load_evidence(path)


def test_every_gatherer_declares_the_part_it_fills_with_that_part_s_type():
    for module in (*gather.STAGE_END, vitals, recovery):
        part = PARTS[module.NAME]
        assert part.level == "stage" and part.kind == module.EVIDENCE, module.__name__


def test_the_schema_commands_print_both_schemas(tmp_path):
    runner = CliRunner()
    evidence = json.loads(runner.invoke(main, ["schema", "--evidence"]).output)
    assert evidence["title"] == "walkthroughs evidence.json" and "StageEvidence" in evidence["$defs"]
    results = json.loads(runner.invoke(main, ["schema", "--results"]).output)
    assert results == RunResult.model_json_schema()
    both = runner.invoke(main, ["schema", "--results", "--evidence"])
    assert both.exit_code == 2 and "choose one schema" in both.output


def test_results_written_by_this_version_fit_the_published_results_schema(tmp_path):
    from walkthroughs.friction.assess import assess_run

    run_dir = shutil.copytree(RUNS / "frictions-mobile", tmp_path / "run")
    assess_run(run_dir)
    jsonschema.validate(json.loads((run_dir / "results.json").read_text()), RunResult.model_json_schema())


def test_results_that_do_not_read_are_refused_in_one_line(tmp_path, cli):
    run_dir = shutil.copytree(RUNS / "frictions-mobile", tmp_path / "run")
    results = run_dir / "results.json"
    raw = json.loads(results.read_text())
    results.write_text(json.dumps({**raw, "schema_version": "2.9", "journeys": [{"id": 1}], "new_part": {}}))
    done = cli("assess", run_dir)
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert f"{results}: results schema 2.9 does not read as 2.0" in done.stderr and "journeys.0" in done.stderr
    results.write_text("{not json")
    done = cli("report", run_dir)
    assert done.returncode == 2 and f"{results}: not a results.json (not JSON" in done.stderr
