"""The `walkthrough` command: a thin front door over the library; errors are one line and exit code 2."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import urllib.error
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import click
import yaml
from rich.console import Console
from rich.table import Table

from . import __version__
from .progress import LiveProgress, PlainProgress, seconds
from .results import SEVERITIES, RunResult
from .alerts import AlertConfig, AlertConfigError, load_alert_config
from .history import ENV_VARIABLE as HISTORY_ENV
from .retention import DEFAULT_KEEP
from .safety import ENVIRONMENTS
from .scenario import ScenarioError, load_scenarios
from .walk.browser import BrowserNotFound, RemoteBrowser
from .walk.journey import WalkSettings
from .verdict import failing_findings, friction_table
from .walk.run import RunFolder, RunOptions, plan_journeys, walk_run

EXIT_OK, EXIT_BROKEN, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)


def fail(message: str) -> "click.exceptions.Exit":
    errors.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return click.exceptions.Exit(EXIT_USAGE)


def fail_scenario(error: ScenarioError) -> "click.exceptions.Exit":
    """Scenario problems print as `file:line:col: message`, one per line, unwrapped so editors can jump to them."""
    errors.print(str(error), highlight=False, markup=False, soft_wrap=True)
    return click.exceptions.Exit(EXIT_USAGE)


def _duration_ms(value: str) -> float:
    from .scenario.model import parse_duration_ms

    try:
        return float(parse_duration_ms(value))
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def check_reachable(base_urls: set[str]) -> None:
    """A shop that cannot be reached is bad input, not a broken journey: say so before walking."""
    for url in sorted(base_urls):
        if not url.startswith(("http://", "https://")):
            continue
        try:
            urllib.request.urlopen(urllib.request.Request(url, method="GET"), timeout=10).close()
        except urllib.error.HTTPError:
            pass  # the server answered; the journey will judge the page
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            raise fail(f"cannot reach the shop at {url}: {reason}")


def playwright_devices() -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        return dict(playwright.devices)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="walkthrough")
def main() -> None:
    """A mystery shopper for web shops: walk customer journeys on desktop, tablet and mobile."""


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(files: tuple[Path, ...]) -> None:
    """Check scenario files without a browser."""
    try:
        scenarios = load_scenarios(list(files), device_descriptors=playwright_devices())
    except ScenarioError as error:
        raise fail_scenario(error)
    for scenario in scenarios:
        steps = sum(len(stage.steps) for stage in scenario.stages)
        console.print(f"ok  {getattr(scenario, 'source', '')}: {scenario.name} — {len(scenario.stages)} stages, {steps} steps",
                      highlight=False, markup=False)


@main.command()
@click.option("--results", "of_results", is_flag=True, help="The schema of results.json instead of the scenario format.")
def schema(of_results: bool) -> None:
    """Print the JSON Schema of the scenario format (for editors), or of results.json."""
    if of_results:
        click.echo(json.dumps(RunResult.model_json_schema(), indent=2))
        return
    from .scenario import scenario_json_schema

    click.echo(json.dumps(scenario_json_schema(), indent=2))


@main.command()
def detectors() -> None:
    """List the friction detectors: id, what they find, where they apply and their default thresholds."""
    from .friction.base import DEVICE_CLASSES
    from .friction.registry import all_detectors

    console.print("Friction detectors — tune or switch off with `detectors:` in a scenario or a stage\n", highlight=False)
    for detector in all_detectors():
        meta = detector.meta
        where = "" if set(meta.device_classes) == set(DEVICE_CLASSES) else f" (only on {', '.join(meta.device_classes)})"
        console.print(f"[bold]{meta.id}[/] — {meta.title}{where}", highlight=False)
        console.print(f"  {meta.description}", highlight=False, markup=False)
        if meta.defaults:
            console.print("  defaults: " + ", ".join(f"{key}: {json.dumps(value)}" for key, value in meta.defaults.items()),
                          highlight=False, markup=False)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--devices", help="Comma-separated device names or classes to walk (default: the scenario's).")
@click.option("--base-url", help="Walk this shop instead of the scenario's base_url.")
@click.option("--demo", is_flag=True, help="Start the bundled demo shop and walk it.")
@click.option("--demo-friction", "demo_frictions", multiple=True, metavar="ID",
              help="With --demo: switch on a friction of the demo shop (repeatable; see `demo-shop --list-frictions`).")
@click.option("--out", "out_dir", default="reports", show_default=True, type=click.Path(path_type=Path),
              help="Folder that receives the run folder.")
@click.option("--headed", is_flag=True, help="Show the browser.")
@click.option("--workers", type=click.IntRange(min=1), default=os.cpu_count() or 2, show_default="number of cores",
              help="Journeys walked at once.")
@click.option("--screenshots", type=click.Choice(["step", "stage", "failure"]), default="step", show_default=True,
              help="Screenshot after every step, at the end of every stage, or only on failure.")
@click.option("--trace", type=click.Choice(["retain-on-failure", "on", "off"]), default="retain-on-failure",
              show_default=True, help="Keep a Playwright trace.")
@click.option("--timeout", "timeout", default="10s", show_default=True, help="Default time limit of a step.")
@click.option("--junit", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Also write JUnit XML: one test case per stage × device, findings as failure text.")
@click.option("--shard", metavar="I/N", help="Walk only the I-th of N shares of the journeys (for a CI matrix; see `merge`).")
@click.option("--connect", metavar="WS_URL", help="Walk in a remote Playwright browser server (`playwright run-server`, a grid).")
@click.option("--remote-executable", metavar="PATH",
              help="With --connect: the Chromium the server should start (a server run with --unsafe and no browsers of its own).")
@click.option("--environment", type=click.Choice(ENVIRONMENTS),
              help="production: steps marked `commit: true` (placing the order, paying) are checked, not performed "
                   "(default: the scenario's environment).")
@click.option("--history", "history_file", type=click.Path(dir_okay=False, path_type=Path), envvar=HISTORY_ENV,
              help=f"Record the walk in this history file, compare it with earlier walks and send alerts (also ${HISTORY_ENV}).")
@click.option("--alerts", "alerts_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="With --history: alert settings, TOML or YAML (also $WALKTHROUGHS_ALERTS, WALKTHROUGHS_WEBHOOK_URL, "
                   "WALKTHROUGHS_SMTP_HOST…).")
@click.option("--keep", type=click.IntRange(min=1), default=DEFAULT_KEEP, show_default=True,
              help="With --history: run folders kept whole; older ones keep only results.json and evidence.json.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default="blocker", show_default=True,
              help="Exit with 1 when a finding is this severe or worse.")
@click.option("--lighthouse/--no-lighthouse", "lighthouse", default=None,
              help="Audit the stages' pages with Lighthouse, or not at all (default: where the scenario asks).")
@click.option("--lighthouse-stages", metavar="STAGES", help="Comma-separated stages to audit with Lighthouse.")
@click.option("--lighthouse-runs", type=click.IntRange(1, 9), help="Lighthouse audits per page; the median run is kept.")
@click.option("--paths", "paths", metavar="NAMES",
              help="Comma-separated paths of the scenarios to walk (`main` is the journey `stages` describe), or `all`.")
@click.option("--personas", "personas", metavar="NAMES", help="Comma-separated personas to walk as, or `all`.")
@click.option("--repeat", type=click.IntRange(min=1), default=1, show_default=True,
              help="Walk each journey N times: results keep every walk, the report shows median and p95 per stage.")
@click.option("--seed", type=int, help="Seed of `pick: random` steps, to replay a run's choices (default: a new one, "
                                       "recorded in results.json).")
@click.option("--no-detectors", "no_detectors", is_flag=True,
              help="Walk and time only: no gatherers (axe-core, layout, forms), no Web Vitals, no findings.")
@click.option("--baseline", type=click.Path(exists=True, path_type=Path), metavar="PATH",
              help="Compare the report with an earlier run (its folder or results.json): new, resolved and unchanged "
                   "findings, slower stages.")
def run(files, devices, base_url, demo, demo_frictions, out_dir, headed, workers, screenshots, trace, timeout, fail_on,
        lighthouse, lighthouse_stages, lighthouse_runs, environment,
        junit, shard, connect, remote_executable, history_file, alerts_file, keep, paths, personas, repeat, seed,
        no_detectors, baseline) -> None:
    """Walk scenarios on every device and record what a shopper meets."""
    try:
        scenarios = load_scenarios(list(files))
    except ScenarioError as error:
        raise fail_scenario(error)
    lighthouse_wanted = check_lighthouse(scenarios, lighthouse, lighthouse_stages, lighthouse_runs)
    walks = chosen_walks(scenarios, paths, personas, repeat, seed)
    if demo_frictions and not demo:
        raise fail("--demo-friction needs --demo")
    only = [d.strip() for d in devices.split(",") if d.strip()] if devices else None
    alerts = alert_settings(alerts_file) if history_file else None
    share = parse_shard(shard)
    if remote_executable and not connect:
        raise fail("--remote-executable needs --connect")
    with ExitStack() as stack:
        if demo:
            base_url = stack.enter_context(start_demo_shop(demo_frictions)).url
            console.print(f"Demo shop: {base_url}" + (f" (frictions: {', '.join(demo_frictions)})" if demo_frictions else ""),
                          highlight=False)
        try:
            plans = plan_journeys(scenarios, playwright_devices(), only, walks)
        except ScenarioError as error:
            raise fail_scenario(error)
        if not plans:
            raise fail(f"no device matches --devices {devices}")
        if share:
            plans = share.pick(plans)
            if not plans:
                raise fail(f"shard {share} has no journey to walk: there are fewer journeys than shards")
        check_reachable({base_url} if base_url else {s.base_url for s in scenarios if s.base_url})
        settings = WalkSettings(screenshots=screenshots, trace=trace, timeout_ms=_duration_ms(timeout), base_url=base_url,
                                environment=environment, gather=not no_detectors)
        options = RunOptions(out_dir=out_dir, devices=only, headed=headed, workers=workers, settings=settings,
                             assess=not no_detectors,
                             connect=RemoteBrowser(connect, remote_executable) if connect else None,
                             lighthouse=lighthouse_wanted)
        folder = RunFolder(out_dir, {"workers": workers, "screenshots": screenshots, "trace": trace,
                                     "base_url": base_url, "devices": only, "shard": shard, "environment": environment, "lighthouse": lighthouse,
                                     "lighthouse_stages": lighthouse_wanted.stages, "lighthouse_runs": lighthouse_runs,
                                     "paths": walks.paths, "personas": walks.personas, "repeat": repeat, "seed": walks.seed,
                                     "detectors": not no_detectors})
        code = walk_with_progress(plans, folder, options, fail_on, baseline.resolve() if baseline else None)
        if history_file:
            remember_run(folder, code, history_file, alerts, keep)
        write_ci_outputs(folder.result, junit, fail_on)
    raise click.exceptions.Exit(code)


@main.command()
@click.argument("run_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--threshold", "thresholds", multiple=True, metavar="DETECTOR.KEY=VALUE",
              help="Override a detector's threshold, e.g. slow-step.step_ms=1500 (repeatable).")
@click.option("--disable", "disabled", multiple=True, metavar="DETECTOR", help="Leave a detector out (repeatable).")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default="blocker", show_default=True,
              help="Exit with 1 when a finding is this severe or worse.")
def assess(run_dir: Path, thresholds: tuple[str, ...], disabled: tuple[str, ...], fail_on: str) -> None:
    """Re-judge a saved run with the friction detectors, without a browser, and rewrite its results and report."""
    from .assess import assess_run
    from .friction.registry import detector_ids
    from .results import ResultsVersionError

    known = detector_ids()
    overrides: dict[str, dict] = {}
    for text in thresholds:
        name, _, value = text.partition("=")
        detector, _, key = name.partition(".")
        if not value or not key or detector not in known:
            raise fail(f"--threshold {text!r}: expected DETECTOR.KEY=VALUE with a detector among {', '.join(known)}")
        overrides.setdefault(detector, {})[key] = yaml.safe_load(value)
    for detector in disabled:
        if detector not in known:
            raise fail(f"--disable {detector!r}: no such detector (known: {', '.join(known)})")
    if not (run_dir / "results.json").exists():
        raise fail(f"{run_dir} has no results.json: give the folder of a run")
    try:
        result = assess_run(run_dir, overrides, only=set(known) - set(disabled))
    except (ResultsVersionError, ValueError) as error:
        raise fail(str(error))
    console.print(friction_table(result))
    write_report(run_dir)
    failing = failing_findings(result, fail_on)
    raise click.exceptions.Exit(EXIT_BROKEN if failing or result.status != "completed" else EXIT_OK)


def chosen_walks(scenarios, paths: str | None, personas: str | None, repeat: int, seed: int | None):
    """The paths, personas, repeats and seed asked for, checked against the scenarios."""
    from .scenario.paths import UnknownName, chosen
    from .walk.variants import Walks, new_seed

    try:
        return Walks(paths=chosen(paths.split(",") if paths else None, scenarios, "paths"),
                     personas=chosen(personas.split(",") if personas else None, scenarios, "personas"),
                     repeat=repeat, seed=new_seed() if seed is None else seed)
    except UnknownName as error:
        raise fail(str(error))


def check_lighthouse(scenarios, enabled: bool | None, stages: str | None, runs: int | None):
    """The command line's Lighthouse wishes, checked against the scenarios; one warning when Lighthouse cannot run."""
    from .lighthouse import LighthouseChoice, NodeToolsMissing, UnknownLighthouseStage, find_tools, lighthouse_plans

    names = tuple(name.strip() for name in stages.split(",") if name.strip()) if stages else None
    choice = LighthouseChoice(enabled=enabled, stages=names, runs=runs)
    try:
        plans = lighthouse_plans(scenarios, choice)
    except UnknownLighthouseStage as error:
        raise fail(str(error))
    if plans:
        try:
            find_tools()
        except NodeToolsMissing as error:
            errors.print(f"[bold yellow]warning:[/] page speed will not be audited — {error}. The walk goes on.",
                         highlight=False, soft_wrap=True)
    return choice


