#!/usr/bin/env node
// Fails when a generated file drifts from its source: the rule registry, the rule docs and, once its generator
// exists, the settings in package.json. Each generator's own `--check` decides; this only runs them in turn.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const checks = ['scripts/generate-registry.mjs', 'scripts/generate-docs.mjs', 'scripts/generate-package-settings.mjs'];
let failed = 0;
for (const script of checks) {
  if (!fs.existsSync(path.join(root, script))) continue;
  const r = spawnSync(process.execPath, [script, '--check'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
