"""The pytest plugin: scenario files collected as tests, one item per scenario × device, walked by the CLI's engine.

Scenario files are collected only where the user says: files named on the command line, or paths in the
`walkthrough_scenarios` ini option, so other test suites never meet it. pytest-playwright's options and
fixtures steer the walk (`--browser-channel`, `--headed`, `--base-url`, `--device`, `--tracing`, `--video`,
`--screenshot`, `--output`, `browser_type_launch_args`, `browser_context_args`, `connect_options`). A lost
shopper or a finding that fails the run (at or above `--walkthrough-fail-on`) fails the item, which points at
the scenario line (`reportinfo`). results.json, the report, `--walkthrough-junit` (named as `walkthrough run
--junit` names cases) and, on GitHub Actions, the annotations and job summary `walkthrough run` writes, are
written when the session ends — by the controller under pytest-xdist, after merging what each worker walked.
"""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path
from typing import Any

import pytest

from ..ci.junit import GRANULARITIES
from ..formatting import slug
from ..results import SEVERITIES, JourneyRecord, check_words, failing_reasons
from ..scenario import ScenarioError, resolve_device, resolve_devices
from ..scenario.model import Scenario
from ..walk.browser import BrowserNotFound, RemoteBrowser
from ..walk.journey import WalkSettings, new_journey_record
from ..walk.run import Plan

ENGINE = "chromium"  # the walker measures pages through the Chrome DevTools Protocol
WALKS_KEY = pytest.StashKey["Any"]()
DESCRIPTORS_KEY = pytest.StashKey[dict]()
PARTS_KEY = pytest.StashKey[Path]()
REPORT_KEY = pytest.StashKey[Path]()
ANNOTATED_KEY = pytest.StashKey[list]()


class WalkthroughFailed(Exception):
    """The shopper was lost, or met friction at or above --walkthrough-fail-on; the message says where."""


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("walkthroughs", "walkthroughs (scenario files as tests)")
    group.addoption("--walkthrough-fail-on", choices=[*SEVERITIES, "none"], default=None,
                    help="Fail a scenario item on a finding of this severity or worse (default: ini walkthrough_fail_on, blocker).")
    group.addoption("--walkthrough-out", default=None, metavar="DIR",
                    help="Folder that receives the run folder with results.json and the report (default: ini walkthrough_out, reports).")
    group.addoption("--walkthrough-junit", default=None, metavar="FILE",
                    help="Also write the run's JUnit XML as `walkthrough run --junit` does: the same case names, each "
                         "case's scenario file and line, pictures relative to the file.")
    group.addoption("--walkthrough-junit-granularity", choices=GRANULARITIES, default="journey",
                    help="A case per journey (named as pytest names these items) or per stage (default: journey).")
    parser.addini("walkthrough_scenarios", type="paths", default=[],
                  help="Scenario files or folders of them to collect as tests (walkthroughs).")
    parser.addini("walkthrough_out", default="reports", help="Folder that receives walkthroughs' run folders.")
    parser.addini("walkthrough_fail_on", default="blocker", help="Lowest finding severity that fails a scenario item, or none.")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "walkthrough: a scenario × device walked by walkthroughs")
    if config.pluginmanager.hasplugin("xdist"):
        config.pluginmanager.register(XdistHooks(), "walkthroughs-xdist")


def option(config: pytest.Config, name: str, default: Any = None) -> Any:
    """A pytest-playwright option where that plugin is installed, else its default."""
    return config.getoption(name, default=default)


def out_dir(config: pytest.Config) -> Path:
    given = config.getoption("--walkthrough-out") or config.getini("walkthrough_out")
    return Path(config.invocation_params.dir, given)


def fail_on(config: pytest.Config) -> str | None:
    value = config.getoption("--walkthrough-fail-on") or config.getini("walkthrough_fail_on")
    if value not in (*SEVERITIES, "none"):
        raise pytest.UsageError(f"walkthrough_fail_on = {value!r}: choose one of {', '.join(SEVERITIES)} or none")
    return None if value == "none" else value


