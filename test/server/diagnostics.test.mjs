// Diagnostics over a real pipe: exact ranges and metadata, newest version only, incremental re-analysis.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileUri, startLspClient } from '../support/lsp-client.mjs';

const DOCS_BASE = 'https://github.com/palisade-dev/palisade/blob/main/docs/rules/';

const DOCKERFILE = [
  'FROM golang:1.23 AS build',
  'RUN go build -o /app .',
  '',
  'FROM alpine:3.22',
  'COPY --from=build /app /app',
  'USER root',
  'ENTRYPOINT ["/app"]',
  '',
].join('\n');

const STREAM = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  'spec:',
  '  template:',
  '    spec:',
  '      hostPID: true',
  '      containers:',
  '        - name: app',
  '          image: nginx:1.27',
  '---',
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata:',
  '  name: settings',
  'data:',
  '  mode: fast',
  '---',
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: agent',
  'spec:',
  '  hostPID: true',
  '  containers:',
  '    - name: agent',
  '      image: busybox:1.36',
  '',
].join('\n');

/** `count` small documents separated by `---`: document i is a ConfigMap named cm-i. */
function configMaps(count) {
  return Array.from({ length: count }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  key: value-${i}\n`).join('---\n');
}

const byCode = (published, code) => published.diagnostics.filter((d) => d.code === code);

describe('diagnostics', () => {
  let client;
  let dir;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-lsp-'));
    client = await startLspClient({ workspaceFolders: [dir], initializationOptions: { debounceMs: 20 } });
  });
  after(async () => {
    await client?.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a Dockerfile gets its finding on the exact token, with code, link, source, severity and fix data', async () => {
    const uri = fileUri(path.join(dir, 'Dockerfile'));
    await client.open(uri, 'dockerfile', DOCKERFILE);
    const published = await client.waitForDiagnostics(uri, { version: 1 });
    assert.equal(published.version, 1);
    const [d] = byCode(published, 'docker/no-root-user');
    assert.deepEqual(d.range, { start: { line: 5, character: 5 }, end: { line: 5, character: 9 } });
    assert.equal(d.severity, 1);
    assert.equal(d.source, 'palisade');
    assert.deepEqual(d.codeDescription, { href: `${DOCS_BASE}docker/no-root-user.md` });
    assert.match(d.message, /runs as root/);
    // the data names the version and the finding; its fixes stay in the server until code actions ask for them
    assert.equal(d.data.version, 1);
    assert.equal(typeof d.data.index, 'number');
    assert.equal(d.data.fixes, undefined);
    const [fix] = await client.codeActions(uri, d.range, [d], ['quickfix']);
    assert.equal(fix.title, 'Run as 65532:65532');
    assert.deepEqual(fix.edit.changes?.[uri] ?? fix.edit.documentChanges[0].edits, [{ range: d.range, newText: '65532:65532' }]);
  });

  test('a file recognised by its name is analysed whatever its language id', async () => {
    const uri = fileUri(path.join(dir, 'Dockerfile.prod'));
    await client.open(uri, 'plaintext', 'FROM alpine:3.22\nUSER 0\n');
    const published = await client.waitForDiagnostics(uri, { version: 1 });
    assert.deepEqual(byCode(published, 'docker/no-root-user').map((d) => d.range), [{ start: { line: 1, character: 5 }, end: { line: 1, character: 6 } }]);
  });

  test('a multi-document manifest gets one finding per offending document, with related information', async () => {
    const uri = fileUri(path.join(dir, 'stream.yaml'));
    await client.open(uri, 'yaml', STREAM);
    const published = await client.waitForDiagnostics(uri, { version: 1 });
    const found = byCode(published, 'k8s/no-host-pid');
    assert.deepEqual(found.map((d) => d.range), [
      { start: { line: 7, character: 15 }, end: { line: 7, character: 19 } },
      { start: { line: 24, character: 11 }, end: { line: 24, character: 15 } },
    ]);
    assert.match(found[0].message, /Deployment\/web/);
    assert.match(found[1].message, /Pod\/agent/);
    assert.equal(found[0].severity, 1);
    assert.deepEqual(found[0].codeDescription, { href: `${DOCS_BASE}k8s/no-host-pid.md` });
    assert.deepEqual(found[0].relatedInformation, [{
      location: { uri, range: { start: { line: 7, character: 6 }, end: { line: 7, character: 13 } } },
      message: '`hostPID` is set here',
    }]);
    // the ConfigMap in between has nothing to report
    assert.equal(published.diagnostics.filter((d) => d.range.start.line >= 11 && d.range.start.line < 18).length, 0);
  });

  test('YAML that is not Kubernetes gets an empty publication', async () => {
    const uri = fileUri(path.join(dir, 'workflow.yaml'));
    await client.open(uri, 'yaml', 'name: ci\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    privileged: true\n');
    const published = await client.waitForDiagnostics(uri, { version: 1 });
    assert.deepEqual(published.diagnostics, []);
  });

  test('quick edits: only the newest version is published, versions never go backwards', async () => {
    const uri = fileUri(path.join(dir, 'typing.yaml'));
    await client.open(uri, 'yaml', STREAM);
    await client.waitForDiagnostics(uri, { version: 1 });
    const mark = client.mark(uri);
    // type "slow" over "fast" one character at a time, without waiting; then remove the host PID of the Pod
    const line = STREAM.split('\n').indexOf('  mode: fast');
    let version = 1;
    for (const [i, ch] of [...'slow'].entries()) {
      version = await client.change(uri, [{ range: { start: { line, character: 8 + i }, end: { line, character: 9 + i } }, text: ch }]);
    }
    version = await client.change(uri, [{ range: { start: { line: 24, character: 11 }, end: { line: 24, character: 15 } }, text: 'false' }]);
    assert.equal(version, 6);
    const published = await client.waitForDiagnostics(uri, { after: mark, version: 6 });
    assert.equal(byCode(published, 'k8s/no-host-pid').length, 1, 'the Pod no longer shares the host PID namespace');
    await client.waitForIdle();
    const history = client.published.get(uri).slice(mark);
    for (let i = 1; i < history.length; i++) assert.ok(history[i].version > history[i - 1].version, `publication ${i} went from v${history[i - 1].version} to v${history[i].version}`);
    assert.equal(history[history.length - 1].version, 6, 'the last publication is for the current version');
    for (const p of history) for (const d of p.diagnostics) assert.equal(d.data.version, p.version);
    assert.match(client.text(uri), /mode: slow/);
  });

  test('an analysis that finishes after a newer edit is dropped, never published', async () => {
    const fresh = await startLspClient({ workspaceFolders: [dir], initializationOptions: { debounceMs: 0 } });
    try {
      const uri = fileUri(path.join(dir, 'slow-config.yaml'));
      let release;
      fresh.configurationGate = new Promise((r) => { release = r; });
      const requests = fresh.configurationRequests.length;
      await fresh.open(uri, 'yaml', STREAM);
      // the analysis of version 1 is now waiting for its settings
      await fresh.waitUntil('the settings request', () => (fresh.configurationRequests.length > requests ? true : undefined));
      await fresh.change(uri, [{ range: { start: { line: 7, character: 15 }, end: { line: 7, character: 19 } }, text: 'false' }]);
      // a request is answered after the notifications sent before it: the server has seen version 2
      await fresh.request('palisade/explain', { ruleId: 'k8s/no-host-pid' });
      fresh.configurationGate = undefined;
      release();
      const published = await fresh.waitForDiagnostics(uri, { version: 2 });
      assert.equal(byCode(published, 'k8s/no-host-pid').length, 1);
      await fresh.waitForIdle();
      assert.deepEqual(fresh.published.get(uri).map((p) => p.version), [2], 'version 1 was never published');
    } finally {
      await fresh.shutdown();
    }
  });

  test('an edit re-analyses only the documents it touched', async () => {
    const uri = fileUri(path.join(dir, 'many.yaml'));
    const text = configMaps(5);
    const lines = text.split('\n');
    await client.open(uri, 'yaml', text);
    await client.waitForDiagnostics(uri, { version: 1 });
    let stats = await client.request('palisade/stats', { uri });
    assert.equal(stats.version, 1);
    assert.equal(stats.parsedChunks, 5, 'the first analysis parses every document');
    assert.equal(stats.analyses, 1);

    // one character in the third document
    const third = lines.indexOf('  key: value-2');
    await client.insert(uri, third, 14, 'x');
    await client.waitForDiagnostics(uri, { version: 2 });
    stats = await client.request('palisade/stats', { uri });
    assert.equal(stats.version, 2);
    assert.equal(stats.parsedChunks, 1);

    // one change event editing the first and the fifth document (two cursors)
    const first = lines.indexOf('  key: value-0');
    const fifth = lines.indexOf('  key: value-4');
    await client.change(uri, [
      { range: { start: { line: fifth, character: 14 }, end: { line: fifth, character: 14 } }, text: 'y' },
      { range: { start: { line: first, character: 14 }, end: { line: first, character: 14 } }, text: 'z' },
    ]);
    await client.waitForDiagnostics(uri, { version: 3 });
    stats = await client.request('palisade/stats', { uri });
    assert.equal(stats.version, 3);
    assert.equal(stats.parsedChunks, 2);
    assert.match(client.text(uri), /value-0z\n[\s\S]*value-2x\n[\s\S]*value-4y\n/);

    // a new `---` line splits a document in two: both halves are new
    await client.insert(uri, third + 4, 0, '---\n');
    await client.waitForDiagnostics(uri, { version: 4 });
    stats = await client.request('palisade/stats', { uri });
    assert.equal(stats.parsedChunks, 2);
    assert.equal(stats.analyses, 4);
  });
});
