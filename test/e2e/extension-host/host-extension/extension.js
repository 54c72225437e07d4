// Test host: runs the extension-host suite once the editor has started and writes the results for the harness.
// The harness copies suite.js next to this file and writes host-config.json: { "results": "<absolute path>" }.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

exports.activate = async function activate() {
  const config = JSON.parse(fs.readFileSync(path.join(__dirname, 'host-config.json'), 'utf8'));
  const lines = [];
  const log = (line) => {
    lines.push(line);
    fs.writeFileSync(`${config.results}.log`, lines.join('\n') + '\n');
  };
  let results;
  try {
    results = await require('./suite.js').runSuite({ log });
  } catch (error) {
    results = [{ name: 'extension-host suite', ok: false, ms: 0, error: error?.stack ?? String(error) }];
  }
  // write then rename: the harness never reads a half-written file
  fs.writeFileSync(`${config.results}.tmp`, JSON.stringify(results, null, 2));
  fs.renameSync(`${config.results}.tmp`, config.results);
};

exports.deactivate = function deactivate() {};
