// Configuration for the CLI: discovery of .palisade.yaml, --config, precedence of flags, problems, exclude globs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { deployment, makeWorkspace, onlyRulesConfig, runCli } from '../support/cli.mjs';
import { palisade } from '../support/engine.mjs';

const HOST_PID = deployment('web', ['hostPID: true']);
const ONLY_HOST_PID = onlyRulesConfig(['k8s/no-host-pid'], palisade.builtinRules);

/** Findings of a JSON scan as `path rule severity` lines. */
function scan(args, cwd) {
  const r = runCli(['scan', '--format', 'json', ...args], { cwd });
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout).files.flatMap((f) => f.findings.map((x) => `${f.path} ${x.ruleId} ${x.severity}`));
}

test('the nearest .palisade.yaml above the scanned folder applies', (t) => {
  const ws = makeWorkspace({
    '.git/HEAD': '',
    '.palisade.yaml': ONLY_HOST_PID,
    'team/.palisade.yaml': ONLY_HOST_PID.replace('rules:\n', 'rules:\n  k8s/no-host-pid: warning\n'),
    'team/app/deploy.yaml': HOST_PID,
    'other/deploy.yaml': HOST_PID,
  });
  t.after(ws.dispose);
  assert.deepEqual(scan(['team/app'], ws.dir), ['team/app/deploy.yaml k8s/no-host-pid warning']);
  assert.deepEqual(scan(['other'], ws.dir), ['other/deploy.yaml k8s/no-host-pid error']);
  assert.deepEqual(scan([ws.path('team/app/deploy.yaml')], ws.path('other')), [`${ws.dir}/team/app/deploy.yaml k8s/no-host-pid warning`], 'found from the file, not from the working directory');
});

test('the search stops at the repository root (.git)', (t) => {
  const ws = makeWorkspace({
    '.palisade.yaml': 'rules:\n  k8s/no-host-pid: off\n',
    'repo/.git/HEAD': '',
    'repo/deploy.yaml': HOST_PID,
  });
  t.after(ws.dispose);
  const found = scan(['deploy.yaml', '--rule', 'k8s/no-host-pid=error'], ws.path('repo'));
  assert.ok(found.includes('deploy.yaml k8s/no-host-pid error'));
  assert.ok(scan(['deploy.yaml'], ws.path('repo')).includes('deploy.yaml k8s/no-host-pid error'), 'the configuration outside the repository is not read');
});

test('.palisade.yml and palisade.config.yaml are found too', (t) => {
  for (const name of ['.palisade.yml', 'palisade.config.yaml']) {
    const ws = makeWorkspace({ '.git/HEAD': '', [name]: ONLY_HOST_PID.replace('rules:\n', 'rules:\n  k8s/no-host-pid: info\n'), 'deploy.yaml': HOST_PID });
    try {
      assert.deepEqual(scan(['deploy.yaml'], ws.dir), ['deploy.yaml k8s/no-host-pid info'], name);
    } finally {
      ws.dispose();
    }
  }
});

test('--config replaces discovery', (t) => {
  const ws = makeWorkspace({
    '.git/HEAD': '',
    '.palisade.yaml': ONLY_HOST_PID,
    'ci/strict.yaml': ONLY_HOST_PID.replace('rules:\n', 'rules:\n  k8s/no-host-pid: warning\n'),
    'deploy.yaml': HOST_PID,
  });
  t.after(ws.dispose);
  assert.deepEqual(scan(['deploy.yaml', '--config', 'ci/strict.yaml'], ws.dir), ['deploy.yaml k8s/no-host-pid warning']);
  const missing = runCli(['scan', '--config', 'nope.yaml'], { cwd: ws.dir });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.yaml: cannot read the configuration/);
});

test('precedence: file < flags; --preset replaces extends, --rule overrides the file', (t) => {
  const ws = makeWorkspace({
    '.git/HEAD': '',
    '.palisade.yaml': 'extends: [pss-baseline]\nrules:\n  k8s/no-host-pid: warning\n',
    'deploy.yaml': HOST_PID,
    'Dockerfile': 'FROM alpine:3.20\nUSER root\n',
  });
  t.after(ws.dispose);
  const host = (lines) => lines.filter((l) => l.includes('k8s/no-host-pid'));
  const docker = (lines) => lines.filter((l) => l.includes('docker/no-root-user'));
  const base = scan([], ws.dir);
  assert.deepEqual(host(base), ['deploy.yaml k8s/no-host-pid warning'], 'the file sets the severity');
  assert.deepEqual(docker(base), [], 'docker/no-root-user is not in pss-baseline');
  assert.deepEqual(host(scan(['--rule', 'k8s/no-host-pid=error'], ws.dir)), ['deploy.yaml k8s/no-host-pid error'], '--rule wins over the file');
  assert.deepEqual(host(scan(['--rule', 'k8s/no-host-pid=off'], ws.dir)), []);
  const cis = scan(['--preset', 'cis'], ws.dir);
  assert.deepEqual(docker(cis), ['Dockerfile docker/no-root-user error'], '--preset replaces extends');
  assert.deepEqual(host(cis), ['deploy.yaml k8s/no-host-pid warning'], "the file's rules still apply under --preset");
  assert.deepEqual(host(scan(['--preset', 'best-practice'], ws.dir)), ['deploy.yaml k8s/no-host-pid warning'], 'a rule set in the file stays on');
});

