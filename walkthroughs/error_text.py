"""One line naming an exception, for evidence and results that must never break on an odd error."""

from __future__ import annotations


def one_line(error: BaseException, limit: int = 200) -> str:
    """`TypeName: first line of the message`; an exception with an empty message gives its type name alone."""
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0][:limit]}" if lines else type(error).__name__