def wanted(config: pytest.Config, file_path: Path) -> bool:
    """A YAML file is a scenario to walk only if named on the command line or under a `walkthrough_scenarios` path."""
    if file_path.suffix not in (".yaml", ".yml"):
        return False
    here = Path(config.invocation_params.dir)
    named = {(here / arg.split("::")[0]).resolve() for arg in config.args}
    resolved = file_path.resolve()
    if resolved in named:
        return True
    return any(resolved == Path(root).resolve() or Path(root).resolve() in resolved.parents
               for root in config.getini("walkthrough_scenarios"))


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if wanted(parent.config, file_path):
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


def device_descriptors(config: pytest.Config) -> dict:
    """Playwright's device list, read once per process."""
    if DESCRIPTORS_KEY not in config.stash:
        from ..walk.browser import playwright_devices

        config.stash[DESCRIPTORS_KEY] = playwright_devices()
    return config.stash[DESCRIPTORS_KEY]


class ScenarioFile(pytest.File):
    """A scenario file: one item per device it names, or on `--device` alone."""

    def collect(self):
        # checked against the known detectors; imported only where scenarios are collected
        from ..pipeline import load_scenario

        descriptors = device_descriptors(self.config)
        scenario = load_scenario(self.path, device_descriptors=descriptors)
        device_option = option(self.config, "--device")
        if device_option:
            if device_option not in descriptors:
                raise pytest.UsageError(
                    f"--device {device_option!r} is not one of Playwright's devices (pytest-playwright emulates it "
                    "by that name); use a name such as \"Pixel 7\", or -k mobile to walk only the scenario's mobile journeys")
            devices = [resolve_device(device_option, descriptors)]
        else:
            devices = resolve_devices(scenario.devices, descriptors)
        for device in devices:
            item = ScenarioItem.from_parent(self, name=f"{scenario.name}[{device.name}]", callobj=walk_scenario_item)
            item.scenario, item.device = scenario, device
            item.add_marker("walkthrough")
            yield item

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, ScenarioError):
            return str(excinfo.value)
        return super().repr_failure(excinfo)


def walk_scenario_item() -> None:
    """Stands in for a test function: ScenarioItem.runtest does the walk."""


class ScenarioItem(pytest.Function):
    """One scenario on one device, walked in the session's browser."""

    scenario: Scenario
    device: Any

    def setup(self) -> None:
        super().setup()
        self.fixture_values = {name: self._fixture(name) for name in
                               ("base_url", "browser_type_launch_args", "browser_context_args", "connect_options",
                                "output_path")}

    def _fixture(self, name: str) -> Any:
        try:
            return self._request.getfixturevalue(name)
        except pytest.FixtureLookupError:
            return None  # pytest-playwright is not installed

    def runtest(self) -> None:
        config = self.config
        browsers = option(config, "--browser") or [ENGINE]
        if ENGINE not in browsers:
            pytest.skip(f"walkthroughs walks in Chromium only; add --browser {ENGINE} to walk scenarios")
        values = self.fixture_values
        artifacts = ItemArtifacts(config, self, values["output_path"])
        device = artifacts.device_with(self.device, values["browser_context_args"] or {})
        plan = Plan(self.scenario, device, new_journey_record(self.scenario, device))
        settings = WalkSettings(trace=artifacts.walk_trace, base_url=values["base_url"])
        connect = values["connect_options"]
        remote = RemoteBrowser(connect["ws_endpoint"]) if connect else None
        try:
            record, run_dir = walks(config).walk(plan, settings, dict(values["browser_type_launch_args"] or {}), remote)
        except BrowserNotFound as error:
            raise WalkthroughFailed(f"No browser to walk with: {error}") from None
        problem = failure_message(record, run_dir, fail_on(config), self.nodeid.split("::")[0])
        artifacts.keep(record, run_dir, failed=problem is not None)
        if problem:
            raise WalkthroughFailed(problem)

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, WalkthroughFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo)  # pytest's Function takes no `style`

    def reportinfo(self):
        """The scenario file and the line its journey begins on (0-based, as pytest counts)."""
        first = self.scenario.stages[0].line if self.scenario.stages else None
        return self.path, (first - 1 if first else None), f"{self.scenario.name} on {self.device.name}"


