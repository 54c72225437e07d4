// The `exclude` glob matcher of the CLI (cli/exclude-globs.ts), gitignore-style.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importSource } from '../support/cli.mjs';

const { ExcludeMatcher } = await importSource('cli/exclude-globs.ts');

function check(globs, cases) {
  const m = new ExcludeMatcher(globs);
  for (const [p, isDir, expected] of cases) assert.equal(m.matches(p, isDir), expected, `${globs.join(' ')} vs ${p}${isDir ? '/' : ''}`);
}

test('a pattern without a slash matches a name at any depth, and everything under a matching folder', () => {
  check(['vendor'], [['vendor', true, true], ['a/vendor', true, true], ['a/vendor/x.yaml', false, true], ['vendors/x.yaml', false, false], ['a/myvendor', true, false]]);
  check(['*.rendered.yaml'], [['x.rendered.yaml', false, true], ['a/b/x.rendered.yaml', false, true], ['x.yaml', false, false]]);
});

test('a pattern with a slash is anchored at the configuration folder', () => {
  check(['deploy/legacy'], [['deploy/legacy', true, true], ['deploy/legacy/a.yaml', false, true], ['x/deploy/legacy/a.yaml', false, false]]);
  check(['/top.yaml'], [['top.yaml', false, true], ['a/top.yaml', false, false]]);
  check(['./charts/*/tests'], [['charts/web/tests/t.yaml', false, true], ['charts/web/x/tests/t.yaml', false, false]]);
});

test('a trailing slash matches folders only', () => {
  check(['build/'], [['build', true, true], ['build/x.yaml', false, true], ['build', false, false], ['a/build/x.yaml', false, true]]);
});

test('** crosses folders, * and ? stay within one, {a,b} and [abc] work', () => {
  check(['**/tests/**'], [['tests/a.yaml', false, true], ['a/b/tests/c/d.yaml', false, true], ['a/tests.yaml', false, false]]);
  check(['k8s/**/*.json'], [['k8s/a.json', false, true], ['k8s/x/y/a.json', false, true], ['other/a.json', false, false]]);
  check(['k8s/*.yaml'], [['k8s/a.yaml', false, true], ['k8s/x/a.yaml', false, false]]);
  check(['file?.yaml'], [['file1.yaml', false, true], ['file12.yaml', false, false], ['file/.yaml', false, false]]);
  check(['*.{yml,json}'], [['a.yml', false, true], ['a.json', false, true], ['a.yaml', false, false]]);
  check(['env-[ab].yaml', 'x-[!a].yaml'], [['env-a.yaml', false, true], ['env-c.yaml', false, false], ['x-b.yaml', false, true], ['x-a.yaml', false, false]]);
});

test('dots and other regular-expression characters are literal; empty patterns and comments are ignored', () => {
  check(['a.b+(c).yaml'], [['a.b+(c).yaml', false, true], ['aXb+(c).yaml', false, false]]);
  const m = new ExcludeMatcher(['', '   ', '# comment']);
  assert.equal(m.empty, true);
  assert.equal(m.matches('anything.yaml', false), false);
  check(['*'], [['../outside.yaml', false, false]]);
});