def start_demo_shop(frictions: tuple[str, ...]):
    from .demo_shop import FRICTIONS, DemoShop

    unknown = [f for f in frictions if f not in {x.id for x in FRICTIONS}]
    if unknown:
        raise fail(f"unknown demo friction {unknown[0]!r}; `walkthrough demo-shop --list-frictions` lists them")
    return DemoShop(port=0, frictions=list(frictions))


def walk_with_progress(plans, folder: RunFolder, options: RunOptions, fail_on: str = "blocker",
                       baseline: Path | None = None) -> int:
    console.print(f"Run {folder.run_id}: {len(plans)} journeys → {folder.path}", highlight=False)
    progress = LiveProgress(console, [p.record for p in plans]) if console.is_terminal else PlainProgress(console)
    interrupted = False
    try:
        asyncio.run(walk_run(plans, folder, options, progress))
    except KeyboardInterrupt:
        interrupted = True
    except BrowserNotFound as error:
        progress.close()
        raise fail(str(error))
    finally:
        progress.close()
        folder.finish(interrupted=interrupted)
    print_summary(folder.result)
    if options.assess:
        console.print(friction_table(folder.result))
    else:
        console.print("Friction detectors off (--no-detectors): no findings were looked for.", highlight=False)
    console.print(f"Results: {folder.results_path}", highlight=False)
    write_report(folder.path, baseline)
    if interrupted:
        return EXIT_INTERRUPTED
    failing = failing_findings(folder.result, fail_on)
    if failing:
        console.print(f"{failing} finding(s) at or above “{fail_on}”.", highlight=False)
    return EXIT_OK if folder.result.status == "completed" and not failing else EXIT_BROKEN


