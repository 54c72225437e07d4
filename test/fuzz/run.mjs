#!/usr/bin/env node
// `npm run test:fuzz`: the CI run (fixed seed, one round of mutations).
// `npm run test:fuzz:long`: 25 rounds with a new seed each time (printed first: replay a failure with FUZZ_SEED=<seed>
// and FUZZ_ONLY=<case id>). Options: --long, --rounds N, --seed S; extra arguments go to `node --test`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const take = (flag) => {
  const i = args.indexOf(flag);
  if (i < 0) return undefined;
  const [, value] = args.splice(i, 2);
  return value;
};
const long = args.includes('--long');
if (long) args.splice(args.indexOf('--long'), 1);
const env = { ...process.env };
env.FUZZ_ROUNDS = take('--rounds') ?? env.FUZZ_ROUNDS ?? (long ? '25' : '1');
env.FUZZ_SEED = take('--seed') ?? env.FUZZ_SEED ?? (long ? `long-${Date.now().toString(36)}` : 'palisade-ci-1');
console.log(`fuzz: seed "${env.FUZZ_SEED}", ${env.FUZZ_ROUNDS} round(s)`);
const files = ['engine.fuzz.test.mjs', 'cli.fuzz.test.mjs', 'server.fuzz.test.mjs'].map((f) => path.join(here, f));
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...args, ...files], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
