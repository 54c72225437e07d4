#!/usr/bin/env node
// `node --test` over the given folders that exist (a folder with no test yet is not in a fresh clone, and
// `node --test` fails on a missing path). Extra flags are passed through.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('-'));
const folders = args.filter((a) => !a.startsWith('-') && fs.existsSync(path.join(root, a)));
if (!folders.length) {
  console.error('run-tests: none of the test folders exists');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--test', ...flags, ...folders], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
