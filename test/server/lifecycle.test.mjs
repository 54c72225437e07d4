// The server over a real stdio pipe: capabilities, custom requests, closing documents, surviving bad requests.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileUri, startLspClient } from '../support/lsp-client.mjs';

const DOCKERFILE = 'FROM alpine:3.22\nUSER root\n';

describe('server lifecycle', () => {
  let client;
  let dir;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-lsp-'));
    client = await startLspClient({ workspaceFolders: [dir] });
  });
  after(async () => {
    await client?.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('initialize announces incremental sync, hover, code actions and the server commands', () => {
    const caps = client.initializeResult.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 });
    assert.equal(caps.hoverProvider, true);
    assert.deepEqual(caps.codeActionProvider.codeActionKinds, ['quickfix', 'source.fixAll.palisade']);
    assert.equal(caps.codeActionProvider.resolveProvider, true);
    assert.deepEqual(caps.executeCommandProvider.commands, ['palisade.server.fixAll', 'palisade.server.showRuleDocs']);
    assert.equal(client.initializeResult.serverInfo.name, 'palisade');
  });

  test('the server registers the configuration and config-file watchers dynamically', async () => {
    await client.waitUntil('registrations', () => (client.registrations.length >= 2 ? true : undefined));
    const watched = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
    assert.deepEqual(watched.registerOptions.watchers.map((w) => w.globPattern), [
      '**/.palisade.{yaml,yml}', '**/palisade.config.yaml',
      // the workspace index: manifests, Dockerfiles, .dockerignore files and extension-less kustomizations
      '**/*.{yaml,yml,json}', '**/*Dockerfile*', '**/Containerfile*', '**/.dockerignore', '**/*.dockerignore', '**/Kustomization',
    ]);
    assert.ok(client.registrations.some((r) => r.method === 'workspace/didChangeConfiguration'));
  });

  test('palisade/explain returns the rule markdown, null for an unknown id', async () => {
    const markdown = await client.request('palisade/explain', { ruleId: 'docker/no-root-user' });
    assert.match(markdown, /^## docker\/no-root-user/);
    assert.match(markdown, /### Why/);
    assert.match(markdown, /### How to fix/);
    assert.equal(await client.request('palisade/explain', { ruleId: 'docker/does-not-exist' }), null);
  });

  test('palisade/rules lists every rule with metadata and a docs link', async () => {
    const rules = await client.request('palisade/rules');
    const rule = rules.find((r) => r.id === 'k8s/no-host-pid');
    assert.ok(rule, 'k8s/no-host-pid is listed');
    assert.equal(rule.language, 'kubernetes');
    assert.equal(rule.severity, 'error');
    assert.equal(rule.fix, 'suggestion');
    assert.ok(rule.presets.includes('recommended'));
    assert.ok(rule.profiles.includes('pss-baseline'));
    assert.equal(rule.docsUrl, 'https://github.com/palisade-dev/palisade/blob/main/docs/rules/k8s/no-host-pid.md');
    assert.ok(rules.some((r) => r.id === 'docker/no-root-user' && r.language === 'dockerfile'));
  });

  test('workspace/executeCommand palisade.showRuleDocs answers with the markdown', async () => {
    for (const command of ['palisade.showRuleDocs', 'palisade.server.showRuleDocs']) {
      const markdown = await client.request('workspace/executeCommand', { command, arguments: ['k8s/no-host-pid'] });
      assert.match(markdown, /^## k8s\/no-host-pid/, command);
    }
  });

  test('status counts findings per open document; findingsChanged reports changes; close clears', async () => {
    const uri = fileUri(path.join(dir, 'Dockerfile'));
    const mark = client.notifications.length;
    await client.open(uri, 'dockerfile', DOCKERFILE);
    const published = await client.waitForDiagnostics(uri, { version: 1 });
    assert.ok(published.diagnostics.some((d) => d.code === 'docker/no-root-user'));
    // the counts are those of the published diagnostics
    const tally = { error: 0, warning: 0, info: 0, total: published.diagnostics.length };
    for (const d of published.diagnostics) tally[['error', 'warning', 'info'][d.severity - 1]]++;
    assert.ok(tally.error >= 1);
    const changed = await client.waitForNotification('palisade/findingsChanged', { after: mark, predicate: (p) => p.uri === uri });
    assert.equal(changed.version, 1);
    assert.deepEqual(changed.counts, tally);
    const status = await client.request('palisade/status');
    assert.equal(status.state, 'ready');
    assert.deepEqual(status.documents.find((d) => d.uri === uri), { uri, version: 1, counts: tally });
    assert.deepEqual(status.totals, tally, 'the only open document');

    const beforeClose = client.mark(uri);
    const closeMark = client.notifications.length;
    await client.close(uri);
    const cleared = await client.waitForDiagnostics(uri, { after: beforeClose });
    assert.deepEqual(cleared.diagnostics, []);
    const zero = await client.waitForNotification('palisade/findingsChanged', { after: closeMark, predicate: (p) => p.uri === uri });
    assert.equal(zero.counts.total, 0);
    assert.equal((await client.request('palisade/status')).documents.some((d) => d.uri === uri), false);
  });

  test('a failing handler is logged and answered with a default; the server keeps serving', async () => {
    // textDocument: null makes the hover handler throw
    const logsBefore = client.logs.length;
    assert.equal(await client.request('textDocument/hover', { textDocument: null, position: { line: 0, character: 0 } }), null);
    const error = await client.waitUntil('error log', () => client.logs.slice(logsBefore).find((l) => l.type === 1 && /hover failed/.test(l.message)));
    assert.match(error.message, /TypeError/);
    assert.deepEqual(await client.request('textDocument/codeAction', { textDocument: null, range: null, context: null }), []);
    // unknown documents are not an error
    assert.equal(await client.hover('file:///nowhere/Dockerfile', 0, 0), null);
    assert.deepEqual(await client.codeActions('file:///nowhere/Dockerfile', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, []), []);
    // still alive and analysing
    const uri = fileUri(path.join(dir, 'after-error.Dockerfile'));
    await client.open(uri, 'dockerfile', DOCKERFILE);
    const published = await client.waitForDiagnostics(uri, { version: 1 });
    assert.ok(published.diagnostics.some((d) => d.code === 'docker/no-root-user'));
    assert.equal(client.exited, undefined);
  });

  test('the same server file speaks node IPC, as VS Code starts it', async () => {
    const ipcClient = await startLspClient({ workspaceFolders: [dir], serverArgs: ['--node-ipc'] });
    try {
      assert.equal(ipcClient.initializeResult.serverInfo.name, 'palisade');
      const uri = fileUri(path.join(dir, 'ipc.Dockerfile'));
      await ipcClient.open(uri, 'dockerfile', DOCKERFILE);
      const published = await ipcClient.waitForDiagnostics(uri, { version: 1 });
      assert.ok(published.diagnostics.some((d) => d.code === 'docker/no-root-user'));
    } finally {
      assert.equal((await ipcClient.shutdown()).code, 0);
    }
  });

  test('shutdown and exit end the process cleanly', async () => {
    const result = await client.shutdown();
    assert.equal(result.code, 0);
  });
});