def print_summary(result: RunResult) -> None:
    from .report.walks import walk_label

    table = Table(title="Journeys")
    for column in ("journey", "device", "status", "time", "where it broke"):
        table.add_column(column)
    for journey in result.journeys:
        failed_stage = next((s for s in journey.stages if s.status == "failed"), None)
        failed_step = next((st for st in failed_stage.steps if st.error), None) if failed_stage else None
        where = ""
        if failed_stage:
            where = f"{failed_stage.name}: " + (failed_step.error.message if failed_step else "")
        elif journey.error:
            where = journey.error
        style = "green" if journey.status == "completed" else "bold red"
        table.add_row(journey.scenario, walk_label(journey), f"[{style}]{journey.status}[/]",
                      seconds(journey.duration_ms), where)
    console.print(table)


def write_report(run_dir: Path, baseline: Path | None = None) -> None:
    """Render the run's report, say where it is, and add its summary to a GitHub Actions job summary."""
    from .report import render_report

    try:
        index = render_report(run_dir, baseline)
    except (OSError, ValueError) as error:
        errors.print(f"[bold yellow]warning:[/] the report could not be written: {error}", highlight=False)
        return
    console.print(f"Report: {index.resolve()}", highlight=False)
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    summary = index.parent / "summary.md"
    if step_summary and summary.exists():
        with open(step_summary, "a", encoding="utf-8") as out:
            out.write(summary.read_text(encoding="utf-8"))


