"""The gatherers' page scripts (js/), and the helper some of them share.

Each script is one function of its gatherer's limits. How a finding names an element by where it sits is one
question for the gatherers that ask it (the header's covering elements, the layout's tap targets), so its answer is
one script, js/describe.js, handed to them as `describeElement`; the script sent stays one function of the limits.
"""

from __future__ import annotations

from importlib import resources


def read(name: str) -> str:
    """js/`name` as text."""
    return resources.files(__package__).joinpath("js", name).read_text(encoding="utf-8")


DESCRIBE = read("describe.js")


def with_describe(script: str) -> str:
    """`script` with `describeElement(node, numbered)` in its scope."""
    return f"(limits) => ((describeElement) => ({script.strip()}\n)(limits))({DESCRIBE.strip()}\n)"
