// Server stress over LSP (stdio): 50 documents (fixtures and corpus files, YAML and Dockerfiles) are opened, edited
// 1,000 times in a random but fixed order without waiting for the server, then closed. Checked:
//  - every publication is for a version the document had, never older than one published before, and its
//    diagnostics are exactly the engine's findings for the text of that version (single-file rules; cross-file
//    findings depend on the other documents' versions and are only checked to lie inside that version's text);
//  - once the server is idle, every document's last publication is its latest version;
//  - a closed document gets its diagnostics cleared once, then nothing more;
//  - the server's heap returns near its baseline once everything is closed (measured after a full GC by a probe
//    preloaded into the server process).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { palisade } from '../support/engine.mjs';
import { fileUri, startLspClient } from '../support/lsp-client.mjs';
import { Random } from '../fuzz/support/random.mjs';
import { corpus, fixtureFiles } from '../fuzz/support/seeds.mjs';

const PROBE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fuzz', 'support', 'memory-probe.cjs');
const DOCUMENTS = 50;
const EDITS = 1000;
const rng = new Random('palisade-stress-1');

const WORKSPACE_RULES = new Set(palisade.builtinRules.filter((r) => r.meta.scope === 'workspace').map((r) => r.meta.id));
const config = palisade.resolveConfig(undefined, palisade.builtinRules);

let dir;
let client;
let memoryFile;

/** The 50 documents: a fixed sample of fixtures and corpus files, two in three YAML. */
function sampleDocuments() {
  const pool = fixtureFiles().filter((f) => !/[\\/]templates[\\/]/.test(f));
  const c = corpus();
  if (c) pool.push(...c.files.filter((f) => f.category === 'k8s' || f.category === 'dockerfile').map((f) => f.absolutePath));
  const yaml = rng.shuffle(pool.filter((f) => /\.ya?ml$/.test(f)));
  const docker = rng.shuffle(pool.filter((f) => !/\.ya?ml$/.test(f)));
  const picked = [...yaml.slice(0, Math.round(DOCUMENTS * 2 / 3)), ...docker.slice(0, DOCUMENTS - Math.round(DOCUMENTS * 2 / 3))];
  return picked.map((source, i) => {
    const dockerfile = !/\.ya?ml$/.test(source);
    const file = path.join(dir, `d${String(i).padStart(2, '0')}`, dockerfile ? 'Dockerfile' : path.basename(source));
    return { uri: fileUri(file), file, languageId: dockerfile ? 'dockerfile' : 'yaml', text: fs.readFileSync(source, 'utf8') };
  });
}

const SNIPPETS = ['\n', ' ', '#', 'x', '- ', ': ', '  privileged: true\n', '---\n', 'USER root\n', 'RUN curl x | sh\n', '{', '}', '"', '\t',
  'hostPID: true\n', '    securityContext: {runAsUser: 0}\n', 'FROM alpine:latest\n', 'image: nginx\n', '# palisade-ignore k8s/no-privileged\n'];

/** A random edit of a text, as an LSP change. */
function randomChange(doc) {
  const text = doc.getText();
  const at = rng.int(0, text.length);
  const kind = rng.int(0, 9);
  let end = at;
  let insert = '';
  if (kind < 5) insert = rng.pick(SNIPPETS);
  else if (kind < 8) end = Math.min(text.length, at + rng.int(1, 30));
  else {
    end = Math.min(text.length, at + rng.int(0, 12));
    insert = rng.pick(SNIPPETS);
  }
  return { range: { start: doc.positionAt(at), end: doc.positionAt(end) }, text: insert };
}

