// palisade check-config: validates a configuration file and its custom rules, prints each problem at its line and
// column (text or JSON), exits 0 when valid and 2 on any error or when there is no file to check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeWorkspace, runCli } from '../support/cli.mjs';

const VALID = `extends: [recommended]
rules:
  k8s/no-latest-image-tag: error
  k8s/replica-bounds: {severity: warning, options: {min: 2, max: 10}}
  acme/team-label: error
overrides:
  - files: ["charts/**", "dev/**"]
    rules: {k8s/read-only-root-filesystem: off}
policies:
  trustedRegistries: [registry.corp.example, ghcr.io/acme]
  requiredLabels: [app.kubernetes.io/name, team]
  replicas: {min: 2, max: 10}
customRules:
  - id: acme/team-label
    severity: warning
    title: Workloads carry a team label
    message: Every workload needs a "team" label so that alerts reach an owner.
    kinds: [Deployment, StatefulSet, DaemonSet]
    target: object
    schema: {type: object, required: [metadata], properties: {metadata: {required: [labels], properties: {labels: {required: [team]}}}}}
exclude: ["vendor/**"]
suppressions: {requireReason: false, reportUnused: true}
`;

/** Check a configuration text written as `.palisade.yaml` in a fresh repository; returns the CLI's result. */
function check(text, args = [], t) {
  const ws = makeWorkspace({ '.git/HEAD': '', '.palisade.yaml': text });
  t.after(ws.dispose);
  return runCli(['check-config', ...args], { cwd: ws.dir });
}

/** The problem lines of a text report (without the summary line). */
const problemLines = (stdout) => stdout.split('\n').filter((l) => /^\.palisade\.yaml:\d+:\d+ /.test(l));

test('a valid configuration (the example of the format) exits 0 and says so', (t) => {
  const r = check(VALID, [], t);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.deepEqual(problemLines(r.stdout), []);
  assert.equal(r.stdout, '.palisade.yaml: valid\n');
});

test('each class of error is reported at its exact line and column, exit 2', async (t) => {
  const cases = [
    {
      name: 'YAML syntax error',
      text: 'rules:\n  k8s/no-host-pid: [error\n',
      line: /^\.palisade\.yaml:3:1  error  /,
    },
    {
      name: 'unknown top-level key, with did-you-mean',
      text: 'extends: [recommended]\nrulez:\n  k8s/no-host-pid: off\n',
      line: /^\.palisade\.yaml:2:1  error  Unknown key "rulez".*did you mean "rules"\?$/,
    },
    {
      name: 'unknown rule id, with did-you-mean',
      text: 'rules:\n  k8s/no-host-pid: off\n  k8s/no-privilegd: error\n',
      line: /^\.palisade\.yaml:3:3  error  Unknown rule "k8s\/no-privilegd"; did you mean "k8s\/no-privileged"\?$/,
    },
    {
      name: 'unknown custom rule id in an override',
      text: 'overrides:\n  - files: ["dev/**"]\n    rules:\n      acme/nope: off\n',
      line: /^\.palisade\.yaml:4:7  error  Unknown rule "acme\/nope": no built-in or custom rule has this id/,
    },
    {
      name: 'bad level',
      text: 'rules:\n  k8s/no-host-pid: warn\n',
      line: /^\.palisade\.yaml:2:20  error  "k8s\/no-host-pid": "warn" is not allowed\. Use off, info, warning or error\./,
    },
    {
      name: 'unknown preset',
      text: 'extends:\n  - recommended\n  - strikt\n',
      line: /^\.palisade\.yaml:3:5  error  Item 2 of "extends": "strikt" is not allowed\..*Did you mean "strict"\?$/,
    },
    {
      name: 'bad glob',
      text: 'exclude:\n  - vendor/**\n  - "charts/**x"\n',
      line: /^\.palisade\.yaml:3:5  error  Invalid glob "charts\/\*\*x": /,
    },
    {
      name: 'duplicate custom rule id',
      text: 'customRules:\n  - id: acme/a\n    title: A\n    schema: {}\n  - id: acme/a\n    title: B\n    schema: {}\n',
      line: /^\.palisade\.yaml:5:9  error  Duplicate custom rule id "acme\/a" \(already defined by custom rule 1\)/,
    },
    {
      name: 'reserved custom rule prefix',
      text: 'customRules:\n  - id: k8s/mine\n    title: A\n    schema: {}\n',
      line: /^\.palisade\.yaml:2:9  error  Custom rule id "k8s\/mine" uses the reserved prefix "k8s\/"/,
    },
    {
      name: 'regular expression prone to catastrophic backtracking',
      text: 'customRules:\n  - id: acme/name\n    title: A\n    schema:\n      properties:\n        name: {pattern: "^(a+)+$"}\n',
      line: /^\.palisade\.yaml:6:25  error  Custom rule "acme\/name": .*catastrophic backtracking/,
    },
    {
      name: 'custom schema that does not compile',
      text: 'customRules:\n  - id: acme/bad\n    title: A\n    schema:\n      type: objekt\n',
      line: /^\.palisade\.yaml:\d+:\d+  error  Custom rule "acme\/bad": /,
    },
    {
      name: 'replica bounds out of order',
      text: 'policies:\n  replicas: {min: 5, max: 2}\n',
      line: /^\.palisade\.yaml:2:27  error  "max" \(2\) is lower than "min" \(5\)\./,
    },
  ];
  for (const c of cases) {
    await t.test(c.name, (tt) => {
      const r = check(c.text, [], tt);
      assert.equal(r.code, 2, `${c.name}: exit 2\n${r.stdout}${r.stderr}`);
      const lines = problemLines(r.stdout);
      assert.equal(lines.length, 1, `${c.name}: one problem\n${r.stdout}`);
      assert.match(lines[0], c.line);
      assert.match(r.stdout, /^\.palisade\.yaml: 1 error$/m, 'a summary line');
    });
  }
});

