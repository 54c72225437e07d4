#!/usr/bin/env node
// Conformance against the peer corpus in ../shared/conformance (next to the repository): runs its scorer against the
// built CLI (`node dist/cli.js scan --format sarif --preset all`), lists every disagreement, explains the known ones
// (known-disagreements.json: the peer contradicts the rule catalog) and fails when the agreement on the remaining
// cases is below 97 %. Without ../shared/conformance it prints why it skipped and exits 0.
//
//   node test/conformance/run.mjs [extra scorer options, e.g. --include-non-security]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const THRESHOLD = 97;
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
// real paths: the scorer only runs its main when argv[1] is its own file, which a symlinked ../shared would hide
const sharedConformance = path.resolve(repoRoot, '..', 'shared', 'conformance');
const corpus = fs.existsSync(sharedConformance) ? fs.realpathSync(sharedConformance) : sharedConformance;
const scorer = path.join(corpus, 'score.mjs');
const cli = path.join(repoRoot, 'dist', 'cli.js');

if (!fs.existsSync(scorer)) {
  console.log(`skipped: ../shared/conformance not found (looked for ${scorer})`);
  process.exit(0);
}
if (!fs.existsSync(cli)) {
  console.error('conformance: dist/cli.js is missing; run `npm run build` first');
  process.exit(2);
}

const known = JSON.parse(fs.readFileSync(path.join(here, 'known-disagreements.json'), 'utf8')).cases;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-conformance-run-'));
const jsonOut = path.join(work, 'score.json');
try {
  const run = spawnSync(process.execPath, [
    scorer, '--corpus', corpus, '--map', path.join(corpus, 'map.json'),
    '--cli', `"${process.execPath}" "${cli}"`, '--json', jsonOut, '--max-disagreements', '0',
    ...process.argv.slice(2),
  ], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0 || !fs.existsSync(jsonOut)) {
    process.stderr.write(run.stderr ?? '');
    process.stdout.write(run.stdout ?? '');
    console.error(`conformance: the scorer failed (exit ${run.status})`);
    process.exit(2);
  }
  // the scorer's summary tables (its disagreement list is replaced by the classified one below)
  process.stdout.write(run.stdout.replace(/\n(disagreements \(|agreement )[\s\S]*$/, '\n'));
  process.exit(report(JSON.parse(fs.readFileSync(jsonOut, 'utf8'))));
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

function report(score) {
  const rows = score.cases;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const knownIds = new Map(known.map((k) => [k.id, k]));
  const disagreements = rows.filter((r) => !r.agree);
  const explained = disagreements.filter((r) => knownIds.has(r.id));
  const unexpected = disagreements.filter((r) => !knownIds.has(r.id));
  const stale = known.filter((k) => !byId.has(k.id) || byId.get(k.id).agree);
  const stageOf = ruleStages();

  const line = (r) => `  ${r.id}  expected ${r.expect}  ${r.error ? `cli error: ${r.error}` : r.expect === 'fail' ? `got none of ${r.rules.join(' ')}` : `got ${r.fired.join(' ')}`}`;
  console.log(`\nknown disagreements (${explained.length}), left out of the threshold:`);
  for (const r of explained) console.log(`${line(r)}\n      reason: ${knownIds.get(r.id).reason}`);
  if (stale.length) {
    console.log(`\nstale entries in known-disagreements.json (${stale.length}): they agree now or are not scored; remove them:`);
    for (const k of stale) console.log(`  ${k.id}`);
  }
  console.log(`\nother disagreements (${unexpected.length}):`);
  const groups = new Map();
  for (const r of unexpected) {
    const stages = [...new Set(r.rules.map((id) => stageOf.get(id) ?? 'not implemented'))].sort().join('+');
    if (!groups.has(stages)) groups.set(stages, []);
    groups.get(stages).push(r);
  }
  for (const [stage, list] of [...groups.entries()].sort()) {
    console.log(` mapped rules of stage ${stage} (${list.length}):`);
    for (const r of list) console.log(line(r));
  }
  console.log('\nagreement by the stage of the mapped rules (known disagreements left out):');
  const stages = new Map();
  for (const r of rows) {
    if (knownIds.has(r.id) && !r.agree) continue;
    const stage = [...new Set(r.rules.map((id) => stageOf.get(id) ?? 'not implemented'))].sort().join('+');
    const t = stages.get(stage) ?? { agree: 0, scored: 0 };
    t.scored++;
    if (r.agree) t.agree++;
    stages.set(stage, t);
  }
  for (const [stage, t] of [...stages.entries()].sort()) console.log(`  ${stage.padEnd(24)} ${t.agree}/${t.scored}`);
  const scored = rows.length;
  const agreeing = rows.filter((r) => r.agree).length;
  const counted = scored - explained.length;
  const pct = (a, b) => (b ? (100 * a) / b : 0);
  const agreement = pct(agreeing, counted);
  console.log(`\nraw agreement ${pct(agreeing, scored).toFixed(1)}% (${agreeing}/${scored})`);
  console.log(`agreement without the ${explained.length} known disagreements ${agreement.toFixed(1)}% (${agreeing}/${counted}), threshold ${THRESHOLD}%`);
  if (agreement < THRESHOLD) {
    console.log(`FAIL: agreement below ${THRESHOLD}%`);
    return 1;
  }
  console.log('PASS');
  return 0;
}

/** rule id → stage, from the built engine (rules the build does not contain are "not implemented"). */
function ruleStages() {
  try {
    const engine = createRequire(import.meta.url)(path.join(repoRoot, 'dist', 'rules.js'));
    return new Map(engine.builtinRules.map((r) => [r.meta.id, r.meta.stage]));
  } catch {
    return new Map();
  }
}
