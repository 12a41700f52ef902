"""`run`: walk scenarios on every device, show it as it happens, and write results, report and CI outputs."""

from __future__ import annotations

import asyncio
import os
from contextlib import ExitStack
from pathlib import Path

import click

from ..demo_shop.shops import DEFAULT_SHOP, DEMO_SHOPS
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
    print_summary,
    print_verdict,
    write_ci_outputs,
    write_report,
)
from .progress import LiveProgress, PlainProgress
from .scenarios import print_warnings
from .tables import friction_table


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


class RunCommand(click.Command):
    """`run`, with `--demo [SHOP]` read as `demo_option_args` says."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, demo_option_args(args))


@click.command(cls=RunCommand)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--devices", help="Comma-separated device names or classes to walk (default: the scenario's).")
@click.option("--base-url", help="Walk this shop instead of the scenario's base_url.")
@click.option("--demo", type=click.Choice(list(DEMO_SHOPS)), metavar="[SHOP]",
              help="Start a bundled demo shop and walk it: `--demo` the classic one, `--demo spa` the single-page one.")
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
              help="production: a step that would place the order, pay or subscribe — marked `commit: true` or "
                   "recognised on the page — is checked, not performed, and the network guard holds committing "
                   "requests (default: the scenario's environment).")
@click.option("--allow-unguarded", is_flag=True,
              help="In production, walk a scenario whose purchase stage has no step marked `commit:` or recognisable "
                   "as committing, relying on the words on the page and the network guard.")
@click.option("--history", "history_file", type=click.Path(dir_okay=False, path_type=Path), envvar=HISTORY_ENV,
              help=f"Record the walk in this history file, compare it with earlier walks and send alerts (also ${HISTORY_ENV}).")
@click.option("--alerts", "alerts_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="With --history: alert settings, TOML or YAML (also $WALKTHROUGHS_ALERTS, WALKTHROUGHS_WEBHOOK_URL, "
                   "WALKTHROUGHS_SMTP_HOST…).")
@click.option("--keep", type=click.IntRange(min=1), default=DEFAULT_KEEP, show_default=True,
              help="With --history: run folders kept whole; older ones keep only results.json and evidence.json.")
@click.option("--report-url", metavar="BASE",
              help="With --history: where the OUT folder is published, so alerts and trend bars link to "
                   "BASE/<run>/report/index.html (also $WALKTHROUGHS_REPORT_URL).")
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
        lighthouse, lighthouse_stages, lighthouse_runs, environment, allow_unguarded,
        junit, shard, connect, remote_executable, history_file, alerts_file, keep, report_url, paths, personas, repeat,
        seed, no_detectors, baseline) -> None:
    """Walk scenarios on every device and record what a shopper meets."""
    scenarios = load_scenarios(list(files))
    print_warnings(scenarios)
    check_safety(scenarios, environment, base_url, allow_unguarded)
    lighthouse_wanted = check_lighthouse(scenarios, lighthouse, lighthouse_stages, lighthouse_runs)
    walks = chosen_walks(scenarios, paths, personas, repeat, seed)
    if demo_frictions and not demo:
        raise fail("--demo-friction needs --demo")
    only = [d.strip() for d in devices.split(",") if d.strip()] if devices else None
    alerts = alert_settings(alerts_file) if history_file else None
    report_url = checked_report_url(report_url) if history_file else None
    share = parse_shard(shard)
    if remote_executable and not connect:
        raise fail("--remote-executable needs --connect")
    with ExitStack() as stack:
        if demo:
            base_url = stack.enter_context(start_demo_shop(demo, demo_frictions)).url
            label = "Demo shop" if demo == DEFAULT_SHOP else f"Demo shop {demo}"
            switched = f" (frictions: {', '.join(demo_frictions)})" if demo_frictions else ""
            console.print(f"{label}: {base_url}{switched}", highlight=False)
        plans = plan_journeys(scenarios, playwright_devices(), only, walks)
        if not plans:
            raise fail(f"no device matches --devices {devices}")
        if share:
            plans = share.pick(plans)
            if not plans:
                raise fail(f"shard {share} has no journey to walk: there are fewer journeys than shards")
        check_reachable({base_url} if base_url else {s.base_url for s in scenarios if s.base_url})
        settings = WalkSettings(screenshots=screenshots, trace=trace, timeout_ms=duration_ms(timeout), base_url=base_url,
                                environment=environment, gather=not no_detectors)
        options = RunOptions(out_dir=out_dir, devices=only, headed=headed, workers=workers, settings=settings,
                             assess=not no_detectors,
                             connect=RemoteBrowser(connect, remote_executable) if connect else None,
                             lighthouse=lighthouse_wanted)
        folder = RunFolder(out_dir, {"workers": workers, "screenshots": screenshots, "trace": trace,
                                     "base_url": base_url, "devices": only, "shard": shard, "environment": environment, "lighthouse": lighthouse,
                                     "lighthouse_stages": lighthouse_wanted.stages, "lighthouse_runs": lighthouse_runs,
                                     "paths": walks.paths, "personas": walks.personas, "repeat": repeat, "seed": walks.seed,
                                     "detectors": not no_detectors}, fail_on=fail_on)
        code = walk_with_progress(plans, folder, options, baseline.resolve() if baseline else None)
        if history_file:
            remember_run(folder, code, history_file, alerts, keep, report_url)
        write_ci_outputs(folder.result, junit)
    raise click.exceptions.Exit(code)

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


def chosen_walks(scenarios, paths: str | None, personas: str | None, repeat: int, seed: int | None):
    """The paths, personas, repeats and seed asked for, checked against the scenarios."""
    from ..scenario.paths import chosen
    from ..walk.variants import Walks, new_seed

    return Walks(paths=chosen(paths.split(",") if paths else None, scenarios, "paths"),
                 personas=chosen(personas.split(",") if personas else None, scenarios, "personas"),
                 repeat=repeat, seed=new_seed() if seed is None else seed)


def check_lighthouse(scenarios, enabled: bool | None, stages: str | None, runs: int | None):
    """The command line's Lighthouse wishes, checked against the scenarios; one warning when Lighthouse cannot run."""
    from ..lighthouse import (
        LighthouseChoice,
        NodeToolsMissing,
        find_tools,
        lighthouse_plans,
    )

    names = tuple(name.strip() for name in stages.split(",") if name.strip()) if stages else None
    choice = LighthouseChoice(enabled=enabled, stages=names, runs=runs)
    plans = lighthouse_plans(scenarios, choice)
    if plans:
        try:
            find_tools()
        except NodeToolsMissing as error:
            errors.print(f"[bold yellow]warning:[/] page speed will not be audited — {error}. The walk goes on.",
                         highlight=False, soft_wrap=True)
    return choice


