"""`walkthrough check --against`: the first stage's locators tried on the live demo shop, nothing clicked — each
with its file:line, found or not, and for a wrong name the names of the same kind the page has."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

WRONG = """\
name: wrong-names
stages:
  - name: product
    steps:
      - goto: /product/trail-runner
      - expect: {visible: {role: heading, name: Trail Runner 2}}
      - click: {role: link, name: Basket}
      - fill: {label: Quantty, value: "2"}
      - remember: {name: price, from: {test_id: product-price}}
      - expect: {text: "${price}", in: {css: "#nothing-${price}"}}
      - click: {role: link, name: Search}
      - hover: {css: "#site-nav a[href='/help']"}
      - click: {css: li.card a}
      - click: {any: [{test_id: mini-cart}, {role: link, name: Cart, exact: true}]}
  - name: cart
    steps:
      - click: {role: link, name: Cart, exact: true}
"""


def test_a_wrong_name_is_not_found_and_the_closest_names_of_its_role_are_offered(walkthrough, demo_shop, tmp_path):
    scenario = tmp_path / "wrong.yaml"
    scenario.write_text(WRONG)
    run = walkthrough("check", scenario, "--against", demo_shop.url, "--device", "mobile")
    assert run.returncode == 1, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == f"{scenario}:6: Check “Trail Runner 2” (heading) is visible — found once"
    assert lines[1].startswith(f"{scenario}:7: Click “Basket” (link) — not found; links here: Cart, ")
    assert lines[1].endswith(" — did you mean {role: link, name: Cart}?")
    assert lines[2].startswith(f"{scenario}:8: Fill the “Quantty” field — not found; fields here: Quantity")
    assert lines[2].endswith("did you mean {label: Quantity}?")
    assert lines[3] == f"{scenario}:9: Remember `test_id=\"product-price\"` as ${{price}} — found once"
    assert "not checked: it uses ${price}, which the walk fills in on the way" in lines[4]
    # in the burger menu, which the step before would have to open
    assert lines[5].endswith("Click “Search” (link) — not found among what mobile shows; 1 hidden element(s) match — "
                             "in a menu or panel that is not open yet?")
    assert lines[6].endswith("Hover `#site-nav a[href='/help']` — found once, but hidden on mobile")
    assert lines[7].endswith("Click `li.card a` — found 3 times (the step needs one: add `nth`)")
    assert lines[8].endswith('Click `test_id="mini-cart"` or “Cart” (link) — found once (as role=link "Cart")')
    assert lines[9] == "8 locators of stage “product” tried on mobile: 4 problems."
    assert len(lines) == 10  # the second stage's page is reached by walking, not checked


def test_a_scenario_whose_first_page_is_right_exits_0(walkthrough, demo_shop, demo_scenario):
    run = walkthrough("check", demo_scenario, "--against", demo_shop.url)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.splitlines()[-1] == "2 locators of stage “ad landing” tried on desktop: all found."
