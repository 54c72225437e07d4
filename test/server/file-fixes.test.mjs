// Fixes that create files (`Fix.files`) over LSP: with a client that can create files, the quick fix is a workspace
// edit with `documentChanges` (CreateFile with ignoreIfExists, then the new file's text); applying it gives the file
// the rule asked for, and the finding goes. A client without `resourceOperations: ['create']` is not offered the fix,
// nor is any client when the file exists already. The fix used: k8s/require-network-policy's "Create <file> with a
// default-deny NetworkPolicy".
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { VSCODE_LIKE_CAPABILITIES, fileUri, startLspClient } from '../support/lsp-client.mjs';

const RULE = 'k8s/require-network-policy';
const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: registry.example.com/web:1.0\n';
const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: db\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels: {app: db}\n  policyTypes: [Ingress, Egress]\n';

const CREATING = {
  ...VSCODE_LIKE_CAPABILITIES,
  workspace: { ...VSCODE_LIKE_CAPABILITIES.workspace, workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] } },
};

function makeWorkspace() {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-file-fix-')));
  fs.mkdirSync(path.join(dir, 'apps'));
  fs.mkdirSync(path.join(dir, 'policies'));
  fs.writeFileSync(path.join(dir, 'apps', 'web.yaml'), DEPLOYMENT);
  fs.writeFileSync(path.join(dir, 'policies', 'db.yaml'), POLICY);
  return dir;
}

async function findingOf(client, uri) {
  await client.waitForIndex();
  const published = await client.waitForDiagnostics(uri, { predicate: (p) => p.diagnostics.some((d) => d.code === RULE) });
  return published.diagnostics.find((d) => d.code === RULE);
}

/** Apply a workspace edit's file operations to disk as an editor would: create, then the text edits of new files. */
function applyToDisk(edit) {
  const created = [];
  for (const change of edit.documentChanges) {
    if (change.kind === 'create') {
      const file = fileURLToPath(change.uri);
      if (!(fs.existsSync(file) && change.options?.ignoreIfExists)) fs.writeFileSync(file, '');
      created.push(file);
    } else if (change.textDocument) {
      const file = fileURLToPath(change.textDocument.uri);
      let text = fs.readFileSync(file, 'utf8');
      const offset = (p) => text.split('\n').slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
      for (const e of [...change.edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
        text = text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
      }
      fs.writeFileSync(file, text);
    }
  }
  return created;
}

describe('fixes that create files', () => {
  let dir;
  let client;
  let webUri;

  before(async () => {
    dir = makeWorkspace();
    client = await startLspClient({ workspaceFolders: [dir], capabilities: CREATING });
    webUri = fileUri(path.join(dir, 'apps', 'web.yaml'));
    await client.open(webUri, 'yaml', DEPLOYMENT);
  });

  after(async () => {
    await client?.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the action carries the file creation and its text; applied, the finding goes', async () => {
    const diagnostic = await findingOf(client, webUri);
    const actions = await client.codeActions(webUri, diagnostic.range, [diagnostic], ['quickfix']);
    const action = actions.find((a) => /^Create .* NetworkPolicy/.test(a.title));
    assert.ok(action, `a create-file fix is offered: ${actions.map((a) => a.title)}`);
    const [create, text, ...rest] = action.edit.documentChanges;
    assert.deepEqual(rest, []);
    assert.equal(create.kind, 'create');
    assert.deepEqual(create.options, { ignoreIfExists: true });
    assert.equal(text.textDocument.uri, create.uri);
    assert.equal(text.textDocument.version, null);
    const newFile = fileURLToPath(create.uri);
    assert.ok(newFile.startsWith(dir + path.sep), `the new file lies in the workspace: ${newFile}`);
    assert.equal(fs.existsSync(newFile), false);

    const created = applyToDisk(action.edit);
    assert.deepEqual(created, [newFile]);
    const written = fs.readFileSync(newFile, 'utf8');
    assert.match(written, /kind: NetworkPolicy/);
    assert.match(written, /namespace: shop/);
    const mark = client.mark(webUri);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: create.uri, type: 1 }] });
    await client.waitForDiagnostics(webUri, { after: mark, predicate: (p) => !p.diagnostics.some((d) => d.code === RULE) });
    fs.rmSync(newFile);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: create.uri, type: 3 }] });
  });

  test('a file to create that exists already: the fix is not offered', async () => {
    const diagnostic = await findingOf(client, webUri);
    const actions = await client.codeActions(webUri, diagnostic.range, [diagnostic], ['quickfix']);
    const action = actions.find((a) => /^Create .* NetworkPolicy/.test(a.title));
    const target = fileURLToPath(action.edit.documentChanges[0].uri);
    // the file appears on disk before the index hears of it (no watch event yet)
    fs.writeFileSync(target, '# someone else\'s file\n');
    try {
      const again = await client.codeActions(webUri, diagnostic.range, [diagnostic], ['quickfix']);
      assert.ok(!again.some((a) => a.edit?.documentChanges?.some((c) => c.kind === 'create' && fileURLToPath(c.uri) === target)), 'no creation over an existing file');
    } finally {
      fs.rmSync(target);
    }
  });

  test('a client that cannot create files is not offered the fix', async (t) => {
    const plainDir = makeWorkspace();
    const plain = await startLspClient({ workspaceFolders: [plainDir] });
    t.after(async () => {
      await plain.shutdown();
      fs.rmSync(plainDir, { recursive: true, force: true });
    });
    const uri = fileUri(path.join(plainDir, 'apps', 'web.yaml'));
    await plain.open(uri, 'yaml', DEPLOYMENT);
    const diagnostic = await findingOf(plain, uri);
    const actions = await plain.codeActions(uri, diagnostic.range, [diagnostic], ['quickfix']);
    assert.ok(actions.length > 0, 'other actions (suppressions, docs) are still there');
    assert.ok(!actions.some((a) => /^Create /.test(a.title) || a.edit?.documentChanges?.some((c) => c.kind === 'create')), actions.map((a) => a.title).join(', '));
  });
});