@main.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path), metavar="RESULTS.json|RUN_DIR")
@click.option("--baseline", type=click.Path(exists=True, path_type=Path), metavar="PATH",
              help="An earlier run (its folder or results.json): new, resolved and unchanged findings, slower stages.")
@click.option("--open", "open_report", is_flag=True, help="Open the report in the default browser.")
def report(path: Path, baseline: Path | None, open_report: bool) -> None:
    """Render a run's report again from its results.json, without a new walk."""
    import webbrowser

    from .report import render_report, run_folder

    try:
        index = render_report(run_folder(path), baseline)
    except (OSError, ValueError) as error:
        raise fail(f"cannot read the run: {error}")
    console.print(f"Report: {index.resolve()}", highlight=False)
    if open_report:
        webbrowser.open(index.resolve().as_uri())


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--switch", "switches", multiple=True, metavar="ID",
              help="Only this demo-shop switch (repeatable; default: every switch).")
@click.option("--devices", help="Comma-separated device names or classes to walk (default: the scenario's).")
@click.option("--out", "out_dir", default="reports", show_default=True, type=click.Path(path_type=Path),
              help="Folder that receives the run folder.")
@click.option("--workers", type=click.IntRange(min=1), default=2 * (os.cpu_count() or 2),
              show_default="twice the number of cores", help="Journeys walked at once (most of their time is waiting).")
