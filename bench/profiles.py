"""Where the Python and Node CPU-seconds of one case go, from a profiled run of it (`walk_benchmark.py --profile`).

Python: py-spy samples the interpreter from outside (no hooks in the walk) at PY_SPY_RATE Hz; `--format raw` writes
collapsed stacks, root first. Its own idle test lets through threads blocked in a selector, a socket read or a lock,
so samples whose innermost frame is such a wait (WAITS) are left out here. (`--gil` would miss Pillow and the other
C code that lets go of the GIL.) Node: every Node process the case starts (Playwright's driver, or Playwright Test's
runner and workers) runs with `--cpu-prof`; a .cpuprofile's samples carry time deltas. Both sample by the clock, so on
a busy machine a process waiting for a core is counted too: only the shares are kept, and the caller applies them to
CPU-seconds measured from /proc. Playwright ships its code as esbuild bundles whose `// packages/…/x.ts` and
`// node_modules/…` comments name the source module of every line; that is how a bundle line is turned back into one.
"""

from __future__ import annotations

import bisect
import json
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

PY_SPY_RATE = 100
PY_SPY = ("py-spy", "record", "--nonblocking", "--format", "raw", "--rate", str(PY_SPY_RATE))
NODE_PROFILE_INTERVAL_US = 4000  # --cpu-prof-interval: coarser than V8's 1 ms default, to weigh less on the walk
_BUNDLED_MODULE = re.compile(r"^// ((?:packages|node_modules)/\S+\.[cm]?[jt]sx?)$")
# Node features counted inclusively: a sample counts for every feature whose marker is in the source module or the
# function name of any frame on its stack.
STARTUP = "start-up: loading and compiling JavaScript modules"
NODE_FEATURES = (
    (STARTUP, ("wrapSafe", "Module._compile", "compileForInternalLoader", "wrapModuleLoad", "__require",
               "ModuleLoader", "ModuleJob")),
    ("trace recording (snapshots, screencast, trace files)",
     ("server/trace/", "utils/serializedFS", "utils/zipFile", "npm: yazl")),
    ("screenshots", ("screenshotter",)),
    ("the CDP pipe to Chromium (JSON in and out)", ("server/pipeTransport", "chromium/crConnection")),
    ("the client pipe (messages to and from Python)", ("utils/pipeTransport", "server/dispatchers/")),
    ("protocol validation", ("protocol: validator",)),
    ("the test runner (Playwright Test only)",
     ("playwright: runner/", "playwright: worker/", "playwright: common/", "playwright: transform/",
      "playwright: loader/", "playwright: reporters/", "npm: source-map-support", "npm: @babel")),
)
_FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^()]*?)(?::(?P<line>\d+))?\)$")
_LIBRARIES = (  # leaf frame's file → the library its CPU time is spent in; first match wins
    ("playwright/", "Playwright's Python client (protocol messages, JSON, futures)"),
    ("pydantic", "pydantic (results and evidence models)"),
    ("PIL/", "Pillow (report pictures)"),
    ("jinja2/", "Jinja2 (report templates)"),
    ("markupsafe/", "Jinja2 (report templates)"),
    ("json/", "json (results.json, evidence.json)"),
    ("yaml/", "PyYAML (the scenario)"),
    ("rich/", "rich (the console)"),
    ("click/", "click (the command line)"),
    ("asyncio/", "asyncio event loop"),
    ("selectors.py", "asyncio event loop"),
    ("walkthroughs/", "walkthroughs' own code"),
)


WAITS = ("Selector.select", "SocketIO.readinto", "Condition.wait", "Event.wait", "Thread.join",
         "_wait_for_tstate_lock", "socket.accept", "Queue.get")  # innermost functions that only wait


def python_stacks(raw_file: Path) -> Counter[tuple[str, ...]]:
    """py-spy raw output: one line per distinct stack, frames root first, then the sample count."""
    stacks: Counter[tuple[str, ...]] = Counter()
    for line in raw_file.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            stacks[tuple(stack.split(";"))] += int(count)
    return stacks


def _file(frame: str) -> str:
    match = _FRAME.match(frame)
    return match.group("file") if match else frame


def _function(frame: str) -> str:
    match = _FRAME.match(frame)
    return match.group("function") if match else frame


def python_activity(stack: tuple[str, ...]) -> str:
    """What the interpreter was doing in one sample: importing, serving the demo shop, the event loop's own work,
    or the innermost walkthroughs function on the stack (responsible even when the CPU goes to a library it called)."""
    files = [_file(frame) for frame in stack]
    if any("importlib._bootstrap" in f for f in files):
        return "imports (module loading, incl. lazy imports)"
    if any("demo_shop/" in f or f.endswith(("socketserver.py", "http/server.py")) for f in files):
        return "the demo shop (serving pages, in-process)"
    loop = max((i for i, f in enumerate(files) if f.startswith("asyncio/") and _function(stack[i]).endswith("_run")),
               default=-1)  # Handle._run: a callback or a task's step runs from here on
    for index in range(len(stack) - 1, -1, -1):
        frame, file = stack[index], files[index]
        if index < loop:
            break  # no walkthroughs code inside the callback: the loop's and the libraries' own work
        if file.startswith("walkthroughs/") or "/walkthroughs/" in file:
            return f"{file.split('walkthroughs/', 1)[1]}: {_function(frame)}"
        if file.startswith("bench/") or file.endswith("plain_journey.py"):
            return f"{Path(file).name}: {_function(frame)}"
    return f"event loop callbacks and libraries, no walkthroughs code: {_library(files[-1]) if files else '?'}"


