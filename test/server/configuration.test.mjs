// Settings and `.palisade.yaml` over a real pipe: precedence, problems on the config file, reloads, exclusions.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { fileUri, positionOf, startLspClient, VSCODE_LIKE_CAPABILITIES } from '../support/lsp-client.mjs';

const DOCKERFILE = 'FROM alpine:3.22\nUSER root\n';
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: agent\nspec:\n  hostPID: true\n  containers:\n    - name: agent\n      image: busybox:1.36\n';

const codes = (published) => published.diagnostics.map((d) => d.code);
const hasRootFinding = (published) => codes(published).includes('docker/no-root-user');

describe('configuration', () => {
  let dir;
  let client;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-lsp-'));
  });
  afterEach(async () => {
    await client?.shutdown();
    client = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a broken .palisade.yaml gets diagnostics on itself, at the exact keys, and analysis continues with what is valid', async () => {
    const config = [
      'extends: [recomended]',
      'rules:',
      '  k8s/no-host-pidd: off',
      '  docker/no-root-user: loud',
      'colour: blue',
      '',
    ].join('\n');
    fs.writeFileSync(path.join(dir, '.palisade.yaml'), config);
    client = await startLspClient({ workspaceFolders: [dir] });
    const configUri = fileUri(path.join(dir, '.palisade.yaml'));
    const dockerUri = fileUri(path.join(dir, 'Dockerfile'));
    await client.open(dockerUri, 'dockerfile', DOCKERFILE);
    const problems = await client.waitForDiagnostics(configUri);
    const at = (needle) => {
      const start = positionOf(config, needle);
      return { start, end: { line: start.line, character: start.character + needle.length } };
    };
    const inOrder = [...problems.diagnostics].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    const byRange = inOrder.map((d) => [d.range, d.source, d.code, d.severity]);
    assert.deepEqual(byRange, [
      [at('recomended'), 'palisade', 'config', 1],
      [at('k8s/no-host-pidd'), 'palisade', 'config', 1],
      [at('loud'), 'palisade', 'config', 1],
      [at('colour'), 'palisade', 'config', 1],
    ]);
    // the messages name the wrong value and suggest the right one
    assert.match(inOrder[0].message, /"recomended"[\s\S]*"recommended"/);
    assert.match(inOrder[1].message, /"k8s\/no-host-pidd"[\s\S]*"k8s\/no-host-pid"/);
    // the defaults apply: the Dockerfile is still analysed
    const published = await client.waitForDiagnostics(dockerUri, { version: 1 });
    assert.ok(codes(published).includes('docker/no-root-user'));
    const status = await client.request('palisade/status');
    assert.deepEqual(status.configProblems, [{ uri: configUri, count: 4 }]);
  });

  test('.palisade.yaml overrides the settings; the nearest one up to the workspace folder applies', async () => {
    fs.mkdirSync(path.join(dir, 'deploy', 'prod'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.palisade.yaml'), 'rules:\n  docker/no-root-user: warning\n');
    fs.writeFileSync(path.join(dir, 'deploy', 'palisade.config.yaml'), 'rules:\n  k8s/no-host-pid: info\n');
    client = await startLspClient({ workspaceFolders: [dir], settings: { rules: { 'docker/no-root-user': 'off', 'k8s/no-host-pid': 'off' } } });
    const dockerUri = fileUri(path.join(dir, 'Dockerfile'));
    const podUri = fileUri(path.join(dir, 'deploy', 'prod', 'pod.yaml'));
    await client.open(dockerUri, 'dockerfile', DOCKERFILE);
    await client.open(podUri, 'yaml', POD);
    const docker = await client.waitForDiagnostics(dockerUri, { version: 1 });
    assert.deepEqual(docker.diagnostics.filter((d) => d.code === 'docker/no-root-user').map((d) => d.severity), [2], 'the file turned it back on, as a warning');
    const pod = await client.waitForDiagnostics(podUri, { version: 1 });
    assert.deepEqual(pod.diagnostics.filter((d) => d.code === 'k8s/no-host-pid').map((d) => d.severity), [3], 'deploy/palisade.config.yaml applies as info');
  });

  test('a settings change (a rule turned off) re-analyses and republishes', async () => {
    client = await startLspClient({ workspaceFolders: [dir], settings: { enable: true, preset: 'recommended', rules: {}, exclude: [] } });
    const uri = fileUri(path.join(dir, 'pod.yaml'));
    await client.open(uri, 'yaml', POD);
    const first = await client.waitForDiagnostics(uri, { version: 1 });
    assert.ok(codes(first).includes('k8s/no-host-pid'));
    const mark = client.mark(uri);
    await client.updateSettings({ enable: true, preset: 'recommended', rules: { 'k8s/no-host-pid': 'off' }, exclude: [] });
    const second = await client.waitForDiagnostics(uri, { after: mark });
    assert.equal(second.version, 1);
    assert.ok(!codes(second).includes('k8s/no-host-pid'));
    // and back on with another severity
    const mark2 = client.mark(uri);
    await client.updateSettings({ rules: { 'k8s/no-host-pid': 'warning' } });
    const third = await client.waitForDiagnostics(uri, { after: mark2 });
    assert.deepEqual(third.diagnostics.filter((d) => d.code === 'k8s/no-host-pid').map((d) => d.severity), [2]);
  });

  test('palisade.enable false clears the diagnostics and reports the disabled state', async () => {
    client = await startLspClient({ workspaceFolders: [dir] });
    const uri = fileUri(path.join(dir, 'Dockerfile'));
    await client.open(uri, 'dockerfile', DOCKERFILE);
    await client.waitForDiagnostics(uri, { version: 1, predicate: hasRootFinding });
    const mark = client.mark(uri);
    await client.updateSettings({ enable: false });
    const cleared = await client.waitForDiagnostics(uri, { after: mark });
    assert.deepEqual(cleared.diagnostics, []);
    assert.equal((await client.waitForIdle()).state, 'disabled');
  });

  test('changing .palisade.yaml on disk (watched files) reloads it and clears its fixed problems', async () => {
    const configPath = path.join(dir, '.palisade.yaml');
    fs.writeFileSync(configPath, 'rules:\n  docker/no-root-user: lould\n');
    client = await startLspClient({ workspaceFolders: [dir] });
    const configUri = fileUri(configPath);
    const uri = fileUri(path.join(dir, 'Dockerfile'));
    await client.open(uri, 'dockerfile', DOCKERFILE);
    const problems = await client.waitForDiagnostics(configUri);
    assert.equal(problems.diagnostics.length, 1);
    await client.waitForDiagnostics(uri, { version: 1, predicate: hasRootFinding });

    const configMark = client.mark(configUri);
    const mark = client.mark(uri);
    fs.writeFileSync(configPath, 'rules:\n  docker/no-root-user: off\n');
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
    assert.deepEqual((await client.waitForDiagnostics(configUri, { after: configMark })).diagnostics, []);
    assert.ok(!hasRootFinding(await client.waitForDiagnostics(uri, { after: mark })));

    // deleted: back to the defaults
    const mark2 = client.mark(uri);
    fs.rmSync(configPath);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 3 }] });
    assert.ok(codes(await client.waitForDiagnostics(uri, { after: mark2 })).includes('docker/no-root-user'));
  });

  test('an open .palisade.yaml counts with its unsaved text, and its problems follow the typing', async () => {
    const configPath = path.join(dir, '.palisade.yaml');
    fs.writeFileSync(configPath, 'rules: {}\n');
    client = await startLspClient({ workspaceFolders: [dir] });
    const configUri = fileUri(configPath);
    const uri = fileUri(path.join(dir, 'Dockerfile'));
    await client.open(uri, 'dockerfile', DOCKERFILE);
    await client.waitForDiagnostics(uri, { version: 1, predicate: hasRootFinding });

    const mark = client.mark(uri);
    const configMark = client.mark(configUri);
    await client.open(configUri, 'yaml', 'rules:\n  docker/no-root-user: of\n');
    const problems = await client.waitForDiagnostics(configUri, { after: configMark, predicate: (p) => p.diagnostics.length === 1 });
    assert.deepEqual(problems.diagnostics[0].range, { start: { line: 1, character: 23 }, end: { line: 1, character: 25 } });
    await client.insert(configUri, 1, 25, 'f');
    await client.waitForDiagnostics(configUri, { after: configMark, predicate: (p) => p.diagnostics.length === 0 });
    await client.waitForDiagnostics(uri, { after: mark, predicate: (p) => !hasRootFinding(p) });
    assert.deepEqual(fs.readFileSync(configPath, 'utf8'), 'rules: {}\n', 'nothing written to disk');

    // closing it without saving: the disk version applies again
    const mark2 = client.mark(uri);
    await client.close(configUri);
    assert.ok(codes(await client.waitForDiagnostics(uri, { after: mark2 })).includes('docker/no-root-user'));
  });

  test('exclude (settings, relative to the workspace folder; config file, relative to its folder) silences files', async () => {
    fs.mkdirSync(path.join(dir, 'vendor'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'charts', 'generated'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'charts', '.palisade.yaml'), 'exclude:\n  - generated/**\n');
    client = await startLspClient({ workspaceFolders: [dir], settings: { exclude: ['vendor'] } });
    const vendored = fileUri(path.join(dir, 'vendor', 'Dockerfile'));
    const generated = fileUri(path.join(dir, 'charts', 'generated', 'pod.yaml'));
    const kept = fileUri(path.join(dir, 'charts', 'pod.yaml'));
    await client.open(vendored, 'dockerfile', DOCKERFILE);
    await client.open(generated, 'yaml', POD);
    await client.open(kept, 'yaml', POD);
    assert.deepEqual((await client.waitForDiagnostics(vendored, { version: 1 })).diagnostics, []);
    assert.deepEqual((await client.waitForDiagnostics(generated, { version: 1 })).diagnostics, []);
    assert.ok(codes(await client.waitForDiagnostics(kept, { version: 1 })).includes('k8s/no-host-pid'));
  });

  test('overrides in .palisade.yaml apply per file, relative to the configuration folder', async () => {
    fs.mkdirSync(path.join(dir, 'legacy'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.palisade.yaml'), 'overrides:\n  - files: ["legacy/**"]\n    rules:\n      docker/no-root-user: "off"\n');
    client = await startLspClient({ workspaceFolders: [dir] });
    const legacy = fileUri(path.join(dir, 'legacy', 'Dockerfile'));
    const current = fileUri(path.join(dir, 'Dockerfile'));
    await client.open(legacy, 'dockerfile', DOCKERFILE);
    await client.open(current, 'dockerfile', DOCKERFILE);
    assert.ok(!hasRootFinding(await client.waitForDiagnostics(legacy, { version: 1 })));
    assert.ok(codes(await client.waitForDiagnostics(current, { version: 1 })).includes('docker/no-root-user'));
  });

  const CUSTOM_RULES = [
    'customRules:',
    '  - id: acme/require-team-label',
    '    title: Workloads must have a team label',
    '    message: The workload has no team label.',
    '    kinds: [Pod]',
    '    schema:',
    '      type: object',
    '      properties:',
    '        metadata:',
    '          type: object',
    '          required: [labels]',
    '    remediation: Add `metadata.labels.team`.',
    '',
  ].join('\n');

  test('custom rules from the workspace run in a trusted workspace, with a hover and their explanation', async () => {
    fs.writeFileSync(path.join(dir, '.palisade.yaml'), CUSTOM_RULES);
    client = await startLspClient({ workspaceFolders: [dir], initializationOptions: { debounceMs: 0, trusted: true } });
    const uri = fileUri(path.join(dir, 'pod.yaml'));
    await client.open(uri, 'yaml', POD);
    const published = await client.waitForDiagnostics(uri, { version: 1 });
    const custom = published.diagnostics.find((d) => d.code === 'acme/require-team-label');
    assert.ok(custom, codes(published).join(', '));
    assert.equal(custom.codeDescription, undefined, 'no documentation page for a custom rule');
    const hover = await client.hover(uri, custom.range.start.line, custom.range.start.character + 1);
    assert.match(hover.contents.value, /Workloads must have a team label/);
    assert.match(hover.contents.value, /Add `metadata\.labels\.team`\./);
    assert.match(await client.request('palisade/explain', { ruleId: 'acme/require-team-label', uri }), /^## acme\/require-team-label/);
    assert.match(await client.request('palisade/explain', { ruleId: 'acme/require-team-label' }), /Custom rule/);
  });

  test('custom rules do not run in an untrusted workspace; built-in rules still do', async () => {
    fs.writeFileSync(path.join(dir, '.palisade.yaml'), CUSTOM_RULES);
    client = await startLspClient({ workspaceFolders: [dir], initializationOptions: { debounceMs: 0, trusted: false } });
    const uri = fileUri(path.join(dir, 'pod.yaml'));
    await client.open(uri, 'yaml', POD);
    const published = await client.waitForDiagnostics(uri, { version: 1 });
    assert.ok(!codes(published).includes('acme/require-team-label'));
    assert.ok(codes(published).includes('k8s/no-host-pid'));
  });

  test('a client without workspace/configuration: initializationOptions.settings apply', async () => {
    const { configuration, ...workspace } = VSCODE_LIKE_CAPABILITIES.workspace;
    assert.equal(configuration, true);
    client = await startLspClient({
      workspaceFolders: [dir],
      capabilities: { ...VSCODE_LIKE_CAPABILITIES, workspace },
      initializationOptions: { debounceMs: 0, settings: { rules: { 'docker/no-root-user': 'info' } } },
    });
    const uri = fileUri(path.join(dir, 'Dockerfile'));
    await client.open(uri, 'dockerfile', DOCKERFILE);
    const published = await client.waitForDiagnostics(uri, { version: 1 });
    assert.deepEqual(published.diagnostics.filter((d) => d.code === 'docker/no-root-user').map((d) => d.severity), [3]);
    assert.equal(client.configurationRequests.length, 0, 'the server never asked');
    // settings pushed with didChangeConfiguration replace them
    const mark = client.mark(uri);
    await client.notify('workspace/didChangeConfiguration', { settings: { palisade: { rules: { 'docker/no-root-user': 'off' } } } });
    assert.ok(!hasRootFinding(await client.waitForDiagnostics(uri, { after: mark })));
  });

  test('a client answering null for the section (Neovim without settings) gets the defaults', async () => {
    client = await startLspClient({ workspaceFolders: [dir], settings: null });
    const uri = fileUri(path.join(dir, 'Dockerfile'));
    await client.open(uri, 'dockerfile', DOCKERFILE);
    assert.ok(codes(await client.waitForDiagnostics(uri, { version: 1 })).includes('docker/no-root-user'));
  });

  test('invalid settings are logged and skipped, never fatal', async () => {
    client = await startLspClient({ workspaceFolders: [dir], settings: { preset: 'paranoid', rules: { 'docker/no-root-user': 'loud', 'k8s/nope': 'off' }, exclude: 'not-a-list' } });
    const uri = fileUri(path.join(dir, 'Dockerfile'));
    await client.open(uri, 'dockerfile', DOCKERFILE);
    assert.ok(codes(await client.waitForDiagnostics(uri, { version: 1 })).includes('docker/no-root-user'));
    const warnings = client.logs.filter((l) => l.type === 2).map((l) => l.message).join('\n');
    assert.match(warnings, /unknown preset "paranoid"/);
    assert.match(warnings, /unknown rule "k8s\/nope"/);
    assert.match(warnings, /palisade\.rules\.docker\/no-root-user/);
  });
});