@click.option("--timeout", "timeout", default="6s", show_default=True, help="Default time limit of a step.")
def calibrate(file: Path, switches: tuple[str, ...], devices: str | None, out_dir: Path, workers: int,
              timeout: str) -> None:
    """Walk the demo journey with each friction switch alone and on the clean shop: how well do the detectors see?

    Prints switch → expected → found, and precision and recall per detector. Exits 1 when a switch is
    missed or the clean shop has a major or blocker finding.
    """
    from .calibrate import calibrate as run_calibration
    from .calibration_output import JourneyLines, print_calibration
    from .demo_shop import FRICTIONS
    from .friction.registry import detector_ids

    unknown = sorted(set(switches) - {f.id for f in FRICTIONS})
    if unknown:
        raise fail(f"unknown demo friction {unknown[0]!r}; `walkthrough demo-shop --list-frictions` lists them")
    for friction in (f for f in FRICTIONS if f.id in switches and not f.on_one_main_walk):
        how = f"--paths {friction.path}" if friction.path else f"--repeat {friction.walks} --workers 1 --devices desktop"
        raise fail(f"{friction.id} does not show on one walk of the main journey, which is what calibrate walks; "
                   f"walk it with `walkthrough run --demo {file} --demo-friction {friction.id} {how}`")
    only_devices = [d.strip() for d in devices.split(",") if d.strip()] if devices else None
    try:
        calibration = run_calibration(file, out_dir, playwright_devices(), only_devices, switches or None, workers,
                                      _duration_ms(timeout), JourneyLines(console))
    except ScenarioError as error:
        raise fail_scenario(error)
    except BrowserNotFound as error:
        raise fail(str(error))
    print_calibration(console, calibration, set(detector_ids()))
    raise click.exceptions.Exit(EXIT_OK if calibration.passed else EXIT_BROKEN)


