"""What one benchmark case costs the machine: wall time, peak memory and CPU of its whole process tree, by kind.

The case is a child of this process, which makes itself a child subreaper (Linux prctl): a process whose parent
dies first (Chromium's helpers when the browser is killed) is re-parented to us rather than to init, so it stays
in the tree we sample and is reaped by us. That makes getrusage(RUSAGE_CHILDREN) the exact CPU time of everything
the case ran. The split by process kind comes from sampling /proc every SAMPLE_EVERY_S: each process's own
user + system ticks, the last value seen; what processes used after their last sample (or short-lived ones never
seen) is the gap between the two, reported as "unattributed".
"""

from __future__ import annotations

import ctypes
import os
import resource
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

SAMPLE_EVERY_S = 0.2
PR_SET_CHILD_SUBREAPER = 36
REAP_DEADLINE_S = 10.0  # how long processes the case left behind get to exit before they are killed
# The kinds a CPU-second is told apart by, in the order the tables show them.
KINDS = ("python", "node", "chromium browser", "renderers", "gpu + utility", "other")


@dataclass
class Measurement:
    wall_s: float
    peak_mib: float
    cpu_s: float  # exact: getrusage of every process the case ran
    cpu_by_kind: dict[str, float]  # sampled from /proc, plus "unattributed" (exact minus sampled)
    load_before: float
    load_after: float
    returncode: int
    stderr_tail: str = ""
    processes: dict[str, int] = field(default_factory=dict)  # how many processes of each kind were seen
    busiest: list[tuple[str, str, float]] = field(default_factory=list)  # (kind, program, CPU-s) of the top few
    others_cpu_s: float = 0.0  # what everything else on the machine used meanwhile (the load average counts the case)

    @property
    def completed(self) -> bool:
        """Only a run that exited 0 counts: anything else did not walk the whole journey as asked."""
        return self.returncode == 0

    @property
    def load(self) -> float:
        return (self.load_before + self.load_after) / 2


def become_subreaper() -> bool:
    """Make orphaned descendants ours (Linux only); False where the kernel does not offer it."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _arguments(cmdline: list[str]) -> list[str]:
    if len(cmdline) == 1 and " --" in cmdline[0]:
        return cmdline[0].split(" ")  # Chromium's helpers rewrite their title into one space-separated string
    return cmdline


def kind_of(cmdline: list[str]) -> str:
    """Which kind of process a command line is: the interpreter, Playwright's Node side, or a Chromium process."""
    cmdline = _arguments(cmdline)
    if not cmdline:
        return "other"
    program = Path(cmdline[0]).name
    if program == "py-spy":
        return "profiler"
    if program.startswith("python"):
        return "python"
    if program.startswith("node"):
        return "node"
    if "crashpad" in program:
        return "gpu + utility"
    if "chrom" in program or "headless_shell" in program:
        process_type = next((arg.split("=", 1)[1] for arg in cmdline if arg.startswith("--type=")), None)
        if process_type is None or process_type == "zygote":
            return "chromium browser"
        if process_type == "renderer":
            return "renderers"
        return "gpu + utility"  # gpu-process, utility (network, storage, audio)
    return "other"


def describe(cmdline: list[str]) -> str:
    """Program, script and Chromium's process type, for the list of the busiest: `chromium --type=gpu-process`."""
    cmdline = _arguments(cmdline)
    if not cmdline:
        return "?"
    process_type = next((arg for arg in cmdline if arg.startswith(("--type=", "--utility-sub-type="))), "")
    script = next((Path(arg).name for arg in cmdline[1:3] if arg.endswith((".py", ".js", ".mjs"))), "")
    return " ".join(part for part in (Path(cmdline[0]).name, script, process_type) if part)


def _cmdline(pid: int) -> list[str]:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as file:
            return [part.decode(errors="replace") for part in file.read().split(b"\0") if part]
    except OSError:
        return []


def _descendants(root: int) -> list[int]:
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
    tree, todo = [], list(children.get(root, []))
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _cpu_ticks(pid: int) -> int:
    """User + system clock ticks the process itself has used so far (a zombie still shows them)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, ValueError, IndexError):
        return 0


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _own_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _machine_busy_s() -> float:
    """CPU-seconds every core has spent busy since boot (/proc/stat: user, nice, system, irq, softirq, steal)."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = stat.readline().split()[1:]
        user, nice, system, _idle, _iowait, irq, softirq, steal = (int(value) for value in fields[:8])
    except (OSError, ValueError):
        return 0.0
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _reap_leftovers() -> None:
    """Wait for what the case left running (re-parented to us), killing by PID whatever outlives the deadline."""
    deadline = time.monotonic() + REAP_DEADLINE_S
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid:
            continue
        if time.monotonic() > deadline:
            for leftover in _descendants(os.getpid()):
                try:
                    os.kill(leftover, 9)
                except ProcessLookupError:
                    pass
            deadline = float("inf")
        time.sleep(0.05)


def measure(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> Measurement:
    """Run argv to its end and measure its whole process tree; call become_subreaper() once beforehand."""
    peak_kib = 0
    ticks: dict[int, int] = {}
    kinds: dict[int, str] = {}
    names: dict[int, str] = {}
    own = os.getpid()
    load_before = os.getloadavg()[0]
    cpu_before, own_before, machine_before = _children_cpu_s(), _own_cpu_s(), _machine_busy_s()
    started = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_kib
        while not done.wait(SAMPLE_EVERY_S):
            tree = [pid for pid in _descendants(own) if pid != own]
            for pid in tree:  # classified again every time: a forked process shows its parent's command line at first
                cmdline = _cmdline(pid)
                if cmdline or pid not in kinds:  # a zombie's is empty: keep what it was
                    kinds[pid], names[pid] = kind_of(cmdline), describe(cmdline)
            peak_kib = max(peak_kib, sum(_pss_kib(pid) for pid in tree if kinds[pid] != "profiler"))
            ticks.update((pid, max(ticks.get(pid, 0), _cpu_ticks(pid))) for pid in tree)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    _reap_leftovers()
    cpu = _children_cpu_s() - cpu_before
    others = max(0.0, _machine_busy_s() - machine_before - cpu - (_own_cpu_s() - own_before))
    hertz = os.sysconf("SC_CLK_TCK")
    by_kind = dict.fromkeys(KINDS, 0.0)
    seen: dict[str, int] = {}
    profiler_s = 0.0
    for pid, used in ticks.items():
        if kinds[pid] == "profiler":
            profiler_s += used / hertz
            continue
        by_kind[kinds[pid]] += used / hertz
        seen[kinds[pid]] = seen.get(kinds[pid], 0) + 1
    busiest = sorted(((kinds[pid], names.get(pid, "?"), used / hertz) for pid, used in ticks.items()),
                     key=lambda row: -row[2])[:8]
    cpu -= profiler_s  # a profiler's own time is not the case's (its children's time is, and stays)
    by_kind["unattributed"] = max(0.0, cpu - sum(by_kind.values()))
    return Measurement(wall, peak_kib / 1024, cpu, by_kind, load_before, os.getloadavg()[0], process.returncode,
                       stderr.strip()[-500:], seen, busiest, others)
