"""What walkthroughs costs over a plain Playwright script and over Playwright Test, where the CPU goes, and the targets.

Walks the demo journey (five stages, desktop + tablet + mobile) as: the plain script (bench/plain_journey.py); the
Playwright Test peer (bench/peer/); walkthroughs with everything on at 1 and 3 workers, lean (no storyboard, no
trace), and with one thing off at a time (the storyboard, the trace, the detectors) so their cost can be told apart.
Every case is a fresh process tree, measured by process_tree.py: wall time, peak PSS of the tree, exact CPU of the
tree and its split by process kind. The cases run in rounds, in alternating order (A B C … C B A …), so drift on a
shared machine favours no case; ratios are paired within a round. Then every target of issue 15 is printed.

Run: .venv/bin/python bench/walk_benchmark.py [--repeat 3] [--only plain,peer,tool-1] [--profile DIR] [--save FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from process_tree import KINDS, Measurement, become_subreaper, measure
from profiles import (
    NODE_PROFILE_INTERVAL_US,
    PY_SPY,
    PY_SPY_RATE,
    node_breakdown,
    python_breakdown,
)
from step_timings import StepComparison, StepsDoNotPair, compare_steps, plain_against_itself
from targets import BUSY_OTHERS_SHARE, machine_busy, others_share, paired_ratio, targets

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SCENARIO = ROOT / "scenarios" / "demo-shop.yaml"
PEER_CONFIG = ROOT / "bench" / "peer" / "playwright.config.mjs"
PLAYWRIGHT_TEST_CLI = ROOT / "node_modules" / "@playwright" / "test" / "cli.js"
PROFILED = ("plain", "peer", "tool-1", "tool-1-lean")
# tool-1 minus each of these is what the thing that case leaves out costs.
ABLATIONS = (("tool-1-no-shots", "the storyboard (a screenshot after every step)"),
             ("tool-1-no-trace", "the Playwright trace"),
             ("tool-1-no-detectors", "the detectors (gatherers, axe-core, Web Vitals, findings)"),
             ("tool-1-lean", "storyboard + trace together"))


@dataclass(frozen=True)
class Case:
    id: str
    title: str
    tool_options: tuple[str, ...] = ()  # walkthroughs cases: the `walkthrough run` options

    def argv(self, out: Path) -> list[str]:
        if self.id == "plain":
            return [PYTHON, str(ROOT / "bench" / "plain_journey.py"), "--timings", str(out / "timings.json")]
        if self.id == "peer":
            return [shutil.which("node") or "node", str(PLAYWRIGHT_TEST_CLI), "test", "--config", str(PEER_CONFIG)]
        return [PYTHON, "-m", "walkthroughs", "run", "--demo", str(SCENARIO), "--out", str(out), *self.tool_options]

    def env(self, out: Path) -> dict[str, str]:
        env = dict(os.environ)
        if self.id == "peer":
            env.update(WALKTHROUGHS_PEER_OUT=str(out / "peer-results"), WALKTHROUGHS_PYTHON=PYTHON)
        return env


LEAN = ("--screenshots", "failure", "--trace", "off")
CASES = (
    Case("plain", "plain Playwright script, one device after another, times its own steps"),
    Case("peer", "Playwright Test: 3 device projects, screenshot: 'on', trace: 'retain-on-failure', 1 worker"),
    Case("tool-1", "walkthroughs, storyboard + trace + all detectors, no Lighthouse, 1 worker",
         ("--workers", "1", "--no-lighthouse")),
    Case("tool-1-lean", "the same without storyboard and trace (--screenshots failure --trace off)",
         ("--workers", "1", "--no-lighthouse", *LEAN)),
    Case("tool-1-no-shots", "tool-1 without the storyboard (--screenshots failure)",
         ("--workers", "1", "--no-lighthouse", "--screenshots", "failure")),
    Case("tool-1-no-trace", "tool-1 without the trace (--trace off)",
         ("--workers", "1", "--no-lighthouse", "--trace", "off")),
    Case("tool-1-no-detectors", "tool-1 with the friction detectors off (--no-detectors)",
         ("--workers", "1", "--no-lighthouse", "--no-detectors")),
    Case("tool-3", "tool-1 at 3 workers", ("--workers", "3", "--no-lighthouse")),
    Case("tool-3-lean", "the lean walk at 3 workers", ("--workers", "3", "--no-lighthouse", *LEAN)),
    Case("lighthouse-1", "walkthroughs with Lighthouse on every stage, 1 worker (only with --lighthouse)",
         ("--workers", "1", "--lighthouse")),
)


def why_not(case: Case, with_lighthouse: bool) -> str | None:
    """None when the case can run here, else why it is skipped."""
    if case.id == "peer":
        if not shutil.which("node"):
            return "node is not installed"
        if not PLAYWRIGHT_TEST_CLI.exists():
            return "@playwright/test is not installed (bash scripts/setup.sh runs npm ci)"
    if case.id.startswith("lighthouse"):
        if not with_lighthouse:
            return "not asked for (--lighthouse)"
        from walkthroughs.lighthouse import NodeToolsMissing, find_tools
        try:
            find_tools()
        except NodeToolsMissing as error:
            return str(error)
    return None


def run_rounds(cases: list[Case], repeat: int, scratch: Path, save: Path | None) -> dict[str, list[Measurement]]:
    """Every case once a round, in alternating order; with `save`, the runs so far are written after each run."""
    runs: dict[str, list[Measurement]] = {case.id: [] for case in cases}
    for round_index in range(repeat):
        order = cases if round_index % 2 == 0 else cases[::-1]
        for case in order:
            out = scratch / case.id / str(round_index)
            out.mkdir(parents=True)
            run = measure(case.argv(out), ROOT, case.env(out))
            runs[case.id].append(run)
            failed = "" if run.completed else f"  NOT COUNTED, exit {run.returncode}: {run.stderr_tail}"
            print(f"  round {round_index + 1}/{repeat}  {case.id:<20} {run.wall_s:6.1f} s  {run.cpu_s:6.1f} CPU-s  "
                  f"{run.peak_mib:5.0f} MiB   load {run.load_before:.1f}→{run.load_after:.1f}   "
                  f"others {run.others_cpu_s:4.1f} CPU-s{failed}", flush=True)
            if save:
                save.write_text(json.dumps({"runs": {k: [asdict(m) for m in v] for k, v in runs.items()}}, indent=1),
                                encoding="utf-8")
    return runs


def render_per_journey(scratch: Path, repeat: int) -> tuple[float | None, list[dict]]:
    """Median seconds per journey to render tool-1's report from scratch, in a fresh process per round."""
    timings = []
    for round_index in range(repeat):
        latest = scratch / "tool-1" / str(round_index) / "latest"
        if not latest.exists():
            continue
        copy = scratch / "render" / str(round_index)
        run_folder = latest.resolve()
        shutil.copytree(run_folder, copy, ignore=lambda folder, names: ["report"] if folder == str(run_folder) else [])
        done = subprocess.run([PYTHON, str(ROOT / "bench" / "render_timing.py"), str(copy)], cwd=ROOT,
                              capture_output=True, text=True, timeout=300)
        if done.returncode == 0:
            timings.append(json.loads(done.stdout))
    if not timings:
        return None, []
    return statistics.median(t["render_s"] / t["journeys"] for t in timings), timings


