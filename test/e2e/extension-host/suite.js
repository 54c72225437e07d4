// The Palisade extension tested through the VS Code API, inside a real extension host (plain CommonJS, no test
// framework: the host has none). Runs in two hosts:
//  - code-server (here): test/e2e/extension-host.e2e.test.mjs installs host-extension/ next to Palisade; it calls
//    runSuite() on startup and writes the results to a file the node:test file asserts on;
//  - desktop VS Code (machines with internet): run-electron.mjs passes this file as extensionTestsPath; VS Code calls
//    run(), which throws when a test fails.
// The workspace is a copy of test/e2e/fixtures/workspace. Tests leave every document as they found it.
'use strict';

const assert = require('node:assert/strict');
const vscode = require('vscode');

const SOURCE = 'palisade';
const TIMEOUT = 20_000;
const tests = [];

/** Register a test. */
function test(name, fn) {
  tests.push({ name, fn });
}

// ---------------------------------------------------------------------------------------------------------------- helpers

function workspaceUri(relative) {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
}

async function open(relative) {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relative));
  await vscode.window.showTextDocument(document);
  return document;
}

function palisadeDiagnostics(uri) {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function codeOf(diagnostic) {
  return typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code);
}

/** Wait until the Palisade diagnostics of `uri` satisfy `predicate`; resolves with them. */
function waitForDiagnostics(uri, predicate, what) {
  return new Promise((resolve, reject) => {
    const check = () => {
      const diagnostics = palisadeDiagnostics(uri);
      if (!predicate(diagnostics)) return false;
      done();
      resolve(diagnostics);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      done();
      const seen = palisadeDiagnostics(uri).map((d) => `${codeOf(d)}@${d.range.start.line}:${d.range.start.character}`);
      reject(new Error(`timed out after ${TIMEOUT} ms waiting for ${what}; diagnostics: ${JSON.stringify(seen)}`));
    }, TIMEOUT);
    function done() { subscription.dispose(); clearTimeout(timer); }
    check();
  });
}

const withRule = (ruleId) => (diagnostics) => diagnostics.some((d) => codeOf(d) === ruleId);
const withoutRule = (ruleId) => (diagnostics) => !diagnostics.some((d) => codeOf(d) === ruleId);

/** The range of `token` on the first line that starts with `linePrefix`. */
function rangeOf(document, linePrefix, token) {
  for (let line = 0; line < document.lineCount; line++) {
    const text = document.lineAt(line).text;
    if (!text.trimStart().startsWith(linePrefix)) continue;
    const start = text.indexOf(token, text.indexOf(linePrefix));
    assert.ok(start >= 0, `"${token}" not on line ${line + 1}`);
    return new vscode.Range(line, start, line, start + token.length);
  }
  throw new Error(`no line starting with "${linePrefix}"`);
}

function assertRange(actual, expected, what) {
  const show = (r) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
  assert.equal(show(actual), show(expected), `${what}: range`);
}

/** Undo every change of the active editor (the document goes back to its saved text). */
async function revert(document) {
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  assert.equal(document.isDirty, false, `${document.uri.path} reverted`);
}

/** The quick fixes offered at a diagnostic's range (the API command does not return `diagnostics` of actions). */
async function quickFixes(document, diagnostic) {
  return vscode.commands.executeCommand('vscode.executeCodeActionProvider', document.uri, diagnostic.range,
    vscode.CodeActionKind.QuickFix.value);
}

function hoverText(hovers) {
  return hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
}

// ------------------------------------------------------------------------------------------------------------------ tests

test('Dockerfile: docker/no-root-user sits exactly on the user token', async () => {
  const document = await open('Dockerfile');
  const [finding] = (await waitForDiagnostics(document.uri, withRule('docker/no-root-user'), 'docker/no-root-user'))
    .filter((d) => codeOf(d) === 'docker/no-root-user');
  assertRange(finding.range, rangeOf(document, 'USER', 'root'), 'docker/no-root-user');
  assert.equal(finding.severity, vscode.DiagnosticSeverity.Error);
  assert.match(finding.message, /runs as root \(`USER root`\)/);
});

test('Dockerfile: the hover explains the rule', async () => {
  const document = await open('Dockerfile');
  const range = rangeOf(document, 'USER', 'root');
  await waitForDiagnostics(document.uri, withRule('docker/no-root-user'), 'docker/no-root-user');
  const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', document.uri, range.start.translate(0, 1));
  const text = hoverText(hovers);
  assert.match(text, /The final image must not run as root/);
  assert.match(text, /Why/);
});

test('Dockerfile: the quick fix applies and the diagnostic disappears', async () => {
  const document = await open('Dockerfile');
  try {
    const [finding] = (await waitForDiagnostics(document.uri, withRule('docker/no-root-user'), 'docker/no-root-user'))
      .filter((d) => codeOf(d) === 'docker/no-root-user');
    const fixes = await quickFixes(document, finding);
    const titles = fixes.map((a) => a.title);
    assert.ok(titles.includes('Run as 65532:65532'), `quick fixes: ${JSON.stringify(titles)}`);
    assert.ok(titles.some((t) => t.startsWith('Suppress docker/no-root-user for this line')), `quick fixes: ${JSON.stringify(titles)}`);
    const fix = fixes.find((a) => a.title === 'Run as 65532:65532');
    assert.notEqual(fix.isPreferred, true, 'a fix that changes runtime behaviour is never preferred');
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'edit applied');
    await waitForDiagnostics(document.uri, withoutRule('docker/no-root-user'), 'docker/no-root-user to disappear');
    assert.equal(document.lineAt(rangeOf(document, 'USER', '65532').start.line).text, 'USER 65532:65532');
  } finally {
    await revert(document);
  }
});

