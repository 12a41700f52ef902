"""`demo-shop` and `calibrate`: the bundled shop served on its own, and how well the detectors see its defects."""

from __future__ import annotations

import os
from pathlib import Path

import click
from rich.table import Table

from ..demo_shop.shops import DEFAULT_SHOP, DEMO_SHOPS
from ..walk.browser import playwright_devices
from .common import EXIT_BROKEN, EXIT_OK, console, duration_ms, fail

SHOP_OPTION = click.option("--shop", type=click.Choice(list(DEMO_SHOPS)), default=DEFAULT_SHOP, show_default=True,
                           help="Which bundled shop: `classic` (server-rendered) or `spa` (a single-page app).")


def shop_flag(shop: str) -> str:
    """How the command line names this shop after `--demo` or `demo-shop`: nothing for the classic one."""
    return "" if shop == DEFAULT_SHOP else f" --shop {shop}"


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--switch", "switches", multiple=True, metavar="ID",
              help="Only this demo-shop switch (repeatable; default: every switch).")
@click.option("--devices", help="Comma-separated device names or classes to walk (default: the scenario's).")
@click.option("--out", "out_dir", default="reports", show_default=True, type=click.Path(path_type=Path),
              help="Folder that receives the run folder.")
@click.option("--workers", type=click.IntRange(min=1), default=2 * (os.cpu_count() or 2),
              show_default="twice the number of cores", help="Journeys walked at once (most of their time is waiting).")
@click.option("--timeout", "timeout", default="6s", show_default=True, help="Default time limit of a step.")
@SHOP_OPTION
def calibrate(file: Path, switches: tuple[str, ...], devices: str | None, out_dir: Path, workers: int,
              timeout: str, shop: str) -> None:
    """Walk the demo journey with each friction switch alone and on the clean shop: how well do the detectors see?

    Prints switch → expected → found, and precision and recall per detector. Exits 1 when a switch is
    missed or the clean shop has a major or blocker finding.
    """
    from ..demo_shop.calibrate import calibrate as run_calibration
    from ..friction.registry import detector_ids
    from .calibration import JourneyLines, print_calibration

    kind = DEMO_SHOPS[shop]
    unknown = sorted(set(switches) - kind.frictions_by_id.keys())
    if unknown:
        raise fail(f"unknown demo friction {unknown[0]!r}; `walkthrough demo-shop{shop_flag(shop)} --list-frictions` "
                   "lists them")
    for friction in (f for f in kind.frictions if f.id in switches and not f.on_one_main_walk):
        how = f"--paths {friction.path}" if friction.path else f"--repeat {friction.walks} --workers 1 --devices desktop"
        demo = "--demo" if shop == DEFAULT_SHOP else f"--demo {shop}"
        raise fail(f"{friction.id} does not show on one walk of the main journey, which is what calibrate walks; "
                   f"walk it with `walkthrough run {demo} {file} --demo-friction {friction.id} {how}`")
    only_devices = [d.strip() for d in devices.split(",") if d.strip()] if devices else None
    calibration = run_calibration(file, out_dir, playwright_devices(), only_devices, switches or None, workers,
                                  duration_ms(timeout), JourneyLines(console), shop=kind)
    print_calibration(console, calibration, set(detector_ids()))
    raise click.exceptions.Exit(EXIT_OK if calibration.passed else EXIT_BROKEN)


@click.command("demo-shop")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--friction", "frictions", multiple=True, metavar="ID", help="Switch on a friction (repeatable).")
@click.option("--list-frictions", is_flag=True, help="List the friction switches and exit.")
@SHOP_OPTION
def demo_shop(port: int, frictions: tuple[str, ...], list_frictions: bool, shop: str) -> None:
    """Serve a bundled demo shop on 127.0.0.1."""
    kind = DEMO_SHOPS[shop]
    if list_frictions:
        table = Table(title=f"Demo shop friction switches: {kind.title}")
        for column in ("id", "stage", "devices", "expected detector", "what it does"):
            table.add_column(column)
        for friction in kind.frictions:
            expected = friction.expected if isinstance(friction.expected, str) else ", ".join(friction.expected)
            table.add_row(friction.id, friction.stage, ", ".join(friction.devices), expected, friction.description)
        console.print(table)
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