// docker/no-secret-files-in-image adds lines to the build context's .dockerignore (`FileChange.append`): the file is
// created when the folder has none, else the lines go after its last line, read from the editor's unsaved text when
// it is open, from disk otherwise.
describe('fixes that add lines to .dockerignore', () => {
  const SECRETS = 'docker/no-secret-files-in-image';
  const APP = 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nCOPY .npmrc /root/.npmrc\nUSER node\n';
  const WEB = 'FROM nginx:1.27\nCOPY . /usr/share/nginx/html\n';
  const INFORMATION = 3;
  let dir;
  let client;
  let appUri;

  const isContextFinding = (d) => d.code === SECRETS && d.severity === INFORMATION;
  async function diagnosticOf(c, uri, predicate, after = 0) {
    await c.waitForIndex();
    const published = await c.waitForDiagnostics(uri, { after, predicate: (p) => p.diagnostics.some(predicate) });
    return published.diagnostics.find(predicate);
  }
  async function actionTitled(c, uri, diagnostic, title) {
    const actions = await c.codeActions(uri, diagnostic.range, [diagnostic], ['quickfix']);
    const action = actions.find((a) => a.title === title);
    assert.ok(action, `"${title}" is offered: ${actions.map((a) => a.title).join(' | ')}`);
    return action;
  }

  before(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-dockerignore-fix-')));
    fs.mkdirSync(path.join(dir, 'app'));
    fs.mkdirSync(path.join(dir, 'web'));
    fs.writeFileSync(path.join(dir, 'app', 'Dockerfile'), APP);
    fs.writeFileSync(path.join(dir, 'web', 'Dockerfile'), WEB);
    fs.writeFileSync(path.join(dir, 'web', '.dockerignore'), 'node_modules\n');
    client = await startLspClient({ workspaceFolders: [dir], capabilities: CREATING });
    appUri = fileUri(path.join(dir, 'app', 'Dockerfile'));
    await client.open(appUri, 'dockerfile', APP);
  });

  after(async () => {
    await client?.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('no .dockerignore: the COPY . finding creates one with .git, .env* and *.pem, and goes', async () => {
    const ignoreFile = path.join(dir, 'app', '.dockerignore');
    const diagnostic = await diagnosticOf(client, appUri, isContextFinding);
    assert.deepEqual(diagnostic.range, { start: { line: 2, character: 5 }, end: { line: 2, character: 6 } });
    assert.match(diagnostic.message, /no \.dockerignore/);
    const action = await actionTitled(client, appUri, diagnostic, 'Create .dockerignore excluding .git, .env*, *.pem');
    const [create, text, ...rest] = action.edit.documentChanges;
    assert.deepEqual(rest, [], 'no edit of the Dockerfile');
    assert.deepEqual(create, { kind: 'create', uri: fileUri(ignoreFile), options: { ignoreIfExists: true } });
    assert.deepEqual(text, { textDocument: { uri: create.uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '.git\n.env*\n*.pem\n' }] });

    assert.deepEqual(applyToDisk(action.edit), [ignoreFile]);
    assert.equal(fs.readFileSync(ignoreFile, 'utf8'), '.git\n.env*\n*.pem\n');
    const mark = client.mark(appUri);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: create.uri, type: 1 }] });
    const published = await client.waitForDiagnostics(appUri, { after: mark, predicate: (p) => !p.diagnostics.some(isContextFinding) });
    assert.ok(published.diagnostics.some((d) => d.code === SECRETS && d.range.start.line === 3), 'the copied .npmrc is still reported');
  });

  test('an existing .dockerignore: "Add .npmrc to .dockerignore" appends to it and drops the COPY; both findings go', async () => {
    const ignoreFile = path.join(dir, 'app', '.dockerignore');
    assert.equal(fs.readFileSync(ignoreFile, 'utf8'), '.git\n.env*\n*.pem\n', 'made by the previous test');
    const diagnostic = await diagnosticOf(client, appUri, (d) => d.code === SECRETS && d.range.start.line === 3);
    const action = await actionTitled(client, appUri, diagnostic, 'Add .npmrc to .dockerignore and stop copying it');
    const [own, other, ...rest] = action.edit.documentChanges;
    assert.deepEqual(rest, []);
    assert.ok(!action.edit.documentChanges.some((c) => c.kind === 'create'), 'the existing file is not created again');
    assert.deepEqual(own.textDocument, { uri: appUri, version: client.version(appUri) });
    assert.deepEqual(other, { textDocument: { uri: fileUri(ignoreFile), version: null }, edits: [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, newText: '.npmrc\n' }] });

    applyToDisk({ documentChanges: [other] });
    assert.equal(fs.readFileSync(ignoreFile, 'utf8'), '.git\n.env*\n*.pem\n.npmrc\n');
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: other.textDocument.uri, type: 2 }] });
    const mark = client.mark(appUri);
    await client.applyWorkspaceEdit({ documentChanges: [own] });
    assert.equal(client.text(appUri), 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nUSER node\n');
    const published = await client.waitForDiagnostics(appUri, { after: mark, version: client.version(appUri) });
    assert.deepEqual(published.diagnostics.filter((d) => d.code === SECRETS || d.code === 'docker/copy-ignored-file').map((d) => d.message), []);
  });

  test('an open .dockerignore: the lines go after its unsaved text', async () => {
    const webUri = fileUri(path.join(dir, 'web', 'Dockerfile'));
    const ignoreUri = fileUri(path.join(dir, 'web', '.dockerignore'));
    // unsaved in the editor: one line more than on disk
    await client.open(ignoreUri, 'ignore', 'node_modules\n.git\n');
    await client.open(webUri, 'dockerfile', WEB);
    // the index knows the saved file (an open .dockerignore is not analysed), so the finding asks for all three lines;
    // the edit goes after the unsaved text and leaves out the `.git` it already holds
    const diagnostic = await diagnosticOf(client, webUri, isContextFinding);
    assert.deepEqual(diagnostic.range, { start: { line: 1, character: 5 }, end: { line: 1, character: 6 } });
    assert.equal(diagnostic.relatedInformation?.[0]?.location.uri, ignoreUri);
    const action = await actionTitled(client, webUri, diagnostic, 'Add .git, .env*, *.pem to .dockerignore');
    assert.deepEqual(action.edit.documentChanges, [{ textDocument: { uri: ignoreUri, version: null }, edits: [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: '.env*\n*.pem\n' }] }]);
    await client.applyWorkspaceEdit(action.edit);
    assert.equal(client.text(ignoreUri), 'node_modules\n.git\n.env*\n*.pem\n');
    // saved and closed, the finding goes (the server reads a .dockerignore from disk once it is closed)
    fs.writeFileSync(path.join(dir, 'web', '.dockerignore'), client.text(ignoreUri));
    const mark = client.mark(webUri);
    await client.close(ignoreUri);
    await client.waitForDiagnostics(webUri, { after: mark, predicate: (p) => !p.diagnostics.some(isContextFinding) });
    await client.close(webUri);
  });

  test('a client that cannot create files is not offered a .dockerignore it would have to create', async (t) => {
    const plainDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-dockerignore-plain-')));
    fs.writeFileSync(path.join(plainDir, 'Dockerfile'), APP);
    const plain = await startLspClient({ workspaceFolders: [plainDir] });
    t.after(async () => {
      await plain.shutdown();
      fs.rmSync(plainDir, { recursive: true, force: true });
    });
    const uri = fileUri(path.join(plainDir, 'Dockerfile'));
    await plain.open(uri, 'dockerfile', APP);
    for (const predicate of [isContextFinding, (d) => d.code === SECRETS && d.range.start.line === 3]) {
      const diagnostic = await diagnosticOf(plain, uri, predicate);
      const actions = await plain.codeActions(uri, diagnostic.range, [diagnostic], ['quickfix']);
      assert.ok(actions.length > 0, 'other actions are still there');
      assert.ok(!actions.some((a) => /\.dockerignore/.test(a.title)), actions.map((a) => a.title).join(', '));
    }
  });
});