test('Dockerfile: Fix All in File applies the safe fixes only', async () => {
  const document = await open('Dockerfile');
  try {
    await waitForDiagnostics(document.uri, (d) => withRule('docker/prefer-copy-over-add')(d) && withRule('docker/no-root-user')(d),
      'docker/prefer-copy-over-add and docker/no-root-user');
    await vscode.commands.executeCommand('palisade.fixAll');
    await waitForDiagnostics(document.uri, withoutRule('docker/prefer-copy-over-add'), 'docker/prefer-copy-over-add to disappear');
    const text = document.getText();
    assert.match(text, /^COPY package\.json package-lock\.json \.\/$/m, 'ADD became COPY');
    assert.match(text, /^USER root$/m, 'the suggestion (USER) is not applied by fix-all');
    assert.ok(palisadeDiagnostics(document.uri).some((d) => codeOf(d) === 'docker/no-root-user'));
  } finally {
    await revert(document);
  }
});

test('Show Rule Documentation opens the explanation', async () => {
  const uri = await vscode.commands.executeCommand('palisade.showRuleDocs', 'docker/no-root-user');
  assert.equal(uri?.scheme, 'palisade-docs');
  const document = await vscode.workspace.openTextDocument(uri);
  assert.match(document.getText(), /The final image must not run as root/);
  assert.match(document.getText(), /### How to fix/);
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
});

test('Kubernetes: one finding per workload in a multi-document file', async () => {
  const document = await open('k8s/workloads.yaml');
  const diagnostics = await waitForDiagnostics(document.uri,
    (d) => d.filter((x) => codeOf(x) === 'k8s/no-host-pid').length === 2, 'two k8s/no-host-pid findings');
  const hostPid = diagnostics.filter((d) => codeOf(d) === 'k8s/no-host-pid').sort((a, b) => a.range.start.line - b.range.start.line);
  assert.match(hostPid[0].message, /Deployment\/web/);
  assert.match(hostPid[1].message, /DaemonSet\/agent/);
  for (const d of hostPid) {
    assert.equal(document.getText(d.range), 'true', 'the finding covers the value `true`');
    assert.match(document.lineAt(d.range.start.line).text, /^\s+hostPID: true$/);
  }
});

test('Settings: turning a rule off updates the open document without reload', async () => {
  const document = await open('Dockerfile');
  const config = () => vscode.workspace.getConfiguration('palisade', document.uri);
  await waitForDiagnostics(document.uri, withRule('docker/no-root-user'), 'docker/no-root-user');
  try {
    await config().update('rules', { 'docker/no-root-user': 'off' }, vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(document.uri, withoutRule('docker/no-root-user'), 'docker/no-root-user to be switched off');
  } finally {
    await config().update('rules', undefined, vscode.ConfigurationTarget.Workspace);
  }
  await waitForDiagnostics(document.uri, withRule('docker/no-root-user'), 'docker/no-root-user to come back');
});

test('Non-Kubernetes YAML (workflow, compose) gets no findings', async () => {
  const workflow = await open('.github/workflows/ci.yml');
  const compose = await open('compose.yaml');
  // opened after the two: once its findings are in, the server has analysed the others
  const manifest = await open('k8s/workloads.yaml');
  await waitForDiagnostics(manifest.uri, withRule('k8s/no-host-pid'), 'the manifest findings');
  assert.deepEqual(palisadeDiagnostics(workflow.uri).map(codeOf), []);
  assert.deepEqual(palisadeDiagnostics(compose.uri).map(codeOf), []);
});

test('Untitled Dockerfile documents are analysed too', async () => {
  const document = await vscode.workspace.openTextDocument({ language: 'dockerfile', content: 'FROM alpine:3.20\nUSER root\n' });
  await vscode.window.showTextDocument(document);
  const [finding] = (await waitForDiagnostics(document.uri, withRule('docker/no-root-user'), 'docker/no-root-user in an untitled document'))
    .filter((d) => codeOf(d) === 'docker/no-root-user');
  assertRange(finding.range, new vscode.Range(1, 5, 1, 9), 'untitled docker/no-root-user');
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
});

test('Restart Server: findings come back after a restart', async () => {
  await vscode.commands.executeCommand('palisade.restartServer');
  const document = await vscode.workspace.openTextDocument({ language: 'dockerfile', content: 'FROM alpine:3.20\nUSER 0\n' });
  await vscode.window.showTextDocument(document);
  await waitForDiagnostics(document.uri, withRule('docker/no-root-user'), 'docker/no-root-user after a restart');
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
});

// ----------------------------------------------------------------------------------------------------------------- runner

/** Run every test in order; never throws. Returns `[{ name, ok, ms, error? }]`. */
async function runSuite({ log = () => {} } = {}) {
  const results = [];
  for (const { name, fn } of tests) {
    const started = Date.now();
    try {
      await fn();
      results.push({ name, ok: true, ms: Date.now() - started });
      log(`ok   ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      results.push({ name, ok: false, ms: Date.now() - started, error: error?.stack ?? String(error) });
      log(`FAIL ${name}: ${error?.stack ?? error}`);
    }
  }
  return results;
}

/** Entry point for @vscode/test-electron (`extensionTestsPath`): throws when any test fails. */
async function run() {
  const results = await runSuite({ log: (line) => console.log(line) });
  const failed = results.filter((r) => !r.ok);
  if (failed.length) throw new Error(`${failed.length} of ${results.length} extension-host tests failed:\n${failed.map((f) => `${f.name}\n${f.error}`).join('\n\n')}`);
}

module.exports = { run, runSuite, tests };
