"""Before and after a change: one walkthroughs case walked from two git revisions of this repository, A B A B.

An optimisation is judged against the code before it on the same machine at the same time: each revision is exported
(`git archive`) into a folder of its own, sharing this worktree's node_modules and virtual environment, and the case
is walked from each in turn, alternating which goes first, each run a fresh process tree measured by
process_tree.py. Printed: every run, then the medians and the paired ratio B ÷ A of wall time, CPU and each process
kind's CPU. The machine's load is printed with every run: the ratios are paired, the absolute figures are not
comparable with another load's.

Run: .venv/bin/python bench/compare_revisions.py A_REV B_REV [--repeat 3] [-- walkthrough run options]
(the options default to walk_benchmark.py's tool-1 case: --workers 1 --no-lighthouse)
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from process_tree import KINDS, Measurement, become_subreaper, measure

ROOT = Path(__file__).resolve().parent.parent
TOOL_1 = ("--workers", "1", "--no-lighthouse")


def export(revision: str, folder: Path) -> Path:
    """The revision's files in `folder`, with this worktree's node_modules beside them (axe-core, Lighthouse)."""
    archive = subprocess.run(["git", "archive", revision], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    if (ROOT / "node_modules").exists():
        (folder / "node_modules").symlink_to(ROOT / "node_modules")
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", metavar="A_REV", help="the revision before (e.g. main)")
    parser.add_argument("b", metavar="B_REV", help="the revision after (e.g. HEAD)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; each walks A and B once")
    argv = sys.argv[1:]
    split = argv.index("--") if "--" in argv else len(argv)
    args = parser.parse_args(argv[:split])
    options = argv[split + 1:] or list(TOOL_1)  # the `walkthrough run` options, after --
    become_subreaper()
    runs: dict[str, list[Measurement]] = {"A": [], "B": []}
    with tempfile.TemporaryDirectory(prefix="walk-revisions-") as scratch_name:
        scratch = Path(scratch_name)
        trees = {name: export(revision, scratch / name) for name, revision in (("A", args.a), ("B", args.b))}
        for round_index in range(args.repeat):
            for name in ("A", "B") if round_index % 2 == 0 else ("B", "A"):
                out = scratch / "runs" / name / str(round_index)
                out.mkdir(parents=True)
                tree = trees[name]
                argv = [sys.executable, "-m", "walkthroughs", "run", "--demo",
                        str(tree / "scenarios" / "demo-shop.yaml"), "--out", str(out), *options]
                run = measure(argv, tree, None)  # python -m from the tree: its own walkthroughs comes first
                runs[name].append(run)
                split = "  ".join(f"{kind} {run.cpu_by_kind.get(kind, 0.0):.1f}" for kind in KINDS)
                failed = "" if run.completed else f"  NOT COUNTED, exit {run.returncode}: {run.stderr_tail}"
                print(f"round {round_index + 1}  {name}  {run.wall_s:6.1f} s  {run.cpu_s:6.1f} CPU-s  "
                      f"load {run.load_before:.1f}→{run.load_after:.1f}  ({split}){failed}", flush=True)
    pairs = [(a, b) for a, b in zip(runs["A"], runs["B"]) if a.completed and b.completed]
    if not pairs:
        print("no round where both revisions completed")
        return 1
    print(f"\nA = {args.a}, B = {args.b}; medians of {len(pairs)} paired rounds, and B ÷ A paired")
    figures = [("wall", lambda m: m.wall_s), ("CPU", lambda m: m.cpu_s)]
    figures += [(kind, lambda m, kind=kind: m.cpu_by_kind.get(kind, 0.0)) for kind in KINDS]
    for label, value in figures:
        a = statistics.median(value(a) for a, _ in pairs)
        b = statistics.median(value(b) for _, b in pairs)
        ratios = [value(b) / value(a) for a, b in pairs if value(a)]
        ratio = f"{statistics.median(ratios):.2f}×" if ratios else "—"
        print(f"  {label:<16} A {a:6.1f}   B {b:6.1f}   B ÷ A {ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
