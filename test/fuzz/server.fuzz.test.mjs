// Fuzzing the language server over stdio: every hostile file is opened as an editor would show it, hovered,
// asked for code actions and fixed; mutated fixtures are opened and edited at random. The server must answer every
// request, publish diagnostics for each version within the budget (skipped files with their `skipped-file`
// finding), log no handler failure, and stay up to the end.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { palisade } from '../support/engine.mjs';
import { fileUri, startLspClient } from '../support/lsp-client.mjs';
import { HOSTILE, textOf } from './support/hostile.mjs';
import { mutate } from './support/mutations.mjs';
import { Random } from './support/random.mjs';
import { fixtureFiles, lintName } from './support/seeds.mjs';
import { fuzzSettings } from './support/settings.mjs';
import { checkFindings } from './support/well-formed.mjs';

const settings = fuzzSettings();
let dir;
let client;

before(async () => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-server-fuzz-')));
  client = await startLspClient({ workspaceFolders: [dir], initializationOptions: { debounceMs: 0, trusted: true } });
});

after(async () => {
  await client?.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Diagnostics back to findings (what checkFindings reads). */
function findingsOf(diagnostics) {
  const severity = { 1: 'error', 2: 'warning', 3: 'info', 4: 'info' };
  return diagnostics.map((d) => ({ ruleId: String(d.code), severity: severity[d.severity], message: d.message, range: d.range, fixes: d.data?.fixes }));
}

/** Handler failures the server logged (it logs them instead of crashing). */
function failuresLogged(from = 0) {
  return client.logs.slice(from).filter((l) => l.type === 1 || /failed|Uncaught|Unhandled/.test(l.message)).map((l) => l.message.slice(0, 300));
}

async function exercise(uri, languageId, text, budget) {
  const problems = [];
  await client.open(uri, languageId, text);
  let published;
  try {
    published = await client.waitForDiagnostics(uri, { version: 1, timeoutMs: budget });
  } catch (e) {
    return { problems: [`no diagnostics within ${budget} ms: ${e.message.slice(0, 200)}`], stuck: true };
  }
  problems.push(...checkFindings(text, findingsOf(published.diagnostics), palisade));
  const lines = text.split(/\r\n|\n|\r/);
  const positions = [{ line: 0, character: 0 }, { line: lines.length >> 1, character: 3 }, { line: lines.length - 1, character: lines[lines.length - 1].length }];
  for (const p of positions) await client.hover(uri, p.line, p.character);
  for (const d of published.diagnostics.slice(0, 5)) await client.codeActions(uri, d.range, [d]);
  await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll']);
  return { problems, published };
}

test(`hostile files in the language server: diagnostics in time (budget ${settings.hostileBudgetMs} ms), every request answered`, { timeout: 900_000 }, async () => {
  const failures = [];
  const logsBefore = client.logs.length;
  for (const h of HOSTILE) {
    const text = textOf(h.make());
    const file = path.join(dir, 'hostile', h.name, h.fileName);
    const uri = fileUri(file);
    const languageId = /Dockerfile/.test(h.fileName) ? 'dockerfile' : h.fileName.endsWith('.json') ? 'json' : 'yaml';
    const started = Date.now();
    const { problems, published, stuck } = await exercise(uri, languageId, text, settings.hostileBudgetMs);
    if (stuck) {
      failures.push(`${h.name}: ${problems.join('; ')}`);
      break; // the server is stuck on this file: later ones would only time out behind it
    }
    const skipped = published.diagnostics.filter((d) => d.code === 'skipped-file');
    if (h.expect === 'skipped' && skipped.length !== 1) problems.push(`expected a skipped-file diagnostic, got ${published.diagnostics.length} diagnostics`);
    if (h.expect === 'quiet' && published.diagnostics.length) problems.push(`expected no diagnostic, got ${published.diagnostics.length}`);
    const mark = client.mark(uri);
    await client.close(uri);
    const cleared = await client.waitForDiagnostics(uri, { after: mark, timeoutMs: settings.hostileBudgetMs });
    if (cleared.diagnostics.length) problems.push('closing did not clear the diagnostics');
    if (problems.length) failures.push(`${h.name} (${Date.now() - started} ms): ${problems.slice(0, 3).join('; ')}`);
  }
  assert.deepEqual(failures, []);
  assert.deepEqual(failuresLogged(logsBefore), [], 'handler failures logged by the server');
  assert.equal(client.exited, undefined, 'the server is still running');
  assert.equal((await client.request('palisade/status')).documents.length, 0);
});

test(`mutated fixtures opened and edited at random (seed "${settings.seed}")`, { timeout: 900_000 }, async () => {
  const rng = new Random(`${settings.seed}/server`);
  const seeds = rng.shuffle(fixtureFiles()).slice(0, 120 * settings.rounds);
  const failures = [];
  const logsBefore = client.logs.length;
  for (const [i, file] of seeds.entries()) {
    const m = mutate(fs.readFileSync(file, 'utf8'), new Random(`${settings.seed}/server/${i}`));
    const name = lintName(file).replace(/^test\/fixtures\//, '');
    const uri = fileUri(path.join(dir, 'mutated', String(i), name));
    const languageId = /Dockerfile/.test(name) ? 'dockerfile' : 'yaml';
    await client.open(uri, languageId, m.text);
    for (let k = 0; k < 5; k++) {
      const doc = client.documents.get(uri);
      const text = doc.getText();
      const a = rng.int(0, text.length);
      const b = Math.min(text.length, a + rng.int(0, 40));
      await client.change(uri, [{ range: { start: doc.positionAt(a), end: doc.positionAt(b) }, text: rng.pick(['', '\n', '- ', ': ', '{', '"', 'USER root\n', '---\n', '\t', '\ud800']) }]);
    }
    const version = client.version(uri);
    let published;
    try {
      published = await client.waitForDiagnostics(uri, { version, timeoutMs: settings.mutationBudgetMs });
    } catch (e) {
      failures.push(`${name} (${m.ops.join(', ')}): no diagnostics for v${version}: ${e.message.slice(0, 200)}`);
      break;
    }
    const problems = checkFindings(client.text(uri), findingsOf(published.diagnostics), palisade);
    const d = published.diagnostics[0];
    if (d) {
      await client.hover(uri, d.range.start.line, d.range.start.character);
      await client.codeActions(uri, d.range, [d]);
    }
    await client.close(uri);
    if (problems.length) failures.push(`${name} (${m.ops.join(', ')}): ${problems.slice(0, 3).join('; ')}`);
  }
  assert.deepEqual(failures, []);
  assert.deepEqual(failuresLogged(logsBefore), [], 'handler failures logged by the server');
  assert.equal(client.exited, undefined, 'the server is still running');
});
