#!/usr/bin/env bash
# Run the whole test suite (sets up first when needed; extra arguments go to pytest).
# Python may write bytecode here even where the environment says not to (PYTHONDONTWRITEBYTECODE): pytest's
# rewritten test modules and the package's compiled modules are then read back from __pycache__ (git ignores it),
# and collection takes about half as long from the second run on.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
unset PYTHONDONTWRITEBYTECODE
# The tests' temporary folders in memory where the machine has a roomy RAM disk and TMPDIR names no other place: the
# watch tests commit to SQLite histories again and again, and on a disk busy with other work every commit waits for
# it. Not on a small one (a container's default 64 MiB): the walks' screenshots and traces would fill it, and
# Chromium keeps its shared memory there.
shm_free_kib=$(df --output=avail -k /dev/shm 2>/dev/null | tail -1 | tr -d ' ' || true)
if [ -z "${TMPDIR:-}" ] && [ -w /dev/shm ] && [ "${shm_free_kib:-0}" -gt 4194304 ]; then
  export TMPDIR=/dev/shm
fi
exec .venv/bin/python -m pytest "$@"
