// Per-finding severities, options and fix kinds of the Dockerfile rules: what the fixture harness does not pin (it
// checks ranges and fixes, not severities or which fixes are safe).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fixturesDir } from '../support/fixtures.mjs';
import { allRulesConfig, lintText } from '../support/engine.mjs';

/** Severity and flagged text of one rule's findings on a fixture (or a text), in document order. */
function severities(ruleId, fileOrText, configText) {
  const file = path.join(fixturesDir, 'docker', ruleId.slice(7), fileOrText);
  const isFile = fs.existsSync(file);
  const text = isFile ? fs.readFileSync(file, 'utf8') : fileOrText;
  const lines = text.split('\n');
  return lintText(text, isFile ? file : 'Dockerfile', allRulesConfig(configText))
    .filter((f) => f.ruleId === ruleId)
    .map((f) => `${f.severity} ${lines[f.range.start.line].slice(f.range.start.character, f.range.end.character)}`);
}

describe('Dockerfile rule severities and options', () => {
  test('docker/no-secrets-in-arg-env: error for a literal in the final chain, warning otherwise', () => {
    assert.deepEqual(severities('docker/no-secrets-in-arg-env', 'invalid-env-final.Dockerfile'), [
      'warning GITHUB_TOKEN', 'error DB_PASSWORD', 'error API_KEY', 'warning aws_secret_access_key', 'error VITE_NPM_TOKEN', 'warning PGPASSWORD',
    ]);
    assert.deepEqual(severities('docker/no-secrets-in-arg-env', 'FROM a AS build\nENV TOKEN=abc\nFROM b\n'), ['warning TOKEN'], 'a builder stage that never reaches the final image');
  });

  test('docker/eol-base-image: warning in the final chain, info in other stages; asOf moves the cut-off', () => {
    const text = 'FROM python:3.8 AS build\nFROM node:20 AS base\nFROM base\n';
    assert.deepEqual(severities('docker/eol-base-image', text), ['info 3.8', 'warning 20']);
    const earlier = 'rules:\n  docker/eol-base-image:\n    options:\n      asOf: "2024-01-01"\n';
    assert.deepEqual(severities('docker/eol-base-image', text, earlier), [], 'neither release was past its end of life then');
  });

  test('docker/no-debug-tools and docker/require-user honour targetStage', () => {
    const text = 'FROM alpine:3.22 AS runtime\nRUN apk add --no-cache curl\nFROM runtime AS debug\nRUN apk add --no-cache gdb\nUSER 10001\n';
    assert.deepEqual(severities('docker/no-debug-tools', text), ['warning curl', 'warning gdb']);
    assert.deepEqual(severities('docker/no-debug-tools', text, 'targetStage: runtime\n'), ['warning curl']);
    assert.deepEqual(severities('docker/require-user', text), []);
    assert.deepEqual(severities('docker/require-user', text, 'targetStage: runtime\n'), ['warning alpine:3.22']);
  });

  test('docker/require-user: nonRootBaseImages is configurable', () => {
    const text = 'FROM mycorp/runtime:1.0\nCOPY app /app\n';
    assert.deepEqual(severities('docker/require-user', text), ['warning mycorp/runtime:1.0']);
    assert.deepEqual(severities('docker/require-user', text, 'rules:\n  docker/require-user:\n    options:\n      nonRootBaseImages: ["mycorp/runtime:*"]\n'), []);
  });

  test('only edits that cannot change what runs are marked safe', () => {
    const kinds = (text) => lintText(text, 'Dockerfile', allRulesConfig())
      .flatMap((f) => (f.fixes ?? []).map((x) => `${f.ruleId} ${x.kind}`)).sort();
    assert.deepEqual(kinds('FROM alpine:3.22\nADD conf /etc/conf\nMAINTAINER me\n').filter((k) => /copy-over-add|maintainer/.test(k)), [
      'docker/no-maintainer safe', 'docker/prefer-copy-over-add safe',
    ]);
    assert.deepEqual(kinds('FROM alpine:3.22\nUSER root\nRUN curl -k https://x\n').filter((k) => /root-user|tls-bypass/.test(k)), [
      'docker/no-root-user suggestion', 'docker/no-tls-bypass-flags suggestion',
    ]);
  });

  test('resource names the stage', () => {
    const findings = lintText('FROM alpine:3.22 AS Tools\nUSER root\nFROM alpine:3.22\nRUN sudo true\n', 'Dockerfile', allRulesConfig());
    assert.deepEqual(findings.filter((f) => f.ruleId === 'docker/no-sudo').map((f) => f.resource), ['stage 1']);
    assert.ok(findings.some((f) => f.ruleId === 'docker/style' && f.resource === 'stage "tools"'));
  });
});
