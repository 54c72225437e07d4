// The workspace index over LSP: a real server over stdio, a temp workspace on disk. Cross-file findings appear once
// the workspace is indexed, and follow file-watch events and edits of other open documents.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileUri, startLspClient } from '../support/lsp-client.mjs';

const RULE = 'k8s/require-network-policy';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.0
`;

const policy = (name, app) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: ${app}}
  policyTypes: [Ingress, Egress]
`;

const hasRule = (p) => p.diagnostics.some((d) => d.code === RULE);
const lacksRule = (p) => !hasRule(p);

function makeWorkspace() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-ws-'));
  fs.mkdirSync(path.join(dir, 'apps'));
  fs.mkdirSync(path.join(dir, 'policies'));
  fs.writeFileSync(path.join(dir, 'apps', 'web.yaml'), DEPLOYMENT);
  // a policy for another app: the workspace uses NetworkPolicies, and nothing selects web
  fs.writeFileSync(path.join(dir, 'policies', 'db.yaml'), policy('db', 'db'));
  // never indexed: node_modules and hidden folders
  fs.mkdirSync(path.join(dir, 'node_modules', 'x'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'node_modules', 'x', 'np.yaml'), policy('hidden-a', 'web'));
  fs.mkdirSync(path.join(dir, '.cache'));
  fs.writeFileSync(path.join(dir, '.cache', 'np.yaml'), policy('hidden-b', 'web'));
  return dir;
}

describe('workspace index', () => {
  let dir;
  let client;
  let webUri;

  before(async () => {
    dir = makeWorkspace();
    client = await startLspClient({ workspaceFolders: [dir] });
    webUri = fileUri(path.join(dir, 'apps', 'web.yaml'));
  });

  after(async () => {
    await client?.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the status reports the index, and a cross-file finding appears once it is complete', async () => {
    await client.open(webUri, 'yaml', DEPLOYMENT);
    const status = await client.waitForIndex();
    // web.yaml and db.yaml; the copies under node_modules and .cache are not indexed (they would select web)
    assert.deepEqual(status.indexing, { done: 2, total: 2, complete: true });
    const published = await client.waitForDiagnostics(webUri, { predicate: hasRule });
    const d = published.diagnostics.find((x) => x.code === RULE);
    assert.match(DEPLOYMENT.split('\n')[d.range.start.line], /labels: \{app: web\}/, 'anchored on the pod labels');
  });

  test('creating a NetworkPolicy file clears the finding; deleting it brings it back', async () => {
    const file = path.join(dir, 'policies', 'web.yaml');
    fs.writeFileSync(file, policy('web', 'web'));
    let mark = client.mark(webUri);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(file), type: 1 }] });
    await client.waitForDiagnostics(webUri, { after: mark, predicate: lacksRule });

    fs.rmSync(file);
    mark = client.mark(webUri);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(file), type: 3 }] });
    await client.waitForDiagnostics(webUri, { after: mark, predicate: hasRule });
  });

  test('a changed file on disk counts: a policy edited to select web clears the finding', async () => {
    const file = path.join(dir, 'policies', 'db.yaml');
    fs.writeFileSync(file, policy('db', 'web'));
    let mark = client.mark(webUri);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(file), type: 2 }] });
    await client.waitForDiagnostics(webUri, { after: mark, predicate: lacksRule });
    fs.writeFileSync(file, policy('db', 'db'));
    mark = client.mark(webUri);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(file), type: 2 }] });
    await client.waitForDiagnostics(webUri, { after: mark, predicate: hasRule });
  });

  test('editing another open document propagates live, and its unsaved text wins over the disk', async () => {
    const dbUri = fileUri(path.join(dir, 'policies', 'db.yaml'));
    const text = policy('db', 'db');
    await client.open(dbUri, 'yaml', text);
    await client.waitForDiagnostics(dbUri);
    let mark = client.mark(webUri);
    const line = text.split('\n').findIndex((l) => l.includes('{app: db}'));
    const col = text.split('\n')[line].indexOf('db}');
    await client.change(dbUri, [{ range: { start: { line, character: col }, end: { line, character: col + 2 } }, text: 'web' }]);
    await client.waitForDiagnostics(webUri, { after: mark, predicate: lacksRule });

    // closing the edited document without saving: the disk's text (a policy for db) counts again
    mark = client.mark(webUri);
    await client.close(dbUri);
    await client.waitForDiagnostics(webUri, { after: mark, predicate: hasRule });
  });

  test('palisade/scanWorkspace publishes the findings of closed files, and deleting the file clears them', async () => {
    const closed = path.join(dir, 'apps', 'api.yaml');
    fs.writeFileSync(closed, DEPLOYMENT.replace(/web/g, 'api'));
    const closedUri = fileUri(closed);
    const result = await client.request('palisade/scanWorkspace', {});
    assert.equal(result.completed, true);
    assert.equal(result.files, 3);
    const published = client.lastDiagnostics(closedUri);
    assert.ok(published && hasRule(published), 'the closed file gets its cross-file finding');
    const status = await client.request('palisade/status');
    assert.ok(status.workspaceTotals.total >= status.totals.total + published.diagnostics.length);

    const mark = client.mark(closedUri);
    fs.rmSync(closed);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: closedUri, type: 3 }] });
    await client.waitForDiagnostics(closedUri, { after: mark, predicate: (p) => p.diagnostics.length === 0 });
    assert.deepEqual(client.lastDiagnostics(closedUri).diagnostics, []);
  });

  test('a cancelled scan publishes nothing and leaves the index as it was', async () => {
    const { CancellationTokenSource } = (await import('node:module')).createRequire(import.meta.url)('vscode-jsonrpc/node');
    const source = new CancellationTokenSource();
    const pending = client.connection.sendRequest('palisade/scanWorkspace', {}, source.token);
    source.cancel();
    const result = await pending.catch((e) => ({ error: e }));
    // the cancellation won (an error or no result) or the scan finished first: never a half-built index
    assert.ok(result === null || result.error || typeof result.completed === 'boolean');
    // the cancelled build stops on its own; the index in use never stopped being complete
    for (let i = 0; i < 200; i++) {
      const status = await client.request('palisade/status');
      assert.equal(status.indexing.complete, true, 'the complete index stays in place');
      if (status.indexing.total === 2 && status.indexing.done === 2) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.deepEqual((await client.request('palisade/status')).indexing, { done: 2, total: 2, complete: true });
    // the finding on the open document is still there: nothing was half-published
    assert.ok(hasRule(client.lastDiagnostics(webUri)));
  });
});

