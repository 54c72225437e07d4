// `palisade/posture` over a real pipe: the numbers the editor's "Show Security Posture" view shows are those of
// `palisade scan --format html` for the same files, open documents count with their unsaved text, excluded files
// are left out, and bad parameters get an empty answer rather than an error.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../support/cli.mjs';
import { fileUri, startLspClient } from '../support/lsp-client.mjs';

const pod = (name, extra = []) => ['apiVersion: v1', 'kind: Pod', 'metadata:', `  name: ${name}`, 'spec:', ...extra.map((l) => `  ${l}`),
  '  containers:', '    - name: app', '      image: registry.example.com/app:1.0.0', ''].join('\n');

describe('palisade/posture', () => {
  let client;
  let dir;
  const files = {
    'k8s/a.yaml': pod('a', ['hostPID: true']),
    'k8s/b.yaml': pod('b'),
    'vendor/c.yaml': pod('c', ['hostNetwork: true']),
    'Dockerfile': 'FROM alpine:3.20\nUSER root\n',
    '.palisade.yaml': 'exclude:\n  - vendor/\n',
  };
  const uri = (rel) => fileUri(path.join(dir, rel));

  before(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-posture-')));
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    client = await startLspClient({ workspaceFolders: [dir] });
  });
  after(async () => {
    await client?.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the same totals, stages, compliance and rules as the CLI for the same files', async () => {
    const posture = await client.request('palisade/posture', { uris: Object.keys(files).map(uri) });
    const cli = runCli(['scan', '--format', 'json', '--fail-on', 'never'], { cwd: dir });
    const json = JSON.parse(cli.stdout);
    assert.equal(posture.totals.findings, json.summary.findings);
    const scanned = json.files.filter((f) => f.path !== '.palisade.yaml');
    assert.equal(posture.files.scanned, scanned.length, 'the excluded file and the configuration file are left out');
    assert.deepEqual(posture.totals.bySeverity, { error: json.summary.errors, warning: json.summary.warnings, info: json.summary.infos });
    assert.equal(posture.files.workloads, 2);
    const baseline = posture.pss.find((l) => l.level === 'baseline');
    assert.equal(baseline.passing, 1);
    assert.deepEqual(baseline.failing.map((f) => [f.path, f.resource]), [['k8s/a.yaml', 'Pod/a']]);
    assert.equal(baseline.failing[0].uri, uri('k8s/a.yaml'));
    const occurrence = posture.groups.find((g) => g.rule.id === 'k8s/no-host-pid').occurrences[0];
    assert.equal(occurrence.uri, uri('k8s/a.yaml'));
    assert.ok(occurrence.snippet.some((l) => l.mark && l.text.slice(l.mark[0], l.mark[1]) === 'true'));
    assert.ok(!JSON.stringify(posture).includes('vendor/c.yaml'));
  });

  test('open documents count with their unsaved text', async () => {
    await client.open(uri('k8s/b.yaml'), 'yaml', pod('b', ['hostIPC: true']));
    const posture = await client.request('palisade/posture', { uris: Object.keys(files).map(uri) });
    assert.ok(posture.groups.some((g) => g.rule.id === 'k8s/no-host-ipc'), 'the edit in the editor is assessed');
    assert.equal(posture.pss.find((l) => l.level === 'baseline').passing, 0);
    client.close(uri('k8s/b.yaml'));
  });

  test('bad parameters: an empty posture, never an error', async () => {
    for (const params of [{}, { uris: 'x' }, { uris: [1, null, 'untitled:x', 'file:///nowhere/at/all.yaml'] }]) {
      const posture = await client.request('palisade/posture', params);
      assert.equal(posture.totals.findings, 0, JSON.stringify(params));
      assert.equal(posture.files.scanned, 0);
    }
  });
});
