// .gitignore in the server's own walk of the workspace folders (used when the client lists no files, e.g. editors
// other than VS Code): ignored files are not indexed, so they neither get findings nor feed cross-file rules.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileUri, startLspClient } from '../support/lsp-client.mjs';

const RULE = 'k8s/require-network-policy';
const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: registry.example.com/web:1.0\n';
const policy = (app) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np-${app}\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels: {app: ${app}}\n  policyTypes: [Ingress, Egress]\n`;

test('the server walk leaves out what .gitignore files ignore', async (t) => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-gitignore-')));
  const write = (rel, text) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  write('.gitignore', 'generated/\n');
  write('apps/.gitignore', '*.local.yaml\n');
  write('apps/web.yaml', DEPLOYMENT);
  write('policies/db.yaml', policy('db'));
  // both would select web and silence the finding, were they indexed
  write('generated/np.yaml', policy('web'));
  write('apps/np.local.yaml', policy('web'));
  const client = await startLspClient({ workspaceFolders: [dir] });
  t.after(async () => {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const webUri = fileUri(path.join(dir, 'apps', 'web.yaml'));
  await client.open(webUri, 'yaml', DEPLOYMENT);
  const status = await client.waitForIndex();
  assert.deepEqual(status.indexing, { done: 2, total: 2, complete: true }, 'web.yaml and db.yaml only');
  await client.waitForDiagnostics(webUri, { predicate: (p) => p.diagnostics.some((d) => d.code === RULE) });
});
