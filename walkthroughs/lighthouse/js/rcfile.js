// Reads a Lighthouse CI config written in JavaScript (lighthouserc.js or .cjs) with Lighthouse CI's own loader,
// which also turns `.` in key names into `:` as lhci does. Usage: node rcfile.js <@lhci/cli folder> <rc file>
// Prints the config as one JSON object.
'use strict';
const {createRequire} = require('node:module');
const {join, resolve} = require('node:path');

try {
  const lhciRequire = createRequire(join(process.argv[2], 'package.json'));
  const {loadRcFile} = lhciRequire('@lhci/utils/src/lighthouserc.js');
  process.stdout.write(JSON.stringify(loadRcFile(resolve(process.argv[3]))));
} catch (error) {
  process.stderr.write(`Error: ${String((error && error.message) || error).split('\n')[0]}\n`);
  process.exit(1);
}