@main.command("demo-shop")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--friction", "frictions", multiple=True, metavar="ID", help="Switch on a friction (repeatable).")
@click.option("--list-frictions", is_flag=True, help="List the friction switches and exit.")
def demo_shop(port: int, frictions: tuple[str, ...], list_frictions: bool) -> None:
    """Serve the bundled demo shop on 127.0.0.1."""
    from .demo_shop import FRICTIONS, serve

    if list_frictions:
        table = Table(title="Demo shop friction switches")
        for column in ("id", "stage", "devices", "expected detector", "what it does"):
            table.add_column(column)
        for friction in FRICTIONS:
            expected = friction.expected if isinstance(friction.expected, str) else ", ".join(friction.expected)
            table.add_row(friction.id, friction.stage, ", ".join(friction.devices), expected, friction.description)
        console.print(table)
        return
    known = {f.id for f in FRICTIONS}
    for friction in frictions:
        if friction not in known:
            raise fail(f"unknown friction {friction!r}; --list-frictions lists them")
    console.print(f"Demo shop on http://127.0.0.1:{port} — Ctrl-C stops it", highlight=False)
    try:
        serve(port=port, frictions=list(frictions))
    except OSError as error:
        raise fail(f"cannot serve on port {port}: {error}")


def parse_shard(text: str | None):
    from .shard import Shard

    if not text:
        return None
    try:
        return Shard.parse(text)
    except ValueError as error:
        raise fail(str(error))


def write_ci_outputs(result: RunResult, junit: Path | None, fail_on: str) -> None:
    """JUnit XML where asked; on GitHub Actions, every finding and lost shopper as a workflow annotation."""
    from .github_annotations import annotations, in_github_actions
    from .junit import write_junit

    if junit:
        write_junit(result, junit, fail_on)
        console.print(f"JUnit: {junit}", highlight=False)
    if in_github_actions():
        for line in annotations(result):
            click.echo(line)


@main.command()
@click.argument("runs", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out_dir", default="reports", show_default=True, type=click.Path(path_type=Path),
              help="Folder that receives the merged run folder.")
@click.option("--junit", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE", help="Also write JUnit XML.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default="blocker", show_default=True,
              help="Exit with 1 when a finding is this severe or worse.")
def merge(runs: tuple[Path, ...], out_dir: Path, junit: Path | None, fail_on: str) -> None:
    """Combine the runs of several shards (run folders or their reports folders) into one run and one report."""
    from .merge import MergeError, merge_runs
    from .results import ResultsVersionError
    from .verdict import failing_findings

    try:
        folder = merge_runs(list(runs), out_dir)
    except (MergeError, ResultsVersionError) as error:
        raise fail(str(error))
    console.print(f"Merged {len(runs)} runs: {len(folder.result.journeys)} journeys → {folder.path}", highlight=False)
    print_summary(folder.result)
    console.print(f"Results: {folder.results_path}", highlight=False)
    write_report(folder.path)
    write_ci_outputs(folder.result, junit, fail_on)
    failing = failing_findings(folder.result, fail_on)
    raise click.exceptions.Exit(EXIT_OK if folder.result.status == "completed" and not failing else EXIT_BROKEN)


def alert_settings(path: Path | None) -> AlertConfig:
    try:
        return load_alert_config(path)
    except AlertConfigError as error:
        raise fail(str(error))


def remember_run(folder: RunFolder, code: int, history_file: Path, alerts: AlertConfig, keep: int) -> None:
    """`run --history`: the same record, regressions, alerts and pruning as a watched walk."""
    from .history import HistoryVersionError
    from .watch import WalkOutcome, describe, record_walk

    status = "interrupted" if code == EXIT_INTERRUPTED else folder.result.status
    outcome = WalkOutcome(folder.result.started_at, status, None, folder.path)
    try:
        recorded = record_walk(history_file, outcome, alerts, keep)
    except HistoryVersionError as error:
        raise fail(str(error))
    for line in describe(recorded):
        console.print(line, highlight=False, markup=False)


