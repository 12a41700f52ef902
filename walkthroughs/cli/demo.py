"""`demo-shop` and `calibrate`: the bundled shop served on its own, and how well the detectors see its defects."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from ..demo_shop.shops import DEFAULT_SHOP, DEMO_SHOPS, DemoShopKind
from .common import EXIT_BROKEN, EXIT_OK, console, duration_ms, fail
from .tables import print_table

BOTH = "both"
SHOP_OPTION = click.option("--shop", type=click.Choice(list(DEMO_SHOPS)), default=DEFAULT_SHOP, show_default=True,
                           help="Which bundled shop: `classic` (server-rendered) or `spa` (a single-page app).")


def shop_flag(shop: str) -> str:
    """How the command line names this shop after `--demo` or `demo-shop`: nothing for the classic one."""
    return "" if shop == DEFAULT_SHOP else f" --shop {shop}"


def calibrated_shops(shop: str, file: Path | None, switches: tuple[str, ...]) -> list[tuple[DemoShopKind, Path]]:
    """The shops `calibrate` walks, each with its scenario: `--shop`, narrowed to the shop whose scenario FILE is
    and to the shops that own the switches named; raises a usage error for what cannot be walked."""
    from ..demo_shop.calibrate import shop_scenario

    kinds = list(DEMO_SHOPS.values()) if shop == BOTH else [DEMO_SHOPS[shop]]
    if file is not None and shop == BOTH:
        kinds = [k for k in kinds if (found := shop_scenario(k)) is not None and found.resolve() == file.resolve()]
        if not kinds:
            raise fail(f"{file} is not a bundled shop's own scenario: say which shop it walks with "
                       f"{' or '.join(f'--shop {name}' for name in DEMO_SHOPS)}")
    unknown = sorted(set(switches) - {f.id for k in kinds for f in k.frictions})
    if unknown:
        listings = " and ".join(f"`walkthrough demo-shop{shop_flag(k.name)} --list-frictions`" for k in kinds)
        raise fail(f"unknown demo friction {unknown[0]!r}; {listings} {'list' if len(kinds) > 1 else 'lists'} them")
    if switches:
        kinds = [k for k in kinds if set(switches) & k.frictions_by_id.keys()]
    walked = []
    for kind in kinds:
        for friction in (f for f in kind.frictions if f.id in switches and not f.on_one_main_walk):
            how = (f"--paths {friction.path}" if friction.path
                   else f"--repeat {friction.walks} --workers 1 --devices desktop")
            demo = "--demo" if kind.name == DEFAULT_SHOP else f"--demo {kind.name}"
            raise fail(f"{friction.id} does not show on one walk of the main journey, which is what calibrate walks; "
                       f"walk it with `walkthrough run {demo} {file or kind.scenario} --demo-friction {friction.id} "
                       f"{how}`")
        scenario = file or shop_scenario(kind)
        if scenario is None:
            raise fail(f"the {kind.name} shop's scenario ({kind.scenario}) is not here: give it as FILE with "
                       f"--shop {kind.name}")
        walked.append((kind, scenario))
    return walked


@click.command()
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--switch", "switches", multiple=True, metavar="ID",
              help="Only this demo-shop switch (repeatable; default: every switch of the shops walked).")
@click.option("--devices", help="Comma-separated device names or classes to walk (default: the scenario's).")
@click.option("--out", "out_dir", default="reports", show_default=True, type=click.Path(path_type=Path),
              help="Folder that receives the run folders, one per shop.")
@click.option("--workers", type=click.IntRange(min=1), show_default="one per idle core (the load average "
              "subtracted), at least one", help="Journeys walked at once.")
@click.option("--timeout", "timeout", default="15s", show_default=True,
              help="Default time limit of a step (slow steps are judged by slow-step, not by this limit).")
@click.option("--shop", type=click.Choice([*DEMO_SHOPS, BOTH]), default=BOTH, show_default=True,
              help="Which bundled shop: `classic` (server-rendered), `spa` (a single-page app) or both.")
def calibrate(file: Path | None, switches: tuple[str, ...], devices: str | None, out_dir: Path, workers: int | None,
              timeout: str, shop: str) -> None:
    """Walk each demo shop's journey with each friction switch alone and on the clean shop: how well do the
    detectors see?

    FILE is the scenario to walk (default: each shop's own, scenarios/demo-shop.yaml and scenarios/spa-shop.yaml).
    Prints, per shop, switch → expected → found, and precision and recall per detector. Exits 1 when a switch is
    missed or a clean shop has a major or blocker finding.
    """
    from ..demo_shop.calibrate import calibrate as run_calibration
    from ..demo_shop.calibrate import default_workers
    from ..friction.registry import detector_ids
    from ..walk.browser import playwright_devices
    from .calibration import JourneyLines, print_calibration

    walked = calibrated_shops(shop, file, switches)
    only_devices = [d.strip() for d in devices.split(",") if d.strip()] if devices else None
    workers = workers or default_workers()
    calibrations = []
    for kind, scenario in walked:
        console.print(f"Calibrating {kind.title} ({scenario}, {workers} at once)", highlight=False)
        calibrations.append(run_calibration(scenario, out_dir, playwright_devices(), only_devices, switches or None,
                                            workers, duration_ms(timeout), JourneyLines(console), shop=kind))
    for calibration, (kind, _) in zip(calibrations, walked):
        print_calibration(console, calibration, set(detector_ids()), title=kind.title)
    raise click.exceptions.Exit(EXIT_OK if all(c.passed for c in calibrations) else EXIT_BROKEN)


@click.command("demo-shop")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--friction", "frictions", multiple=True, metavar="ID", help="Switch on a friction (repeatable).")
@click.option("--list-frictions", is_flag=True, help="List the friction switches and exit.")
@click.option("--json", "as_json", is_flag=True, help="With --list-frictions: print them as JSON.")
@SHOP_OPTION
def demo_shop(port: int, frictions: tuple[str, ...], list_frictions: bool, as_json: bool, shop: str) -> None:
    """Serve a bundled demo shop on 127.0.0.1."""
    kind = DEMO_SHOPS[shop]
    if as_json and not list_frictions:
        raise fail("--json goes with --list-frictions")
    if list_frictions and as_json:
        click.echo(json.dumps([friction.as_dict() for friction in kind.frictions], indent=2))
        return
    if list_frictions:
        table = Table(title=f"Demo shop friction switches: {kind.title}")
        for column in ("id", "stage", "devices", "expected detector", "what it does"):
            table.add_column(column)
        for friction in kind.frictions:
            expected = friction.expected if isinstance(friction.expected, str) else ", ".join(friction.expected)
            table.add_row(*(escape(text) for text in (friction.id, friction.stage, ", ".join(friction.devices), expected,
                                                      friction.description)))
        print_table(table)
        return
    for friction in frictions:
        if friction not in kind.frictions_by_id:
            raise fail(f"unknown friction {friction!r}; --list-frictions{shop_flag(shop)} lists them")
    console.print(f"Demo shop ({kind.title}) on http://127.0.0.1:{port} — Ctrl-C stops it; walk it with "
                  f"`walkthrough run {kind.scenario} --base-url http://127.0.0.1:{port}`", highlight=False)
    try:
        kind.serve(port=port, frictions=list(frictions))
    except OSError as error:
        raise fail(f"cannot serve on port {port}: {error}")
