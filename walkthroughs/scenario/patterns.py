"""The one rule for text that may be a pattern: a value written `/…/` is a regular expression, anything else is text.

It holds wherever a scenario matches text — `expect` url, title, text and value, and a locator's text, name, label,
placeholder, alt and title. `(?i)` at the start ignores case (Playwright hands patterns to the browser as JavaScript
regular expressions, which take flags rather than inline groups, so it becomes the flag).
"""

from __future__ import annotations

import re

from .variables import _REFERENCE

_IGNORE_CASE = "(?i)"


def is_pattern(text: str) -> bool:
    return len(text) > 2 and text.startswith("/") and text.endswith("/")


def text_or_pattern(text: str) -> str | re.Pattern[str]:
    """`/cart|basket/` → a compiled pattern; anything else stays the text it is."""
    if not is_pattern(text):
        return text
    body, flags = text[1:-1], 0
    if body.startswith(_IGNORE_CASE):
        body, flags = body[len(_IGNORE_CASE):], re.IGNORECASE
    return re.compile(body, flags)


def pattern_problem(text: str) -> str | None:
    """Why a value written `/…/` is not a valid regular expression, or None (variables count as plain text)."""
    if not is_pattern(text):
        return None
    try:
        text_or_pattern(_REFERENCE.sub("x", text))
    except re.error as error:
        return f"{text} is not a valid regular expression ({error}); write it without the slashes to match it as text"
    return None
