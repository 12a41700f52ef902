"""YAML that cannot hurt: a scenario file is refused, at the line where it goes wrong, when it is too large, not UTF-8,
holds characters YAML does not allow, nests too deep or repeats more through aliases than a scenario ever needs.

PyYAML composes aliases as shared nodes, so a "billion laughs" file is small until something walks it as a tree (the
positions, pydantic, the variable checks): the expansion is counted while composing, and refused before any of them.
Its composer is recursive and its scanner slows down with every open bracket, so the depth is counted in both, well
before Python's recursion limit.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent

from .errors import Problem, ScenarioError

MAX_BYTES = 256_000
"""A scenario is a few kilobytes (the demo shop's, with five detours, is 10 kB). PyYAML's pure-Python parser, which the
limits below hook into, reads some 100–200 kB a second: a larger file is refused before it is parsed."""
MAX_DEPTH = 64
"""Mappings and lists inside each other; the deepest real scenario (a path's stage, a step, a locator) needs ~12."""
MAX_ALIAS_VALUES = 10_000
"""Values repeated through aliases (`*name`), counted as written out: room for shared steps, not for a YAML bomb."""

_NOT_ALLOWED = yaml.reader.Reader.NON_PRINTABLE  # what the YAML spec forbids in a file: NUL, most control characters
_CONTROL_IN_VALUE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")  # escapes such as "\0" or "\e"
_MAX_CHARACTER_PROBLEMS = 10
_TOO_DEEP = (f"the file nests lists and mappings more than {MAX_DEPTH} deep here; a scenario needs about a dozen — "
             "is a bracket left open?")
_NAMES = {0: "a NUL character", 0x1B: "an ESC character", 0x7F: "a DEL character"}


class Refused(Exception):
    """Composing stopped at `mark` because the file goes beyond a limit; `message` says which."""

    def __init__(self, mark: yaml.Mark, message: str) -> None:
        super().__init__(message)
        self.mark, self.message = mark, message


def read_scenario_text(path: Path) -> str:
    """The file's text, or a ScenarioError at the line where it stops being a readable scenario."""
    file = str(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise ScenarioError.single(f"cannot read the scenario: {error.strerror or error}", file) from None
    if len(data) > MAX_BYTES:
        raise too_large(file, data[:MAX_BYTES].count(b"\n") + 1)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line_start = before.rfind(b"\n") + 1
        line, column = before.count(b"\n") + 1, len(before[line_start:].decode("utf-8", errors="replace")) + 1
        hint = " (it looks like UTF-16)" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise ScenarioError([Problem(file, line, column, f"this is not UTF-8 text (byte 0x{data[error.start]:02x}){hint}; "
                                                         "save the scenario as UTF-8")]) from None


def too_large(file: str | None, line: int) -> ScenarioError:
    """The error for a file that passes MAX_BYTES at `line`."""
    return ScenarioError([Problem(file, line, 1, f"the scenario is larger than {MAX_BYTES // 1000} kB from this "
                                                 "line on; a scenario is a few kilobytes — is this the right file?")])


def character_problems(text: str, file: str | None) -> list[Problem]:
    """Characters YAML does not allow in a file (a NUL, control characters), each where it is; at most ten and a count."""
    problems: list[Problem] = []
    matches = list(_NOT_ALLOWED.finditer(text))
    for match in matches[:_MAX_CHARACTER_PROBLEMS]:
        line, column = _line_and_column(text, match.start())
        problems.append(Problem(file, line, column, f"{_name(match.group())} is not allowed in a scenario file; "
                                                    "remove it (was the file saved by a binary tool or an editor's "
                                                    "\"other\" encoding?)"))
    if len(matches) > _MAX_CHARACTER_PROBLEMS:
        line, column = _line_and_column(text, matches[_MAX_CHARACTER_PROBLEMS].start())
        problems.append(Problem(file, line, column, f"and {len(matches) - _MAX_CHARACTER_PROBLEMS} more such characters"))
    return problems


class LimitedLoader(yaml.SafeLoader):
    """PyYAML's safe loader with the limits above, and control characters written as escapes noted in `problems`."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0
        self.alias_values = 0
        self.open_anchors: set[str] = set()
        self.sizes: dict[int, int] = {}
        self.value_marks: list[yaml.Mark] = []  # values that hold a control character through an escape

    def fetch_flow_collection_start(self, TokenClass):  # noqa: N803 - PyYAML's name
        # The scanner looks ahead past every open `[` or `{` (each could start a key), which costs the square of
        # the nesting: `[[[[…` is refused here, as it opens, not when the composer gets to it.
        if self.flow_level >= MAX_DEPTH:
            raise Refused(self.get_mark(), _TOO_DEEP)
        super().fetch_flow_collection_start(TokenClass)

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            return self._alias(event)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise Refused(event.start_mark, _TOO_DEEP)
        if isinstance(event, ScalarEvent) and _CONTROL_IN_VALUE.search(event.value):
            self.value_marks.append(event.start_mark)
        anchor = event.anchor if isinstance(event, CollectionStartEvent) else None
        if anchor is not None:
            self.open_anchors.add(anchor)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1
            self.open_anchors.discard(anchor)

    def _alias(self, event: AliasEvent):
        if event.anchor in self.open_anchors:
            raise Refused(event.start_mark, f"the alias *{event.anchor} is inside the value it names (&{event.anchor}), "
                                            "so it would repeat itself forever; a value cannot contain itself")
        node = super().compose_node(None, None)  # PyYAML's own errors (an undefined alias) stay its own
        self.alias_values += self._size(node)
        if self.alias_values > MAX_ALIAS_VALUES:
            raise Refused(event.start_mark, f"the aliases of this file repeat more than {MAX_ALIAS_VALUES:,} values by "
                                            f"here (*{event.anchor}); a scenario repeats a few steps at most — is this "
                                            "file a YAML bomb (\"billion laughs\")?")
        return node

    def _size(self, node: yaml.Node) -> int:
        """How many values `node` stands for written out, counted once per distinct node."""
        if id(node) not in self.sizes:
            if isinstance(node, yaml.SequenceNode):
                size = 1 + sum(self._size(item) for item in node.value)
            elif isinstance(node, yaml.MappingNode):
                size = 1 + sum(self._size(key) + self._size(value) for key, value in node.value)
            else:
                size = 1
            self.sizes[id(node)] = size
        return self.sizes[id(node)]


def _name(character: str) -> str:
    code = ord(character)
    if code in _NAMES:
        return f"{_NAMES[code]} (U+{code:04X})"
    return f"the control character U+{code:04X}" if code < 0xA0 else f"the character U+{code:04X}"


def _line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of `offset` in `text`."""
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1
