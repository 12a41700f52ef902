"""What every command shares: the consoles, one-line usage errors, and the few readings of the command line
more than one command makes (durations, device names, whether the shop answers)."""

from __future__ import annotations

import urllib.error
import urllib.request

import click
from rich.console import Console

from ..errors import UsageError

EXIT_OK, EXIT_BROKEN, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)


def fail(message: str) -> UsageError:
    """`raise fail("...")`: a usage error, printed as one line with exit code 2 by the command group."""
    return UsageError(message)


def duration_ms(value: str) -> float:
    from ..scenario.durations import parse_duration_ms

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
