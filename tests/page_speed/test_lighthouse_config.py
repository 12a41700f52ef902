"""Lighthouse CI's contract without a browser: a lighthouserc.* beside the scenario or named by `config:`, presets
from the installed Lighthouse CI, assertMatrix, budgetsFile, aggregationMethod and ci.upload in Lighthouse CI's
names; assertions checked at load time against the installed Lighthouse, at file:line; `lhci assert` on a saved
report with what the config asks."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from walkthroughs.lighthouse import find_tools, lighthouse_plan, vocabulary
from walkthroughs.lighthouse.assert_config import lodash_merge
from walkthroughs.lighthouse.lhci import assert_reports
from walkthroughs.pipeline import load_scenarios
from walkthroughs.scenario import ScenarioError

pytestmark = pytest.mark.node_tools
DATA = Path(__file__).parent / "data"
SCENARIO = """\
name: landing
base_url: http://127.0.0.1:9
devices: [desktop]
lighthouse:{options}
stages:
  - name: ad landing
    steps:
      - goto: /landing/trail-runner
"""


def write(folder: Path, options: str = " true", **files: str) -> Path:
    for name, text in files.items():
        (folder / name.replace("_", ".")).write_text(text)
    scenario = folder / "shop.yaml"
    scenario.write_text(SCENARIO.format(options=options))
    return scenario


def problems(scenario: Path) -> list[str]:
    with pytest.raises(ScenarioError) as raised:
        load_scenarios([scenario])
    return [str(problem) for problem in raised.value.problems]


def test_misspelt_categories_audits_and_options_are_refused_at_their_line_with_a_suggestion(tmp_path):
    scenario = write(tmp_path, """
  assertions:
    categories:accesibility: [error, {minScore: 0.9}]
    largest-contentful-paint: [warn, {maxNumericValu: 2500}]
    first-contentful-paint: [eror, {minScore: 90}]""")
    assert problems(scenario) == [
        f"{scenario}:6: categories:accesibility: Lighthouse 13.5.0 has no category 'accesibility' — did you mean "
        "'accessibility'? (its categories: performance, accessibility, best-practices, seo)",
        f"{scenario}:7: largest-contentful-paint: 'maxNumericValu' is not an assertion option — did you mean "
        "'maxNumericValue'? (options: minScore, maxLength, maxNumericValue, aggregationMethod)",
        f"{scenario}:8: first-contentful-paint: minScore is a score from 0 to 1 (0.9 for 90), not 90",
        f"{scenario}:8: first-contentful-paint: the level is one of off, warn, error, not 'eror' — did you mean 'error'?",
    ]


def test_validate_says_so_in_one_line_each_and_exits_2(tmp_path, cli):
    scenario = write(tmp_path, "\n  assertions:\n    categories:sео: error")  # a Cyrillic е and о
    run = cli("validate", scenario)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.strip().splitlines() == [
        f"{scenario}:6: categories:sео: Lighthouse 13.5.0 has no category 'sео' (its categories: performance, "
        "accessibility, best-practices, seo)"]


def test_a_lighthouserc_beside_the_scenario_is_read_with_its_preset_from_lighthouse_ci(tmp_path):
    rc = {"ci": {"collect": {"numberOfRuns": 3},
                 "assert": {"preset": "lighthouse:recommended",
                            "assertions": {"categories:performance": ["error", {"minScore": 0.8}],
                                           "uses-text-compression": "off",  # gone from Lighthouse 13: harmless
                                           "max-potential-fid": ["error"]}},
                 "upload": {"target": "temporary-public-storage"}}}
    scenario = write(tmp_path, "\n  assertions:\n    categories:seo: [warn, {minScore: 1}]", lighthouserc_json=json.dumps(rc))
    [loaded] = load_scenarios([scenario])
    plan = lighthouse_plan(loaded)
    assertions = plan.assert_config["assertions"]
    preset = vocabulary().presets["lighthouse:recommended"]
    assert plan.runs == 3 and plan.upload == {"target": "temporary-public-storage"}
    assert assertions["categories:performance"] == ["error", {"minScore": 0.8}]
    assert assertions["categories:seo"] == ["warn", {"minScore": 1}]  # the scenario's own, over the config's
    assert preset["max-potential-fid"] == ["warn", {}] and assertions["max-potential-fid"] == ["error", {}]  # _.merge
    assert "first-meaningful-paint" in preset and "first-meaningful-paint" not in assertions  # not in Lighthouse 13
    assert set(assertions) - {"categories:seo"} <= set(preset) | set(rc["ci"]["assert"]["assertions"])
    assert any("lighthouse:recommended asserts" in note and "first-meaningful-paint" in note for note in plan.notes)


def test_a_named_yaml_config_points_at_its_own_lines(tmp_path):
    (tmp_path / "speed").mkdir()
    (tmp_path / "speed" / "lhci.yml").write_text(
        "ci:\n  assert:\n    preset: lighthouse:recomended\n    aggregationMethod: average\n"
        "    assertions:\n      speed-indx: error\n  upload:\n    target: lhci\n")
    scenario = write(tmp_path, "\n  config: speed/lhci.yml")
    rc = tmp_path / "speed" / "lhci.yml"
    assert problems(scenario) == [
        f"{rc}:3: preset: 'lighthouse:recomended' is not a Lighthouse CI preset — did you mean 'lighthouse:recommended'? "
        "(presets: lighthouse:all, lighthouse:no-pwa, lighthouse:recommended)",
        f"{rc}:4: aggregationMethod is one of median, optimistic, pessimistic, median-run",
        f"{rc}:6: speed-indx: Lighthouse 13.5.0 has no audit 'speed-indx' — did you mean 'speed-index'?",
        f"{rc}:8: target lhci needs `serverBaseUrl`: the Lighthouse CI server to send the reports to",
    ]
    write(tmp_path, "\n  config: speed/nothing.json")
    assert problems(tmp_path / "shop.yaml") == [
        f"{tmp_path / 'shop.yaml'}:5: config: speed/nothing.json does not exist (looked for "
        f"{(tmp_path / 'speed' / 'nothing.json').resolve()})"]


@pytest.mark.subprocess  # Node
def test_a_javascript_config_is_read_by_lighthouse_ci_itself(tmp_path):
    scenario = write(tmp_path, lighthouserc_js="module.exports = {ci: {assert: {assertions: {\n"
                                               "  'categories.performance': ['error', {minScore: 0.5}],\n"
                                               "  'interactiv': 'warn'}}}};\n")
    assert problems(scenario) == [f"{tmp_path / 'lighthouserc.js'}:3: interactiv: Lighthouse 13.5.0 has no audit "
                                  "'interactiv' — did you mean 'interactive'?"]
    (tmp_path / "lighthouserc.js").write_text("module.exports = {ci: {assert: {assertions: {"
                                              "'categories.performance': ['error', {minScore: 0.5}]}}}};\n")
    [loaded] = load_scenarios([scenario])
    assert lighthouse_plan(loaded).assert_config == {"assertions": {"categories:performance": ["error", {"minScore": 0.5}]}}


def test_assert_matrix_and_budgets_keep_lighthouse_cis_rules(tmp_path):
    matrix = {"ci": {"assert": {"assertMatrix": [
        {"matchingUrlPattern": "/landing/", "preset": "lighthouse:no-pwa", "assertions": {"speed-index": "error"}},
        {"matchingUrlPattern": "/cart", "assertions": {"categories:seo": "warn"}}]}}}
    scenario = write(tmp_path, lighthouserc_json=json.dumps(matrix))
    [loaded] = load_scenarios([scenario])
    [landing, cart] = lighthouse_plan(loaded).assert_config["assertMatrix"]
    assert landing["matchingUrlPattern"] == "/landing/" and landing["assertions"]["speed-index"] == "error"
    assert landing["assertions"]["is-on-https"] == "off" and "aria-allowed-attr" in landing["assertions"]  # the preset
    assert cart == {"assertions": {"categories:seo": "warn"}, "matchingUrlPattern": "/cart"}
    write(tmp_path, "\n  assertions:\n    speed-index: error")
    [problem] = problems(scenario)
    assert problem.startswith(f"{scenario}:5: the scenario's assertions cannot be laid over an assertMatrix")
    (tmp_path / "lighthouserc.json").write_text(json.dumps({"ci": {"assert": {"budgetsFile": "budget.json"}}}))
    write(tmp_path)
    [problem] = problems(scenario)
    assert problem.startswith(f"{tmp_path / 'lighthouserc.json'}:1: budgetsFile budget.json: it does not exist")
    (tmp_path / "budget.json").write_text('[{"path": "/*", "timings": [{"metric": "interactive", "budget": 100}]}]')
    [loaded] = load_scenarios([scenario])
    assert lighthouse_plan(loaded).assert_config == {"budgetsFile": str((tmp_path / "budget.json").resolve())}


def test_upload_takes_lighthouse_cis_names_and_the_old_ones(tmp_path):
    for written in ("serverBaseUrl", "server_base_url"):
        scenario = write(tmp_path, f"\n  upload: {{target: lhci, {written}: https://lhci.example.com}}")
        [loaded] = load_scenarios([scenario])
        assert lighthouse_plan(loaded).upload == {"target": "lhci", "serverBaseUrl": "https://lhci.example.com"}
    scenario = write(tmp_path, "\n  upload: {target: filesystem, output_dir: lhci-reports, token: abc}")
    [loaded] = load_scenarios([scenario])
    assert lighthouse_plan(loaded).upload == {"target": "filesystem", "outputDir": "lhci-reports", "token": "abc"}


def test_lodash_merge_lays_a_config_over_its_preset_as_lhci_does():
    preset = {"a": ["warn", {}], "b": ["error", {"maxLength": 0}], "c": "off"}
    assert lodash_merge(preset, {"a": "error", "b": ["warn", {"minScore": 0.5}], "c": ["error", {"minScore": 1}]}) == {
        "a": "error", "b": ["warn", {"maxLength": 0, "minScore": 0.5}], "c": ["error", {"minScore": 1}]}


@pytest.mark.subprocess  # Node
def test_lhci_assert_judges_a_saved_report_with_levels_and_aggregation():
    report = DATA / "lhr-cart-mobile.json"  # performance 0.95, LCP 1,329 ms
    config = {"assertions": {"categories:performance": ["error", {"minScore": 0.99}],
                             "largest-contentful-paint": ["warn", {"maxNumericValue": 1000}],
                             "categories:seo": ["error", {"minScore": 0.9}]},
              "aggregationMethod": "pessimistic"}
    failed = asyncio.run(assert_reports(find_tools(), [report, report], config))
    assert sorted((r["auditId"], r.get("auditProperty"), r["level"]) for r in failed) == [
        ("categories", "performance", "error"), ("largest-contentful-paint", None, "warn")]
