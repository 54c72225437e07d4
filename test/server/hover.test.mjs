// Hover over a real pipe: on a finding (the rule's explanation) and on security-relevant keys that are fine.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileUri, positionOf, startLspClient } from '../support/lsp-client.mjs';

const MANIFEST = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: agent',
  'spec:',
  '  hostPID: true',
  '  containers:',
  '    - name: agent',
  '      image: busybox:1.36',
  '      securityContext:',
  '        privileged: false',
  '',
].join('\n');

describe('hover', () => {
  let client;
  let dir;
  let yamlUri;
  let dockerUri;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-lsp-'));
    client = await startLspClient({ workspaceFolders: [dir] });
    yamlUri = fileUri(path.join(dir, 'pod.yaml'));
    dockerUri = fileUri(path.join(dir, 'Dockerfile'));
    await client.open(yamlUri, 'yaml', MANIFEST);
    await client.open(dockerUri, 'dockerfile', 'FROM alpine:3.22\nUSER 65532:65532\n');
    await client.waitForDiagnostics(yamlUri, { version: 1 });
    await client.waitForDiagnostics(dockerUri, { version: 1 });
  });
  after(async () => {
    await client?.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('on a finding: what, why, how to fix, standards and equivalents of the rule', async () => {
    const at = positionOf(MANIFEST, 'true');
    const hover = await client.hover(yamlUri, at.line, at.character + 2);
    assert.equal(hover.contents.kind, 'markdown');
    const md = hover.contents.value;
    assert.match(md, /\*\*Pods must not use the host's process namespace\*\* \(`k8s\/no-host-pid`\)/);
    assert.match(md, /### Why/);
    assert.match(md, /### How to fix/);
    assert.match(md, /Standards: .*Pod Security Standards: baseline/);
    assert.match(md, /### Equivalent checks[\s\S]*kube-linter: `host-pid`/);
    assert.match(md, /\(https:\/\/github\.com\/palisade-dev\/palisade\/blob\/main\/docs\/rules\/k8s\/no-host-pid\.md\)/);
    assert.deepEqual(hover.range, { start: at, end: { line: at.line, character: at.character + 4 } });
  });

  test('on a fine `privileged: false`: what the key does and the rule that guards it', async () => {
    const at = positionOf(MANIFEST, 'privileged');
    const hover = await client.hover(yamlUri, at.line, at.character + 3);
    const md = hover.contents.value;
    assert.match(md, /^\*\*`privileged`\*\*: Runs the container with every capability/);
    assert.match(md, /Guarded by:[\s\S]*\[`k8s\/no-privileged`\]\(https:\/\/github\.com\/palisade-dev\/palisade\/blob\/main\/docs\/rules\/k8s\/no-privileged\.md\)/);
    assert.doesNotMatch(md, /### Why/, 'no finding there, so no rule explanation');
    assert.deepEqual(hover.range, { start: at, end: { line: at.line, character: at.character + 'privileged'.length } });
  });

  test('on the key of a finding the topic names the rule and its state in this configuration', async () => {
    const at = positionOf(MANIFEST, 'hostPID');
    const md = (await client.hover(yamlUri, at.line, at.character)).contents.value;
    assert.match(md, /\*\*`hostPID`\*\*/);
    assert.match(md, /`k8s\/no-host-pid`\]\([^)]*\): Pods must not use the host's process namespace \(on, error\)/);
  });

  test('on a Dockerfile instruction keyword', async () => {
    const hover = await client.hover(dockerUri, 1, 2);
    assert.match(hover.contents.value, /^\*\*`USER`\*\*: Sets the user/);
    assert.match(hover.contents.value, /`docker\/no-root-user`/);
    assert.deepEqual(hover.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } });
  });

  test('nothing to say elsewhere', async () => {
    const at = positionOf(MANIFEST, 'busybox');
    assert.equal(await client.hover(yamlUri, at.line, at.character + 1), null);
    assert.equal(await client.hover(dockerUri, 1, 10), null);
    assert.equal(await client.hover(yamlUri, 500, 0), null);
  });

  test('keys of YAML that is not Kubernetes get no hover', async () => {
    const uri = fileUri(path.join(dir, 'compose.yaml'));
    await client.open(uri, 'yaml', 'services:\n  web:\n    privileged: true\n');
    await client.waitForDiagnostics(uri, { version: 1 });
    assert.equal(await client.hover(uri, 2, 6), null);
  });

  test('a hover right after an edit explains the findings of the new text', async () => {
    const uri = fileUri(path.join(dir, 'edited.yaml'));
    await client.open(uri, 'yaml', MANIFEST.replace('hostPID: true', 'hostPID: false'));
    await client.waitForDiagnostics(uri, { version: 1 });
    const at = positionOf(MANIFEST, 'true');
    await client.change(uri, [{ range: { start: at, end: { line: at.line, character: at.character + 5 } }, text: 'true' }]);
    // no wait for diagnostics: the hover must not answer from the old text
    const hover = await client.hover(uri, at.line, at.character + 1);
    assert.match(hover.contents.value, /`k8s\/no-host-pid`/);
  });
});
