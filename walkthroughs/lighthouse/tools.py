"""Where the Node tools are: node itself, the Lighthouse package and the `lhci` command — or why they are missing.

Looked up in this order: the environment (`WALKTHROUGHS_NODE`, `WALKTHROUGHS_LIGHTHOUSE` naming a
`lighthouse` command or its package folder, `WALKTHROUGHS_LHCI`), the project's `node_modules` (set up
by `scripts/setup.sh` from package.json), then the PATH.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..errors import RunError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ENV_NODE, ENV_LIGHTHOUSE, ENV_LHCI = "WALKTHROUGHS_NODE", "WALKTHROUGHS_LIGHTHOUSE", "WALKTHROUGHS_LHCI"
SETUP_HINT = "run `bash scripts/setup.sh` (it installs the pinned Node tools from package.json)"


class NodeToolsMissing(RunError):
    """Node or Lighthouse is not installed: page speed cannot be audited, the walk goes on."""


@dataclass(frozen=True)
class NodeTools:
    node: str
    lighthouse_dir: Path  # the `lighthouse` npm package folder
    lighthouse_version: str
    lhci: str | None  # the `lhci` command, for assertions and upload


def _node_modules_bins() -> list[Path]:
    folders = [PROJECT_ROOT / "node_modules" / ".bin", Path.cwd() / "node_modules" / ".bin"]
    return list(dict.fromkeys(folders))


def _command(env: str, name: str) -> str | None:
    named = os.environ.get(env)
    if named:
        return named if Path(named).exists() else None
    for folder in _node_modules_bins():
        if (folder / name).exists():
            return str(folder / name)
    return shutil.which(name)


def package_folder(command: Path, package: str) -> Path | None:
    """The npm package a command or folder belongs to (a `.bin` entry is a link into the package)."""
    for folder in [command.resolve(), *command.resolve().parents]:
        manifest = folder / "package.json"
        if manifest.is_file():
            try:
                if json.loads(manifest.read_text(encoding="utf-8")).get("name") == package:
                    return folder
            except (OSError, ValueError):
                return None
    return None


def find_tools() -> NodeTools:
    """The tools page speed needs; raises NodeToolsMissing with what to do when one is not there."""
    node = os.environ.get(ENV_NODE) or shutil.which("node")
    if not node or not Path(node).exists():
        raise NodeToolsMissing(f"Node.js was not found, so Lighthouse could not run; {SETUP_HINT} or set {ENV_NODE}")
    command = _command(ENV_LIGHTHOUSE, "lighthouse")
    folder = package_folder(Path(command), "lighthouse") if command else None
    if folder is None:
        where = f"{ENV_LIGHTHOUSE}={os.environ[ENV_LIGHTHOUSE]}" if os.environ.get(ENV_LIGHTHOUSE) else "node_modules or the PATH"
        raise NodeToolsMissing(f"Lighthouse was not found ({where}); {SETUP_HINT} or set {ENV_LIGHTHOUSE}")
    version = json.loads((folder / "package.json").read_text(encoding="utf-8")).get("version", "?")
    return NodeTools(node=node, lighthouse_dir=folder, lighthouse_version=version, lhci=_command(ENV_LHCI, "lhci"))