class ItemArtifacts:
    """pytest-playwright's per-test artifacts (trace, video, screenshot) under --output, for a walked journey."""

    def __init__(self, config: pytest.Config, item: ScenarioItem, output_path: str | None) -> None:
        self.tracing = option(config, "--tracing", "off")
        self.video = option(config, "--video", "off")
        self.screenshot = option(config, "--screenshot", "off")
        self.folder = Path(output_path) if output_path else Path(option(config, "--output", "test-results"), slug(item.nodeid))
        self.device_option = option(config, "--device")
        self.descriptors = device_descriptors(config)

    @property
    def walk_trace(self) -> str:
        """Record a trace whenever one may be kept: the item can fail on findings after a complete walk."""
        return "off" if self.tracing == "off" else "on"

    def device_with(self, device, context_args: dict):
        """The device with the user's browser_context_args on top (not pytest-playwright's copy of --device)."""
        extra = {k: v for k, v in context_args.items() if k not in ("record_video_dir", "default_browser_type")}
        if self.device_option:
            emulated = self.descriptors.get(self.device_option, {})
            extra = {k: v for k, v in extra.items() if emulated.get(k, object()) != v}
        if self.video != "off":
            extra["record_video_dir"] = str(self.folder / ".video")
        return type(device)(device.name, device.device_class, {**device.context_args, **extra})

    def keep(self, record: JourneyRecord, run_dir: Path, failed: bool) -> None:
        journey_dir = run_dir / "journeys" / record.id
        trace = journey_dir / "trace.zip"
        if trace.exists():
            if self.tracing == "on" or failed:
                self._copy(trace, "trace.zip")
            elif not any(s.failure and s.failure.trace for s in record.stages):
                trace.unlink()  # retain-on-failure, and nothing failed
        videos = sorted((self.folder / ".video").glob("*.webm"))
        if videos and (self.video == "on" or failed):
            self.folder.mkdir(parents=True, exist_ok=True)
            shutil.move(videos[-1], self.folder / "video.webm")
        shutil.rmtree(self.folder / ".video", ignore_errors=True)
        if self.screenshot == "on" or (failed and self.screenshot == "only-on-failure"):
            shot = last_screenshot(record)
            if shot:
                self._copy(run_dir / shot, f"test-{'failed' if failed else 'finished'}-1{Path(shot).suffix}")

    def _copy(self, source: Path, name: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, self.folder / name)


def last_screenshot(record: JourneyRecord) -> str | None:
    walked = [s for s in record.stages if s.reached]
    for stage in reversed(walked):
        shot = (stage.failure.screenshot if stage.failure else None) or stage.screenshot
        if shot:
            return shot
    return None


def failure_message(record: JourneyRecord, run_dir: Path, threshold: str | None, file: str | None = None) -> str | None:
    """Why the item fails, for a QA person: where the shopper was lost, then each finding that fails it, each at its
    scenario line (`file:line`) where the file is known."""
    def at(line: int | None) -> str:
        return f" ({file}:{line})" if file and line else ""

    lines = []
    verdict = record.verdict(threshold)
    lost, failing = verdict.lost, verdict.failing
    if lost is not None and lost.stage is not None:
        why = lost.words if lost.step else f"({lost.reason})"
        lines.append(f"The shopper was lost at stage “{lost.stage}” {why}{at(lost.line)}")
        if lost.screenshot:
            lines.append(f"  screenshot: {run_dir / lost.screenshot}")
    elif record.status not in ("completed", "checks_failed"):
        lines.append(f"The journey could not be walked ({record.status}): {record.error or 'no reason given'}")
    for stage, step in verdict.failed_checks:
        lines.append(f"A check failed at stage “{stage.name}” {check_words(step)}{at(step.line or stage.line)}")
    if failing:
        lines.append(f"{len(failing)} finding{'s' if len(failing) != 1 else ''} {failing_reasons(failing, threshold)}:")
        for finding in failing:
            line = record.line_of(finding.stage, finding.evidence.step)
            lines.append(f"  [{finding.severity}] {finding.stage or 'whole journey'} · {finding.title}: "
                         f"{finding.insight}{at(line)}")
    return "\n".join(lines) if lines else None