def start_demo_shop(name: str, frictions: tuple[str, ...]):
    shop = DEMO_SHOPS[name]
    unknown = [f for f in frictions if f not in shop.frictions_by_id]
    if unknown:
        listing = "demo-shop --list-frictions" if name == DEFAULT_SHOP else f"demo-shop --shop {name} --list-frictions"
        raise fail(f"unknown demo friction {unknown[0]!r}; `walkthrough {listing}` lists them")
    return shop.start(port=0, frictions=list(frictions))


def walk_with_progress(plans, folder: RunFolder, options: RunOptions, baseline: Path | None = None) -> int:
    console.print(f"Run {folder.run_id}: {len(plans)} journeys → {folder.path}", highlight=False)
    progress = LiveProgress(console, [p.record for p in plans]) if console.is_terminal else PlainProgress(console)
    interrupted = False
    try:
        asyncio.run(walk_run(plans, folder, options, progress))
    except KeyboardInterrupt:
        interrupted = True
    finally:
        progress.close()
        folder.finish(interrupted=interrupted)
    print_summary(folder.result)
    if options.assess:
        console.print(friction_table(folder.result))
        print_detector_problems(folder.result)
    else:
        console.print("Friction detectors off (--no-detectors): no findings were looked for.", highlight=False)
    console.print(f"Results: {folder.results_path}", highlight=False)
    write_report(folder.path, baseline)
    if interrupted:
        return EXIT_INTERRUPTED
    print_verdict(folder.result)
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

    status = "interrupted" if code == EXIT_INTERRUPTED else folder.result.status
    outcome = WalkOutcome(folder.result.started_at, status, None, folder.path)
    recorded = record_walk(history_file, outcome, alerts, keep, report_url=report_url)
    for line in describe(recorded):
        console.print(line, highlight=False, markup=False)
