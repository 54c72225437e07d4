// Code actions over a real pipe: quick fixes, fix-all (safe fixes only), suppressions, documentation.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startLspClient, VSCODE_LIKE_CAPABILITIES } from '../support/lsp-client.mjs';

const DEPLOYMENT = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  'spec:',
  '  template:',
  '    spec:',
  '      hostPID: true',
  '      serviceAccount: web',
  '      containers:',
  '        - name: app',
  '          image: nginx:1.27',
  '',
].join('\n');

const DOCKERFILE = 'FROM alpine:3.22\nUSER root\nENTRYPOINT ["/app"]\n';

const codes = (published) => published.diagnostics.map((d) => d.code);

describe('code actions', () => {
  let client;
  let dir;
  const openFresh = (name, languageId, text, c = client) => c.openFresh(dir, name, languageId, text);
  const apply = (uri, action, c = client) => c.applyAndWait(uri, action.edit);

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-lsp-'));
    client = await startLspClient({ workspaceFolders: [dir] });
  });
  after(async () => {
    await client?.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the quick fix of a finding fixes it: apply the edit, the new version is clean of that rule', async () => {
    const { uri, published } = await openFresh('web.yaml', 'yaml', DEPLOYMENT);
    const diagnostic = published.diagnostics.find((d) => d.code === 'k8s/no-host-pid');
    const actions = await client.codeActions(uri, diagnostic.range, [diagnostic], ['quickfix']);
    assert.deepEqual(actions.map((a) => a.title), [
      'Remove `hostPID: true`',
      'Suppress k8s/no-host-pid for this line…',
      'Suppress k8s/no-host-pid on Deployment/web…',
      'Suppress k8s/no-host-pid for this file…',
      'Show documentation for k8s/no-host-pid',
    ]);
    const fix = actions[0];
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.isPreferred, undefined, 'a suggestion fix (it changes behaviour) is never preferred');
    assert.deepEqual(fix.diagnostics, [diagnostic]);
    assert.equal(fix.edit.documentChanges[0].textDocument.version, 1);
    const after = await apply(uri, fix);
    assert.ok(!codes(after).includes('k8s/no-host-pid'));
    assert.ok(codes(after).includes('k8s/no-deprecated-service-account-field'), 'other findings stay');
    assert.doesNotMatch(client.text(uri), /hostPID/);
    assert.match(client.text(uri), /^ {4}spec:\n {6}serviceAccount: web\n/m, 'indentation and order kept');
  });

  test('a safe fix is preferred', async () => {
    const { uri, published } = await openFresh('sa.yaml', 'yaml', DEPLOYMENT);
    const diagnostic = published.diagnostics.find((d) => d.code === 'k8s/no-deprecated-service-account-field');
    const [fix] = await client.codeActions(uri, diagnostic.range, [diagnostic], ['quickfix']);
    assert.equal(fix.title, 'Rename to `serviceAccountName`');
    assert.equal(fix.isPreferred, true);
  });

  test('fix-all applies the safe fixes only', async () => {
    const { uri, published } = await openFresh('fixall.yaml', 'yaml', DEPLOYMENT);
    assert.ok(codes(published).includes('k8s/no-host-pid') && codes(published).includes('k8s/no-deprecated-service-account-field'));
    const actions = await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll']);
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.palisade');
    const after = await apply(uri, actions[0]);
    assert.match(client.text(uri), /serviceAccountName: web/);
    assert.match(client.text(uri), /hostPID: true/, 'the suggestion fix was not applied');
    assert.ok(!codes(after).includes('k8s/no-deprecated-service-account-field'));
    assert.ok(codes(after).includes('k8s/no-host-pid'));
    // nothing safe left: no fix-all action
    assert.deepEqual(await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll.palisade']), []);
  });

  test('Dockerfile fix-all: ADD of local files becomes COPY, the root user (a suggestion) stays', async () => {
    const text = 'FROM alpine:3.22\nADD config/ /etc/app/\nADD site.conf /etc/nginx/conf.d/\nADD app.tar.gz /opt/\nUSER root\n';
    const { uri, published } = await openFresh('fixall.Dockerfile', 'dockerfile', text);
    assert.equal(codes(published).filter((c) => c === 'docker/prefer-copy-over-add').length, 2);
    const [action] = await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll.palisade']);
    const after = await apply(uri, action);
    assert.equal(client.text(uri), 'FROM alpine:3.22\nCOPY config/ /etc/app/\nCOPY site.conf /etc/nginx/conf.d/\nADD app.tar.gz /opt/\nUSER root\n');
    assert.ok(!codes(after).includes('docker/prefer-copy-over-add'));
    assert.ok(codes(after).includes('docker/no-root-user'));
  });

  test('fix-all over a multi-document stream fixes every document in one edit', async () => {
    const stream = [DEPLOYMENT, DEPLOYMENT.replace('name: web', 'name: api'), DEPLOYMENT.replace('name: web', 'name: db')].join('---\n');
    const { uri } = await openFresh('three.yaml', 'yaml', stream);
    const [action] = await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source']);
    assert.equal(action.edit.documentChanges[0].edits.length, 1);
    const after = await apply(uri, action);
    assert.equal(client.text(uri).match(/serviceAccountName: web/g).length, 3);
    assert.equal(client.text(uri).match(/hostPID: true/g).length, 3);
    assert.equal(codes(after).filter((c) => c === 'k8s/no-deprecated-service-account-field').length, 0);
  });

  test('fix-all is offered lazily in the light bulb and resolved on demand', async () => {
    const { uri, published } = await openFresh('lazy.yaml', 'yaml', DEPLOYMENT);
    const actions = await client.codeActions(uri, published.diagnostics[0].range, published.diagnostics);
    const fixAll = actions.find((a) => a.kind === 'source.fixAll.palisade');
    assert.ok(fixAll && !fixAll.edit, 'offered without its edit');
    const resolved = await client.request('codeAction/resolve', fixAll);
    assert.equal(resolved.edit.documentChanges[0].edits.length, 1);
    await apply(uri, resolved);
    assert.match(client.text(uri), /serviceAccountName: web/);
  });

  test('executeCommand palisade.fixAll applies the safe fixes through workspace/applyEdit', async () => {
    const { uri } = await openFresh('command.yaml', 'yaml', DEPLOYMENT);
    const edits = client.appliedEdits.length;
    const answer = await client.request('workspace/executeCommand', { command: 'palisade.fixAll', arguments: [uri] });
    assert.deepEqual(answer, { applied: true, fixes: 1 });
    assert.equal(client.appliedEdits.length, edits + 1);
    assert.match(client.appliedEdits[edits].label, /Fix all/);
    assert.match(client.text(uri), /serviceAccountName: web/);
    const published = await client.waitForDiagnostics(uri, { version: 2 });
    assert.ok(!codes(published).includes('k8s/no-deprecated-service-account-field'));
    // the advertised spelling, with nothing left to fix
    assert.deepEqual(await client.request('workspace/executeCommand', { command: 'palisade.server.fixAll', arguments: [uri] }), { applied: false, fixes: 0 });
  });

  test('suppress for this line inserts the comment above the line at its indentation; the finding disappears', async () => {
    const { uri, published } = await openFresh('suppress.yaml', 'yaml', DEPLOYMENT);
    const diagnostic = published.diagnostics.find((d) => d.code === 'k8s/no-host-pid');
    const actions = await client.codeActions(uri, diagnostic.range, [diagnostic], ['quickfix']);
    const suppress = actions.find((a) => a.title === 'Suppress k8s/no-host-pid for this line…');
    const after = await apply(uri, suppress);
    assert.match(client.text(uri), /\n {6}# palisade-ignore k8s\/no-host-pid -- <reason>\n {6}hostPID: true\n/);
    assert.ok(!codes(after).includes('k8s/no-host-pid'));
    assert.ok(codes(after).includes('k8s/no-deprecated-service-account-field'));
  });

  test('suppress for this file inserts a file-level comment at the top', async () => {
    const { uri, published } = await openFresh('suppress-file.yaml', 'yaml', DEPLOYMENT);
    const diagnostic = published.diagnostics.find((d) => d.code === 'k8s/no-host-pid');
    const actions = await client.codeActions(uri, diagnostic.range, [diagnostic], ['quickfix']);
    const after = await apply(uri, actions.find((a) => a.title === 'Suppress k8s/no-host-pid for this file…'));
    assert.ok(client.text(uri).startsWith('# palisade-ignore-file k8s/no-host-pid -- <reason>\napiVersion: apps/v1\n'));
    assert.ok(!codes(after).includes('k8s/no-host-pid'));
  });

  test('Dockerfile: the line suppression goes above the first line of the instruction, after parser directives for the file', async () => {
    const text = '# syntax=docker/dockerfile:1\nFROM alpine:3.22\nUSER \\\n  root\nENTRYPOINT ["/app"]\n';
    const { uri, published } = await openFresh('Dockerfile', 'dockerfile', text);
    const diagnostic = published.diagnostics.find((d) => d.code === 'docker/no-root-user');
    assert.equal(diagnostic.range.start.line, 3, 'the finding is on the continuation line');
    const actions = await client.codeActions(uri, diagnostic.range, [diagnostic], ['quickfix']);
    const line = actions.find((a) => a.title === 'Suppress docker/no-root-user for this line…');
    assert.deepEqual(line.edit.documentChanges[0].edits, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: '# palisade-ignore docker/no-root-user -- <reason>\n' }]);
    const file = actions.find((a) => a.title === 'Suppress docker/no-root-user for this file…');
    assert.deepEqual(file.edit.documentChanges[0].edits[0].range.start, { line: 1, character: 0 }, 'after `# syntax=`');
    const after = await apply(uri, line);
    assert.ok(!codes(after).includes('docker/no-root-user'));
  });

  test('JSON manifests get no suppression actions (JSON has no comments)', async () => {
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { hostPID: true, containers: [{ name: 'c', image: 'busybox:1.36' }] } }, null, 2);
    const { uri, published } = await openFresh('pod.json', 'json', json);
    const diagnostic = published.diagnostics.find((d) => d.code === 'k8s/no-host-pid');
    const titles = (await client.codeActions(uri, diagnostic.range, [diagnostic], ['quickfix'])).map((a) => a.title);
    assert.ok(!titles.some((t) => t.startsWith('Suppress')), titles.join(', '));
    assert.ok(titles.includes('Show documentation for k8s/no-host-pid'));
  });

  test('show documentation is a palisade.showRuleDocs command with the rule id', async () => {
    const { uri, published } = await openFresh('docs.Dockerfile', 'dockerfile', DOCKERFILE);
    const diagnostic = published.diagnostics.find((d) => d.code === 'docker/no-root-user');
    const actions = await client.codeActions(uri, diagnostic.range, [diagnostic]);
    const docs = actions.find((a) => a.title === 'Show documentation for docker/no-root-user');
    assert.deepEqual(docs.command, { title: 'Show documentation for docker/no-root-user', command: 'palisade.showRuleDocs', arguments: ['docker/no-root-user'] });
  });

  test('diagnostics without data (a client that drops it) still get their fixes', async () => {
    const { uri, published } = await openFresh('nodata.Dockerfile', 'dockerfile', DOCKERFILE);
    const { data, ...bare } = published.diagnostics.find((d) => d.code === 'docker/no-root-user');
    assert.equal(data.version, 1);
    const [fix] = await client.codeActions(uri, bare.range, [bare], ['quickfix']);
    assert.equal(fix.title, 'Run as 65532:65532');
    const after = await apply(uri, fix);
    assert.ok(!codes(after).includes('docker/no-root-user'));
    assert.match(client.text(uri), /USER 65532:65532/);
  });

  test('a diagnostic from an older version gets the fixes of the current text', async () => {
    const { uri, published } = await openFresh('old.Dockerfile', 'dockerfile', DOCKERFILE);
    const old = published.diagnostics.find((d) => d.code === 'docker/no-root-user');
    // a line inserted above moves the finding down; the client (like VS Code) moves the diagnostic's range along
    await client.insert(uri, 0, 0, '# base image\n');
    const moved = { ...old, range: { start: { line: 2, character: 5 }, end: { line: 2, character: 9 } } };
    const [fix] = await client.codeActions(uri, moved.range, [moved], ['quickfix']);
    assert.deepEqual(fix.edit.documentChanges[0], {
      textDocument: { uri, version: 2 },
      edits: [{ range: moved.range, newText: '65532:65532' }],
    });
  });

  test('with snippet support the reason is a placeholder to type over', async () => {
    const snippetClient = await startLspClient({
      workspaceFolders: [dir],
      capabilities: { ...VSCODE_LIKE_CAPABILITIES, workspace: { ...VSCODE_LIKE_CAPABILITIES.workspace, workspaceEdit: { documentChanges: true, snippetEditSupport: true } } },
    });
    try {
      const { uri, published } = await openFresh('snippet.yaml', 'yaml', DEPLOYMENT, snippetClient);
      const diagnostic = published.diagnostics.find((d) => d.code === 'k8s/no-host-pid');
      const actions = await snippetClient.codeActions(uri, diagnostic.range, [diagnostic], ['quickfix']);
      const suppress = actions.find((a) => a.title.startsWith('Suppress k8s/no-host-pid for this line'));
      assert.deepEqual(suppress.edit.documentChanges[0].edits[0].snippet, { kind: 'snippet', value: '      # palisade-ignore k8s/no-host-pid -- ${1:<reason>}\n' });
      const after = await apply(uri, suppress, snippetClient);
      assert.ok(!codes(after).includes('k8s/no-host-pid'));
    } finally {
      await snippetClient.shutdown();
    }
  });
});
