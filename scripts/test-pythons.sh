#!/usr/bin/env bash
# The no-browser tests (-m "not e2e") on the lowest and the newest Python walkthroughs supports, each in a virtual
# environment of its own (.venv-py3.10, .venv-py3.13) with the package installed editable from this folder.
#   bash scripts/test-pythons.sh                      # 3.10 and 3.13
#   bash scripts/test-pythons.sh 3.12 -- -k watch     # other versions; pytest's arguments after --
# An interpreter is taken from the PATH (python3.10) or from pyenv ($PYENV_ROOT/versions/3.10.*).
set -euo pipefail
cd "$(dirname "$0")/.."

versions=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do versions+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ ${#versions[@]} -gt 0 ] || versions=(3.10 3.13)

# A pyenv shim on the PATH may name a version it will not run, so each candidate is tried.
find_python() {
  local pyenv=${PYENV_ROOT:-$HOME/.pyenv} candidate
  for candidate in $(ls -d "$pyenv"/versions/"$1".*/bin/python"$1" 2>/dev/null | sort -rV) "$(command -v "python$1")"; do
    if [ -n "$candidate" ] && "$candidate" -c 'import sys' 2>/dev/null; then echo "$candidate"; return; fi
  done
  return 1
}

failed=()
for version in "${versions[@]}"; do
  python=$(find_python "$version") || { echo "Python $version not found (PATH or pyenv)" >&2; exit 2; }
  venv=.venv-py$version
  printf '\033[1m==> Python %s (%s)\033[0m\n' "$version" "$python"
  [ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
  want=$(sha256sum pyproject.toml | cut -d' ' -f1)
  if [ "$(cat "$venv/.walkthroughs-installed" 2>/dev/null)" != "$want" ]; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[test]'
    echo "$want" > "$venv/.walkthroughs-installed"
  fi
  "$venv/bin/python" -m pytest -q -m "not e2e" "$@" || failed+=("$version")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "no-browser tests failed on Python ${failed[*]}" >&2
  exit 1
fi