def step_rounds(scratch: Path, repeat: int, tool: str) -> list[tuple[Path, Path]]:
    pairs = []
    for round_index in range(repeat):
        timings = scratch / "plain" / str(round_index) / "timings.json"
        results = scratch / tool / str(round_index) / "latest" / "results.json"
        if timings.exists() and results.exists():
            pairs.append((timings, results))
    return pairs


def median_of(runs: list[Measurement], value) -> float:
    """The median over the runs that completed (all of them when none did, so a figure is still printed)."""
    return statistics.median(value(run) for run in ([run for run in runs if run.completed] or runs))


def print_cases(cases: list[Case], runs: dict[str, list[Measurement]]) -> None:
    kinds = (*KINDS, "unattributed")
    print("\nmedian per case (CPU split by process kind, CPU-s; load = 1-min average during its runs)")
    print(f"  {'case':<20} {'wall':>7} {'CPU':>7} {'busy':>5} {'peak':>8} {'load':>5}  "
          + " ".join(f"{kind[:12]:>12}" for kind in kinds))
    for case in cases:
        if not runs.get(case.id):
            continue
        done = runs[case.id]
        wall, cpu = median_of(done, lambda m: m.wall_s), median_of(done, lambda m: m.cpu_s)
        split = " ".join(f"{median_of(done, lambda m, k=k: m.cpu_by_kind.get(k, 0.0)):12.1f}" for k in kinds)
        peak, load = median_of(done, lambda m: m.peak_mib), median_of(done, lambda m: m.load)
        print(f"  {case.id:<20} {wall:6.1f}s {cpu:6.1f}s {cpu / wall:5.2f} {peak:5.0f}MiB {load:5.1f}  {split}")
    for case in cases:
        if runs.get(case.id):
            busiest = ", ".join(f"{name} {cpu:.1f}" for _, name, cpu in runs[case.id][-1].busiest[:5])
            print(f"  {case.id:<20} {case.title}\n  {'':<20} busiest processes (last run, CPU-s): {busiest}")


