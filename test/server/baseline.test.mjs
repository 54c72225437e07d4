// The editor and the baseline: findings that `palisade scan --write-baseline` accepted show at a lower severity
// (`palisade.baselineSeverity`), new ones keep theirs, and a changed baseline file is picked up.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../support/cli.mjs';
import { fileUri, startLspClient } from '../support/lsp-client.mjs';

const pod = (extra) => ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', 'spec:', ...extra.map((l) => `  ${l}`),
  '  containers:', '    - name: app', '      image: registry.example.com/app:1.0.0', ''].join('\n');
const ONLY = 'extends: [pss-baseline]\n';

describe('baselined findings in the editor', () => {
  let client;
  let dir;
  let uri;
  const byCode = (diagnostics) => Object.fromEntries(diagnostics.map((d) => [d.code, d]));

  before(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-baseline-lsp-')));
    fs.writeFileSync(path.join(dir, '.palisade.yaml'), ONLY);
    fs.mkdirSync(path.join(dir, 'k8s'));
    fs.writeFileSync(path.join(dir, 'k8s', 'pod.yaml'), pod(['hostPID: true']));
    const w = runCli(['scan', '--write-baseline', '.palisade-baseline.json'], { cwd: dir });
    assert.equal(w.code, 0, w.stderr);
    uri = fileUri(path.join(dir, 'k8s', 'pod.yaml'));
    client = await startLspClient({ workspaceFolders: [dir] });
  });
  after(async () => {
    await client?.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a baselined finding shows as information (the default), a new one as what it is', async () => {
    await client.open(uri, 'yaml', pod(['hostPID: true', 'hostIPC: true']));
    const diagnostics = byCode((await client.waitForDiagnostics(uri, { version: 1 })).diagnostics);
    assert.equal(diagnostics['k8s/no-host-pid'].severity, 3, 'baselined: information');
    assert.match(diagnostics['k8s/no-host-pid'].message, /\(accepted in the baseline\)$/);
    assert.equal(diagnostics['k8s/no-host-ipc'].severity, 1, 'new: still an error');
    assert.doesNotMatch(diagnostics['k8s/no-host-ipc'].message, /baseline/);
  });

  test('re-indenting and lines above do not lose the baseline; the settings choose hint or keep', async () => {
    const mark = client.mark(uri);
    await client.change(uri, [{ text: '# a comment\n\n' + pod(['hostPID:    true']) }]);
    let d = byCode((await client.waitForDiagnostics(uri, { after: mark, version: 2 })).diagnostics);
    assert.equal(d['k8s/no-host-pid'].severity, 3);

    let next = client.mark(uri);
    await client.updateSettings({ baselineSeverity: 'hint' });
    d = byCode((await client.waitForDiagnostics(uri, { after: next, predicate: (p) => p.diagnostics.some((x) => x.severity === 4) })).diagnostics);
    assert.equal(d['k8s/no-host-pid'].severity, 4, 'hint');

    next = client.mark(uri);
    await client.updateSettings({ baselineSeverity: 'keep' });
    d = byCode((await client.waitForDiagnostics(uri, { after: next, predicate: (p) => p.diagnostics.some((x) => x.severity === 1) })).diagnostics);
    assert.equal(d['k8s/no-host-pid'].severity, 1, 'keep: its own severity');
    assert.doesNotMatch(d['k8s/no-host-pid'].message, /baseline/);

    const severityOf = async (settings) => {
      const at = client.mark(uri);
      await client.updateSettings(settings);
      const expected = settings.baseline === undefined ? 3 : 1;
      const p = await client.waitForDiagnostics(uri, { after: at, predicate: (x) => x.diagnostics.some((y) => y.code === 'k8s/no-host-pid' && y.severity === expected) });
      return byCode(p.diagnostics)['k8s/no-host-pid'].severity;
    };
    assert.equal(await severityOf({}), 3, 'back to the default');
    assert.equal(await severityOf({ baseline: 'elsewhere.json' }), 1, 'no baseline at that path');
    assert.equal(await severityOf({}), 3);
  });

  test('a rewritten baseline is used at the next analysis', async () => {
    fs.writeFileSync(path.join(dir, '.palisade-baseline.json'), JSON.stringify({ version: 1, recipe: 'palisade-baseline/v1', findings: [] }));
    const mark = client.mark(uri);
    await client.change(uri, [{ text: pod(['hostPID: true']) + '\n' }]);
    const d = byCode((await client.waitForDiagnostics(uri, { after: mark, version: 3 })).diagnostics);
    assert.equal(d['k8s/no-host-pid'].severity, 1, 'an empty baseline accepts nothing');
  });
});
