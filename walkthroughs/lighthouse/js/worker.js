// walkthroughs' Lighthouse worker: one Node process for the whole run, so each audit skips Node's start-up
// and Lighthouse's module loading. Reads one JSON job per line on stdin, audits the page in the already
// running browser at job.port, and answers JSON lines on stdout:
//   {id, event: "gathered"}  the page was loaded and measured: the shopper's state may change again
//   {id, event: "done", json, html}  or  {id, event: "error", message}
// Usage: node worker.js <lighthouse package folder>   (CommonJS, so it ships as a plain .js file)
'use strict';
const {createRequire} = require('node:module');
const {writeFileSync} = require('node:fs');
const {join} = require('node:path');
const {createInterface} = require('node:readline');
const {pathToFileURL} = require('node:url');

const answer = (message) => process.stdout.write(JSON.stringify(message) + '\n');

async function main(lighthouseDir) {
  const lighthouseRequire = createRequire(join(lighthouseDir, 'package.json'));
  const {default: lighthouse, desktopConfig} = await import(pathToFileURL(join(lighthouseDir, 'core', 'index.js')).href);
  const {userAgents} = await import(pathToFileURL(join(lighthouseDir, 'core', 'config', 'constants.js')).href);
  const {default: log} = await import(pathToFileURL(lighthouseRequire.resolve('lighthouse-logger')).href);

  let current = null;
  log.events.on('status', ([, text]) => {
    if (current && !current.gathered && String(text).startsWith('Analyzing and running audits')) {
      current.gathered = true;
      answer({id: current.id, event: 'gathered'});
    }
  });

  async function audit(job) {
    current = {id: job.id, gathered: false};
    try {
      // The four categories results.json keeps; leaving out the others and the full-page screenshot saves ~1 s.
      // The walk's own safety holds for the audit too: trackers stay blocked, the traffic is marked synthetic.
      const flags = {port: job.port, hostname: '127.0.0.1', output: ['json', 'html'], logLevel: 'error',
                     onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
                     disableFullPageScreenshot: true, maxWaitForLoad: job.max_wait_ms || 45000,
                     blockedUrlPatterns: job.blocked_urls, extraHeaders: job.headers,
                     emulatedUserAgent: `${userAgents[job.form_factor]} ${job.user_agent_suffix}`};
      const result = await lighthouse(job.url, flags, job.form_factor === 'desktop' ? desktopConfig : undefined);
      if (!current.gathered) answer({id: job.id, event: 'gathered'});
      if (!result) throw new Error('Lighthouse returned no result');
      const [json, html] = result.report;
      writeFileSync(job.output + '.report.json', json);
      writeFileSync(job.output + '.report.html', html);
      answer({id: job.id, event: 'done', json: job.output + '.report.json', html: job.output + '.report.html'});
    } catch (error) {
      if (!current.gathered) answer({id: job.id, event: 'gathered'});
      answer({id: job.id, event: 'error', message: String((error && error.message) || error).split('\n')[0]});
    } finally {
      current = null;
    }
  }

  let queue = Promise.resolve();
  createInterface({input: process.stdin}).on('line', (line) => {
    if (!line.trim()) return;
    const job = JSON.parse(line);
    queue = queue.then(() => audit(job));
  });
  answer({event: 'ready', version: lighthouseRequire('./package.json').version});
}

main(process.argv[2]).catch((error) => {
  process.stderr.write(`Error: ${(error && error.stack) || error}\n`);
  process.exit(1);
});
