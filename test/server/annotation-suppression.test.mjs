// The quick fix "Suppress <id> on <Kind>/<name>…" over a real pipe: it writes `palisade.io/ignore` under the object's
// metadata.annotations (creating it, or appending the id to an existing value), keeps the file's layout, and the
// finding goes away once the reason is filled in. Not offered where it cannot be done safely.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startLspClient, VSCODE_LIKE_CAPABILITIES } from '../support/lsp-client.mjs';

/** A Deployment named `web` with `hostPID: true`; `metadata` lines replace the default `name: web` block. */
function deployment(metadata = ['metadata:', '  name: web']) {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    ...metadata,
    'spec:',
    '  template:',
    '    spec:',
    '      hostPID: true',
    '      containers:',
    '        - name: app',
    '          image: nginx:1.27',
    '',
  ].join('\n');
}

const codes = (published) => published.diagnostics.map((d) => d.code);
const TITLE = 'Suppress k8s/no-host-pid on Deployment/web…';

describe('annotation suppression quick fix', () => {
  let client;
  let dir;
  const openFresh = (name, languageId, text, c = client) => c.openFresh(dir, name, languageId, text);

  /** The code actions offered for the first diagnostic of `ruleId`. */
  async function actionsFor(uri, published, ruleId, c = client) {
    const diagnostic = published.diagnostics.find((d) => d.code === ruleId);
    assert.ok(diagnostic, `${ruleId} is reported: ${codes(published).join(', ')}`);
    return c.codeActions(uri, diagnostic.range, [diagnostic], ['quickfix']);
  }

  /** Apply an action with its `<reason>` typed over, and wait for the diagnostics of the new version. */
  async function applyWithReason(uri, action, reason, c = client) {
    const edit = {
      documentChanges: action.edit.documentChanges.map((change) => ({
        ...change,
        edits: change.edits.map((e) => ({ ...e, newText: e.newText.replace('<reason>', reason) })),
      })),
    };
    return c.applyAndWait(uri, edit);
  }

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-lsp-'));
    client = await startLspClient({ workspaceFolders: [dir] });
  });
  after(async () => {
    await client?.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('no annotations yet: `annotations:` is created under metadata; with the reason filled the finding goes away', async () => {
    const { uri, published } = await openFresh('plain.yaml', 'yaml', deployment());
    const actions = await actionsFor(uri, published, 'k8s/no-host-pid');
    const action = actions.find((a) => a.title === TITLE);
    assert.ok(action, actions.map((a) => a.title).join(', '));
    assert.equal(action.kind, 'quickfix');
    assert.equal(action.isPreferred, undefined);
    assert.equal(action.edit.documentChanges[0].textDocument.version, 1);
    const afterEdit = await applyWithReason(uri, action, 'node exporter reads host processes');
    assert.equal(client.text(uri), deployment([
      'metadata:',
      '  name: web',
      '  annotations:',
      '    palisade.io/ignore: "k8s/no-host-pid: node exporter reads host processes"',
    ]));
    assert.ok(!codes(afterEdit).includes('k8s/no-host-pid'), codes(afterEdit).join(', '));
    assert.ok(!codes(afterEdit).includes('parse-error'), 'the file parses');
    assert.ok(codes(afterEdit).length > 0, 'the other findings stay');
  });

  test('existing annotations: the key is added last, comments and order kept', async () => {
    const text = deployment([
      'metadata:',
      '  annotations:   # owned by the platform team',
      '    team: payments',
      '    # rotation weekly',
      '    contact: "#payments"',
      '  name: web',
    ]);
    const { uri, published } = await openFresh('annotated.yaml', 'yaml', text);
    const action = (await actionsFor(uri, published, 'k8s/no-host-pid')).find((a) => a.title === TITLE);
    const afterEdit = await applyWithReason(uri, action, 'monitoring');
    assert.equal(client.text(uri), deployment([
      'metadata:',
      '  annotations:   # owned by the platform team',
      '    team: payments',
      '    # rotation weekly',
      '    contact: "#payments"',
      '    palisade.io/ignore: "k8s/no-host-pid: monitoring"',
      '  name: web',
    ]));
    assert.ok(!codes(afterEdit).includes('k8s/no-host-pid'));
  });

  test('`annotations: {}` and `metadata` without annotations in a CRLF file keep their style and line endings', async () => {
    const text = deployment(['metadata:', '  name: web', '  annotations: {}']).replace(/\n/g, '\r\n');
    const { uri, published } = await openFresh('crlf.yaml', 'yaml', text);
    const action = (await actionsFor(uri, published, 'k8s/no-host-pid')).find((a) => a.title === TITLE);
    const afterEdit = await applyWithReason(uri, action, 'monitoring');
    assert.equal(client.text(uri), deployment(['metadata:', '  name: web', '  annotations:', '    palisade.io/ignore: "k8s/no-host-pid: monitoring"']).replace(/\n/g, '\r\n'));
    assert.ok(!codes(afterEdit).includes('k8s/no-host-pid'));
  });

  test('an existing palisade.io/ignore value gets ", <id>" appended to its ids, its reason kept', async () => {
    for (const [quote, value] of [['"', '"k8s/no-privileged: vendor chart"'], ["'", "'k8s/no-privileged: vendor chart'"], ['', 'k8s/no-privileged']]) {
      const text = deployment(['metadata:', '  name: web', '  annotations:', `    palisade.io/ignore: ${value}`]);
      const { uri, published } = await openFresh('existing.yaml', 'yaml', text);
      const action = (await actionsFor(uri, published, 'k8s/no-host-pid')).find((a) => a.title === TITLE);
      assert.ok(action, `offered for ${value}`);
      assert.ok(!JSON.stringify(action.edit).includes('<reason>'), 'no new reason: the existing one covers the id');
      const afterEdit = await applyWithReason(uri, action, 'unused');
      const expected = quote ? `${quote}k8s/no-privileged, k8s/no-host-pid: vendor chart${quote}` : 'k8s/no-privileged, k8s/no-host-pid';
      assert.equal(client.text(uri), deployment(['metadata:', '  name: web', '  annotations:', `    palisade.io/ignore: ${expected}`]));
      assert.ok(!codes(afterEdit).includes('k8s/no-host-pid'), `${value}: ${codes(afterEdit).join(', ')}`);
    }
  });

  test('in a stream, the object of the finding is edited; in a List, the item', async () => {
    const other = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: "1"\n';
    const text = `${other}---\n${deployment()}`;
    const { uri, published } = await openFresh('stream.yaml', 'yaml', text);
    const action = (await actionsFor(uri, published, 'k8s/no-host-pid')).find((a) => a.title === TITLE);
    await applyWithReason(uri, action, 'r');
    assert.equal(client.text(uri), `${other}---\n${deployment(['metadata:', '  name: web', '  annotations:', '    palisade.io/ignore: "k8s/no-host-pid: r"'])}`);

    const list = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - apiVersion: v1',
      '    kind: Pod',
      '    metadata:',
      '      name: debug',
      '    spec:',
      '      hostPID: true',
      '      containers:',
      '        - name: c',
      '          image: busybox:1.36',
      '',
    ].join('\n');
    const listDoc = await openFresh('list.yaml', 'yaml', list);
    const listAction = (await actionsFor(listDoc.uri, listDoc.published, 'k8s/no-host-pid')).find((a) => a.title.startsWith('Suppress k8s/no-host-pid on '));
    assert.equal(listAction.title, 'Suppress k8s/no-host-pid on Pod/debug…');
    const afterEdit = await applyWithReason(listDoc.uri, listAction, 'debugging');
    assert.match(client.text(listDoc.uri), /^ {4}metadata:\n {6}name: debug\n {6}annotations:\n {8}palisade\.io\/ignore: "k8s\/no-host-pid: debugging"\n {4}spec:/m);
    assert.ok(!codes(afterEdit).includes('k8s/no-host-pid'));
  });

  test('not offered for Dockerfiles, JSON manifests or flow-style metadata', async () => {
    const titlesOf = async (name, languageId, text, ruleId) => {
      const { uri, published } = await openFresh(name, languageId, text);
      return (await actionsFor(uri, published, ruleId)).map((a) => a.title);
    };
    const docker = await titlesOf('Dockerfile', 'dockerfile', 'FROM alpine:3.22\nUSER root\n', 'docker/no-root-user');
    assert.ok(!docker.some((t) => / on /.test(t)), docker.join(', '));

    const json = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { hostPID: true, containers: [{ name: 'c', image: 'busybox:1.36' }] } }, null, 2);
    const jsonTitles = await titlesOf('pod.json', 'json', json, 'k8s/no-host-pid');
    assert.ok(!jsonTitles.some((t) => t.startsWith('Suppress')), jsonTitles.join(', '));

    const flow = await titlesOf('flow.yaml', 'yaml', deployment(['metadata: {name: web, labels: {app: web}}']), 'k8s/no-host-pid');
    assert.ok(!flow.some((t) => t.startsWith('Suppress k8s/no-host-pid on ')), flow.join(', '));
    assert.ok(flow.includes('Suppress k8s/no-host-pid for this line…'), 'the comment forms are still offered');
  });

  test('not offered again for an id the annotation already lists', async () => {
    // with requireReason, an annotation without a reason does not apply: the finding stays, its id is already listed
    const text = deployment(['metadata:', '  name: web', '  annotations:', '    palisade.io/ignore: k8s/no-host-pid']);
    fs.writeFileSync(path.join(dir, '.palisade.yaml'), 'suppressions: {requireReason: true}\n');
    try {
      const strict = await startLspClient({ workspaceFolders: [dir] });
      try {
        const { uri, published } = await openFresh('listed.yaml', 'yaml', text, strict);
        const titles = (await actionsFor(uri, published, 'k8s/no-host-pid', strict)).map((a) => a.title);
        assert.ok(!titles.some((t) => t.startsWith('Suppress k8s/no-host-pid on ')), titles.join(', '));
      } finally {
        await strict.shutdown();
      }
    } finally {
      fs.rmSync(path.join(dir, '.palisade.yaml'));
    }
  });

  test('with snippet support the new reason is a placeholder to type over', async () => {
    const snippetClient = await startLspClient({
      workspaceFolders: [dir],
      capabilities: { ...VSCODE_LIKE_CAPABILITIES, workspace: { ...VSCODE_LIKE_CAPABILITIES.workspace, workspaceEdit: { documentChanges: true, snippetEditSupport: true } } },
    });
    try {
      const { uri, published } = await openFresh('snippet.yaml', 'yaml', deployment(), snippetClient);
      const action = (await actionsFor(uri, published, 'k8s/no-host-pid', snippetClient)).find((a) => a.title === TITLE);
      const [edit] = action.edit.documentChanges[0].edits;
      assert.deepEqual(edit.snippet, { kind: 'snippet', value: '\n  annotations:\n    palisade.io/ignore: "k8s/no-host-pid: ${1:<reason>}"' });
      const afterEdit = await snippetClient.applyAndWait(uri, action.edit);
      assert.ok(!codes(afterEdit).includes('k8s/no-host-pid'));
    } finally {
      await snippetClient.shutdown();
    }
  });
});