test('the "schema that does not compile" error points into the custom rule\'s schema', (t) => {
  const r = check('customRules:\n  - id: acme/bad\n    title: A\n    schema:\n      type: objekt\n', [], t);
  const [line] = problemLines(r.stdout);
  const [, row] = /^\.palisade\.yaml:(\d+):/.exec(line);
  assert.ok(Number(row) >= 4, `reported inside the schema (line ${row})`);
});

test('several errors are all printed, in document order', (t) => {
  const r = check('rules:\n  k8s/no-host-pid: warn\nexclude: ["a/**b"]\nrulez: {}\n', [], t);
  assert.equal(r.code, 2);
  assert.deepEqual(problemLines(r.stdout).map((l) => l.split('  ')[0]), ['.palisade.yaml:2:20', '.palisade.yaml:3:11', '.palisade.yaml:4:1']);
  assert.match(r.stdout, /^\.palisade\.yaml: 3 errors$/m);
});

test('discovery: the nearest configuration from the working directory upward, stopping at the repository root', (t) => {
  const ws = makeWorkspace({
    '.git/HEAD': '',
    'palisade.config.yaml': 'rules:\n  k8s/no-host-pid: warn\n',
    'team/.palisade.yml': 'rules:\n  k8s/no-host-pid: off\n',
    'team/app/README': '',
    'other/x/README': '',
  });
  t.after(ws.dispose);
  const nested = runCli(['check-config'], { cwd: ws.path('team/app') });
  assert.equal(nested.code, 0, nested.stdout + nested.stderr);
  assert.equal(nested.stdout, `${ws.path('team/.palisade.yml')}: valid\n`, 'the nearest file (team/.palisade.yml; absolute, as outside the working directory)');
  const upper = runCli(['check-config'], { cwd: ws.path('other/x') });
  assert.equal(upper.code, 2);
  assert.ok(upper.stdout.startsWith(`${ws.path('palisade.config.yaml')}:2:20  error  `), upper.stdout);

  const outside = makeWorkspace({ '.palisade.yaml': 'rules: {}\n', 'repo/.git/HEAD': '', 'repo/src/README': '' });
  t.after(outside.dispose);
  const none = runCli(['check-config'], { cwd: outside.path('repo/src') });
  assert.equal(none.code, 2, 'a configuration above the repository root is not used');
  assert.equal(none.stdout, '');
  assert.match(none.stderr, /No configuration file found: looked for \.palisade\.yaml, \.palisade\.yml, palisade\.config\.yaml/);
});

test('an explicit file (positional or --config) is checked wherever it is; a missing one exits 2', (t) => {
  const ws = makeWorkspace({ '.git/HEAD': '', '.palisade.yaml': 'rules: {}\n', 'configs/strict.yaml': 'extends: strikt\n' });
  t.after(ws.dispose);
  for (const args of [['configs/strict.yaml'], ['--config', 'configs/strict.yaml']]) {
    const r = runCli(['check-config', ...args], { cwd: ws.dir });
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stdout, /^configs\/strict\.yaml:1:10  error  "extends": "strikt" is not allowed\./m);
  }
  const missing = runCli(['check-config', 'nope.yaml'], { cwd: ws.dir });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /Cannot read nope\.yaml: no such file or folder/);
  const folder = runCli(['check-config', 'configs'], { cwd: ws.dir });
  assert.equal(folder.code, 2);
  assert.match(folder.stderr, /Cannot read configs: /);
});

test('--format json: {file, valid, errors, warnings, problems[{severity, message, line, column, endLine, endColumn}]}', (t) => {
  const bad = check('rules:\n  k8s/no-host-pid: warn\n  k8s/no-privilegd: error\n', ['--format', 'json'], t);
  assert.equal(bad.code, 2);
  const report = JSON.parse(bad.stdout);
  assert.deepEqual(Object.keys(report), ['file', 'valid', 'errors', 'warnings', 'problems']);
  assert.equal(report.file, '.palisade.yaml');
  assert.equal(report.valid, false);
  assert.equal(report.errors, 2);
  assert.equal(report.warnings, 0);
  assert.deepEqual(report.problems.map(({ message, ...rest }) => rest), [
    { severity: 'error', line: 2, column: 20, endLine: 2, endColumn: 24 },
    { severity: 'error', line: 3, column: 3, endLine: 3, endColumn: 19 },
  ]);
  assert.match(report.problems[1].message, /did you mean "k8s\/no-privileged"/);

  const good = check(VALID, ['--format', 'json'], t);
  assert.equal(good.code, 0);
  assert.deepEqual(JSON.parse(good.stdout), { file: '.palisade.yaml', valid: true, errors: 0, warnings: 0, problems: [] });
});

test('usage: --help and "help check-config" describe the command; bad flags exit 2', () => {
  const help = runCli(['--help']);
  assert.match(help.stdout, /check-config \[file\]/);
  for (const args of [['help', 'check-config'], ['check-config', '--help']]) {
    const r = runCli(args);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage: palisade check-config \[file\] \[--format text\|json\]/);
    assert.match(r.stdout, /Exit codes: 0 .* 2 /);
  }
  assert.equal(runCli(['check-config', '--format', 'sarif']).code, 2);
  assert.equal(runCli(['check-config', 'a.yaml', 'b.yaml']).code, 2);
  assert.equal(runCli(['check-config', '--fix']).code, 2);
});
