#!/usr/bin/env bash
# Set up walkthroughs in this folder: a virtual environment, a Chromium, the Node tools.
# Idempotent: a second run only checks. With --demo, walks the demo shop afterwards with two of its defects
# switched on (a cookie banner over the size picker on phones, the product description too faint to read), so the
# first report shows what a finding looks like; --demo-clean walks the shop with every defect off.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# 1. Python: a project-local virtual environment with the package and its test tools.
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  say "creating .venv"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.walkthroughs-installed
want=$(cat pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "installing walkthroughs and its pinned dependencies"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
  echo "$want" > "$stamp"
fi

# 2. A browser: Playwright's own Chromium where it can be downloaded, else the system's.
have_browser() { .venv/bin/python -m walkthroughs.walk.find_browser >/dev/null 2>&1; }
if ! have_browser; then
  say "installing Playwright's Chromium"
  if ! .venv/bin/python -m playwright install chromium >/tmp/walkthroughs-playwright-install.log 2>&1; then
    echo "    Playwright's Chromium could not be downloaded here; looking for a system Chromium"
    if ! have_browser && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      say "installing Debian's chromium with apt-get"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    fi
  fi
fi
if ! have_browser; then
  echo "No Chromium found. Install chromium (or Google Chrome), or set WALKTHROUGHS_CHROMIUM=/path/to/chrome." >&2
  exit 1
fi
echo "    browser: $(.venv/bin/python -m walkthroughs.walk.find_browser)"

# 3. Node tools (Lighthouse, Lighthouse CI, axe-core, web-vitals), pinned in package.json and locked in
#    package-lock.json: `npm ci` installs exactly the lock and never rewrites it; --prefer-offline takes what npm's
#    cache holds (CI restores it) before asking the registry.
if command -v npm >/dev/null; then
  if [ ! -f node_modules/.walkthroughs-installed ] || [ package.json -nt node_modules/.walkthroughs-installed ] \
     || [ package-lock.json -nt node_modules/.walkthroughs-installed ]; then
    say "installing the Node tools (npm)"
    npm ci --prefer-offline --no-audit --no-fund --loglevel=error
    touch node_modules/.walkthroughs-installed
  fi
else
  echo "    npm not found: page-speed audits with Lighthouse will be skipped" >&2
fi

# The demo walk's defects: `walkthrough demo-shop --list-frictions` lists them all.
DEMO_FRICTIONS=(--demo-friction cookie-banner-mobile --demo-friction faint-product-text)
if [ "${1:-}" = "--demo" ] || [ "${1:-}" = "--demo-clean" ]; then
  frictions=("${DEMO_FRICTIONS[@]}")
  if [ "$1" = "--demo-clean" ]; then frictions=(); fi
  say "walking the demo shop${frictions:+ with two defects switched on}"
  set +e
  .venv/bin/walkthrough run --demo scenarios/demo-shop.yaml "${frictions[@]}"
  code=$?
  set -e
  echo "Open the report in a browser: file://$(cd reports/latest 2>/dev/null && pwd -P)/report/index.html"
  exit $code
fi