async function heap() {
  const before = fs.existsSync(memoryFile) ? fs.statSync(memoryFile).mtimeMs : 0;
  client.process.kill('SIGUSR2');
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (fs.existsSync(memoryFile) && fs.statSync(memoryFile).mtimeMs !== before) {
      try {
        return JSON.parse(fs.readFileSync(memoryFile, 'utf8'));
      } catch {
        // written right now
      }
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the memory probe did not answer');
}

function comparable(list) {
  return list.map((x) => `${x.code ?? x.ruleId} ${x.range.start.line}:${x.range.start.character}-${x.range.end.line}:${x.range.end.character} ${x.message}`).sort();
}

before(async () => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-stress-')));
  memoryFile = path.join(dir, 'memory.json');
  const saved = process.env.NODE_OPTIONS;
  process.env.NODE_OPTIONS = `${saved ?? ''} --expose-gc --require ${PROBE}`.trim();
  process.env.PALISADE_MEMORY_FILE = memoryFile;
  try {
    client = await startLspClient({ workspaceFolders: [dir], initializationOptions: { debounceMs: 5 } });
  } finally {
    if (saved === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = saved;
    delete process.env.PALISADE_MEMORY_FILE;
  }
});

after(async () => {
  await client?.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** One round: open every document, edit, check the publications, close, check the clearing. */
async function round(docs, label) {
  /** uri → version → text, for every version the client sent. */
  const texts = new Map();
  const closedAt = new Map();
  const start = new Map(docs.map((d) => [d.uri, client.mark(d.uri)]));
  for (const d of docs) {
    await client.open(d.uri, d.languageId, d.text);
    texts.set(d.uri, new Map([[1, d.text]]));
  }
  for (let i = 0; i < EDITS; i++) {
    const d = rng.pick(docs);
    const doc = client.documents.get(d.uri);
    const version = await client.change(d.uri, [randomChange(doc)]);
    texts.get(d.uri).set(version, client.text(d.uri));
    // let the server interleave its analyses with the stream of edits now and then
    if (i % 97 === 0) await new Promise((r) => setTimeout(r, 15));
  }
  await client.waitForIdle(180_000);

  const problems = [];
  const expected = new Map();
  const lintVersion = (d, version) => {
    const key = `${d.uri}@${version}`;
    if (!expected.has(key)) {
      const findings = palisade.lint({ text: texts.get(d.uri).get(version), fileName: d.file, languageId: d.languageId }, config);
      expected.set(key, comparable(findings.filter((f) => !WORKSPACE_RULES.has(f.ruleId))));
    }
    return expected.get(key);
  };
  let publications = 0;
  for (const d of docs) {
    const list = (client.published.get(d.uri) ?? []).slice(start.get(d.uri));
    publications += list.length;
    let last = 0;
    for (const p of list) {
      if (!texts.get(d.uri).has(p.version)) {
        problems.push(`${d.uri}: published for version ${p.version}, which the document never had`);
        continue;
      }
      if (p.version < last) problems.push(`${d.uri}: version ${p.version} published after version ${last}`);
      last = Math.max(last, p.version);
      const own = comparable(p.diagnostics.filter((x) => !WORKSPACE_RULES.has(x.code)));
      const want = lintVersion(d, p.version);
      if (JSON.stringify(own) !== JSON.stringify(want)) {
        problems.push(`${d.uri} v${p.version}: diagnostics differ from the findings of that text: ${JSON.stringify(own.filter((x) => !want.includes(x)).concat(want.filter((x) => !own.includes(x)))).slice(0, 400)}`);
      }
      const lines = new palisade.LineIndex(texts.get(d.uri).get(p.version));
      for (const x of p.diagnostics) {
        if (lines.offsetAt(x.range.end) < lines.offsetAt(x.range.start) || x.range.end.line >= lines.lineCount) problems.push(`${d.uri} v${p.version}: ${x.code} outside the text`);
      }
    }
    const latest = client.version(d.uri);
    if (list[list.length - 1]?.version !== latest) problems.push(`${d.uri}: last publication is v${list[list.length - 1]?.version}, the document is at v${latest}`);
  }
  assert.deepEqual(problems.slice(0, 20), [], `${label}: ${problems.length} problems in ${publications} publications`);
  assert.ok(publications >= DOCUMENTS, `publications: ${publications}`);

  for (const d of rng.shuffle([...docs])) {
    closedAt.set(d.uri, client.mark(d.uri));
    await client.close(d.uri);
  }
  await client.waitForIdle(60_000);
  await new Promise((r) => setTimeout(r, 300));
  for (const d of docs) {
    const afterClose = (client.published.get(d.uri) ?? []).slice(closedAt.get(d.uri));
    assert.ok(afterClose.length >= 1 && afterClose.every((p) => p.diagnostics.length === 0),
      `${d.uri}: after close, only the clearing publication (got ${JSON.stringify(afterClose.map((p) => [p.version, p.diagnostics.length]))})`);
    assert.equal(afterClose.length, 1, `${d.uri}: cleared once, then nothing`);
  }
  const status = await client.request('palisade/status');
  assert.deepEqual(status.documents, [], 'the server tracks no closed document');
  return publications;
}

test(`${DOCUMENTS} documents, ${EDITS} edits in random order, then closed (twice): diagnostics always for the latest text, nothing after close, memory back to baseline`, { timeout: 600_000 }, async () => {
  const docs = sampleDocuments();
  // warm-up: the first analyses compile schemas and fill caches that stay for the server's lifetime
  for (const d of docs.slice(0, 5)) await client.open(d.uri, d.languageId, d.text);
  await client.waitForIdle(60_000);
  for (const d of docs.slice(0, 5)) await client.close(d.uri);
  await client.waitForIdle(60_000);
  const mb = (m) => m.heapUsed / 1048576;
  const baseline = await heap();
  const first = await round(docs, 'round 1');
  const afterFirst = await heap();
  const second = await round(docs, 'round 2');
  const afterSecond = await heap();
  console.log(`heap: baseline ${mb(baseline).toFixed(1)} MB, after round 1 ${mb(afterFirst).toFixed(1)} MB, after round 2 ${mb(afterSecond).toFixed(1)} MB; ${first + second} publications`);
  assert.ok(mb(afterFirst) - mb(baseline) < 12, 'the first round leaves at most the caches of the rules it used');
  assert.ok(mb(afterSecond) - mb(afterFirst) < 2, `the same work again keeps nothing more (grew ${(mb(afterSecond) - mb(afterFirst)).toFixed(1)} MB)`);
});