def walks(config: pytest.Config):
    """This process's ProcessWalks, made at the first item (so a session without scenarios writes nothing)."""
    from .session import ProcessWalks

    if WALKS_KEY not in config.stash:
        worker = getattr(config, "workerinput", None)
        target = Path(worker["walkthrough_parts"]) / worker["workerid"] if worker else out_dir(config)
        config.stash[WALKS_KEY] = ProcessWalks(target, {"front_door": "pytest", "fail_on": fail_on(config)})
    return config.stash[WALKS_KEY]


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    interrupted = exitstatus == pytest.ExitCode.INTERRUPTED
    if WALKS_KEY in config.stash:
        walked = config.stash[WALKS_KEY]
        folder = walked.close(interrupted)
        if folder is not None and not hasattr(config, "workerinput"):
            from ..report import render_report

            render_report(folder.path)
            config.stash[REPORT_KEY] = folder.path
        if walked.stop_exit_code:
            session.exitstatus = walked.stop_exit_code  # SIGTERM 143, SIGHUP 129, as `walkthrough run` exits
    parts = config.stash.get(PARTS_KEY, None)
    if parts is not None and parts.exists():
        from ..ci.merge import merge_and_render

        workers = sorted(p for p in parts.iterdir() if p.is_dir())
        if workers:
            config.stash[REPORT_KEY] = merge_and_render(workers, out_dir(config), move=True).path
        shutil.rmtree(parts, ignore_errors=True)
    if REPORT_KEY in config.stash:
        config.stash[ANNOTATED_KEY] = ci_outputs(config, config.stash[REPORT_KEY])


def ci_outputs(config: pytest.Config, run_dir: Path) -> list[str]:
    """What `walkthrough run` writes for CI, from the session's run: JUnit where asked, the job summary where
    `$GITHUB_STEP_SUMMARY` names one; returns the annotations to print (on GitHub Actions)."""
    from ..ci.github import annotations, in_github_actions, write_step_summary
    from ..ci.junit import write_junit
    from ..results import load_results

    result = load_results(run_dir / "results.json")
    junit = config.getoption("--walkthrough-junit")
    if junit:
        write_junit(result, Path(config.invocation_params.dir, junit),
                    config.getoption("--walkthrough-junit-granularity"), run_dir)
    write_step_summary(run_dir)
    return annotations(result) if in_github_actions() else []


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    run_dir = config.stash.get(REPORT_KEY, None)
    if run_dir is not None:
        terminalreporter.write_sep("-", "walkthroughs")
        terminalreporter.write_line(f"results: {run_dir / 'results.json'}")
        terminalreporter.write_line(f"report:  {run_dir / 'report' / 'index.html'}")
        junit = config.getoption("--walkthrough-junit")
        if junit:
            terminalreporter.write_line(f"junit:   {junit}")
        for line in config.stash.get(ANNOTATED_KEY, []):  # GitHub reads workflow commands from the job's output
            terminalreporter.write_line(line)


class XdistHooks:
    """Under pytest-xdist, each worker walks into its own folder below one the controller names, then merges."""

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node) -> None:
        config = node.config
        if PARTS_KEY not in config.stash:
            config.stash[PARTS_KEY] = out_dir(config) / f".parts-{secrets.token_hex(4)}"
        node.workerinput["walkthrough_parts"] = str(config.stash[PARTS_KEY])
