// Run by the security tests under the guard: lint files with the built engine (every rule on), apply their fixes,
// explain every rule and read configuration files, the way the server and the CLI use the engine. argv[2] is a JSON
// file `{files: [{path, fileName}], configs: [path]}`. Prints a JSON summary.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const palisade = require(path.join(__dirname, '..', '..', '..', 'dist', 'rules.js'));
const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const config = palisade.resolveConfig({ extends: ['all'] }, palisade.builtinRules);
let findings = 0;
let fixes = 0;
for (const f of job.files) {
  const text = fs.readFileSync(f.path, 'utf8');
  const session = new palisade.LintSession();
  const result = palisade.defaultEngine().lint({ text, fileName: f.fileName }, config, undefined, session);
  findings += result.length;
  for (const finding of result) {
    for (const fix of finding.fixes ?? []) {
      const fixed = palisade.applyEdits(text, fix.edits);
      if (fixed !== undefined) palisade.defaultEngine().lint({ text: fixed, fileName: f.fileName }, config, undefined, session);
      fixes++;
    }
  }
}
for (const rule of palisade.builtinRules) palisade.explain(rule.meta.id);
let problems = 0;
for (const file of job.configs ?? []) {
  const parsed = palisade.parseConfigText(fs.readFileSync(file, 'utf8'), palisade.builtinRules);
  problems += parsed.problems.length;
  // custom rules compile as in a trusted workspace
  palisade.resolveConfig(parsed.config, palisade.builtinRules);
}
process.stdout.write(JSON.stringify({ files: job.files.length, findings, fixes, configProblems: problems }));
