#!/usr/bin/env bash
# Run the whole test suite (sets up first when needed; extra arguments go to pytest).
# Python may write bytecode here even where the environment says not to (PYTHONDONTWRITEBYTECODE): pytest's
# rewritten test modules and the package's compiled modules are then read back from __pycache__ (git ignores it),
# and collection takes about half as long from the second run on.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
unset PYTHONDONTWRITEBYTECODE
exec .venv/bin/python -m pytest "$@"
