// Kustomize patches over LSP: the server reads the kustomizations of the workspace and treats the files they name as
// patches as partial manifests (no "required field missing" finding), live: editing, closing or changing a
// kustomization on disk marks and unmarks its patches and re-publishes them. The workspace is a copy of
// test/fixtures/workspace/kustomize/overlay.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fixturesDir } from '../support/fixtures.mjs';
import { fileUri, startLspClient } from '../support/lsp-client.mjs';

const FIXTURE = path.join(fixturesDir, 'workspace', 'kustomize', 'overlay');
/** A finding for an absent field the patches leave to the base (reported on a workload that is not a patch). */
const MISSING = 'k8s/run-as-non-root';
const PRESENT = 'k8s/no-privileged';

const codes = (p) => [...new Set(p.diagnostics.map((d) => d.code))].sort();
const onlyPresent = (p) => codes(p).join() === PRESENT;
const withMissing = (p) => codes(p).includes(MISSING) && codes(p).includes(PRESENT);

describe('Kustomize patches in the editor', () => {
  let dir;
  let client;
  const uri = (rel) => fileUri(path.join(dir, rel));
  const read = (rel) => fs.readFileSync(path.join(dir, rel), 'utf8');
  const prod = 'overlays/prod';

  before(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-kustomize-')));
    fs.cpSync(FIXTURE, dir, { recursive: true });
    client = await startLspClient({ workspaceFolders: [dir] });
  });

  after(async () => {
    await client?.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('an open patch gets only the findings of what it sets; the same text named by no kustomization gets all', async () => {
    const patch = uri(`${prod}/patch-security.yaml`);
    const other = uri(`${prod}/not-a-patch.yaml`);
    await client.open(patch, 'yaml', read(`${prod}/patch-security.yaml`));
    await client.open(other, 'yaml', read(`${prod}/not-a-patch.yaml`));
    await client.waitForIndex();
    await client.waitForDiagnostics(patch, { predicate: onlyPresent });
    await client.waitForDiagnostics(other, { predicate: withMissing });
  });

  test('editing the open kustomization moves the mark to the file it now names; closing it unsaved restores it', async () => {
    const kustomization = uri(`${prod}/kustomization.yaml`);
    const patch = uri(`${prod}/patch-security.yaml`);
    const other = uri(`${prod}/not-a-patch.yaml`);
    const text = read(`${prod}/kustomization.yaml`);
    await client.open(kustomization, 'yaml', text);
    const line = text.split('\n').findIndex((l) => l.trim() === '- patch-security.yaml');
    assert.ok(line > 0);
    const start = text.split('\n')[line].indexOf('patch-security.yaml');
    let markPatch = client.mark(patch);
    let markOther = client.mark(other);
    await client.change(kustomization, [{ range: { start: { line, character: start }, end: { line, character: start + 'patch-security.yaml'.length } }, text: 'not-a-patch.yaml' }]);
    await client.waitForDiagnostics(patch, { after: markPatch, predicate: withMissing });
    await client.waitForDiagnostics(other, { after: markOther, predicate: onlyPresent });

    markPatch = client.mark(patch);
    markOther = client.mark(other);
    await client.close(kustomization);
    await client.waitForDiagnostics(patch, { after: markPatch, predicate: onlyPresent });
    await client.waitForDiagnostics(other, { after: markOther, predicate: withMissing });
  });

  test('closed patches: a workspace scan publishes them as partial, and a kustomization changed on disk re-publishes them', async () => {
    const patchPath = path.join(dir, prod, 'patch-security.yaml');
    const patch = fileUri(patchPath);
    await client.close(patch);
    await client.close(uri(`${prod}/not-a-patch.yaml`));
    const result = await client.request('palisade/scanWorkspace', {});
    assert.equal(result.completed, true);
    await client.waitForDiagnostics(patch, { predicate: onlyPresent });

    const kustomizationPath = path.join(dir, prod, 'kustomization.yaml');
    const original = fs.readFileSync(kustomizationPath, 'utf8');
    fs.writeFileSync(kustomizationPath, original.replace('  - patch-security.yaml\n', ''));
    let mark = client.mark(patch);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(kustomizationPath), type: 2 }] });
    await client.waitForDiagnostics(patch, { after: mark, predicate: withMissing });

    fs.writeFileSync(kustomizationPath, original);
    mark = client.mark(patch);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(kustomizationPath), type: 2 }] });
    await client.waitForDiagnostics(patch, { after: mark, predicate: onlyPresent });

    // a deleted kustomization names nothing any more
    fs.rmSync(kustomizationPath);
    mark = client.mark(patch);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(kustomizationPath), type: 3 }] });
    await client.waitForDiagnostics(patch, { after: mark, predicate: withMissing });
  });
});
