// What the installed Lighthouse and Lighthouse CI call things, so assertions can be checked before a walk:
// Lighthouse's categories and audit ids (its default config), and Lighthouse CI's assertion presets
// (lighthouse:all, lighthouse:recommended, lighthouse:no-pwa), read from the packages themselves.
// Usage: node vocabulary.js <lighthouse package folder> [<@lhci/cli package folder>]   Prints one JSON object.
'use strict';
const {createRequire} = require('node:module');
const {readdirSync} = require('node:fs');
const {basename, join} = require('node:path');
const {pathToFileURL} = require('node:url');

async function main(lighthouseDir, lhciDir) {
  const {default: config} = await import(pathToFileURL(join(lighthouseDir, 'core', 'config', 'default-config.js')).href);
  const lighthouseRequire = createRequire(join(lighthouseDir, 'package.json'));
  const audits = config.audits.map((audit) => basename(typeof audit === 'string' ? audit : audit.path, '.js'));
  const categories = Object.fromEntries(Object.entries(config.categories).map(([id, category]) => [
    id, {title: category.title, audits: category.auditRefs.map((ref) => ref.id)}]));
  const answer = {lighthouse: lighthouseRequire('./package.json').version, audits, categories, presets: {}, lhci: null};
  if (lhciDir) {
    const utilsRequire = createRequire(createRequire(join(lhciDir, 'package.json')).resolve('@lhci/utils/package.json'));
    answer.lhci = createRequire(join(lhciDir, 'package.json'))('./package.json').version;
    const presetsDir = join(utilsRequire.resolve('./package.json'), '..', 'src', 'presets');
    for (const file of readdirSync(presetsDir).filter((name) => name.endsWith('.js'))) {
      answer.presets[`lighthouse:${basename(file, '.js')}`] = utilsRequire(join(presetsDir, file)).assertions;
    }
  }
  process.stdout.write(JSON.stringify(answer));
}

main(process.argv[2], process.argv[3]).catch((error) => {
  process.stderr.write(`Error: ${(error && error.message) || error}\n`);
  process.exit(1);
});