@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("run_args", nargs=-1, required=True, type=click.UNPROCESSED, metavar="SCENARIO... [RUN OPTIONS]")
@click.option("--every", metavar="INTERVAL", help="Walk this often: 30s, 15m, 1h.")
@click.option("--cron", metavar="SCHEDULE", help='Walk on a cron schedule in local time, e.g. "*/15 * * * *".')
@click.option("--time-limit", metavar="DURATION",
              help="Stop a walk that takes longer and record it as failed (default: the interval, 5 to 30 minutes).")
@click.option("--max-walks", type=click.IntRange(min=1), help="Stop after this many walks.")
@click.option("--out", "out_dir", default="reports", show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder that receives the run folders.")
@click.option("--history", "history_file", type=click.Path(dir_okay=False, path_type=Path),
              help=f"History file (default: ${HISTORY_ENV}, else OUT/history.sqlite).")
@click.option("--alerts", "alerts_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Alert settings, TOML or YAML (also $WALKTHROUGHS_ALERTS, WALKTHROUGHS_WEBHOOK_URL, WALKTHROUGHS_SMTP_HOST…).")
@click.option("--keep", type=click.IntRange(min=1), default=DEFAULT_KEEP, show_default=True,
              help="Run folders kept whole; older ones keep only results.json and evidence.json.")
def watch(run_args, every, cron, time_limit, max_walks, out_dir, history_file, alerts_file, keep) -> None:
    """Walk scenarios on a schedule until stopped (Ctrl-C); every option `watch` does not know goes to `run`.

    Each walk runs in a fresh process with a time limit; it is recorded in the history, compared with
    the recent good walks, and regressions are alerted once, reminded, and announced when they recover.
    """
    from .history import history_path
    from .schedule import Cron, Schedule, ScheduleError, parse_interval
    from .watch import WatchPlan, time_limit_default, watch as watch_schedule

    if bool(every) == bool(cron):
        raise fail("say when to walk: --every INTERVAL or --cron SCHEDULE (one of them)")
    try:
        schedule = Schedule(every=parse_interval(every)) if every else Schedule(cron=Cron.parse(cron))
        limit_s = parse_interval(time_limit) if time_limit else time_limit_default(schedule.every)
    except ScheduleError as error:
        raise fail(str(error))
    files = [Path(arg) for arg in run_args if not arg.startswith("-") and arg.endswith((".yaml", ".yml"))]
    if not files:
        raise fail("name the scenario files to walk")
    try:
        scenarios = load_scenarios(files)
    except ScenarioError as error:
        raise fail_scenario(error)
    plan = WatchPlan(run_args=tuple(run_args), out_dir=out_dir, schedule=schedule, time_limit_s=limit_s,
                     history=history_path(history_file, out_dir), alerts=alert_settings(alerts_file),
                     scenarios=tuple(s.name for s in scenarios), keep=keep, max_walks=max_walks)
    raise click.exceptions.Exit(watch_schedule(plan, lambda line: console.print(line, highlight=False, markup=False)))


@main.command()
@click.option("--history", "history_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help=f"History file (default: ${HISTORY_ENV}, else reports/history.sqlite).")
@click.option("--last", type=click.IntRange(min=1), default=20, show_default=True, help="How many walks to show.")
@click.option("--scenario", help="Only walks of this scenario.")
def history(history_file, last, scenario) -> None:
    """Recent walks, per-stage trends (median, last, change) and open incidents, from the history file."""
    from .history import History, HistoryVersionError, history_path
    from .history_table import incidents_table, stage_trend_table, walks_table
    from .trends import load_trends

    path = history_path(history_file)
    if not path.exists():
        raise fail(f"no history at {path}: `walkthrough watch` or `walkthrough run --history` writes one")
    try:
        with History(path) as store:
            trends = load_trends(store, last, scenario)
            open_incidents = store.open_incidents()
    except HistoryVersionError as error:
        raise fail(str(error))
    if not trends.walks:
        console.print(f"No walks recorded{f' for {scenario}' if scenario else ''} in {path}.", highlight=False)
        return
    console.print(walks_table(trends))
    console.print(stage_trend_table(trends))
    if open_incidents:
        console.print(incidents_table(open_incidents))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
