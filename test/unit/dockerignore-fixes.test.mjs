// Fixes of docker/no-secret-files-in-image that add lines to the build context's `.dockerignore` (`FileChange.append`):
// what `appendLinesEdit` makes of an existing file, and the "Add <pattern> to .dockerignore" fix of a copied secret
// file, applied to a workspace as an editor would.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allRulesConfig, palisade } from '../support/engine.mjs';
import { runWorkspace } from '../support/workspace-fixtures.mjs';

const RULE = 'docker/no-secret-files-in-image';

function append(existing, lines) {
  const edit = palisade.appendLinesEdit(existing, lines);
  return edit && palisade.applyEdits(existing, [edit]);
}

describe('appendLinesEdit', () => {
  test('adds the lines after the last one, in the file\'s line ending', () => {
    assert.equal(append('node_modules\n', '.env*\n*.pem\n'), 'node_modules\n.env*\n*.pem\n');
    assert.equal(append('node_modules', '.env*\n'), 'node_modules\n.env*\n');
    assert.equal(append('node_modules\r\n.git', '.env*\n*.pem\n'), 'node_modules\r\n.git\r\n.env*\r\n*.pem\r\n');
    assert.equal(append('', '.git\n'), '.git\n');
  });

  test('leaves out blank lines and lines the file holds already; nothing new, no edit', () => {
    assert.equal(append('.git\n  .env*  \n# *.pem\n', '.git\n\n.env*\n*.pem\n*.pem\n'), '.git\n  .env*  \n# *.pem\n*.pem\n');
    assert.equal(palisade.appendLinesEdit('\uFEFF.git\n.env*\n', '.git\n.env*\n'), undefined);
  });
});

describe(`${RULE}: "Add <pattern> to .dockerignore"`, () => {
  const config = allRulesConfig();
  const fixesOf = (text, fileName) => palisade.lint({ text, fileName }, config).filter((f) => f.ruleId === RULE && f.severity === 'warning');

  test('the second fix drops the copy and appends the context-relative path to the folder\'s .dockerignore', () => {
    const text = 'FROM node:22-slim\nCOPY package.json ./config/../.npmrc /app/\nCOPY ./deploy/id_ed25519 /root/.ssh/\n';
    const [npmrc, key] = fixesOf(text, '/w/app/Dockerfile');
    assert.deepEqual(npmrc.fixes.map((f) => f.title), ['Do not copy ./config/../.npmrc (mount it as a build secret where it is needed)', 'Add .npmrc to .dockerignore and stop copying it']);
    const add = npmrc.fixes[1];
    assert.equal(add.kind, 'suggestion');
    assert.deepEqual(add.edits, npmrc.fixes[0].edits, 'the same in-file edit as the plain fix');
    assert.deepEqual(add.files, [{ fileName: '/w/app/.dockerignore', append: true, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '.npmrc\n' }] }]);
    assert.equal(key.fixes[1].title, 'Add deploy/id_ed25519 to .dockerignore and stop copying it');
    assert.equal(key.fixes[1].files[0].edits[0].newText, 'deploy/id_ed25519\n');
  });

  test('no such fix for a path outside the build context', () => {
    const [finding] = fixesOf('FROM alpine:3.22\nCOPY ../keys/id_rsa /root/.ssh/id_rsa\n', 'Dockerfile');
    assert.deepEqual(finding.fixes.map((f) => f.title), ['Do not copy ../keys/id_rsa (mount it as a build secret where it is needed)']);
  });

  test('applied to a workspace, neither this rule nor docker/copy-ignored-file reports, and the .dockerignore keeps its lines', () => {
    const files = {
      'svc/Dockerfile': 'FROM node:22-slim\nWORKDIR /app\nCOPY package.json .npmrc ./\nRUN npm ci\nUSER node\n',
      'svc/.dockerignore': '.git\n.env*\n*.pem',
    };
    const before = runWorkspace(files).results.get('svc/Dockerfile').scan.filter((f) => f.ruleId === RULE);
    assert.equal(before.length, 1);
    const fix = before[0].fixes[1];
    const [change] = fix.files;
    assert.equal(change.fileName, 'svc/.dockerignore');
    const next = {
      'svc/Dockerfile': palisade.applyEdits(files['svc/Dockerfile'], fix.edits),
      'svc/.dockerignore': append(files['svc/.dockerignore'], change.edits[0].newText),
    };
    assert.equal(next['svc/Dockerfile'], 'FROM node:22-slim\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci\nUSER node\n');
    assert.equal(next['svc/.dockerignore'], '.git\n.env*\n*.pem\n.npmrc\n');
    const after = runWorkspace(next).results.get('svc/Dockerfile').scan;
    assert.deepEqual(after.filter((f) => f.ruleId === RULE || f.ruleId === 'docker/copy-ignored-file').map((f) => f.message), []);
  });
});
