"""`import`, `record` and `check`: a first scenario without writing YAML by hand, and its first locators tried on the
live shop before anything is walked."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import click
import yaml

from ..formatting import plural
from .common import EXIT_BROKEN, EXIT_OK, check_reachable, console, fail

DEFAULT_DEVICES = "desktop,tablet,mobile"
DEVICES_HELP = f"Comma-separated devices the scenario walks (default: {DEFAULT_DEVICES})."


def _devices(option: str | None) -> list[str] | None:
    """The device names of `--devices`, each checked against Playwright's; None for the default three."""
    if option is None:
        return None
    from ..scenario.devices import resolve_device
    from ..walk.browser import playwright_devices

    names = [name.strip() for name in option.split(",") if name.strip()]
    if not names:
        raise fail("--devices names no device; expected e.g. desktop,mobile")
    descriptors = playwright_devices()
    for name in names:
        resolve_device(name, descriptors)
    return names


def _writable(out: Path, force: bool) -> None:
    if out.exists() and not force:
        raise fail(f"{out} already exists; choose another file with --out, or pass --force to overwrite it")


def _write(out: Path, text: str) -> None:
    """Write whole or not at all: a recording stopped mid-write leaves the last complete scenario."""
    partial = out.with_name(out.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, out)


@click.command("import")
@click.argument("recording", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="The scenario file to write (default: the recording's name with .yaml; - prints it).")
@click.option("--name", help="The scenario's name (default: the recording's title).")
@click.option("--devices", metavar="NAMES", help=DEVICES_HELP)
@click.option("--force", is_flag=True, help="Overwrite the scenario file if it exists.")
def import_recording(recording: Path, out: Path | None, name: str | None, devices: str | None, force: bool) -> None:
    """Turn a Chrome DevTools Recorder export (JSON) into a scenario."""
    from ..recording.importer import import_recording as run_import

    out = out or recording.with_suffix(".yaml")
    if str(out) != "-":
        _writable(out, force)
    imported = run_import(recording, name=name, devices=_devices(devices))
    if str(out) == "-":
        click.echo(imported.text, nl=False)
        return
    _write(out, imported.text)
    stages = imported.scenario.stages
    skipped = ""
    if imported.not_imported:
        skipped = f"; {plural(imported.not_imported, 'step')} of the recording not imported (see the comments)"
    console.print(f"wrote {out}: {plural(len(stages), 'stage')}, {plural(imported.steps, 'step')}{skipped}. "
                  f"Check its first page with `walkthrough check {out} --against URL`, then walk it with "
                  f"`walkthrough run {out}`.", highlight=False, markup=False)


@click.command()
@click.argument("url")
@click.option("--out", default="scenario.yaml", show_default=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The scenario file to write; it is rewritten after every step.")
@click.option("--device", default="desktop", show_default=True,
              help="The screen to record on: desktop, tablet, mobile or a Playwright device name.")
@click.option("--name", help="The scenario's name (default: after the shop's host).")
@click.option("--devices", metavar="NAMES", help=DEVICES_HELP)
@click.option("--force", is_flag=True, help="Overwrite the scenario file if it exists.")
def record(url: str, out: Path, device: str, name: str | None, devices: str | None, force: bool) -> None:
    """Write a scenario while you walk the shop in a browser window; close it or press Ctrl-C to finish."""
    from ..recording.recorder import NoDisplay, no_display_reason, record_in_window

    reason = no_display_reason()
    if reason:
        raise NoDisplay(reason)
    if not url.startswith(("http://", "https://")):
        raise fail(f"expected the shop's address, such as https://shop.example.com/, got {url!r}")
    _writable(out, force)
    walked = _devices(devices)
    check_reachable({url})
    console.print(f"Recording {url} into {out}: use the shop in the browser window; close it or press Ctrl-C to "
                  "finish.", highlight=False, markup=False)
    try:
        asyncio.run(record_in_window(url, device, name, walked, lambda text: _write(out, text)))
    except KeyboardInterrupt:
        pass  # Ctrl-C is how a recording ends; the file was written on the way out
    stages = (yaml.safe_load(out.read_text(encoding="utf-8")) or {}).get("stages") or [] if out.exists() else []
    steps = sum(len(stage.get("steps") or []) for stage in stages)
    console.print(f"wrote {out}: {plural(len(stages), 'stage')}, {plural(steps, 'step')}. Check it with "
                  f"`walkthrough check {out} --against {url}`, walk it with `walkthrough run {out}`.",
                  highlight=False, markup=False)


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--against", "against", required=True, metavar="URL",
              help="The shop to try the locators on (the scenario's first page is opened relative to it).")
@click.option("--device", default="desktop", show_default=True, help="The device whose page is checked.")
def check(file: Path, against: str, device: str) -> None:
    """Try the first stage's locators on the live page, without clicking or typing: found, or not (with names close to
    it). Exits 1 when one is missing or finds several elements where the step needs one."""
    from ..pipeline import load_scenario
    from ..recording.locator_check import run_check
    from ..walk.browser import playwright_devices

    if not against.startswith(("http://", "https://")):
        raise fail(f"--against expects the shop's address, such as https://shop.example.com/, got {against!r}")
    descriptors = playwright_devices()
    scenario = load_scenario(file, device_descriptors=descriptors)
    check_reachable({against})
    checks, profile = asyncio.run(run_check(scenario, against, device, descriptors))
    for each in checks:
        console.print(each.line(profile.name), highlight=False, markup=False, soft_wrap=True)
    problems = sum(each.problem for each in checks)
    tried = sum(each.found is not None for each in checks)
    console.print(f"{plural(tried, 'locator')} of stage “{scenario.stages[0].name}” tried on {profile.name}: "
                  f"{'all found' if not problems else plural(problems, 'problem')}.", highlight=False, markup=False)
    raise click.exceptions.Exit(EXIT_BROKEN if problems else EXIT_OK)
