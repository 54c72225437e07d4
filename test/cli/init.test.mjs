// `palisade init`: a commented configuration with the chosen preset, and CI jobs that work as printed — the test runs
// the printed steps in a fresh repository, the way a team adopting Palisade would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import YAML from 'yaml';
import { deployment, makeWorkspace, runCli } from '../support/cli.mjs';
import { palisade } from '../support/engine.mjs';

function repo(t, files = {}) {
  const ws = makeWorkspace({
    '.git/HEAD': '',
    'k8s/app.yaml': deployment('app', ['hostNetwork: true']),
    'Dockerfile': 'FROM node:20.11-alpine\nUSER root\n',
    ...files,
  });
  t.after(ws.dispose);
  return ws;
}

/** The printed steps: the baseline command, the GitHub workflow and the GitLab job. */
function sections(stdout) {
  const baseline = /^\s+(npx --yes palisade@\S+ scan \. --write-baseline \S+)$/m.exec(stdout)?.[1];
  const github = stdout.slice(stdout.indexOf('name: Palisade'), stdout.indexOf('\n3. GitLab CI'));
  const gitlab = stdout.slice(stdout.indexOf('palisade:\n  stage:'), stdout.indexOf('\nExit codes:'));
  return { baseline, github: YAML.parse(github), gitlab: YAML.parse(gitlab) };
}

/** Run a printed `npx … palisade@x …` command with the built CLI instead of the registry's. */
function runPrinted(command, cwd) {
  const words = command.trim().split(/\s+/);
  assert.equal(words[0], 'npx');
  assert.match(words[2], /^palisade@\d+\.\d+\.\d+$/, 'the job pins the version');
  return runCli(words.slice(3), { cwd });
}

test('init writes a commented .palisade.yaml with the chosen preset that loads without a problem', (t) => {
  for (const preset of ['recommended', 'pss-restricted', 'strict']) {
    const ws = repo(t);
    const r = runCli(['init', '--preset', preset], { cwd: ws.dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`wrote \\.palisade\\.yaml \\(preset ${preset}\\)`));
    const text = ws.read('.palisade.yaml');
    assert.ok(text.split('\n').filter((l) => l.startsWith('#')).length > 15, 'commented');
    const parsed = palisade.parseConfigText(text, palisade.builtinRules);
    assert.deepEqual(parsed.problems, [], `${preset}: no problems`);
    assert.deepEqual(parsed.config.extends, [preset]);
    // the commented-out examples are valid configuration too, once uncommented
    const uncommented = text.split('\n').map((l) => l.replace(/^# (?=(rules|exclude|policies|overrides|suppressions|\s{2}))/, '')).join('\n');
    const all = palisade.parseConfigText(uncommented, palisade.builtinRules);
    assert.deepEqual(all.problems.filter((p) => p.severity === 'error'), [], JSON.stringify(all.problems));
    assert.ok(all.config.rules && all.config.policies && all.config.overrides && all.config.suppressions, 'every example block parses');
  }
});

test('init prints a GitHub Actions job and a GitLab CI job that scan, gate and upload SARIF', (t) => {
  const ws = repo(t);
  const r = runCli(['init'], { cwd: ws.dir });
  const { baseline, github, gitlab } = sections(r.stdout);
  assert.ok(baseline);
  assert.ok(github.on.pull_request !== undefined && github.on.push);
  const job = github.jobs.palisade;
  assert.equal(job.permissions['security-events'], 'write');
  const run = job.steps.find((s) => s.run)?.run;
  const sarifFile = /--format sarif:(\S+)/.exec(run)?.[1];
  assert.ok(sarifFile, run);
  const upload = job.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
  assert.equal(upload.with.sarif_file, sarifFile);
  assert.match(run, /--baseline \.palisade-baseline\.json/);
  assert.match(run, /--format github/);
  const script = gitlab.palisade.script.join('\n');
  assert.equal(gitlab.palisade.artifacts.reports.junit, /--format junit:(\S+)/.exec(script)?.[1]);
  assert.ok(gitlab.palisade.artifacts.paths.includes(/--format sarif:(\S+)/.exec(script)?.[1]), 'the SARIF file is uploaded');
});

test('five minutes: init, record the baseline, and the printed CI commands gate only on new findings', (t) => {
  const ws = repo(t);
  const { baseline, github, gitlab } = sections(runCli(['init', '--preset', 'recommended'], { cwd: ws.dir }).stdout);
  const record = runPrinted(baseline, ws.dir);
  assert.equal(record.code, 0, record.stderr);
  assert.ok(JSON.parse(ws.read('.palisade-baseline.json')).findings.length >= 2);

  const githubRun = github.jobs.palisade.steps.find((s) => s.run).run;
  const gitlabRun = gitlab.palisade.script[0];
  for (const command of [githubRun, gitlabRun]) {
    const clean = runPrinted(command, ws.dir);
    assert.equal(clean.code, 0, `an old repository is green on day one: ${clean.stderr}`);
    assert.ok(JSON.parse(ws.read('palisade.sarif')).runs[0].results.length === 0);
    assert.match(ws.read('palisade-report.html'), /<section id="compliance"/);
  }
  assert.match(ws.read('palisade-junit.xml'), /<testsuites/);

  ws.write('k8s/new.yaml', deployment('new', ['hostPID: true']));
  for (const command of [githubRun, gitlabRun]) {
    const red = runPrinted(command, ws.dir);
    assert.equal(red.code, 1, 'a new error fails the job');
    const results = JSON.parse(ws.read('palisade.sarif')).runs[0].results;
    assert.deepEqual([...new Set(results.map((x) => x.ruleId))].filter((id) => id === 'k8s/no-host-pid'), ['k8s/no-host-pid']);
    assert.ok(results.every((x) => x.locations[0].physicalLocation.artifactLocation.uri === 'k8s/new.yaml'), 'only the new file is reported');
  }
  assert.match(runPrinted(githubRun, ws.dir).stdout, /^::error file=k8s\/new\.yaml,/m);
});

test('init never overwrites a configuration unless --force; bad arguments are usage errors', (t) => {
  const ws = repo(t, { '.palisade.yml': 'extends: [strict]\n' });
  const r = runCli(['init'], { cwd: ws.dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /\.palisade\.yml exists already.*--force/);
  assert.equal(fs.existsSync(ws.path('.palisade.yaml')), false);
  const forced = runCli(['init', '--force', '--preset', 'cis'], { cwd: ws.dir });
  assert.equal(forced.code, 0, forced.stderr);
  assert.match(ws.read('.palisade.yaml'), /^extends:\n {2}- cis$/m);
  for (const args of [['init', '--preset', 'paranoid'], ['init', '--format', 'json'], ['init', 'a', 'b'], ['init', 'nowhere'], ['scan', '--force'], ['init', '--preset', 'cis,strict']]) {
    const bad = runCli(args, { cwd: ws.dir });
    assert.equal(bad.code, 2, args.join(' '));
    assert.ok(bad.stderr.length > 0);
  }
});

test('init [folder] writes into that folder', (t) => {
  const ws = repo(t);
  fs.mkdirSync(ws.path('deploy'));
  const r = runCli(['init', 'deploy'], { cwd: ws.dir });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(fs.existsSync(ws.path('deploy/.palisade.yaml')));
  assert.match(r.stdout, /set up in deploy\/\.palisade\.yaml/);
});
