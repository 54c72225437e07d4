// palisade --help / --version / rules / explain, and usage errors (exit 2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../support/cli.mjs';
import { palisade } from '../support/engine.mjs';
import { root } from '../support/fixtures.mjs';

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

test('--help prints the usage with every command and exits 0', () => {
  const r = runCli(['--help']);
  assert.equal(r.code, 0);
  for (const word of ['scan', 'rules', 'explain', '--format', '--fail-on', '--fix', '--preset', '--rule', '--config', '--output']) {
    assert.match(r.stdout, new RegExp(word.replace(/-/g, '\\-')), `usage mentions ${word}`);
  }
});

test('--version prints the package version', () => {
  const r = runCli(['--version']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout.trim(), pkg.version);
});

test('no command is a usage error (exit 2) with the usage on stderr', () => {
  const r = runCli([]);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /Usage: palisade/);
});

test('unknown commands, options and values are usage errors (exit 2)', () => {
  for (const args of [
    ['frobnicate'],
    ['scan', '--bogus'],
    ['scan', '--format', 'xml'],
    ['scan', '--fail-on', 'sometimes'],
    ['scan', '--preset', 'paranoid'],
    ['scan', '--rule', 'k8s/no-host-pid'],
    ['rules', '--format', 'sarif'],
    ['rules', '--fix'],
    ['explain'],
  ]) {
    const r = runCli(args, { cwd: path.join(root, 'test', 'fixtures') });
    assert.equal(r.code, 2, `${args.join(' ')} → exit 2 (stderr: ${r.stderr})`);
    assert.ok(r.stderr.length > 0, `${args.join(' ')} explains the problem`);
    assert.equal(r.stdout, '', `${args.join(' ')} writes no report`);
  }
});

test('rules --format json lists every registered rule with its metadata', () => {
  const r = runCli(['rules', '--format', 'json']);
  assert.equal(r.code, 0);
  const rules = JSON.parse(r.stdout);
  assert.deepEqual(rules.map((x) => x.id), palisade.builtinRules.map((x) => x.meta.id));
  for (const rule of rules) {
    const meta = palisade.builtinRules.find((x) => x.meta.id === rule.id).meta;
    assert.equal(rule.title, meta.title);
    assert.equal(rule.severity, meta.severity);
    assert.equal(rule.stage, meta.stage);
    assert.equal(rule.fix, meta.fix);
    assert.ok(Array.isArray(rule.presets));
    assert.match(rule.docs, /^https:\/\/.+\.md$/);
  }
});

test('rules (text and markdown) names every rule once per line', () => {
  const text = runCli(['rules']);
  assert.equal(text.code, 0);
  const markdown = runCli(['rules', '--format', 'markdown']);
  assert.equal(markdown.code, 0);
  assert.match(markdown.stdout, /^\| id \| stage \| severity \| fix \| title \|$/m);
  for (const rule of palisade.builtinRules) {
    assert.match(text.stdout, new RegExp(`^${rule.meta.id}\\s`, 'm'));
    assert.ok(markdown.stdout.includes(`[\`${rule.meta.id}\`]`));
  }
});

test('explain prints the same text as the engine and the hover', () => {
  for (const id of ['k8s/no-host-pid', 'docker/no-root-user', 'parse-error']) {
    const r = runCli(['explain', id]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, palisade.explain(id));
  }
  const rule = runCli(['explain', 'k8s/no-host-pid']).stdout;
  for (const section of ['### Why', '### How to fix', '### References']) assert.ok(rule.includes(section), section);
});

test('explain of an unknown id exits 2 and suggests the closest id', () => {
  const r = runCli(['explain', 'k8s/no-host-pd']);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /Unknown rule "k8s\/no-host-pd"; did you mean "k8s\/no-host-pid"\?/);
});
