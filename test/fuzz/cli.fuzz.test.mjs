// Fuzzing the CLI: a workspace of hostile files (written as bytes: invalid UTF-8, NUL bytes, 8 MB files included)
// and mutated fixtures is scanned in every format and fixed. The CLI must finish in its budget with exit code 0,
// print a report that parses, report every file (skipped ones with a clear `skipped-file` finding), never report an
// internal error, and `--fix` must leave every file parseable and the files it cannot fix byte for byte as they were.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { palisade } from '../support/engine.mjs';
import { root } from '../support/fixtures.mjs';
import { HOSTILE } from './support/hostile.mjs';
import { mutate } from './support/mutations.mjs';
import { Random } from './support/random.mjs';
import { fixtureFiles, lintName } from './support/seeds.mjs';
import { fuzzSettings } from './support/settings.mjs';

const CLI = path.join(root, 'dist', 'cli.js');
const settings = fuzzSettings();
let dir;
const written = [];

function write(rel, content) {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  written.push(rel.split(path.sep).join('/'));
}

before(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-cli-fuzz-')));
  // the heavy cases go to heavy/, scanned once; everything else to small/, scanned in every mode
  for (const h of HOSTILE) write(path.join(h.heavy ? 'heavy' : 'small', 'hostile', h.name, h.fileName), h.make());
  const rng = new Random(`${settings.seed}/cli`);
  const seeds = rng.shuffle(fixtureFiles()).slice(0, 150 * settings.rounds);
  seeds.forEach((file, i) => {
    const m = mutate(fs.readFileSync(file, 'utf8'), new Random(`${settings.seed}/cli/${i}`));
    const rel = path.join('small', 'mutated', String(i), lintName(file).replace(/^test\/fixtures\//, ''));
    write(rel, m.bytes ?? m.text);
  });
});

after(() => fs.rmSync(dir, { recursive: true, force: true }));

function scan(args, cwd = path.join(dir, 'small')) {
  const started = Date.now();
  const r = spawnSync(process.execPath, [`--max-old-space-size=4096`, CLI, 'scan', '.', '--fail-on', 'never', ...args], {
    cwd, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024, timeout: settings.cliBudgetMs, env: { ...process.env, NO_COLOR: '1' },
  });
  return { ...r, ms: Date.now() - started };
}

function checkRun(r, what) {
  assert.ok(!r.error, `${what}: ${r.error?.code === 'ETIMEDOUT' ? `no result within ${settings.cliBudgetMs} ms` : r.error}`);
  assert.equal(r.signal, null, `${what}: killed by ${r.signal}`);
  assert.equal(r.status, 0, `${what}: exit code ${r.status}\n${r.stderr.slice(-2000)}`);
  assert.ok(!/internal error|Error:|    at /.test(r.stderr), `${what}: stderr: ${r.stderr.slice(0, 2000)}`);
}

function filesOfJson(report) {
  const files = report.files ?? report.results ?? report;
  assert.ok(Array.isArray(files), `the JSON report lists files: ${JSON.stringify(report).slice(0, 300)}`);
  return new Map(files.map((f) => [f.path ?? f.file, f.findings ?? []]));
}

test('scan --format json: every file reported in time, skipped ones with a reason, no internal error', () => {
  const r = scan(['--format', 'json'], dir);
  checkRun(r, 'scan --format json');
  const files = filesOfJson(JSON.parse(r.stdout));
  // what the CLI scans: YAML/JSON and Dockerfiles by the engine's own file kinds (a `.dockerignore` is only read)
  const analysed = written.filter((rel) => palisade.fileKindOf(rel) !== 'unknown');
  const missing = analysed.filter((rel) => !files.has(rel));
  assert.deepEqual(missing, [], 'files missing from the report');
  const problems = [];
  for (const [file, findings] of files) {
    for (const f of findings) {
      if (f.ruleId === 'internal-error') problems.push(`${file}: ${f.message}`);
      if (f.ruleId === 'skipped-file' && !/^File skipped: /.test(f.message)) problems.push(`${file}: unclear skip: ${f.message}`);
    }
  }
  for (const h of HOSTILE.filter((x) => x.expect === 'skipped')) {
    const findings = files.get(`${h.heavy ? 'heavy' : 'small'}/hostile/${h.name}/${h.fileName}`) ?? [];
    if (!findings.some((f) => f.ruleId === 'skipped-file')) problems.push(`hostile/${h.name}: not skipped (${findings.length} findings)`);
  }
  assert.deepEqual(problems, []);
  console.log(`cli json: ${files.size} files in ${r.ms} ms`);
});

test('scan --format sarif and text: complete, well-formed output', () => {
  const sarif = scan(['--format', 'sarif']);
  checkRun(sarif, 'scan --format sarif');
  const log = JSON.parse(sarif.stdout);
  assert.equal(log.version, '2.1.0');
  assert.ok(log.runs?.[0]?.results?.length > 0);
  const text = scan([]);
  checkRun(text, 'scan');
  const tail = text.stdout.trimEnd().split('\n').slice(-3);
  assert.ok(tail.some((l) => /^\d+ problems? \(.*\) in \d+ of \d+ files\.$/.test(l)), `the text report ends with its summary: ${tail.join(' / ').slice(0, 300)}`);
  const longest = Math.max(...text.stdout.split('\n').map((l) => l.length));
  assert.ok(longest < 2000, `no report line floods the terminal (longest: ${longest} characters)`);
});

test('scan --fix: every file still parses, files without a safe fix are unchanged byte for byte', () => {
  const copy = `${dir}-fix`;
  fs.cpSync(path.join(dir, 'small'), copy, { recursive: true });
  try {
    const before = filesOfJson(JSON.parse(scan(['--format', 'json'], copy).stdout));
    const r = scan(['--fix', '--format', 'json'], copy);
    checkRun(r, 'scan --fix');
    const afterFix = filesOfJson(JSON.parse(scan(['--format', 'json'], copy).stdout));
    const problems = [];
    for (const rel of written.filter((r) => r.startsWith('small/')).map((r) => r.slice('small/'.length))) {
      const original = fs.readFileSync(path.join(dir, 'small', rel));
      const now = fs.readFileSync(path.join(copy, rel));
      const errorsBefore = (before.get(rel) ?? []).filter((f) => f.ruleId === 'parse-error').length;
      const errorsAfter = (afterFix.get(rel) ?? []).filter((f) => f.ruleId === 'parse-error').length;
      if (errorsAfter > errorsBefore) problems.push(`${rel}: --fix added syntax errors (${errorsBefore} → ${errorsAfter})`);
      const fixable = (before.get(rel) ?? []).some((f) => f.fixes?.some((x) => x.kind === 'safe'));
      if (!fixable && !original.equals(now)) problems.push(`${rel}: changed although it had no safe fix`);
      if (original.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])) && !now.subarray(0, 3).equals(original.subarray(0, 3))) problems.push(`${rel}: lost its byte-order mark`);
    }
    assert.deepEqual(problems, []);
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
});