describe('re-scans that recognise unchanged files by their signature never miss a change on disk', () => {
  let dir;
  let client;
  const LATEST = 'k8s/no-latest-image-tag';
  const tagged = (tag) => DEPLOYMENT.replace('registry.example.com/web:1.0', `nginx:${tag}`);
  const hasLatest = (p) => !!p?.diagnostics.some((d) => d.code === LATEST);
  // whole seconds, an hour ago: put back exactly, whatever the precision of the file system's times
  const OLD = Math.floor(Date.now() / 1000) - 3600;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-rescan-'));
    fs.writeFileSync(path.join(dir, 'web.yaml'), tagged('latest'));
    // written an hour ago, as far as its modification time says: the first build may trust its signature
    fs.utimesSync(path.join(dir, 'web.yaml'), OLD, OLD);
    client = await startLspClient({ workspaceFolders: [dir] });
    await client.waitForIndex();
  });

  after(async () => {
    await client?.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const rescan = async () => {
    const result = await client.request('palisade/scanWorkspace', {});
    assert.equal(result.completed, true);
    return client.lastDiagnostics(fileUri(path.join(dir, 'web.yaml')));
  };

  test('a same-size rewrite with the old modification time put back is still seen (no watch event)', async () => {
    const file = path.join(dir, 'web.yaml');
    assert.ok(hasLatest(await rescan()), 'the tag is reported');
    assert.ok(hasLatest(await rescan()), 'an unchanged re-scan reports it again');
    const before = fs.statSync(file);
    fs.writeFileSync(file, tagged('1.27.0'));
    fs.utimesSync(file, OLD, OLD);
    const now = fs.statSync(file);
    assert.equal(now.size, before.size);
    assert.equal(now.mtimeMs, before.mtimeMs, 'the same modification time: only the change time moved');
    assert.ok(!hasLatest(await rescan()), 'the new content is analysed');
  });

  test('same-size rewrites in quick succession are each seen by the next re-scan', async () => {
    const file = path.join(dir, 'web.yaml');
    fs.writeFileSync(file, tagged('latest'));
    assert.ok(hasLatest(await rescan()));
    // same size, within the same second: only the content tells
    fs.writeFileSync(file, tagged('1.27.1'));
    assert.ok(!hasLatest(await rescan()));
    fs.writeFileSync(file, tagged('latest'));
    assert.ok(hasLatest(await rescan()));
  });
});
