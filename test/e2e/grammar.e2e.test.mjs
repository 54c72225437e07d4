// The `palisade-ignore` injection grammar (syntaxes/palisade-ignore.injection.json), tokenized by the TextMate engine
// and the Dockerfile/YAML grammars of the installed VS Code (code-server 4.100.3), exactly as the editor loads them.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { before, test } from 'node:test';
import { e2eDir, root } from './support/editor-host.mjs';

const vscodeDir = path.join(e2eDir, 'host', 'node_modules', 'code-server', 'lib', 'vscode');
const require = createRequire(path.join(vscodeDir, 'package.json'));
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const injection = manifest.contributes.grammars.find((g) => g.scopeName === 'palisade-ignore.injection');
let registry;

before(async () => {
  const textmate = require('vscode-textmate');
  const oniguruma = require('vscode-oniguruma');
  await oniguruma.loadWASM(fs.readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm')).buffer);
  const grammarFiles = {
    'source.dockerfile': path.join(vscodeDir, 'extensions', 'docker', 'syntaxes', 'docker.tmLanguage.json'),
    [injection.scopeName]: path.join(root, injection.path),
  };
  // the YAML grammar is split into one file per version; source.yaml includes them
  for (const f of fs.readdirSync(path.join(vscodeDir, 'extensions', 'yaml', 'syntaxes'))) {
    const g = JSON.parse(fs.readFileSync(path.join(vscodeDir, 'extensions', 'yaml', 'syntaxes', f), 'utf8'));
    grammarFiles[g.scopeName] = path.join(vscodeDir, 'extensions', 'yaml', 'syntaxes', f);
  }
  registry = new textmate.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope) => grammarFiles[scope] ? textmate.parseRawGrammar(fs.readFileSync(grammarFiles[scope], 'utf8'), grammarFiles[scope]) : null,
    getInjections: (scope) => (injection.injectTo.includes(scope) ? [injection.scopeName] : undefined),
  });
});

/** Tokenize a text with a grammar: `[text, scopes]` for every token of every line. */
async function tokenize(scope, text) {
  const grammar = await registry.loadGrammar(scope);
  let stack = null;
  const out = [];
  for (const line of text.split('\n')) {
    const r = grammar.tokenizeLine(line, stack);
    for (const t of r.tokens) out.push([line.slice(t.startIndex, t.endIndex), t.scopes]);
    stack = r.ruleStack;
  }
  return out;
}

const scopeOf = (tokens, text) => tokens.find(([t]) => t === text)?.[1] ?? [];

test('the manifest injects the grammar into YAML and Dockerfiles', () => {
  assert.deepEqual(injection.injectTo, ['source.yaml', 'source.dockerfile']);
  assert.ok(fs.existsSync(path.join(root, injection.path)));
});

for (const [scope, sample] of [
  ['source.yaml', 'apiVersion: v1\nkind: Pod\nspec:\n      # palisade-ignore k8s/no-host-pid, k8s/no-host-ipc -- node agent\n      hostPID: true'],
  ['source.dockerfile', 'FROM alpine:3.20\n# palisade-ignore k8s/no-host-pid, k8s/no-host-ipc -- node agent\nUSER root'],
]) {
  test(`${scope}: keyword, rule ids and reason of a palisade-ignore comment`, async () => {
    const tokens = await tokenize(scope, sample);
    const lang = scope === 'source.yaml' ? 'yaml' : 'dockerfile';
    assert.ok(scopeOf(tokens, 'palisade-ignore').includes('keyword.control.directive.suppress.palisade'), JSON.stringify(tokens));
    for (const id of ['k8s/no-host-pid', 'k8s/no-host-ipc']) {
      assert.ok(scopeOf(tokens, id).includes('entity.name.type.rule-id.palisade'), `${id}: ${JSON.stringify(scopeOf(tokens, id))}`);
    }
    assert.ok(scopeOf(tokens, '--').includes('punctuation.separator.reason.palisade'));
    assert.ok(scopeOf(tokens, 'node agent').includes('string.unquoted.reason.palisade'));
    // still a comment for themes and for the editor's comment handling
    assert.ok(scopeOf(tokens, 'palisade-ignore').includes(`comment.line.number-sign.${lang}`));
  });
}

test('ordinary comments and code are left alone', async () => {
  const yaml = await tokenize('source.yaml', '# see palisade-ignore in the docs\nimage: k8s/no-host-pid');
  assert.ok(!yaml.some(([, s]) => s.some((x) => x.endsWith('.palisade'))), JSON.stringify(yaml));
  const docker = await tokenize('source.dockerfile', 'RUN echo k8s/no-host-pid\n# plain comment');
  assert.ok(!docker.some(([, s]) => s.some((x) => x.endsWith('.palisade'))), JSON.stringify(docker));
});

test('palisade-ignore-file is recognised too', async () => {
  const tokens = await tokenize('source.dockerfile', '# palisade-ignore-file docker/no-root-user -- base image for CI only');
  assert.ok(scopeOf(tokens, 'palisade-ignore-file').includes('keyword.control.directive.suppress.palisade'), JSON.stringify(tokens));
  assert.ok(scopeOf(tokens, 'docker/no-root-user').includes('entity.name.type.rule-id.palisade'));
});
