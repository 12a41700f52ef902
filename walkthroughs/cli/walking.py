"""`run`: walk scenarios on every device, show it as it happens, and write results, report and CI outputs."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from contextlib import ExitStack
from pathlib import Path

import click
import cloup

from ..ci.junit import GRANULARITIES
from ..demo_shop.shops import DEFAULT_SHOP, DEMO_SHOPS
from ..errors import INTERRUPTED_CODES, OutputUnwritable
from ..lighthouse import port_in_use
from ..pipeline import load_scenarios, plan_journeys, walk_run
from ..results import SEVERITIES
from ..run_folder import RunFolder
from ..safety import ENVIRONMENTS
from ..walk.browser import RemoteBrowser, playwright_devices
from ..walk.journey import WalkSettings
from ..walk.run import RunOptions
from ..watch.history import ENV_VARIABLE as HISTORY_ENV
from ..watch.retention import DEFAULT_KEEP
from .common import (
    EXIT_BROKEN,
    EXIT_INTERRUPTED,
    EXIT_OK,
    check_reachable,
    console,
    duration_ms,
    errors,
    fail,
)
from .outputs import (
    print_detector_problems,
    print_exit,
    print_lighthouse,
    print_problems,
    print_summary,
    run_summary,
    write_ci_outputs,
    write_report,
)
from .progress import LiveProgress, PlainProgress
from .scenarios import print_warnings
from .tables import friction_table, print_table


def demo_option_args(args: list[str]) -> list[str]:
    """`--demo` alone means the classic demo shop, `--demo spa` names one: written out as `--demo=NAME` for click.

    Click has no option whose value may be left out in front of a positional argument (`--demo scenarios/x.yaml`
    would take the scenario for the shop's name), so the arguments are read here first.
    """
    written: list[str] = []
    rest = iter(args)
    for arg in rest:
        if arg == "--":
            written += [arg, *rest]
        elif arg == "--demo":
            name = next(rest, None)
            if name in DEMO_SHOPS:
                written.append(f"--demo={name}")
            else:
                written.append(f"--demo={DEFAULT_SHOP}")
                written += [] if name is None else [name, *rest] if name == "--" else [name]
        else:
            written.append(arg)
    return written


class RunCommand(cloup.Command):
    """`run`, with `--demo [SHOP]` read as `demo_option_args` says, and its options in groups (cloup: click has no
    groups of its own; cloup keeps each option's help beside its definition and plain text in CI logs)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, demo_option_args(args))


SCREENSHOT_MODES = {"on": "step", "only-on-failure": "failure", "off": "failure"}  # pytest-playwright's → ours
EXAMPLES = """Examples:

\b
  walkthrough run --demo scenarios/demo-shop.yaml
  walkthrough run scenarios/ --base-url https://staging.example.com --fail-on major --junit reports/junit.xml
  walkthrough run scenarios/ --device mobile --device desktop --tracing on --screenshot only-on-failure
  walkthrough run scenarios/ --shard 2/3 --pass-with-no-journeys --output shard
  walkthrough run --demo scenarios/demo-shop.yaml --lighthouse --lighthouse-port 9222 --demo-port 8000
  walkthrough run scenarios/my-shop.yaml --environment production --history walks.jsonl

Old names still work: --out (--output), --devices (--device), --trace (--tracing), --screenshots (--screenshot)."""


@cloup.command(cls=RunCommand, epilog=EXAMPLES, formatter_settings=cloup.HelpFormatter.settings(max_width=120))
@cloup.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@cloup.option_group(
    "What to walk",
    cloup.option("--device", "--devices", "devices", multiple=True, metavar="NAMES",
                 help="Device names or classes to walk, repeatable or comma-separated (default: the scenario's)."),
    cloup.option("--base-url", help="Walk this shop instead of the scenario's base_url."),
    cloup.option("--demo", type=click.Choice(list(DEMO_SHOPS)), metavar="[SHOP]",
                 help="Start a bundled demo shop and walk it: `--demo` the classic one, `--demo spa` the single-page "
                      "one."),
    cloup.option("--demo-friction", "demo_frictions", multiple=True, metavar="ID",
                 help="With --demo: switch on a friction of the demo shop (repeatable; see "
                      "`demo-shop --list-frictions`)."),
    cloup.option("--demo-port", type=click.IntRange(1, 65535), metavar="PORT",
                 help="With --demo: serve the demo shop on this port of 127.0.0.1 (default: a free one)."),
    cloup.option("--paths", "paths", metavar="NAMES",
                 help="Comma-separated paths of the scenarios to walk (`main` is the journey `stages` describe), "
                      "or `all`."),
    cloup.option("--personas", "personas", metavar="NAMES", help="Comma-separated personas to walk as, or `all`."),
    cloup.option("--strict", is_flag=True,
                 help="End a journey at its first failure, a failed check's too, without walking a broken stage's "
                      "`resume:` steps (as `on_failure: stop` does)."),
    cloup.option("--repeat", type=click.IntRange(min=1), default=1, show_default=True,
                 help="Walk each journey N times: results keep every walk, the report shows median and p95 per stage."),
    cloup.option("--seed", type=int, help="Seed of `pick: random` steps, to replay a run's choices (default: a new "
                                          "one, recorded in results.json)."),
    cloup.option("--browser", "browsers", multiple=True, type=click.Choice(["chromium", "firefox", "webkit"]),
                 help="chromium (the only one: the walk measures pages through the Chrome DevTools Protocol)."),
    cloup.option("--headed", is_flag=True, help="Show the browser."),
    cloup.option("--workers", type=click.IntRange(min=1), default=os.cpu_count() or 2, show_default="number of cores",
                 help="Journeys walked at once."),
    cloup.option("--timeout", "timeout", default="10s", show_default=True, help="Default time limit of a step."),
    cloup.option("--connect", metavar="WS_URL",
                 help="Walk in a remote Playwright browser server (`playwright run-server`, a grid)."),
    cloup.option("--remote-executable", metavar="PATH",
                 help="With --connect: the Chromium the server should start (a server run with --unsafe and no "
                      "browsers of its own)."),
)
@cloup.option_group(
    "Evidence",
    cloup.option("--output", "--out", "out_dir", default="reports", show_default=True, type=click.Path(path_type=Path),
                 help="Folder that receives the run folder."),
    cloup.option("--screenshot", "--screenshots", "screenshots", default="step", show_default=True,
                 type=click.Choice(["step", "stage", "failure", "on", "only-on-failure", "off"]),
                 help="step: after every step (a storyboard); stage: at the end of every stage; failure: at the end "
                      "of passed stages and where a stage fails. pytest-playwright's names: on = step, "
                      "only-on-failure = failure, off = failure (a walk keeps the pictures its findings point at)."),
    cloup.option("--tracing", "--trace", "trace", type=click.Choice(["retain-on-failure", "on", "off"]),
                 default="retain-on-failure", show_default=True, help="Keep a Playwright trace of each journey."),
    cloup.option("--no-detectors", "no_detectors", is_flag=True,
                 help="Walk and time only: no gatherers (axe-core, layout, forms), no Web Vitals, no findings."),
    cloup.option("--baseline", type=click.Path(exists=True, path_type=Path), metavar="PATH",
                 help="Compare with an earlier run (its folder or results.json): each stage's screen against the "
                      "same stage there (visual-regression), and in the report new, resolved and unchanged findings, "
                      "slower stages."),
)
@cloup.option_group(
    "Page speed",
    cloup.option("--lighthouse/--no-lighthouse", "lighthouse", default=None,
                 help="Audit the stages' pages with Lighthouse, or not at all (default: where the scenario asks)."),
    cloup.option("--lighthouse-stages", metavar="STAGES", help="Comma-separated stages to audit with Lighthouse."),
    cloup.option("--lighthouse-runs", type=click.IntRange(1, 9),
                 help="Lighthouse audits per page; the median run is kept."),
    cloup.option("--lighthouse-port", type=click.IntRange(1, 65535), metavar="PORT",
                 help="Chromium's remote-debugging port on 127.0.0.1, which Lighthouse attaches to (default: a free "
                      "one), for machines where ports are allow-listed."),
)
@cloup.option_group(
    "CI",
    cloup.option("--fail-on", type=click.Choice(SEVERITIES), default="blocker", show_default=True,
                 help="Exit with 1 when a finding is this severe or worse (a Lighthouse CI `error` assertion always "
                      "fails the run, a `warn` never does)."),
    cloup.option("--junit", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
                 help="Also write JUnit XML, with each case's scenario file and line."),
    cloup.option("--junit-granularity", type=click.Choice(GRANULARITIES), default="journey", show_default=True,
                 help="journey: a case per journey, named as pytest names the plugin's items "
                      "(scenarios.shop.yaml · checkout[mobile]); stage: a case per stage."),
    cloup.option("--shard", metavar="I/N",
                 help="Walk only the I-th of N shares of the journeys (for a CI matrix; see `merge`)."),
    cloup.option("--pass-with-no-journeys", is_flag=True,
                 help="Exit with 0 when there is no journey to walk (an empty shard) instead of 2."),
    cloup.option("--json", "as_json", is_flag=True,
                 help="Print the run's summary as JSON on stdout (journeys, top findings, exit code and reason, "
                      "where the results and report are); what is printed along the way goes to stderr."),
)
@cloup.option_group(
    "Production",
    cloup.option("--environment", type=click.Choice(ENVIRONMENTS),
                 help="production: a step that would place the order, pay or subscribe — marked `commit: true` or "
                      "recognised on the page — is checked, not performed, and the network guard holds committing "
                      "requests (default: the scenario's environment)."),
    cloup.option("--allow-unguarded", is_flag=True,
                 help="In production, walk a scenario whose purchase stage has no step marked `commit:` or "
                      "recognisable as committing, relying on the words on the page and the network guard."),
    cloup.option("--history", "history_file", type=click.Path(dir_okay=False, path_type=Path), envvar=HISTORY_ENV,
                 help=f"Record the walk in this history file, compare it with earlier walks and send alerts "
                      f"(also ${HISTORY_ENV})."),
    cloup.option("--alerts", "alerts_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                 help="With --history: alert settings, TOML or YAML (also $WALKTHROUGHS_ALERTS, "
                      "WALKTHROUGHS_WEBHOOK_URL, WALKTHROUGHS_SMTP_HOST…)."),
    cloup.option("--keep", type=click.IntRange(min=1), default=DEFAULT_KEEP, show_default=True,
                 help="With --history: run folders kept whole; older ones keep only results.json and evidence.json."),
    cloup.option("--report-url", metavar="BASE",
                 help="With --history: where the OUT folder is published, so alerts and trend bars link to "
                      "BASE/<run>/report/index.html (also $WALKTHROUGHS_REPORT_URL)."),
)
def run(files, devices, base_url, demo, demo_frictions, demo_port, paths, personas, strict, repeat, seed, browsers,
        headed, workers, timeout, connect, remote_executable, out_dir, screenshots, trace, no_detectors, baseline,
        lighthouse, lighthouse_stages, lighthouse_runs, lighthouse_port, fail_on, junit, junit_granularity, shard,
        pass_with_no_journeys, as_json, environment, allow_unguarded, history_file, alerts_file, keep,
        report_url) -> None:
    """Walk scenarios on every device and record what a shopper meets."""
    if as_json:
        console.file = sys.stderr  # stdout carries the JSON alone; the next command in this process prints on stdout
        click.get_current_context().call_on_close(lambda: setattr(console, "file", None))
    refuse_other_browsers(browsers)
    screenshots = SCREENSHOT_MODES.get(screenshots, screenshots)
    scenarios = load_scenarios(list(files))
    if baseline:
        readable_run(baseline, "--baseline")
    print_warnings(scenarios)
    warn_short_secrets(scenarios)
    check_safety(scenarios, environment, base_url, allow_unguarded)
    lighthouse_wanted = check_lighthouse(scenarios, lighthouse, lighthouse_stages, lighthouse_runs, lighthouse_port)
    walks = chosen_walks(scenarios, paths, personas, repeat, seed)
    if (demo_frictions or demo_port) and not demo:
        raise fail(f"{'--demo-friction' if demo_frictions else '--demo-port'} needs --demo")
    only = [name.strip() for value in devices for name in value.split(",") if name.strip()] or None
    alerts = alert_settings(alerts_file) if history_file else None
    report_url = checked_report_url(report_url) if history_file else None
    share = parse_shard(shard)
    if remote_executable and not connect:
        raise fail("--remote-executable needs --connect")
    options_record = {"workers": workers, "screenshots": screenshots, "trace": trace, "base_url": base_url,
                      "devices": only, "shard": shard, "environment": environment, "lighthouse": lighthouse,
                      "lighthouse_stages": lighthouse_wanted.stages, "lighthouse_runs": lighthouse_runs,
                      "lighthouse_port": lighthouse_port, "demo_port": demo_port,
                      "paths": walks.paths, "personas": walks.personas, "repeat": repeat, "seed": walks.seed,
                      "detectors": not no_detectors, "strict": strict}
    plans = plan_journeys(scenarios, playwright_devices(), only, walks)
    if not plans:
        raise fail(f"no device matches --device {','.join(only or [])}")
    if share:
        plans = share.pick(plans)
        if not plans:
            if not pass_with_no_journeys:
                raise fail(f"shard {share} has no journey to walk: there are fewer journeys than shards "
                           "(--pass-with-no-journeys makes that a pass)")
            walk_nothing(out_dir, options_record, fail_on, junit, junit_granularity, share)
    with ExitStack() as stack:
        if demo:
            if demo_port and port_in_use(demo_port):
                raise fail(f"--demo-port {demo_port}: something else already listens on 127.0.0.1:{demo_port}")
            base_url = stack.enter_context(start_demo_shop(demo, demo_frictions, demo_port or 0)).url
            label = "Demo shop" if demo == DEFAULT_SHOP else f"Demo shop {demo}"
            switched = f" (frictions: {', '.join(demo_frictions)})" if demo_frictions else ""
            console.print(f"{label}: {base_url}{switched}", highlight=False)
            options_record["base_url"] = base_url
        check_reachable({base_url} if base_url else {s.base_url for s in scenarios if s.base_url})
        settings = WalkSettings(screenshots=screenshots, trace=trace, timeout_ms=duration_ms(timeout),
                                base_url=base_url, environment=environment, gather=not no_detectors, strict=strict)
        options = RunOptions(out_dir=out_dir, devices=only, headed=headed, workers=workers, settings=settings,
                             assess=not no_detectors,
                             connect=RemoteBrowser(connect, remote_executable) if connect else None,
                             lighthouse=lighthouse_wanted)
        folder = RunFolder(out_dir, options_record, fail_on=fail_on)
        code = walk_with_progress(plans, folder, options, baseline.resolve() if baseline else None)
        if history_file:
            remember_run(folder, code, history_file, alerts, keep, report_url)
        write_ci_outputs(folder.result, folder.path, junit, junit_granularity)
    print_exit(folder.result, code)
    if as_json:
        click.echo(json.dumps(run_summary(folder.result, folder.path, code), indent=2))
    raise click.exceptions.Exit(code)


def readable_run(path: Path, option: str) -> None:
    """An earlier run given as an option must be readable before anything is walked."""
    from ..report.baseline import load_baseline

    try:
        load_baseline(path)
    except (OSError, ValueError) as error:
        raise fail(f"{option} {path}: not a run this version can read ({error})")


def check_safety(scenarios, environment: str | None, base_url: str | None, allow_unguarded: bool) -> None:
    """Before anything starts: the shop is a web address, the commit words can be read, and a production walk knows
    where the shopper commits — or is told to rely on the page (--allow-unguarded), with a warning."""
    from ..safety import refuse_unguarded, unguarded, words_for
    from ..scenario.model import base_url_problem

    if base_url and (problem := base_url_problem(base_url)):
        raise fail(problem.replace("base_url", "--base-url", 1))
    for scenario in scenarios:
        words_for(scenario)
    if not allow_unguarded:
        refuse_unguarded(scenarios, environment)
        return
    for scenario in scenarios:
        if (environment or scenario.environment) == "production":
            for problem in unguarded(scenario):
                errors.print(f"[bold yellow]warning:[/] {problem}; walking it anyway (--allow-unguarded): each "
                             "button is judged on the page and the network guard holds committing requests.",
                             highlight=False, soft_wrap=True)


def refuse_other_browsers(browsers: tuple[str, ...]) -> None:
    others = [name for name in browsers if name != "chromium"]
    if others:
        raise fail(f"--browser {others[0]}: walkthroughs walks in Chromium only (it measures pages through the Chrome "
                   "DevTools Protocol); use --browser chromium or leave it out")


def walk_nothing(out_dir: Path, options: dict, fail_on: str, junit: Path | None, granularity: str, share) -> None:
    """An empty shard with --pass-with-no-journeys: an empty run (so `merge` and the test report find one), exit 0."""
    folder = RunFolder(out_dir, options, fail_on=fail_on)
    folder.finish()
    console.print(f"Shard {share} has no journey to walk: nothing to do (--pass-with-no-journeys). Results: "
                  f"{folder.results_path}", highlight=False)
    write_ci_outputs(folder.result, folder.path, junit, granularity)
    raise click.exceptions.Exit(EXIT_OK)


def chosen_walks(scenarios, paths: str | None, personas: str | None, repeat: int, seed: int | None):
    """The paths, personas, repeats and seed asked for, checked against the scenarios."""
    from ..scenario.paths import chosen
    from ..walk.variants import Walks, new_seed

    return Walks(paths=chosen(paths.split(",") if paths else None, scenarios, "paths"),
                 personas=chosen(personas.split(",") if personas else None, scenarios, "personas"),
                 repeat=repeat, seed=new_seed() if seed is None else seed)


def warn_short_secrets(scenarios) -> None:
    from rich.markup import escape

    from ..safety.secrets import short_secret_warnings

    for scenario in scenarios:
        for warning in short_secret_warnings(scenario):
            errors.print(f"[bold yellow]warning:[/] {escape(warning)}", highlight=False, soft_wrap=True)


def check_lighthouse(scenarios, enabled: bool | None, stages: str | None, runs: int | None, port: int | None):
    """The command line's Lighthouse wishes, checked against the scenarios; one warning when Lighthouse cannot run,
    and one for each part of a Lighthouse CI config that is left out."""
    from ..lighthouse import (
        LighthouseChoice,
        NodeToolsMissing,
        find_tools,
        lighthouse_plans,
        port_in_use,
    )

    names = tuple(name.strip() for name in stages.split(",") if name.strip()) if stages else None
    choice = LighthouseChoice(enabled=enabled, stages=names, runs=runs, port=port)
    plans = lighthouse_plans(scenarios, choice)
    if plans:
        if port and port_in_use(port):
            raise fail(f"--lighthouse-port {port}: something else already listens on 127.0.0.1:{port}")
        try:
            find_tools()
        except NodeToolsMissing as error:
            errors.print(f"[bold yellow]warning:[/] page speed will not be audited — {error}. The walk goes on.",
                         highlight=False, soft_wrap=True)
        for note in dict.fromkeys(note for plan in plans.values() for note in plan.notes):
            errors.print(f"[bold yellow]note:[/] {note}.", highlight=False, soft_wrap=True)
    return choice


def start_demo_shop(name: str, frictions: tuple[str, ...], port: int = 0):
    shop = DEMO_SHOPS[name]
    unknown = [f for f in frictions if f not in shop.frictions_by_id]
    if unknown:
        listing = "demo-shop --list-frictions" if name == DEFAULT_SHOP else f"demo-shop --shop {name} --list-frictions"
        raise fail(f"unknown demo friction {unknown[0]!r}; `walkthrough {listing}` lists them")
    return shop.start(port=port, frictions=list(frictions))


def walk_with_progress(plans, folder: RunFolder, options: RunOptions, baseline: Path | None = None) -> int:
    """Walk, then write results and report; Ctrl-C, SIGTERM and SIGHUP end the walk early but not the writing
    (exit 130, 143, 129), a second signal ends everything at once. A run folder that cannot be written is a run
    error (exit 2) and never a finding against the shop."""
    from ..walk.interrupts import Interrupts, cancellable

    console.print(f"Run {folder.run_id}: {len(plans)} journeys → {folder.path}", highlight=False)
    progress = LiveProgress(console, [p.record for p in plans]) if console.is_terminal else PlainProgress(console)
    with Interrupts(on_second=lambda: _finish_quietly(folder)) as interrupts:
        try:
            asyncio.run(cancellable(interrupts, walk_run(plans, folder, options, progress, baseline)))
        except (KeyboardInterrupt, asyncio.CancelledError):
            interrupts.received = interrupts.received or signal.SIGINT
        except BaseException as error:  # the run could not go on (no browser, a folder it cannot write): exit 2
            progress.close()
            _finish_quietly(folder, interrupted=isinstance(error, OutputUnwritable))
            raise
        progress.close()
        folder.finish(interrupted=interrupts.received is not None)
        code = report_run(folder, options, baseline)
    return interrupts.exit_code or code


def _finish_quietly(folder: RunFolder, interrupted: bool = True) -> None:
    """End results.json as it stands, if it can still be written."""
    try:
        folder.finish(interrupted=interrupted)
    except Exception:
        pass


def report_run(folder: RunFolder, options: RunOptions, baseline: Path | None) -> int:
    """The journeys table, the friction table and the report; the exit code the run's results call for."""
    print_summary(folder.result)
    print_lighthouse(folder.result)
    if options.assess:
        print_table(friction_table(folder.result))
        print_detector_problems(folder.result)
        print_problems(folder.result)
    else:
        console.print("Friction detectors off (--no-detectors): no findings were looked for.", highlight=False)
    console.print(f"Results: {folder.results_path}", highlight=False)
    write_report(folder.path, baseline)
    if folder.result.status == "interrupted":
        return EXIT_INTERRUPTED
    return EXIT_OK if folder.result.verdict().passed else EXIT_BROKEN


def parse_shard(text: str | None):
    from ..ci.shard import Shard

    if not text:
        return None
    return Shard.parse(text)


def alert_settings(path: Path | None):
    from ..watch.alerts import load_alert_config

    return load_alert_config(path)


def checked_report_url(text: str | None) -> str | None:
    from ..watch.links import check_report_url

    return check_report_url(text)


def remember_run(folder: RunFolder, code: int, history_file: Path, alerts, keep: int,
                 report_url: str | None = None) -> None:
    """`run --history`: the same record, regressions, alerts and pruning as a watched walk."""
    from ..watch.loop import WalkOutcome, describe, record_walk

    status = "interrupted" if code in INTERRUPTED_CODES else folder.result.status
    outcome = WalkOutcome(folder.result.started_at, status, None, folder.path)
    recorded = record_walk(history_file, outcome, alerts, keep, report_url=report_url)
    for line in describe(recorded):
        console.print(line, highlight=False, markup=False)
