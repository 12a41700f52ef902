"""The loader turns YAML into a Scenario, or names every problem at file:line:column in a QA person's words."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from walkthroughs.scenario import (
    ScenarioError,
    load_scenario,
    load_scenarios,
    step_verb,
)

VALID = """\
name: checkout
goal: buy running shoes
base_url: http://localhost:8000
devices: [desktop, mobile, {name: kiosk, class: tablet, viewport: {width: 1080, height: 1920}}]
variables: {EMAIL: qa@example.com, ZIP: 10115}
stages:
  - name: product page
    phase: consideration
    needs: [price, sizes]
    budget: 2s
    steps:
      - goto: /product/trail-runner
      - click: {role: button, name: Add to cart}
      - remember: {name: price, from: {test_id: price}, pattern: '([0-9.]+)'}
      - expect: {text: "${price}", in: {test_id: cart-total}}
      - press: Enter
      - screenshot: cart
      - wait_for: {load_state: networkidle}
        only: [mobile, kiosk]
        timeout: 500ms
      - back
  - name: checkout
    steps:
      - fill: {label: Email, value: "${EMAIL}"}
      - fill: {label: Postcode, value: "${ZIP}"}
      - expect: {url: /checkout}
"""


def write(tmp_path: Path, text: str, name: str = "journey.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def problems_of(path: Path, **kwargs) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path, environ={}, **kwargs)
    return str(caught.value).splitlines()


def test_a_valid_scenario_loads(tmp_path):
    path = write(tmp_path, VALID)
    scenario = load_scenario(path, environ={})
    assert scenario.source == path
    assert [stage.name for stage in scenario.stages] == ["product page", "checkout"]
    steps = scenario.stages[0].steps
    assert [step_verb(step) for step in steps] == [
        "goto", "click", "remember", "expect", "press", "screenshot", "wait_for", "back"]
    assert steps[1].click.describe() == 'role=button "Add to cart"'
    assert steps[3].expect.check == "text"
    assert steps[4].press.key == "Enter" and steps[4].press.locator() is None
    assert steps[6].timeout == 500 and scenario.stages[0].budget == 2000
    assert scenario.variables["ZIP"] == "10115"  # a number where text is expected is text


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("name: x\nstages: [\n  {name: a\n", "journey.yaml:3:3: invalid YAML: the '{' here is never "
                     "closed (expected ',' or '}', but got '<stream end>')", id="unclosed bracket"),
        pytest.param('name: "x\nstages: []\n', "journey.yaml:1:7: invalid YAML: the quote here is never closed",
                     id="unclosed quote"),
        pytest.param("name: x\n  bad: indent\n", "journey.yaml:2:6: invalid YAML: mapping values are not allowed here",
                     id="bad indentation"),
        pytest.param("- name: x\n", "journey.yaml:1:1: expected a scenario: a mapping with `name:` and `stages:`, "
                                    "got a list", id="top level is a list"),
        pytest.param("", "journey.yaml: the file is empty", id="empty file"),
        pytest.param("name: x\nstages:\n  - name: a\n    steps:\n      - clik: '#buy'\n",
                     "journey.yaml:5:9: unknown step 'clik' — did you mean 'click'? (expected one of: goto, click, "
                     "fill, type, select, check, press, hover, scroll_to, wait_for, expect, screenshot, remember, back)",
                     id="unknown step"),
        pytest.param("name: x\nstages:\n  - name: a\n    steps: goto /\n",
                     "journey.yaml:4:12: expected a list of steps, got a string", id="steps is a string"),
        pytest.param("name: x\nstages:\n  - name: a\n    budget: fast\n    steps: [goto: /]\n",
                     "journey.yaml:4:13: expected a duration such as 2s, 1.5s or 500ms, got 'fast'", id="bad budget"),
        pytest.param("name: x\nstages:\n  - name: a\n    steps: [goto: /]\n  - phase: decision\n    steps: [back]\n",
                     "journey.yaml:5:5: stage 2 has no 'name'", id="stage without name"),
        pytest.param("name: x\nstage:\n  - name: a\n",
                     "journey.yaml:2:1: unknown key 'stage' — did you mean 'stages'? (expected one of: name, goal, "
                     "base_url, devices, variables, throttling, lighthouse, environment, allowed_hosts, block, secrets, commit_words, detectors, on_failure, "
                     "stages, paths, personas)",
                     id="unknown top-level key"),
        pytest.param("name: x\nstages:\n  - name: a\n    steps:\n      - click: {rol: button}\n",
                     "journey.yaml:5:17: unknown key 'rol' — did you mean 'role'?", id="unknown locator key"),
        pytest.param("name: x\nstages:\n  - name: a\n    steps:\n      - expect: {visible: '#a', url: /cart}\n",
                     "journey.yaml:5:33: expect checks one thing at a time, this one has both 'visible' and 'url'",
                     id="expect with two checks"),
        pytest.param("name: x\nstages:\n  - name: a\n    steps:\n      - goto: /\n        click: '#a'\n",
                     "journey.yaml:6:9: a step does one thing, this one has both 'goto' and 'click'", id="two verbs"),
        pytest.param("name: x\nstages:\n  - name: a\n    steps:\n      - {name: nothing}\n",
                     "journey.yaml:5:9: this step has no verb", id="no verb"),
        pytest.param("name: x\nstages:\n  - name: a\n    steps:\n      - goto: /\n        timout: 2\n",
                     "journey.yaml:6:9: unknown key 'timout' — did you mean 'timeout'? "
                     "(expected one of: goto, name, only, timeout, commit)", id="unknown step option"),
        pytest.param("name: x\nstages:\n  - name: a\n    phase: purchse\n    steps: [back]\n",
                     "journey.yaml:4:12: unknown phase 'purchse' — did you mean 'purchase'? (expected one of: "
                     "awareness, consideration, decision, purchase, post-purchase)", id="unknown phase"),
        pytest.param("name: x\nstages:\n  - name: a\n    steps: [back]\n  - name: a\n    steps: [back]\n",
                     "journey.yaml:5:11: two stages are named 'a'; stage names must be unique", id="duplicate stage"),
        pytest.param("name: x\nstages:\n  - name: a\n    steps:\n      - fill: {label: Email}\n",
                     "journey.yaml:5:15: this fill step has no 'value'", id="missing argument"),
        pytest.param("name: x\nstages:\n  - name: a\n    steps:\n      - goto: /search?q=${QUERY}\n",
                     "journey.yaml:5:15: unknown variable ${QUERY} (set it under `variables`, in the environment, "
                     "or with an earlier `remember`)", id="unknown variable"),
        pytest.param("name: x\nvariables: {QUERY: shoes}\nstages:\n  - name: a\n    steps:\n      - goto: /${QUERRY}\n",
                     "journey.yaml:6:15: unknown variable ${QUERRY} — did you mean 'QUERY'?", id="misspelt variable"),
        pytest.param("name: x\nstages:\n  - name: a\n    steps:\n      - expect: {url: '${total}'}\n"
                     "      - remember: {name: total, from: '#total'}\n",
                     "journey.yaml:5:23: ${total} is used before the `remember` step that sets it",
                     id="variable used before remember"),
        pytest.param("name: x\nstages:\n  - name: a\n    steps:\n      - goto: /\n        only: [mobil]\n",
                     "journey.yaml:6:16: unknown device 'mobil' in `only` — did you mean 'mobile'?",
                     id="unknown device in only"),
        pytest.param("name: x\nname: y\nstages: [{name: a, steps: [back]}]\n",
                     "journey.yaml:2:1: 'name' appears twice in this mapping", id="duplicate key"),
        pytest.param("name: x\nstages:\n  - name: a\n    steps:\n      - back: 3\n",
                     "journey.yaml:5:15: 'back' takes no value", id="back with a value"),
        pytest.param("name: x\nstages: []\n",
                     "journey.yaml:2:9: 'stages' is empty; add at least one stage", id="no stages"),
        pytest.param("name: x\nstages:\n  - name: a\n    steps:\n      - click: 5\n",
                     "journey.yaml:5:16: expected a locator (a CSS selector, or a mapping such as "
                     "{role: button, name: Pay}), got the number 5", id="locator of the wrong type"),
    ],
)
def test_a_malformed_scenario_names_file_line_and_column(tmp_path, text, expected):
    problems = problems_of(write(tmp_path, text))
    assert any(problem.startswith(str(tmp_path / expected)) for problem in problems), problems


def test_all_problems_of_a_file_are_reported_at_once_in_order(tmp_path):
    path = write(tmp_path, """\
        name: x
        stages:
          - name: a
            budget: fast
            steps:
              - clik: '#a'
              - goto: /${NOPE}
          - phase: decision
            steps: []
        """)
    problems = problems_of(path)
    assert [problem.split(": ")[0] for problem in problems] == [
        f"{path}:4:13", f"{path}:6:9", f"{path}:7:15", f"{path}:8:5", f"{path}:9:12"]


def test_the_error_carries_structured_problems(tmp_path):
    path = write(tmp_path, "name: x\nstages:\n  - name: a\n    steps:\n      - clik: '#a'\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.column) == (str(path), 5, 9)
    assert problem.message.startswith("unknown step 'clik'")


def test_an_unreadable_file_is_a_problem(tmp_path):
    problems = problems_of(tmp_path / "missing.yaml")
    assert problems == [f"{tmp_path / 'missing.yaml'}: cannot read the scenario: No such file or directory"]


def test_environment_variables_count_as_defined(tmp_path):
    path = write(tmp_path, "name: x\nstages:\n  - name: a\n    steps:\n      - goto: /?q=${QUERY}&x=$${LITERAL}\n")
    assert load_scenario(path, environ={"QUERY": "shoes"}).stages[0].steps[0].goto == "/?q=${QUERY}&x=$${LITERAL}"


def test_unknown_devices_are_checked_when_descriptors_are_given(tmp_path):
    path = write(tmp_path, "name: x\ndevices: [desktop, Pixle 7]\nstages: [{name: a, steps: [back]}]\n")
    descriptors = {"Desktop Chrome": {}, "Pixel 7": {}, "Galaxy Tab S4": {}}
    assert problems_of(path, device_descriptors=descriptors) == [
        f"{path}:2:20: unknown device 'Pixle 7' — did you mean 'Pixel 7'?"]
    assert load_scenario(path, environ={}).devices == ["desktop", "Pixle 7"]  # without descriptors: not checked


def test_load_scenarios_reads_folders_and_reports_every_file(tmp_path):
    write(tmp_path, VALID, "good.yaml")
    write(tmp_path, "name: x\nstage: []\n", "bad.yaml")
    write(tmp_path, "not a scenario", "notes.txt")
    with pytest.raises(ScenarioError) as caught:
        load_scenarios([tmp_path], environ={})
    assert [problem.file for problem in caught.value.problems] == [str(tmp_path / "bad.yaml")] * 2
    (tmp_path / "bad.yaml").unlink()
    assert [scenario.name for scenario in load_scenarios([tmp_path], environ={})] == ["checkout"]


def test_the_demo_shop_scenario_loads():
    path = Path(__file__).parents[2] / "scenarios" / "demo-shop.yaml"
    if not path.exists():
        pytest.skip("the demo shop scenario is not written yet")
    assert load_scenario(path).stages
