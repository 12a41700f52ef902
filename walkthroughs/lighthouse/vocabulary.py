"""Lighthouse's categories and audit ids and Lighthouse CI's presets, read from the installed packages
(js/vocabulary.js), so assertions are checked against the Lighthouse that will audit the pages, not a list kept by hand.

Reading them costs Node a few seconds, so the answer is kept beside the packages (node_modules/.cache), one file
per pair of versions.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .tools import NodeTools, NodeToolsMissing, find_tools, package_folder

VOCABULARY_JS = Path(__file__).with_name("js") / "vocabulary.js"
READ_TIMEOUT_S = 60
# The categories the worker audits (js/worker.js `onlyCategories`): the others' audits never run.
AUDITED_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


@dataclass(frozen=True)
class Vocabulary:
    lighthouse: str  # its version
    audits: frozenset[str]  # the ids of the audits that run in the categories walkthroughs audits
    categories: dict[str, str]  # id → title, of the categories walkthroughs audits
    skipped_categories: frozenset[str]  # Lighthouse's other categories
    skipped_audits: frozenset[str]  # audits only those categories run
    presets: dict[str, dict[str, Any]] = field(default_factory=dict)  # lighthouse:recommended → its assertions


def lhci_folder(tools: NodeTools) -> Path | None:
    return package_folder(Path(tools.lhci), "@lhci/cli") if tools.lhci else None


def _read(tools: NodeTools) -> dict[str, Any]:
    lhci = lhci_folder(tools)
    command = [tools.node, str(VOCABULARY_JS), str(tools.lighthouse_dir), *([str(lhci)] if lhci else [])]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=READ_TIMEOUT_S)
    if completed.returncode != 0:
        raise NodeToolsMissing(f"Lighthouse's audit list could not be read: {completed.stderr.strip()[:300]}")
    return json.loads(completed.stdout)


def _cached(tools: NodeTools) -> dict[str, Any]:
    lhci = lhci_folder(tools)
    lhci_version = json.loads((lhci / "package.json").read_text(encoding="utf-8")).get("version") if lhci else "none"
    cache = tools.lighthouse_dir.parent / ".cache" / "walkthroughs" / \
        f"vocabulary-lighthouse-{tools.lighthouse_version}-lhci-{lhci_version}.json"
    try:
        return json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    data = _read(tools)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(data), encoding="utf-8")
    except OSError:
        pass  # a read-only install: read it again next time
    return data


def build(data: dict[str, Any]) -> Vocabulary:
    categories = data["categories"]
    audited = {name: categories[name] for name in AUDITED_CATEGORIES if name in categories}
    running = {audit for category in audited.values() for audit in category["audits"]}
    elsewhere = {audit for name, category in categories.items() if name not in audited for audit in category["audits"]}
    skipped_audits = elsewhere - running
    return Vocabulary(lighthouse=data["lighthouse"], audits=frozenset(set(data["audits"]) - skipped_audits),
                      categories={name: category["title"] for name, category in audited.items()},
                      skipped_categories=frozenset(set(categories) - set(audited)),
                      skipped_audits=frozenset(skipped_audits), presets=data.get("presets") or {})


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary | None:
    """What the installed Lighthouse knows, or None where Node or Lighthouse is missing (page speed is then not
    audited at all, and the run says so)."""
    try:
        return build(_cached(find_tools()))
    except (NodeToolsMissing, OSError, ValueError, KeyError, subprocess.TimeoutExpired):
        return None
