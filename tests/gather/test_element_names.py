"""How the header and layout gatherers name an element in their findings (js/describe.js, shared): by id, test id or
classes after its parents' names; layout's twins numbered, the header's not."""

from __future__ import annotations

import pytest

from walkthroughs.gather import header, layout, page_scripts

pytestmark = pytest.mark.e2e

PAGE = """<!doctype html><html><body>
<div class="bar top extra"><nav><a href="/a">A</a><a href="/b" class="second">B</a></nav>
<span data-testid="basket">0</span><button id="go">Go</button></div></body></html>"""
NAMED = """(limits) => ['.second', '[data-testid=basket]', '#go', 'div.bar']
  .map((selector) => describeElement(document.querySelector(selector), limits.numbered))"""


def test_elements_are_named_by_where_they_sit_and_only_layout_numbers_twins(tmp_path, serve_folder, on_phone):
    (tmp_path / "index.html").write_text(PAGE)
    for gatherer in (header, layout):
        assert gatherer.SCRIPT == page_scripts.with_describe(page_scripts.read(f"{gatherer.NAME}.js"))
    script = page_scripts.with_describe(NAMED)
    with serve_folder(tmp_path) as url:
        plain, numbered = on_phone(url + "/index.html", lambda page: _names(page, script))
    assert plain == ["div.bar.top > nav > a.second", "span[data-testid=\"basket\"]", "button#go", "div.bar.top"]
    assert numbered == ["div.bar.top > nav > a.second:nth-of-type(2)", "span[data-testid=\"basket\"]", "button#go",
                        "div.bar.top"]


async def _names(page, script: str) -> tuple[list[str], list[str]]:
    return (await page.evaluate(script, {"numbered": False}), await page.evaluate(script, {"numbered": True}))