test('a configuration with problems: every problem with file:line:col on stderr, exit 2, no report', (t) => {
  const ws = makeWorkspace({
    '.git/HEAD': '',
    '.palisade.yaml': 'extends: [recomended]\nrules:\n  k8s/no-host-pd: error\n  k8s/no-host-pid: loud\ncolour: blue\n',
    'deploy.yaml': HOST_PID,
  });
  t.after(ws.dispose);
  const r = runCli(['scan'], { cwd: ws.dir });
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  // every problem at its place, each naming what is wrong (the wording is the configuration validator's)
  const lines = r.stderr.trim().split('\n');
  const at = (pos, ...words) => assert.ok(lines.some((l) => l.includes(`.palisade.yaml:${pos}  error  `) && words.every((w) => l.includes(w))), `${pos}: ${words.join(', ')}\n${r.stderr}`);
  at('1:11', 'recomended', '"recommended"');
  at('3:3', 'k8s/no-host-pd', '"k8s/no-host-pid"');
  at('4:20', 'loud');
  at('5:1', 'colour');
  assert.equal(lines.length, 4);
  const syntax = makeWorkspace({ '.git/HEAD': '', '.palisade.yaml': 'rules: [\n', 'deploy.yaml': HOST_PID });
  t.after(syntax.dispose);
  const bad = runCli(['scan'], { cwd: syntax.dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /\.palisade\.yaml:\d+:\d+  error/);
});

test('--rule with an unknown id or level is a usage error', (t) => {
  const ws = makeWorkspace({ '.git/HEAD': '', 'deploy.yaml': HOST_PID });
  t.after(ws.dispose);
  const unknown = runCli(['scan', '--rule', 'k8s/no-hostpid=off'], { cwd: ws.dir });
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown rule "k8s\/no-hostpid"; did you mean "k8s\/no-host-pid"\?/);
  const level = runCli(['scan', '--rule', 'k8s/no-host-pid=fatal'], { cwd: ws.dir });
  assert.equal(level.code, 2);
  assert.match(level.stderr, /off, info, warning or error/);
});

test('exclude globs (relative to the configuration) skip files and whole folders', (t) => {
  const ws = makeWorkspace({
    '.git/HEAD': '',
    '.palisade.yaml': `${ONLY_HOST_PID}exclude:\n  - generated/\n  - "**/*.rendered.yaml"\n  - legacy/old.yaml\n  - "charts/*/tests"\n`,
    'generated/a.yaml': HOST_PID,
    'apps/generated/b.yaml': HOST_PID,
    'apps/web.rendered.yaml': HOST_PID,
    'legacy/old.yaml': HOST_PID,
    'legacy/new.yaml': HOST_PID,
    'charts/web/tests/t.yaml': HOST_PID,
    'charts/web/deploy.yaml': HOST_PID,
    'apps/web.yaml': HOST_PID,
  });
  t.after(ws.dispose);
  const files = scan([], ws.dir).map((l) => l.split(' ')[0]).sort();
  assert.deepEqual(files, ['apps/web.yaml', 'charts/web/deploy.yaml', 'legacy/new.yaml']);
  assert.deepEqual(scan(['legacy/old.yaml'], ws.dir).length, 1, 'a file named on the command line is always scanned');
});

test('each scanned root gets its own configuration', (t) => {
  const ws = makeWorkspace({
    'a/.git/HEAD': '',
    'a/.palisade.yaml': ONLY_HOST_PID.replace('rules:\n', 'rules:\n  k8s/no-host-pid: info\n'),
    'a/deploy.yaml': HOST_PID,
    'b/.git/HEAD': '',
    'b/.palisade.yaml': ONLY_HOST_PID,
    'b/deploy.yaml': HOST_PID,
  });
  t.after(ws.dispose);
  assert.deepEqual(scan(['a', 'b'], ws.dir), ['a/deploy.yaml k8s/no-host-pid info', 'b/deploy.yaml k8s/no-host-pid error']);
  fs.rmSync(ws.path('a/.palisade.yaml'));
});
