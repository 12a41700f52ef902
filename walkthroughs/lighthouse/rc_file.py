"""A Lighthouse CI config file (`lighthouserc.json`, `.yml`, `.yaml`, `.js`, `.cjs`), found and read as `lhci` finds
and reads it, keeping where each value is written so a problem in it can name its line.

JSON and YAML are read here (JSON is composed as YAML, which keeps every value's line); JavaScript by Lighthouse
CI's own loader in Node (js/rcfile.js), its lines then found by the key's text.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..scenario.errors import Problem, ScenarioError
from ..scenario.positions import Positions, YamlPath
from .tools import NodeToolsMissing, find_tools, package_folder

RCFILE_JS = Path(__file__).with_name("js") / "rcfile.js"
# The names lhci looks for, in its order (@lhci/utils/src/lighthouserc.js RC_FILE_NAMES).
RC_FILE_NAMES = (".lighthouserc.cjs", "lighthouserc.cjs", ".lighthouserc.js", "lighthouserc.js", ".lighthouserc.json",
                 "lighthouserc.json", ".lighthouserc.yml", "lighthouserc.yml", ".lighthouserc.yaml",
                 "lighthouserc.yaml")
NO_RC_ENV = "LHCI_NO_LIGHTHOUSERC"  # lhci's own way to say: look for no config file


@dataclass
class RcFile:
    """A config as lhci reads it (`data`), and where its values are written."""

    path: Path
    data: dict[str, Any]
    text: str = ""
    positions: Positions | None = None
    _lines: dict[YamlPath, int] = field(default_factory=dict)

    def line(self, path: YamlPath, at_key: bool = False) -> int | None:
        """The 1-based line of the value (or key) at `path` — ("ci", "assert", "assertions", "categories:seo")."""
        if self.positions is not None:
            node = self.positions.key(path) if at_key else self.positions.value(path)
            return node.start_mark.line + 1 if node is not None else None
        return self._line_by_text(path)

    def _line_by_text(self, path: YamlPath) -> int | None:
        """In JavaScript: the first line, after the parents' lines, that writes the key (quoted or not)."""
        lines = self.text.splitlines()
        start = 0
        for key in path:
            if isinstance(key, int):
                continue
            pattern = re.compile(rf"""(^|[\s{{,])(['"`]?){re.escape(str(key))}\2\s*:""")
            found = next((i for i in range(start, len(lines)) if pattern.search(lines[i])), None)
            if found is None:
                return start + 1 if start else None
            start = found
        return start + 1

    def problem(self, path: YamlPath, message: str, at_key: bool = False) -> Problem:
        return Problem(str(self.path), self.line(path, at_key), None, message)


def find_rc(folder: Path) -> Path | None:
    """The config lhci would find in `folder`, unless LHCI_NO_LIGHTHOUSERC says to look for none."""
    if os.environ.get(NO_RC_ENV):
        return None
    return next((folder / name for name in RC_FILE_NAMES if (folder / name).is_file()), None)


def _dots_as_colons(value: Any) -> Any:
    """lhci reads `a.b` in a key as `a:b` (yargs would take the dot for a path): so do we."""
    if isinstance(value, dict):
        return {str(key).replace(".", ":"): _dots_as_colons(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_dots_as_colons(item) for item in value]
    return value


def _colons_in(positions: Positions) -> Positions:
    """The positions under the keys as lhci reads them (`a.b` → `a:b`)."""
    def read(path: YamlPath) -> YamlPath:
        return tuple(key.replace(".", ":") if isinstance(key, str) else key for key in path)

    positions.values = {read(path): node for path, node in positions.values.items()}
    positions.keys = {read(path): node for path, node in positions.keys.items()}
    return positions


def read_rc(path: Path) -> RcFile:
    """Read a config; raises ScenarioError naming the file (and the line, where the syntax is wrong)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise ScenarioError.single(f"cannot read the Lighthouse CI config: {reason}", path) from None
    if path.suffix.lower() in (".js", ".cjs"):
        return RcFile(path, _dots_as_colons(_read_js(path)), text)
    data, positions = _read_json_or_yaml(path, text)
    if not isinstance(data, dict):
        raise ScenarioError([Problem(str(path), 1, 1, 'a Lighthouse CI config is a mapping with `ci:` (e.g. '
                                                      '{"ci": {"assert": {"preset": "lighthouse:recommended"}}})')])
    return RcFile(path, _dots_as_colons(data), text, _colons_in(positions) if positions else None)


def _read_json_or_yaml(path: Path, text: str) -> tuple[Any, Positions | None]:
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
        positions = Positions.of(node, loader)
    except yaml.MarkedYAMLError as error:
        if path.suffix.lower() == ".json":  # JSON that YAML does not read: JSON's own message and line
            try:
                return json.loads(text), None
            except ValueError as json_error:
                line = getattr(json_error, "lineno", None)
                raise ScenarioError([Problem(str(path), line, getattr(json_error, "colno", None),
                                             f"invalid JSON: {getattr(json_error, 'msg', json_error)}")]) from None
        mark = error.problem_mark
        raise ScenarioError([Problem(str(path), mark.line + 1 if mark else None, mark.column + 1 if mark else None,
                                     f"invalid YAML: {error.problem}")]) from None
    finally:
        loader.dispose()
    return data, positions


def _read_js(path: Path) -> dict[str, Any]:
    try:
        tools = find_tools()
    except NodeToolsMissing as error:
        raise ScenarioError.single(f"a Lighthouse CI config in JavaScript needs Node to be read: {error}",
                                   path) from None
    lhci = package_folder(Path(tools.lhci), "@lhci/cli") if tools.lhci else None
    if lhci is None:
        raise ScenarioError.single("a Lighthouse CI config in JavaScript is read by Lighthouse CI, which was not "
                                   "found; run `bash scripts/setup.sh`", path)
    try:
        completed = subprocess.run([tools.node, str(RCFILE_JS), str(lhci), str(path)], capture_output=True, text=True,
                                   timeout=60)
    except subprocess.TimeoutExpired:
        raise ScenarioError.single("reading the Lighthouse CI config took longer than 60 s", path) from None
    if completed.returncode != 0:
        message = completed.stderr.strip().removeprefix("Error: ") or "Node could not read it"
        raise ScenarioError.single(f"the Lighthouse CI config could not be read: {message}", path)
    data = json.loads(completed.stdout or "null")
    if not isinstance(data, dict):
        raise ScenarioError.single("a Lighthouse CI config exports a mapping with `ci:`", path)
    return data
