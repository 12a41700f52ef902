"""End to end, in the real browser: what is typed into a field that takes a secret — a password, a card's code, a
one-time code — is kept out of everything the run writes, whether the walker read the field's attributes in its
one-call look at an element already there and still, or asked for them after waiting for a field that came later,
sliding in; what is typed into an ordinary field stays readable."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

SECRETS = {"card code": "zq-7731-xx", "password": "plum-tree-1984", "one-time code": "otc-55821"}
SCENARIO = f"""
name: secret fields
devices: [desktop]
stages:
  - name: pay
    steps:
      - goto: /secret-fields.html
      - fill: {{label: Full name, value: Anna Schmidt}}
      - fill: {{label: Card code, value: "{SECRETS['card code']}"}}
      - fill: {{label: Password, value: "{SECRETS['password']}"}}
      - click: {{role: button, name: Send me a code}}
      - fill: {{label: One-time code, value: "{SECRETS['one-time code']}"}}
"""


@pytest.fixture(scope="module")
def written(walk_pages, pages_url, tmp_path_factory):
    folder = tmp_path_factory.mktemp("secret-fields")
    [(record, _)] = walk_pages(SCENARIO, pages_url, folder)
    assert record.status == "completed", [(s.label, s.error) for stage in record.stages for s in stage.steps]
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted(folder.rglob("*.json")))


@pytest.mark.parametrize("field", list(SECRETS))
def test_what_a_secret_field_was_given_is_nowhere_in_the_output(written, field):
    assert SECRETS[field] not in written


def test_what_an_ordinary_field_was_given_stays_readable(written):
    assert "Anna Schmidt" in written
