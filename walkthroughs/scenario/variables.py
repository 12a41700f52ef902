"""`${NAME}` substitution in scenario strings; `$${` writes a literal `${`.

Where values come from is the caller's choice: the walker passes
`{**os.environ, **scenario.variables, **remembered}`, the loader checks names without values.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .errors import UnknownVariable

_REFERENCE = re.compile(r"\$\$\{|\$\{([^}]*)\}")


def expand(text: str, values: Mapping[str, str]) -> str:
    """`text` with every `${NAME}` replaced by `values[NAME]`; raises UnknownVariable for a missing name."""

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name is None:
            return "${"
        if name not in values:
            raise UnknownVariable(name, values)
        return str(values[name])

    return _REFERENCE.sub(substitute, text)


def names_in(text: str) -> set[str]:
    """The variable names `text` refers to (escaped `$${...}` excluded)."""
    return {match.group(1) for match in _REFERENCE.finditer(text) if match.group(1) is not None}
