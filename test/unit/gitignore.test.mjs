// The .gitignore matcher (rules/core/gitignore.ts): git's rules for blank lines, comments, escapes, negation,
// folder-only patterns, anchoring, `*`, `?`, character classes and `**`, nested files, and ignored parent folders.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { palisade } from '../support/engine.mjs';

const { GitignoreMatcher, parseGitignore } = palisade;

/** A matcher from `{folder: text}`. */
function matcher(files) {
  const m = new GitignoreMatcher();
  for (const [folder, text] of Object.entries(files)) m.add(folder, text);
  return m;
}

function check(m, expectations) {
  for (const [path, expected] of Object.entries(expectations)) {
    const isFolder = path.endsWith('/');
    assert.equal(m.ignores(path.replace(/\/$/, ''), isFolder), expected, `${path} ${expected ? 'ignored' : 'kept'}`);
  }
}

test('comments, blank lines, trailing spaces and escapes', () => {
  const parsed = parseGitignore('# comment\n\n   \nfoo.yaml   \n\\#hash.yaml\n\\!bang.yaml\nspace\\ \n');
  assert.deepEqual(parsed.map((p) => [p.negated, p.dirOnly]), [[false, false], [false, false], [false, false], [false, false]]);
  check(matcher({ '': '# secret.yaml\nfoo.yaml   \n\\#hash.yaml\n\\!bang.yaml\nspace\\ \n' }), {
    'secret.yaml': false, '# secret.yaml': false, 'foo.yaml': true, 'a/foo.yaml': true, '#hash.yaml': true, '!bang.yaml': true,
    'space ': true, 'space': false,
  });
});

test('a name without a slash matches at any depth; a slash anchors it to the .gitignore folder', () => {
  check(matcher({ '': 'build\n/out\ndocs/gen\n' }), {
    'build': true, 'a/b/build': true, 'a/build/x.yaml': true,
    'out/x.yaml': true, 'a/out/x.yaml': false,
    'docs/gen/x.yaml': true, 'a/docs/gen/x.yaml': false,
  });
});

test('a trailing slash matches folders only', () => {
  check(matcher({ '': 'cache/\n' }), { 'cache/': true, 'cache/x.yaml': true, 'a/cache/b/x.yaml': true, 'cache': false, 'a/cache': false });
});

test('wildcards stay within a segment; character classes', () => {
  check(matcher({ '': '*.secret.yaml\nv?.yaml\nenv-[abc].yaml\nlog-[!0-9].yaml\nk8s/*.json\n' }), {
    'x.secret.yaml': true, 'a/b/x.secret.yaml': true, 'x.secret.yml': false,
    'v1.yaml': true, 'v10.yaml': false,
    'env-a.yaml': true, 'env-d.yaml': false,
    'log-x.yaml': true, 'log-1.yaml': false,
    'k8s/a.json': true, 'k8s/sub/a.json': false, 'x/k8s/a.json': false,
  });
});

test('** leading, trailing and in the middle', () => {
  check(matcher({ '': '**/tmp\nvendor/**\na/**/z.yaml\n' }), {
    'tmp': true, 'x/y/tmp/f.yaml': true,
    'vendor/a.yaml': true, 'vendor/x/y.yaml': true, 'vendor': false, 'x/vendor/a.yaml': false,
    'a/z.yaml': true, 'a/b/z.yaml': true, 'a/b/c/z.yaml': true, 'b/a/z.yaml': false,
  });
});

test('negation re-includes, the last matching pattern wins', () => {
  check(matcher({ '': '*.yaml\n!keep.yaml\nkeep.yaml.bak\n' }), { 'a.yaml': true, 'keep.yaml': false, 'sub/keep.yaml': false });
  check(matcher({ '': '!keep.yaml\n*.yaml\n' }), { 'keep.yaml': true });
  check(matcher({ '': 'gen/*\n!gen/app.yaml\n' }), { 'gen/x.yaml': true, 'gen/app.yaml': false });
});

test('a file inside an ignored folder cannot be re-included', () => {
  check(matcher({ '': 'gen/\n!gen/app.yaml\n' }), { 'gen/app.yaml': true });
});

test('nested .gitignore files: relative to their folder, and after their parents', () => {
  const m = matcher({ 'k8s': '/local.yaml\n!important.yaml\n', '': '*.bak.yaml\nimportant.yaml\n' });
  check(m, {
    'k8s/local.yaml': true, 'local.yaml': false, 'k8s/sub/local.yaml': false,
    'important.yaml': true, 'k8s/important.yaml': false, 'k8s/x/important.yaml': false,
    'x.bak.yaml': true, 'k8s/x.bak.yaml': true,
  });
  assert.deepEqual(m.filter(['a.yaml', 'k8s/local.yaml', 'k8s/important.yaml', 'important.yaml']), ['a.yaml', 'k8s/important.yaml']);
});

test('bad patterns are skipped, nothing throws, hostile patterns stay fast', () => {
  const m = matcher({ '': '[\n[z-a]\n\\\n!\n/\n**/**/**/**/**/**/**/**/**/**/x\n' + '*a'.repeat(400) + '\n' + 'x'.repeat(5000) + '\n' });
  const started = Date.now();
  // the many-star pattern must fail on a long name ending in the wrong letter: the worst case of naive backtracking
  assert.equal(m.ignores('a'.repeat(3000) + 'b'), false);
  assert.equal(m.ignores('a'.repeat(3000)), true, 'the many-star pattern still matches what it should');
  assert.equal(m.ignores('['), false, 'an unclosed bracket matches nothing');
  assert.ok(Date.now() - started < 1000);
  assert.doesNotThrow(() => new GitignoreMatcher().add(undefined, undefined));
});
