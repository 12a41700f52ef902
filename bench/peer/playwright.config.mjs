// The benchmark's peer: the demo journey as a Playwright Test suite, the way a team would write it.
// Three device projects forced to Chromium, a screenshot of every test, traces kept on failure, one worker
// (the benchmark compares it with walkthroughs at one worker). The demo shop is started by webServer on a
// free port, unless WALKTHROUGHS_BASE_URL names a running shop.
//   node_modules/.bin/playwright test --config bench/peer/playwright.config.mjs [--project "Pixel 7"]
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium, defineConfig, devices } from '@playwright/test';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
// The same flags walkthroughs and the plain script start Chromium with (walkthroughs/walk/browser.py).
const CHROMIUM_ARGS = ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
const SYSTEM_CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

// The Chromium walkthroughs would choose: one the environment names, Playwright's own, else the system's.
function chromiumExecutable() {
  for (const variable of ['WALKTHROUGHS_CHROMIUM', 'CHROME_PATH']) {
    if (process.env[variable]) return process.env[variable];
  }
  if (existsSync(chromium.executablePath())) return undefined;
  for (const name of SYSTEM_CANDIDATES) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim();
    } catch {
      // not on PATH: try the next name
    }
  }
  throw new Error('no Chromium found: install one, or set WALKTHROUGHS_CHROMIUM to a Chromium executable');
}

const python = process.env.WALKTHROUGHS_PYTHON ?? join(ROOT, '.venv', 'bin', 'python');
const givenShop = process.env.WALKTHROUGHS_BASE_URL;

export default defineConfig({
  testDir: '.',
  testMatch: 'demo-journey.spec.mjs',
  outputDir: process.env.WALKTHROUGHS_PEER_OUT ?? join(tmpdir(), 'walkthroughs-peer-results'),
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: 'list',
  use: {
    browserName: 'chromium',
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: { executablePath: chromiumExecutable(), args: CHROMIUM_ARGS },
  },
  projects: [
    { name: 'Desktop Chrome', use: { ...devices['Desktop Chrome'], browserName: 'chromium' } },
    { name: 'iPad (gen 7)', use: { ...devices['iPad (gen 7)'], browserName: 'chromium' } },
    { name: 'Pixel 7', use: { ...devices['Pixel 7'], browserName: 'chromium' } },
  ],
  // The shop prints its address once it listens; the port is captured into process.env.DEMO_SHOP_PORT.
  webServer: givenShop ? undefined : {
    command: `"${python}" bench/serve_demo_shop.py`,
    cwd: ROOT,
    wait: { stdout: /demo shop on http:\/\/127\.0\.0\.1:(?<demo_shop_port>\d+)/ },
    timeout: 60_000,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 2_000 },
  },
});
