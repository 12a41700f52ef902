#!/usr/bin/env bash
# Run the whole test suite (sets up first when needed; extra arguments go to pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m pytest "$@"
