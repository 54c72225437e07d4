// Fuzzing the engine (dist/rules.js) in child processes, one case at a time with a wall-clock budget:
//  - hostile files (support/hostile.mjs): no crash, no hang, well-formed findings, and exactly one `skipped-file`
//    "too complex" finding for the files beyond the limits; the YAML ones read as a configuration file too;
//  - random mutations of every fixture, example and benchmark-corpus file: no exception, no internal error, no hang,
//    well-formed findings, the same result twice, the same result from an editing session as from a fresh lint, and
//    every offered fix applies without breaking the syntax.
//
// Fixed seed in CI (`npm run test:fuzz`); `npm run test:fuzz:long` (or FUZZ_ROUNDS=N FUZZ_SEED=s) runs more rounds
// with another seed. A failing case prints its id (seed, file, mutations) and where its input was saved.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { fuzzSettings } from './support/settings.mjs';
import { HOSTILE } from './support/hostile.mjs';
import { describeFailures, runCases, saveFailure } from './support/run-cases.mjs';
import { corpus, corpusUnavailable, exampleFiles, fixtureFiles, lintName } from './support/seeds.mjs';

const worker = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support', 'engine-worker.mjs');
const settings = fuzzSettings();

function keepInputs(results) {
  for (const r of results) if (r.problems?.length && r.content !== undefined) r.saved = saveFailure(r.id, r.content);
}

test(`hostile files: a result in time for each (budget ${settings.hostileBudgetMs} ms), skipped with a clear finding beyond the limits`, async () => {
  const cases = HOSTILE.map((h) => ({ id: `hostile:${h.name}`, kind: 'hostile', name: h.name }));
  // the YAML ones once more, read as a `.palisade.yaml` (what the CLI and the server do with a workspace's configuration)
  cases.push(...HOSTILE.filter((h) => !/Dockerfile/.test(h.fileName)).map((h) => ({ id: `config:${h.name}`, kind: 'config', name: h.name })));
  const results = await runCases({ worker, cases, options: { preset: 'all' }, budgetMs: () => settings.hostileBudgetMs });
  keepInputs(results);
  const slowest = [...results].sort((a, b) => (b.wallMs ?? 0) - (a.wallMs ?? 0)).slice(0, 3).map((r) => `${r.id} ${r.wallMs} ms`);
  console.log(`hostile: ${results.length} files; slowest: ${slowest.join(', ')}`);
  assert.ok(results.every((r) => !r.problems.length), describeFailures(results));
});

test(`mutations of fixtures, examples and the corpus (seed "${settings.seed}", ${settings.rounds} round(s))`, async (t) => {
  const seeds = [...fixtureFiles(), ...exampleFiles()].map((file) => ({ file, fileName: lintName(file) }));
  const c = corpus();
  if (c) seeds.push(...c.files.map((f) => ({ file: f.absolutePath, fileName: f.path })));
  else t.diagnostic(corpusUnavailable());
  const cases = [];
  for (let round = 0; round < settings.rounds; round++) {
    seeds.forEach((s, i) => {
      const seed = `${settings.seed}/${round}/${s.fileName}`;
      // a donor from the same kind of file, for crossover splices
      const donor = seeds[(i * 7 + round + 1) % seeds.length].file;
      cases.push({ id: `mutation:${seed}`, kind: 'mutation', file: s.file, fileName: s.fileName, seed, donor });
    });
  }
  const only = process.env.FUZZ_ONLY;
  const selected = only ? cases.filter((x) => x.id.includes(only)) : cases;
  const results = await runCases({
    worker, cases: selected,
    options: { preset: 'all', determinism: true, session: true, fixes: 12 },
    budgetMs: () => settings.mutationBudgetMs,
  });
  keepInputs(results);
  const ms = results.map((r) => r.ms ?? 0).sort((a, b) => a - b);
  console.log(`mutations: ${results.length} cases; lint time median ${ms[ms.length >> 1]?.toFixed(1)} ms, max ${ms[ms.length - 1]?.toFixed(1)} ms`);
  assert.ok(results.every((r) => !r.problems.length), describeFailures(results));
});
