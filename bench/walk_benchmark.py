"""How much walkthroughs costs over a plain Playwright script, and what workers and Lighthouse change.

Walks the demo journey (every stage, three devices) as: the plain script (bench/plain_journey.py); the tool
with all detectors on, without Lighthouse, at 1 and at 3 workers, and with the detectors off; the tool with
Lighthouse. Each is a fresh
process, run N times (median kept); wall time is the process's, peak memory the largest sum of the
proportional set size (PSS) of its whole process tree (Python, Playwright's driver, Chromium, Node), sampled
every 0.2 s from /proc (Linux); CPU time is that of the whole tree, sampled the same way, and CPU ÷ wall
says how many of the machine's cores the case kept busy.

Run: .venv/bin/python bench/walk_benchmark.py [--repeat 3] [--only plain,tool-1]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SCENARIO = ROOT / "scenarios" / "demo-shop.yaml"
SAMPLE_EVERY_S = 0.2


def walk_command(out: Path, *extra: str) -> list[str]:
    return [PYTHON, "-m", "walkthroughs", "run", "--demo", str(SCENARIO), "--out", str(out), *extra]


@dataclass(frozen=True)
class Case:
    id: str
    title: str
    argv: tuple[str, ...]


def cases(out: Path) -> list[Case]:
    return [
        Case("plain", "plain Playwright script, one device after another", (PYTHON, str(ROOT / "bench" / "plain_journey.py"))),
        Case("tool-1", "walkthroughs, all detectors, no Lighthouse, 1 worker",
             tuple(walk_command(out, "--workers", "1", "--no-lighthouse"))),
        Case("tool-1-lean", "the same without the storyboard and trace (--screenshots failure --trace off)",
             tuple(walk_command(out, "--workers", "1", "--no-lighthouse", "--screenshots", "failure", "--trace", "off"))),
        Case("tool-1-no-detectors", "the same with the friction detectors off (--no-detectors: no gatherers, no findings)",
             tuple(walk_command(out, "--workers", "1", "--no-lighthouse", "--no-detectors"))),
        Case("tool-3", "walkthroughs, all detectors, no Lighthouse, 3 workers",
             tuple(walk_command(out, "--workers", "3", "--no-lighthouse"))),
        Case("tool-3-lean", "the lean walk at 3 workers", tuple(walk_command(
            out, "--workers", "3", "--no-lighthouse", "--screenshots", "failure", "--trace", "off"))),
        Case("lighthouse-1", "walkthroughs, all detectors, Lighthouse on every stage, 1 worker",
             tuple(walk_command(out, "--workers", "1", "--lighthouse"))),
    ]


def process_tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as stat:
                ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def cpu_ticks(pid: int) -> int:
    """User + system clock ticks the process has used so far."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, ValueError, IndexError):
        return 0


def measure(argv: tuple[str, ...]) -> tuple[float, float, float]:
    """Wall seconds, peak MiB of the process tree, CPU seconds of the tree (less swayed by other work than wall time).

    CPU is each process's last sampled use, summed: getrusage(RUSAGE_CHILDREN) would miss Chromium's renderers,
    which their own parents never hand back to ours."""
    peak = 0
    ticks: dict[int, int] = {}
    started = time.perf_counter()
    process = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(SAMPLE_EVERY_S):
            tree = process_tree(process.pid)
            peak = max(peak, sum(pss_kib(pid) for pid in tree))
            ticks.update((pid, max(ticks.get(pid, 0), cpu_ticks(pid))) for pid in tree)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode not in (0, 1):  # 1: a journey broke, still a complete walk
        print(f"  exit {process.returncode}: {stderr.strip()[-500:]}", file=sys.stderr)
    return wall, peak / 1024, sum(ticks.values()) / os.sysconf("SC_CLK_TCK")


def lighthouse_available() -> str | None:
    """None when Lighthouse can run here, else why not."""
    try:
        from walkthroughs.lighthouse import NodeToolsMissing, find_tools
    except ImportError:
        return "this version of walkthroughs has no Lighthouse support"
    try:
        find_tools()
    except NodeToolsMissing as error:
        return str(error)
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per case; the median is reported")
    parser.add_argument("--only", help="comma-separated case ids (plain, tool-1, tool-1-lean, tool-1-no-detectors, "
                                       "tool-3, tool-3-lean, lighthouse-1)")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}; {args.repeat} runs per case, median; "
          f"load average before: {os.getloadavg()[0]:.1f} (other work on the machine skews every figure)")
    medians: dict[str, tuple[float, float, float]] = {}
    with tempfile.TemporaryDirectory(prefix="walk-bench-") as scratch:
        for case in cases(Path(scratch)):
            if args.only and case.id not in args.only.split(","):
                continue
            if case.id.startswith("lighthouse") and (why := lighthouse_available()):
                print(f"{case.id:<19} skipped: {why}")
                continue
            runs = [measure(case.argv) for _ in range(args.repeat)]
            walls, peaks, cpus = ([r[i] for r in runs] for i in range(3))
            medians[case.id] = (statistics.median(walls), statistics.median(peaks), statistics.median(cpus))
            wall, peak, cpu = medians[case.id]
            print(f"{case.id:<19} {wall:6.1f} s  {peak:6.0f} MiB  {cpu:6.1f} s CPU ({cpu / wall:.1f} cores busy)   {case.title}"
                  f"   (runs: {', '.join(f'{w:.1f}' for w in walls)} s; load average after: {os.getloadavg()[0]:.1f})",
                  flush=True)
    print_ratios(medians)
    return 0


def print_ratios(medians: dict[str, tuple[float, float, float]]) -> None:
    def ratio(a: str, b: str, what: str) -> None:
        if a in medians and b in medians:
            (wall_a, peak_a, cpu_a), (wall_b, peak_b, cpu_b) = medians[a], medians[b]
            print(f"{what}: {wall_a / wall_b:.2f}× time, {peak_a / peak_b:.2f}× memory, {cpu_a / cpu_b:.2f}× CPU")

    ratio("tool-1", "plain", "tool (1 worker) ÷ plain script")
    ratio("tool-1-lean", "plain", "tool without storyboard and trace (1 worker) ÷ plain script")
    ratio("tool-1", "tool-1-no-detectors", "detectors on ÷ off (1 worker)")
    ratio("tool-1", "tool-3", "speed-up of 3 workers over 1 (1 worker ÷ 3 workers)")
    ratio("tool-1-lean", "tool-3-lean", "the same for the lean walk")
    ratio("lighthouse-1", "tool-1", "Lighthouse on ÷ off (1 worker)")
    if "lighthouse-1" in medians and "tool-1" in medians:
        print(f"Lighthouse's extra cost: {medians['lighthouse-1'][0] - medians['tool-1'][0]:+.1f} s, "
              f"{medians['lighthouse-1'][1] - medians['tool-1'][1]:+.0f} MiB")


if __name__ == "__main__":
    sys.exit(main())