def print_ratios(runs: dict[str, list[Measurement]]) -> None:
    print("\nratios, paired by round (median): wall · CPU · peak memory")
    for tool in ("tool-1", "tool-1-lean", "tool-3"):
        for yardstick, name in (("plain", "plain script"), ("peer", "Playwright Test")):
            figures = [paired_ratio(runs, tool, yardstick, value)
                       for value in (lambda m: m.wall_s, lambda m: m.cpu_s, lambda m: m.peak_mib)]
            if None not in figures:
                print(f"  {tool:<12} ÷ {name:<16} {figures[0]:5.2f}× wall  {figures[1]:5.2f}× CPU  "
                      f"{figures[2]:5.2f}× memory")
    for a, b, what in (("peer", "plain", "Playwright Test ÷ plain script"),
                       ("tool-1", "tool-3", "3-worker speed-up (1 worker ÷ 3 workers)"),
                       ("tool-1-lean", "tool-3-lean", "3-worker speed-up of the lean walk")):
        figure = paired_ratio(runs, a, b, lambda m: m.wall_s)
        if figure is not None:
            print(f"  {what}: {figure:.2f}× wall, {paired_ratio(runs, a, b, lambda m: m.cpu_s):.2f}× CPU")


def print_ablations(runs: dict[str, list[Measurement]]) -> None:
    if not runs.get("tool-1"):
        return
    kinds = (*KINDS, "unattributed")
    print("\nwhat each part costs: tool-1 minus the case without it, CPU-s by process kind (median of paired rounds)")
    print(f"  {'part':<58} {'total':>6} " + " ".join(f"{kind[:12]:>12}" for kind in kinds))
    for case_id, part in ABLATIONS:
        if not runs.get(case_id):
            continue
        pairs = [(a, b) for a, b in zip(runs["tool-1"], runs[case_id]) if a.completed and b.completed]
        if not pairs:
            continue
        total = statistics.median(a.cpu_s - b.cpu_s for a, b in pairs)
        split = " ".join(f"{statistics.median(a.cpu_by_kind[k] - b.cpu_by_kind[k] for a, b in pairs):12.1f}"
                         for k in kinds)
        print(f"  {part:<58} {total:6.1f} {split}")


def print_steps(comparisons: list[StepComparison], what: str) -> None:
    outside = [c for c in comparisons if not c.within]
    plain_total = sum(c.plain_ms for c in comparisons)
    tool_total = plain_total + sum(c.difference_ms for c in comparisons)
    print(f"\n{what} durations, tool-1 against the plain script's own timing: {len(comparisons) - len(outside)} of "
          f"{len(comparisons)} {what}s within; all together {tool_total / 1000:.2f} s against "
          f"{plain_total / 1000:.2f} s")
    for comparison in sorted(outside, key=lambda c: -abs(c.difference_ms))[:8]:
        print(f"  {comparison.where}: {comparison.plain_ms + comparison.difference_ms:.0f} ms against "
              f"{comparison.plain_ms:.0f} ms ({comparison.difference_ms:+.0f} ms)")


