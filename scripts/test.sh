#!/usr/bin/env bash
# Run the whole test suite (sets up first when needed; extra arguments go to pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Two workers (pytest-xdist): most of the suite waits on browsers and pages, so two cores walk two tests at once; a
# folder's browser tests stay together (conftest.py), so the walks they share are walked once. -n 0 for one process.
exec .venv/bin/python -m pytest -n "${WALKTHROUGHS_TEST_WORKERS:-2}" --dist loadgroup "$@"
