"""The `walkthrough` command: a thin front door over the library, one module per group of commands.

Commands are imported when they are called (`walkthrough validate` never loads the walker or the watch), and
every error the library raises for a person (`errors.WalkthroughsError`) is printed here, in one place, as one
line — a scenario's problems one per line as `file:line:col: message` — with its exit code.
"""

from __future__ import annotations

import importlib
import sys

import click

from .. import __version__
from ..errors import WalkthroughsError

COMMANDS = {
    "validate": "scenarios:validate",
    "schema": "scenarios:schema",
    "run": "walking:run",
    "detectors": "judging:detectors",
    "assess": "judging:assess",
    "report": "judging:report",
    "show-report": "showing:show_report",
    "merge": "merging:merge",
    "watch": "watching:watch",
    "history": "watching:history",
    "demo-shop": "demo:demo_shop",
    "calibrate": "demo:calibrate",
    "import": "recording:import_recording",
    "record": "recording:record",
    "check": "recording:check",
}


def print_error(error: WalkthroughsError) -> None:
    from ..scenario.errors import ScenarioError
    from .common import errors

    if isinstance(error, ScenarioError):  # unwrapped, so editors can jump to file:line:col
        errors.print(str(error), highlight=False, markup=False, soft_wrap=True)
    else:
        errors.print("[bold red]error:[/] ", end="", highlight=False)
        errors.print(str(error), highlight=False, markup=False, soft_wrap=True)


class Commands(click.Group):
    """Loads a command's module only when the command is asked for, and turns the library's errors into exit codes."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        where = COMMANDS.get(name)
        if where is None:
            return None
        module, attribute = where.split(":")
        return getattr(importlib.import_module(f"{__name__}.{module}"), attribute)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except WalkthroughsError as error:
            print_error(error)
            raise click.exceptions.Exit(error.exit_code) from None


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="walkthrough")
def main() -> None:
    """A mystery shopper for web shops: walk customer journeys on desktop, tablet and mobile."""


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