def _library(file: str) -> str:
    return next((name for prefix, name in _LIBRARIES if prefix in file), f"other ({file.split('/')[0]})")


def python_breakdown(raw_file: Path, cpu_s: float) -> tuple[int, list[tuple[str, float]], list[tuple[str, float]]]:
    """Samples kept (waits left out); cpu_s (the Python process's CPU-seconds) shared out by activity (innermost
    walkthroughs function) and by the library the leaf frame is in."""
    stacks = Counter({stack: count for stack, count in python_stacks(raw_file).items()
                      if not _function(stack[-1]).endswith(WAITS)})
    by_activity: Counter[str] = Counter()
    by_library: Counter[str] = Counter()
    for stack, count in stacks.items():
        by_activity[python_activity(stack)] += count
        by_library[_library(_file(stack[-1]))] += count
    samples = sum(stacks.values()) or 1
    return (sum(stacks.values()), [(k, cpu_s * v / samples) for k, v in by_activity.most_common()],
            [(k, cpu_s * v / samples) for k, v in by_library.most_common()])


@lru_cache(maxsize=16)
def _bundle_modules(path: str) -> tuple[list[int], list[str]]:
    """(first line, module) of every source module an esbuild bundle holds, lines counted from 0 like V8 does."""
    starts, modules = [], []
    try:
        with open(path, encoding="utf-8", errors="replace") as bundle:
            for number, line in enumerate(bundle):
                if line.startswith("// ") and (match := _BUNDLED_MODULE.match(line.strip())):
                    starts.append(number)
                    modules.append(_module_name(match.group(1)))
    except OSError:
        pass
    return starts, modules


def _module_name(source: str) -> str:
    """`packages/playwright-core/src/server/page.ts` → `playwright-core: server/page.ts`; `node_modules/ws/lib/x.js`
    → `npm: ws` (a scoped package keeps its scope)."""
    if source.startswith("packages/"):
        return source.removeprefix("packages/").replace("/src/", ": ", 1)
    parts = source.split("node_modules/")[-1].split("/")
    return "npm: " + "/".join(parts[:2] if parts[0].startswith("@") else parts[:1])


def _node_module(url: str, line: int) -> str | None:
    """The source module a Node call frame belongs to; None for native code and Node's internals."""
    if not url or url.startswith("node:"):
        return None
    path = url.removeprefix("file://")
    starts, modules = _bundle_modules(path)
    if starts:
        index = bisect.bisect_right(starts, line) - 1
        if index >= 0:
            return modules[index]
    for marker in ("/playwright-core/lib/", "/playwright/lib/", "/package/lib/", "/node_modules/", "/package/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


def node_breakdown(profiles: Iterable[Path], cpu_s: float) -> tuple[float, list[tuple[str, float]],
                                                                    list[tuple[str, float]]]:
    """Seconds the .cpuprofile files hold (idle left out); cpu_s (the Node processes' CPU-seconds) shared out by the
    innermost source module on each sample's stack (native code and Node's internals count for the module that
    called them; the garbage collector is its own line; start-up is one line, as a bundle's top-level code would
    otherwise count for whichever module it is in), and by NODE_FEATURES, inclusively."""
    by_module: Counter[str] = Counter()
    by_feature: Counter[str] = Counter()
    for profile_file in profiles:
        profile = json.loads(profile_file.read_text(encoding="utf-8"))
        nodes = {node["id"]: node for node in profile["nodes"]}
        parent = {child: node["id"] for node in profile["nodes"] for child in node.get("children", [])}
        features: dict[int, frozenset[str]] = {}

        def features_of(node_id: int) -> frozenset[str]:
            chain = []  # up to the first node already known, then filled in root-side first
            while node_id not in features:
                chain.append(node_id)
                if node_id not in parent:
                    break
                node_id = parent[node_id]
            inherited = features.get(node_id, frozenset())
            for up in reversed(chain):
                frame = nodes[up]["callFrame"]
                text = f"{_node_module(frame.get('url', ''), frame.get('lineNumber', 0))} {frame.get('functionName')}"
                inherited = features[up] = inherited | {
                    name for name, markers in NODE_FEATURES if any(marker in text for marker in markers)}
            return features[chain[0]] if chain else inherited

        where: dict[int, str | None] = {}

        def module_of(node_id: int) -> str | None:
            if node_id not in where:
                frame = nodes[node_id]["callFrame"]
                name = frame.get("functionName", "")
                if name in ("(idle)", "(root)"):
                    where[node_id] = None
                elif name == "(garbage collector)":
                    where[node_id] = "(garbage collector)"
                elif name == "(program)":
                    where[node_id] = "(program: V8 and native code outside any JS function)"
                elif STARTUP in features_of(node_id):
                    where[node_id] = STARTUP
                else:
                    module, up = _node_module(frame.get("url", ""), frame.get("lineNumber", 0)), node_id
                    while module is None and up in parent:
                        up = parent[up]
                        caller = nodes[up]["callFrame"]
                        module = _node_module(caller.get("url", ""), caller.get("lineNumber", 0))
                    where[node_id] = module or "node internals"
            return where[node_id]

        samples, deltas = profile.get("samples", []), profile.get("timeDeltas", [])
        for index, node_id in enumerate(samples):
            module = module_of(node_id)
            if module is not None and index + 1 < len(deltas):
                by_module[module] += deltas[index + 1]  # a sample's time is the gap to the next one
                for feature in features_of(node_id):
                    by_feature[feature] += deltas[index + 1]
    profiled = sum(by_module.values()) or 1
    return (profiled / 1e6, [(k, cpu_s * v / profiled) for k, v in by_module.most_common()],
            [(k, cpu_s * v / profiled) for k, v in by_feature.most_common()])