def py_spy() -> str | None:
    beside = Path(PYTHON).parent / "py-spy"  # installed into the venv by bench/requirements.txt
    return str(beside) if beside.exists() else shutil.which("py-spy")


def profile(cases: list[Case], folder: Path, runs: dict[str, list[Measurement]]) -> dict:
    """One more run of each profiled case: py-spy on the Python process, --cpu-prof on every Node process. Their
    shares are applied to the case's median Python and Node CPU-seconds of the measured rounds (of the profiled run
    itself when the case was not measured): profilers sample by the clock and weigh on what they watch."""
    found = {}
    if not py_spy():
        print("\nprofiles skipped: py-spy is not installed (.venv/bin/pip install -r bench/requirements.txt)")
        return found
    print(f"\nprofiled runs (py-spy at {PY_SPY_RATE} Hz on Python, --cpu-prof on every Node process): {folder}")
    for case in (c for c in cases if c.id in PROFILED):
        out = folder / case.id
        shutil.rmtree(out, ignore_errors=True)
        (out / "node").mkdir(parents=True)
        node_flags = ["--cpu-prof", f"--cpu-prof-dir={out / 'node'}", f"--cpu-prof-interval={NODE_PROFILE_INTERVAL_US}"]
        env, argv = case.env(out), case.argv(out)
        if argv[0] == PYTHON:  # Playwright's own Node (the driver) accepts --cpu-prof in NODE_OPTIONS
            argv = [py_spy(), *PY_SPY[1:], "-o", str(out / "python.txt"), "--", *argv]
            env["NODE_OPTIONS"] = " ".join(node_flags)
        else:  # Node 20 refuses it there; on the command line, Playwright Test's workers inherit it
            argv = [argv[0], *node_flags, *argv[1:]]
        run = measure(argv, ROOT, env)
        measured = runs.get(case.id) or [run]
        python_cpu = median_of(measured, lambda m: m.cpu_by_kind["python"])
        node_cpu = median_of(measured, lambda m: m.cpu_by_kind["node"])
        samples, by_activity, by_library = ((0, [], []) if not (out / "python.txt").exists()
                                            else python_breakdown(out / "python.txt", python_cpu))
        profiled_s, by_module, by_feature = node_breakdown(sorted((out / "node").glob("*.cpuprofile")), node_cpu)
        found[case.id] = {"run": asdict(run), "python_cpu_s": python_cpu, "python_samples": samples,
                          "python_by_activity": by_activity, "python_by_library": by_library, "node_cpu_s": node_cpu,
                          "node_profiled_s": profiled_s, "node_by_module": by_module, "node_by_feature": by_feature}
        failed = "" if run.completed else f"; exit {run.returncode}: {run.stderr_tail}"
        print(f"\n  {case.id}: profiled run {run.wall_s:.1f} s, {run.cpu_s:.1f} CPU-s (load {run.load:.1f}){failed}")
        if by_activity:
            print(f"    Python's {python_cpu:.1f} CPU-s, shared out as {samples} py-spy samples fell — "
                  "by the walkthroughs code responsible:")
            for name, seconds in by_activity[:16]:
                print(f"      {seconds:6.2f} s  {name}")
            print("    … and by the library the CPU was spent in:")
            for name, seconds in by_library[:8]:
                print(f"      {seconds:6.2f} s  {name}")
        if by_module:
            print(f"    Node's {node_cpu:.1f} CPU-s, shared out as {profiled_s:.1f} s of profile fell — by feature "
                  "(inclusive):")
            for name, seconds in by_feature:
                print(f"      {seconds:6.2f} s  {name}")
            print("    … and by the innermost source module:")
            for name, seconds in by_module[:14]:
                print(f"      {seconds:6.2f} s  {name}")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="rounds; every figure is a median over them")
    parser.add_argument("--only", help="comma-separated case ids: " + ", ".join(case.id for case in CASES))
    parser.add_argument("--lighthouse", action="store_true", help="also run lighthouse-1 (about 2 minutes a run)")
    parser.add_argument("--profile", type=Path, metavar="DIR", help="afterwards, profile plain, peer, tool-1 and "
                        "tool-1-lean once each (py-spy, node --cpu-prof) and keep the profiles in DIR")
    parser.add_argument("--save", type=Path, metavar="FILE", help="write every run's figures to FILE as JSON")
    args = parser.parse_args()
    unknown = sorted(set(args.only.split(",")) - {case.id for case in CASES}) if args.only else []
    if unknown:
        parser.error(f"--only: no case {unknown[0]!r}; the cases are " + ", ".join(case.id for case in CASES))
    if args.repeat < 0:
        parser.error("--repeat: a number of rounds, 0 or more (0: only --profile)")
    cores = os.cpu_count() or 1
    load_start = os.getloadavg()
    reaper = become_subreaper()
    print(f"machine: {cores} cores; Python {sys.version.split()[0]}; {args.repeat} rounds, alternating order; "
          f"load average at start: {load_start[0]:.1f} (1 min) {load_start[1]:.1f} (5 min)"
          + ("" if reaper else "; no child subreaper here: CPU of orphaned processes may be missed"))
    wanted = set(args.only.split(",")) if args.only else None
    cases = []
    for case in CASES:
        if wanted is not None and case.id not in wanted:
            continue
        why = why_not(case, args.lighthouse or (wanted is not None and case.id in wanted))
        if why:
            print(f"  {case.id:<20} skipped: {why}")
        else:
            cases.append(case)
    with tempfile.TemporaryDirectory(prefix="walk-bench-") as scratch_name:
        scratch = Path(scratch_name)
        runs = run_rounds(cases, args.repeat, scratch, args.save)
        render_s, render_runs = render_per_journey(scratch, args.repeat)
        try:
            rounds = step_rounds(scratch, args.repeat, "tool-1")
            comparisons, by_segment = compare_steps(rounds), compare_steps(rounds, by_segment=True)
            noise = plain_against_itself(rounds)
        except StepsDoNotPair as error:
            print(f"step durations not compared: {error}")
            comparisons, by_segment, noise = [], [], None
    print_cases(cases, runs)
    print_ratios(runs)
    print_ablations(runs)
    if render_runs:
        print("\nreport rendering from scratch (tool-1's run folder without report/, a fresh process each): "
              + ", ".join(f"{t['render_s']:.2f} s render + {t['import_s']:.2f} s imports for {t['journeys']} journeys"
                          for t in render_runs))
    if comparisons:
        print_steps(comparisons, "step")
        print_steps(by_segment, "segment")  # an action with the checks after it: see step_timings.py
        if noise:
            print(f"  the noise floor: the plain script against itself, one round against the next, has {noise[0]} "
                  f"of {noise[1]} segments outside the same bound (the worst pair of rounds)")
    outside = sum(not c.within for c in by_segment) if by_segment else None
    print("\ntargets (issue 15)")
    for target in targets(runs, render_s, outside, len(by_segment)):
        print(target.line())
    profiles = profile(cases, args.profile, runs) if args.profile else {}
    load_end = os.getloadavg()
    loads = [load_start[0], load_end[0], *(run.load_after for done in runs.values() for run in done)]
    print(f"\nload average at end: {load_end[0]:.1f} (1 min) {load_end[1]:.1f} (5 min); highest seen {max(loads):.1f} "
          "(the load average counts the case's own threads: a walk alone lifts it past 2 here)")
    measured = [run for done in runs.values() for run in done]
    if measured:
        share = max(others_share(run, cores) for run in measured)
        print(f"other work on the machine during a run: at most {share:.0%} of its CPU")
        if machine_busy(share):
            print(f"WARNING: the machine was busy (other work used more than {BUSY_OTHERS_SHARE:.0%} of its CPU during "
                  "a run): absolute figures are not comparable with a quiet machine's; paired ratios are less "
                  "swayed, but a busy machine still stretches waits and CPU-bound work differently")
    if args.save:
        args.save.write_text(json.dumps({
            "cores": cores, "load_start": load_start, "load_end": load_end,
            "runs": {case_id: [asdict(run) for run in done] for case_id, done in runs.items()},
            "render": render_runs, "steps": [asdict(c) for c in comparisons],
            "segments": [asdict(c) for c in by_segment], "profiles": profiles,
        }, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
