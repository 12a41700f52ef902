"""The language gaps closed (type, element states, field values, /regex/, any: alternatives), the lines steps are
written on, and what users get wrong: bare numbers read as seconds, Playwright's own names for verbs and keys."""

from __future__ import annotations

import textwrap
import typing
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.async_api import Page

from walkthroughs.cli import main
from walkthroughs.scenario import ScenarioError, load_scenario, parse_scenario
from walkthroughs.scenario import model as m
from walkthroughs.scenario.loader import MAX_PROBLEMS


def scenario_of(steps: str, **kwargs) -> m.Scenario:
    text = "name: x\nstages:\n  - name: a\n    steps:\n" + textwrap.indent(textwrap.dedent(steps), "      ")
    return parse_scenario(text, "x.yaml", environ={}, **kwargs)


def problems_of(steps: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        scenario_of(steps)
    return str(caught.value).splitlines()


def test_type_types_key_by_key_with_an_optional_pause():
    typed, quick = scenario_of("""\
        - type: {label: Search, value: trail runner, delay: 80ms}
        - type: {placeholder: Postcode, value: 10115}
        """).stages[0].steps
    assert m.step_verb(typed) == "type" and typed.type.delay == 80 and typed.type.locator().label == "Search"
    assert quick.type.delay is None and quick.type.value == "10115"


@pytest.mark.parametrize("state", ["visible", "hidden", "enabled", "disabled", "checked", "unchecked", "focused"])
def test_expect_checks_an_element_state(state):
    (step,) = scenario_of(f"- expect: {{{state}: {{role: button, name: Pay}}}}\n").stages[0].steps
    assert step.expect.check == state and getattr(step.expect, state).name == "Pay"


def test_expect_checks_a_field_value_as_text_or_pattern():
    exact, pattern = scenario_of("""\
        - expect: {value: 10115, in: {label: Postcode}}
        - expect: {value: '/^101\\d\\d$/', in: {label: Postcode}}
        """).stages[0].steps
    assert exact.expect.check == "value" and exact.expect.value == "10115"
    assert pattern.expect.value == r"/^101\d\d$/"


@pytest.mark.parametrize("steps, expected", [
    ("- expect: {value: '10115'}\n", "x.yaml:5:18: `value` goes with `in` (the element whose value is checked)"),
    ("- expect: {visible: '#pay', in: '#form'}\n", "x.yaml:5:35: `in` goes with `text` or `value`"),
    ("- expect: {checked: '#news', enabled: '#pay'}\n",
     "x.yaml:5:18: expect checks one thing at a time, this one has both 'enabled' and 'checked'"),
    ("- click: {text: '/Total: (€/'}\n", "x.yaml:5:17: /Total: (€/ is not a valid regular expression"),
    ("- expect: {url: '/order/(/'}\n", "x.yaml:5:18: /order/(/ is not a valid regular expression"),
    ("- click: {role: buton, name: Pay}\n", "x.yaml:5:17: unknown role 'buton' — did you mean 'button'?"),
    ("- click: {any: []}\n", "x.yaml:5:22: 'any' is empty"),
    ("- click: {any: [{role: link, name: Cart}, {role: buton}]}\n",
     "x.yaml:5:50: unknown role 'buton' — did you mean 'button'?"),
    ("- click: {any: ['#a', '#b'], exact: true}\n", "x.yaml:5:36: `any` lists whole locators; put `exact` inside"),
    ("- type: {label: Search, value: x, delay: 5s}\n", "x.yaml:5:48: the pause between keys is at most 2 s; got '5s'"),
    ("- back:\n  timeout: 11m\n", "x.yaml:6:18: a step's timeout is at most 10 min; got '11m'"),
    ("- back:\n  timeout: .inf\n", "x.yaml:6:18: a duration must be more than 0 and finite, got inf"),
])
def test_what_the_new_language_refuses_is_named_at_its_line(steps, expected):
    assert any(problem.startswith(expected) for problem in problems_of(steps)), problems_of(steps)


def test_a_variable_inside_a_pattern_is_not_a_broken_pattern():
    text = "name: x\nvariables: {PRICE: '89'}\nstages:\n  - name: a\n    steps:\n      - expect: {text: '/${PRICE}\\s*€/', in: '#total'}\n"
    (step,) = parse_scenario(text, "x.yaml", environ={}).stages[0].steps
    assert step.expect.text == "/${PRICE}\\s*€/"


def test_any_lists_alternatives_of_any_kind():
    (step,) = scenario_of("- click: {any: [{role: link, name: Basket}, {test_id: cart-icon}, '#mini-cart']}\n"
                          ).stages[0].steps
    assert step.click.kind == "any"
    assert step.click.describe() == 'any of: role=link "Basket" | test_id="cart-icon" | #mini-cart'


def test_the_roles_are_those_playwright_knows():
    assert set(m.ARIA_ROLES) == set(typing.get_args(typing.get_type_hints(Page.get_by_role)["role"]))


def test_every_step_keeps_the_line_it_is_written_on(tmp_path):
    path = tmp_path / "lines.yaml"
    path.write_text(textwrap.dedent("""\
        name: lines
        x-common: &common
          - goto: /cart
          - expect: {url: /cart}
        stages:
          - name: cart
            steps: *common
          - name: checkout
            steps:
              - click: {role: link, name: Checkout}

              - back
        paths:
          detour:
            stages:
              - stage: {name: detour, steps: [{goto: /search}]}
        personas:
          regular:
            sign_in:
              name: sign in
              steps:
                - goto: /account
        """))
    scenario = load_scenario(path, environ={})
    assert [[step.line for step in stage.steps] for stage in scenario.stages] == [[3, 4], [10, 12]]
    assert scenario.paths["detour"].stages[0].stage.steps[0].line == 16
    assert scenario.personas["regular"].sign_in.steps[0].line == 22
    assert m.Stage.model_validate({"name": "s", "steps": ["back"]}).steps[0].line is None  # built in code


def test_top_level_x_keys_are_the_writers_own():
    scenario = scenario_of("- back\n")
    assert scenario.name == "x"
    merged = parse_scenario("name: x\nx-anything: {whatever: [1, 2]}\nstages: [{name: a, steps: [back]}]\n")
    assert merged.stages[0].name == "a"


@pytest.mark.parametrize("where, text, line, hint", [
    ("budget", "name: x\nstages:\n  - name: a\n    budget: 5000\n    steps: [back]\n", 4,
     "5000 is read as seconds (83 min) — did you mean 5000ms?"),
    ("timeout", "name: x\nstages:\n  - name: a\n    steps:\n      - back:\n        timeout: 90\n", 6,
     "90 is read as seconds (2 min) — did you mean 90ms?"),
    ("latency", "name: x\nthrottling: {mobile: {latency: 150}}\nstages: [{name: a, steps: [back]}]\n", 2,
     "150 is read as seconds (2 min) — did you mean 150ms?"),
    ("a path's budget", "name: x\nstages: [{name: a, steps: [back]}]\npaths:\n  p:\n    stages:\n"
                        "      - stage: {name: b, budget: 3000, steps: [back]}\n", 6, "3000 is read as seconds"),
])
def test_a_bare_number_above_60_warns_at_its_line(where, text, line, hint):
    scenario = parse_scenario(text, "x.yaml", environ={})
    (warning,) = scenario.warnings
    assert (warning.file, warning.line, warning.warning) == ("x.yaml", line, True)
    assert str(warning).startswith(f"x.yaml:{line}:") and f"warning: {hint}" in str(warning)


def test_a_number_with_a_unit_or_up_to_60_seconds_does_not_warn():
    text = "name: x\nstages:\n  - {name: a, budget: 5000ms, steps: [{back: , timeout: 60}]}\n  - {name: b, budget: 2m, steps: [back]}\n"
    assert parse_scenario(text, "x.yaml", environ={}).warnings == []


def test_validate_and_run_print_the_warnings_and_do_not_fail_on_them(tmp_path):
    path = tmp_path / "slow.yaml"
    path.write_text("name: x\nstages:\n  - name: a\n    budget: 5000\n    steps: [back]\n")
    validated = CliRunner().invoke(main, ["validate", str(path)])
    assert validated.exit_code == 0, validated.output
    assert validated.stderr == f"{path}:4:13: warning: 5000 is read as seconds (83 min) — did you mean 5000ms?\n"
    walked = CliRunner().invoke(main, ["run", str(path), "--demo-friction", "slow-product"])  # stops before walking
    assert walked.stderr.startswith(f"{path}:4:13: warning: 5000 is read as seconds")
    assert "--demo-friction needs --demo" in walked.stderr


@pytest.mark.parametrize("steps, expected", [
    ("- tap: '#buy'\n", "unknown step 'tap' — did you mean 'click'? A tap is a `click` here, on touch screens too"),
    ("- waitForSelector: '#cart'\n", "unknown step 'waitForSelector' — did you mean 'wait_for'?"),
    ("- go_to: /cart\n", "unknown step 'go_to' — did you mean 'goto'?"),
    ("- press_sequentially: {label: Search, value: x}\n", "unknown step 'press_sequentially' — did you mean 'type'?"),
    ("- select_option: {label: Size, option: '42'}\n", "unknown step 'select_option' — did you mean 'select'?"),
    ("- click: {getByTestId: buy}\n", "unknown key 'getByTestId' — did you mean 'test_id'?"),
    ("- click: {selector: '#buy'}\n", "unknown key 'selector' — did you mean 'css'?"),
    ("- expect: {to_be_visible: '#cart'}\n", "unknown key 'to_be_visible' — did you mean 'visible'?"),
    ("- expect: {toHaveValue: '1', in: '#qty'}\n", "unknown key 'toHaveValue' — did you mean 'value'?"),
])
def test_playwright_names_get_ours_as_a_hint_on_one_line(steps, expected):
    (problem,) = problems_of(steps)
    assert problem.startswith("x.yaml:5:") and expected in problem and "\n" not in problem


def test_a_file_with_hundreds_of_problems_shows_the_first_hundred_and_a_count():
    steps = "".join(f"- clik: '#b{index}'\n" for index in range(MAX_PROBLEMS + 50))
    problems = problems_of(steps)
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1] == f"x.yaml:{5 + MAX_PROBLEMS}:9: and 50 more problems like these from here on"


def test_the_demo_scenario_has_no_warnings():
    assert load_scenario(Path(__file__).parents[2] / "scenarios" / "demo-shop.yaml").warnings == []
