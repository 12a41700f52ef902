"""The pipeline runs one way — scenario → walk → evidence → detectors → results → report — and so do imports:
no module imports from a layer that comes after it, and the detectors never import the walker."""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "walkthroughs"

# Each layer and the layers it may import besides itself. Records shared by everyone (results, evidence, errors,
# formatting) are the base; the front doors may import anything. `walkthroughs/__init__.py` re-exports the library
# calls lazily, by module name on first use, so `import walkthroughs` stays cheap and stays in the base.
LAYERS = {
    "walkthroughs": "base", "walkthroughs.errors": "base", "walkthroughs.results": "base",
    "walkthroughs.formatting": "base", "walkthroughs.evidence": "base",
    "walkthroughs.scenario": "scenario",
    "walkthroughs.run_folder": "run_folder",
    "walkthroughs.safety": "walk", "walkthroughs.gather": "walk", "walkthroughs.lighthouse": "walk",
    "walkthroughs.walk": "walk",
    "walkthroughs.recording": "recording",
    "walkthroughs.friction": "friction",
    "walkthroughs.pipeline": "pipeline",
    "walkthroughs.report": "report",
    "walkthroughs.ci": "ci",
    "walkthroughs.watch": "watch",
    "walkthroughs.demo_shop": "doors", "walkthroughs.cli": "doors", "walkthroughs.pytest_plugin": "doors",
    "walkthroughs.__main__": "doors",
}
MAY_IMPORT = {
    "base": set(),
    "scenario": {"base"},
    "run_folder": {"base", "scenario"},
    "walk": {"base", "scenario"},
    "friction": {"base", "scenario"},  # detectors read evidence: never the browser, the walker or the gatherers
    "recording": {"base", "scenario", "walk"},  # writes scenarios from what a person did in the walker's browser
    "pipeline": {"base", "scenario", "run_folder", "walk", "friction"},
    "report": {"base"},  # drawn from results alone
    "ci": {"base", "run_folder", "report"},
    "watch": {"base", "scenario", "report"},
    "doors": set(LAYERS.values()),
}


def layer_of(module: str) -> str | None:
    owner = max((name for name in LAYERS if module == name or module.startswith(name + ".")), key=len, default=None)
    return LAYERS.get(owner) if owner else None


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every walkthroughs module `path` imports, written as the module (not the names imported from it)."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found = set()
    for node in statements(ast.parse(path.read_text(encoding="utf-8")).body):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            found |= {f"{target}.{alias.name}" for alias in node.names
                      if (PACKAGE.parent / f"{target}.{alias.name}".replace(".", "/")).exists()
                      or (PACKAGE.parent / (f"{target}.{alias.name}".replace(".", "/") + ".py")).exists()}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {name for name in found if name == "walkthroughs" or name.startswith("walkthroughs.")}


def statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, however deep in functions, classes, branches and handlers: an import is a statement, so the
    expressions in between (most of a module's tree) need not be walked."""
    for node in body:
        yield node
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            yield from statements(getattr(node, field, []))


@functools.cache
def back_edges() -> frozenset[tuple[str, str]]:
    edges = set()
    for path in PACKAGE.rglob("*.py"):
        importer = module_name(path)
        for imported in imports_of(path):
            source, target = layer_of(importer), layer_of(imported)
            if source != target and target not in MAY_IMPORT[source]:
                edges.add((importer, imported))
    return frozenset(edges)


def test_no_import_runs_back_up_the_pipeline():
    unexpected = back_edges()
    assert not unexpected, "imports that run back up the pipeline:\n" + "\n".join(f"{a} → {b}" for a, b in sorted(unexpected))


def test_every_module_belongs_to_a_layer():
    assert [module_name(p) for p in PACKAGE.rglob("*.py") if layer_of(module_name(p)) is None] == []


def test_the_check_would_see_a_back_edge(tmp_path):
    """A walker module importing a detector is caught (so the test above cannot pass by reading nothing)."""
    assert layer_of("walkthroughs.walk.journey") == "walk" and "friction" not in MAY_IMPORT["walk"]
    assert ("walkthroughs.pipeline", "walkthroughs.friction.assess") not in back_edges()
    assert any(name.startswith("walkthroughs.friction") for name in imports_of(PACKAGE / "pipeline.py"))
