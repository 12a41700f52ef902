"""`${NAME}` substitution: values in, an UnknownVariable error out, `$${` as a literal."""

from __future__ import annotations

import pytest

from walkthroughs.scenario import ScenarioError, UnknownVariable, expand, names_in


def test_expand_replaces_every_reference():
    assert expand("${A}-${B}-${A}", {"A": "1", "B": "two"}) == "1-two-1"


def test_a_doubled_dollar_is_a_literal():
    assert expand("$${A} costs $5 and ${A}", {"A": "x"}) == "${A} costs $5 and x"
    assert names_in("$${A} ${B}") == {"B"}


def test_an_unknown_variable_names_itself_and_a_close_one():
    with pytest.raises(UnknownVariable) as caught:
        expand("hello ${EMAL}", {"EMAIL": "qa@example.com"})
    assert caught.value.name == "EMAL"
    assert str(caught.value) == "unknown variable ${EMAL} — did you mean 'EMAIL'?"
    assert isinstance(caught.value, ScenarioError)


def test_names_in_finds_all_names():
    assert names_in("no variables") == set()
    assert names_in("${A}/${B_2}/${A}") == {"A", "B_2"}
