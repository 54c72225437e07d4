// Scenarios about the workspace around the open file, in the real VS Code workbench:
//  3) a GitHub workflow and a Compose file next to Kubernetes manifests get no Palisade findings;
//  4) Palisade: Scan Workspace: the progress notification counts files, the findings of closed files reach the
//     Problems panel and the Palisade findings view, and Export Findings as SARIF writes a valid SARIF 2.1.0 log;
//  5) changing a setting (a rule turned off in settings.json) updates the open editor without a reload;
//  6) cross-file: a NetworkPolicy pasted into another file, unsaved, clears k8s/require-network-policy on the Deployment.
// The workspace is fixtures/workspace plus fixtures/workspace-scan (closed files with findings, NetworkPolicies).
// The editor's results are compared with the CLI's on the same files (`palisade scan --format json`): same findings.
// With --screenshots it refreshes docs/images/scan-progress.png and docs/images/findings-view.png.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { fixturesDir, root } from './support/editor-host.mjs';
import { editorSuite } from './support/scenario.mjs';
import {
  activeEditor, dismissWidgets, openFile, problems, runCommand, squiggles, visibleLines, waitForNoProblem, waitForProblem,
  waitForSquiggles,
} from './support/workbench.mjs';

const TIMEOUT = 30_000;
const scenario = editorSuite('vscode-workspace', 'workspace', {
  prepare: (workspace) => fs.cpSync(path.join(fixturesDir, 'workspace-scan'), workspace, { recursive: true }),
});
const screenshotsForDocs = process.env.PALISADE_E2E_SCREENSHOTS === 'docs';

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What the CLI finds in the workspace copy: `{ summary, findings: [{ path, ruleId, severity, message, line, column, … }] }` (1-based). */
function cliScan(workspace) {
  const out = execFileSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'scan', '.', '--format', 'json', '--fail-on', 'never'],
    { cwd: workspace, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const report = JSON.parse(out);
  const findings = report.files.flatMap((f) => f.findings.map((x) => ({
    path: f.path, ruleId: x.ruleId, severity: x.severity, message: x.message,
    line: x.range.start.line + 1, column: x.range.start.character + 1, endLine: x.range.end.line + 1, endColumn: x.range.end.character + 1,
  })));
  return { summary: report.summary, findings };
}

/** The files Scan Workspace lists (the client's glob: YAML, JSON, Dockerfiles, .dockerignore; no .git, node_modules). */
function indexableFiles(dir, relative = '') {
  return fs.readdirSync(path.join(dir, relative), { withFileTypes: true }).flatMap((entry) => {
    const name = path.posix.join(relative, entry.name);
    if (entry.isDirectory()) return entry.name === '.git' || entry.name === 'node_modules' ? [] : indexableFiles(dir, name);
    return /\.(ya?ml|json)$|Dockerfile|^Containerfile|\.dockerignore$/.test(entry.name) ? [name] : [];
  });
}

/** Screenshot of a box of the page (with a margin) into docs/images with --screenshots, else into the artifacts. */
async function screenshotBox(session, name, box, margin = 0) {
  const dir = screenshotsForDocs ? path.join(root, 'docs', 'images') : session.artifacts;
  fs.mkdirSync(dir, { recursive: true });
  const viewport = session.page.viewportSize();
  const x = Math.max(0, box.x - margin);
  const y = Math.max(0, box.y - margin);
  const clip = { x, y, width: Math.min(viewport.width, box.x + box.width + margin) - x, height: Math.min(viewport.height, box.y + box.height + margin) - y };
  await session.page.screenshot({ path: path.join(dir, name), clip });
}

/**
 * Start recording the text of every notification toast as rendered. A scan of a small workspace is over in a blink and
 * VS Code keeps its progress notification up for less than a second: the record is what the user saw, however brief.
 */
async function recordToasts(page) {
  await page.evaluate(() => {
    const seen = new Set();
    window.__palisadeToasts = seen;
    const record = () => {
      for (const toast of document.querySelectorAll('.notification-toast')) seen.add(toast.innerText.replace(/\s+/g, ' ').trim());
    };
    window.__palisadeToastObserver?.disconnect();
    window.__palisadeToastObserver = new MutationObserver(record);
    window.__palisadeToastObserver.observe(document.body, { subtree: true, childList: true, characterData: true });
    record();
  });
}

async function recordedToasts(page) {
  return page.evaluate(() => [...(window.__palisadeToasts ?? [])]);
}

/**
 * The rows of the Palisade findings view (Explorer), as rendered: aria-label (the item's tooltip, for findings), text
 * (label and description), depth, expanded state.
 */
function findingsView(page) {
  return page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header[aria-label="Palisade Section"]') });
}

async function findingsRows(page) {
  return findingsView(page).locator('.monaco-list-row').evaluateAll((rows) => rows.map((r) => ({
    label: r.getAttribute('aria-label') ?? '',
    text: [...r.querySelectorAll('.label-name, .label-description')].map((e) => e.textContent.trim()).filter(Boolean).join(' '),
    level: Number(r.getAttribute('aria-level')),
    expanded: r.getAttribute('aria-expanded'),
  })));
}

/** Wait until the findings view shows a row whose text (label and description) is `text`. */
async function waitForFindingsRow(page, text) {
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    const rows = await findingsRows(page);
    const row = rows.find((r) => r.text === text);
    if (row) return row;
    if (Date.now() > deadline) throw new Error(`the findings view has no row ${JSON.stringify(text)}; rows: ${JSON.stringify(rows)}`);
    await page.waitForTimeout(100);   // polling the DOM
  }
}

/** The section header of a view in the side bar, expanded or collapsed as asked. */
async function setSectionExpanded(page, ariaLabel, expanded) {
  const header = page.locator(`.part.sidebar .pane-header[aria-label="${ariaLabel}"]`).first();
  await header.waitFor({ timeout: TIMEOUT });
  if ((await header.getAttribute('aria-expanded')) !== String(expanded)) await header.click();
  await page.locator(`.part.sidebar .pane-header[aria-label="${ariaLabel}"][aria-expanded="${expanded}"]`).first().waitFor({ timeout: TIMEOUT });
}

/** Widen the side bar by dragging its sash, so that the findings view's descriptions are not cut off. */
async function widenSideBar(page, width) {
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  if (sidebar.width >= width) return;
  const sash = await page.locator('.monaco-sash.vertical:not(.disabled)').first().boundingBox();
  const y = sash.y + sash.height / 2;
  await page.mouse.move(sash.x + sash.width / 2, y);
  await page.mouse.down();
  await page.mouse.move(sash.x + (width - sidebar.width) / 2, y, { steps: 4 });
  await page.mouse.move(sash.x + sash.width / 2 + width - sidebar.width, y, { steps: 4 });
  await page.mouse.up();
  await page.waitForFunction((w) => document.querySelector('.part.sidebar').getBoundingClientRect().width >= w - 2, width, { timeout: TIMEOUT });
}

scenario('3) a GitHub workflow and a Compose file get no findings', async ({ page }) => {
  await openFile(page, 'compose.yaml', 'privileged: true');
  await openFile(page, '.github/workflows/ci.yml', 'runs-on: ubuntu-latest');
  // opened last: once its findings are shown, the server has analysed the two files opened before it
  await openFile(page, 'k8s/workloads.yaml', 'kind: Deployment');
  await waitForProblem(page, ['k8s/no-host-pid', 'Deployment/web']);
  await waitForNoProblem(page, '**/compose.yaml');
  await waitForNoProblem(page, '**/.github/workflows/ci.yml');
  // VS Code gives compose.yaml its own language (Docker Compose): Palisade is not even asked about it
  await openFile(page, 'compose.yaml', 'network_mode: host');
  assert.deepEqual(await squiggles(page), [], 'compose.yaml has no squiggles');
  // the workflow is YAML: analysed, and clean
  await openFile(page, '.github/workflows/ci.yml', '--privileged');
  await page.locator('.statusbar-item[aria-label="Palisade: 0 errors, 0 warnings, 0 info in .github/workflows/ci.yml; server running"]').first().waitFor();
  assert.deepEqual(await squiggles(page), [], 'ci.yml has no squiggles');
});

/**
 * Files written just before a scan: the server analysed the fixture files when it started, so a scan of them alone
 * answers from its content cache in a blink, before VS Code draws the progress notification. New files give the scan
 * real work, as a repository that changed does. ConfigMaps without findings: the counts, rows and rules compared with
 * the CLI stay those of the fixture files.
 */
function writeChangedFiles(workspace, count) {
  const dir = path.join(workspace, 'config', 'generated');
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 1; i <= count; i++) {
    const n = String(i).padStart(4, '0');
    let text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-${n}\ndata:\n`;
    for (let k = 0; k < 60; k++) text += `  SETTING_${k}: "value ${k}"\n`;
    fs.writeFileSync(path.join(dir, `settings-${n}.yaml`), text);
  }
}

scenario('4) Scan Workspace: progress with counts, closed files in Problems and the findings view, SARIF export', async (session) => {
  const { page, workspace } = session;
  writeChangedFiles(workspace, 600);
  const cli = cliScan(workspace);
  const files = indexableFiles(workspace);
  const { errors, warnings, infos } = cli.summary;
  // the closed files whose findings only a workspace scan can show
  for (const name of ['api.yaml', 'db-netpol.yaml']) assert.equal(await page.locator('.tab', { hasText: name }).count(), 0, `${name} is not open`);
  const apiFindings = cli.findings.filter((f) => f.path === 'deploy/api.yaml');
  const privileged = apiFindings.find((f) => f.ruleId === 'k8s/no-privileged');
  assert.ok(privileged, 'the CLI reports k8s/no-privileged in deploy/api.yaml');
  // before the scan, only open files have findings in Problems
  await waitForNoProblem(page, 'k8s/no-privileged');

  // once slid in (fade-in-done), with the file counts
  const progress = page.locator('.notification-toast.notification-fade-in-done', { hasText: 'Palisade: scanning the workspace' })
    .filter({ hasText: /\d+ \/ \d+ files/ });
  const done = page.locator('.notification-toast', { hasText: 'Palisade scanned' });
  // with --screenshots the progress notification is photographed while it is up; it is up for less than a second, so
  // a scan that ends before the picture is taken is run again (a scan is idempotent)
  for (let attempt = 1; ; attempt++) {
    await recordToasts(page);
    await runCommand(page, 'Palisade: Scan Workspace');
    let captured = false;
    if (screenshotsForDocs) {
      await progress.first().waitFor({ timeout: TIMEOUT }).catch(() => undefined);
      const box = await progress.first().boundingBox().catch(() => null);
      const status = await page.locator('.part.statusbar').boundingBox();
      if (box) {
        const clip = { x: box.x, y: box.y, width: box.width, height: status.y + status.height - box.y };
        await screenshotBox(session, 'scan-progress.png', clip, 16);
        captured = await progress.first().isVisible();
      }
    }
    await done.first().waitFor({ timeout: TIMEOUT });
    if (!screenshotsForDocs || captured) break;
    if (attempt === 3) throw new Error('the scan progress notification went away before it could be photographed, three times');
    await runCommand(page, 'Notifications: Clear All Notifications');
  }
  const toasts = await recordedToasts(page);
  assert.ok(toasts.some((t) => new RegExp(`Palisade: scanning the workspace: \\d+ / ${files.length} files`).test(t)),
    `a progress notification counted the ${files.length} files (${files.filter((f) => !f.startsWith('config/generated/')).join(', ')} and the generated ConfigMaps); toasts seen: ${JSON.stringify(toasts)}`);
  assert.match(await done.first().innerText(),
    new RegExp(`Palisade scanned ${plural(files.length, 'file')}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${infos} info\\.`));

  // Problems: rows of files never opened, as many as the CLI finds in them
  const row = await waitForProblem(page, ['k8s/no-privileged', 'Deployment/api']);
  assert.match(row.text, new RegExp(`k8s/no-privileged \\[Ln ${privileged.line}, Col ${privileged.column}\\]`));
  const apiHeader = (await problems(page, 'k8s/no-privileged')).find((r) => /in file api\.yaml of folder deploy/.test(r.label));
  assert.equal(apiHeader?.label, `${plural(apiFindings.length, 'problem')} in file api.yaml of folder deploy`, 'the file row counts all its findings');
  await waitForProblem(page, ['k8s/network-policy-selects-pods', 'NetworkPolicy/db']);
  await runCommand(page, 'Notifications: Clear All Notifications');

  // the findings view: severity → rule → file → finding, with the CLI's counts
  await widenSideBar(page, 560);
  await setSectionExpanded(page, 'Explorer Section: ws', false);
  await setSectionExpanded(page, 'Palisade Section', true);
  await waitForFindingsRow(page, `Errors ${plural(errors, 'finding')}`);
  await waitForFindingsRow(page, `Warnings ${plural(warnings, 'finding')}`);
  await waitForFindingsRow(page, `Information ${plural(infos, 'finding')}`);
  const errorRules = new Map();
  for (const f of cli.findings.filter((x) => x.severity === 'error')) {
    const r = errorRules.get(f.ruleId) ?? { findings: 0, files: new Set() };
    r.findings++;
    r.files.add(f.path);
    errorRules.set(f.ruleId, r);
  }
  const expectedRules = [...errorRules.keys()].sort()
    .map((id) => `${id} ${plural(errorRules.get(id).findings, 'finding')} in ${plural(errorRules.get(id).files.size, 'file')}`);
  const rows = await findingsRows(page);
  const errorsAt = rows.findIndex((r) => r.level === 1 && r.label.startsWith('Errors '));
  const nextGroup = rows.findIndex((r, i) => i > errorsAt && r.level === 1);
  assert.deepEqual(rows.slice(errorsAt + 1, nextGroup).map((r) => r.text), expectedRules, 'the rules under Errors');
  // a rule opens onto its files, a file onto its findings (message, line:column)
  await findingsView(page).locator('.monaco-list-row[aria-level="2"]', { hasText: 'k8s/no-privileged' }).click();
  assert.equal((await waitForFindingsRow(page, 'api.yaml 1 finding · deploy')).level, 3);
  const finding = await waitForFindingsRow(page, `${privileged.message} ${privileged.line}:${privileged.column}`);
  assert.equal(finding.level, 4);
  assert.equal(finding.label, `k8s/no-privileged: ${privileged.message}`, 'its tooltip names the rule');
  const pane = await findingsView(page).boundingBox();
  const lastRow = await findingsView(page).locator('.monaco-list-row').last().boundingBox();
  await screenshotBox(session, 'findings-view.png', { ...pane, height: lastRow.y + lastRow.height + 8 - pane.y });

  // Export Findings as SARIF: the save dialog code-server shows is a quick input holding the proposed path
  await dismissWidgets(page);
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.fill('>Palisade: Export Findings as SARIF');
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Palisade: Export Findings as SARIF' }).first().waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Palisade: Export Findings as SARIF' }).waitFor({ timeout: TIMEOUT });
  const target = path.join(workspace, 'palisade.sarif');
  // the dialog fills in the default path a moment after it opens
  await page.waitForFunction((p) => document.querySelector('.quick-input-widget input')?.value === p, target, { timeout: TIMEOUT });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: TIMEOUT });
  await page.locator('.statusbar-item', { hasText: `Palisade: ${plural(cli.summary.findings, 'finding')} exported` }).first().waitFor({ timeout: TIMEOUT });
  const sarif = JSON.parse(fs.readFileSync(target, 'utf8'));
  const schema = JSON.parse(fs.readFileSync(path.join(root, 'test', 'support', 'sarif-2.1.0.schema.json'), 'utf8'));
  const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(schema);
  assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5)));
  assert.equal(sarif.version, '2.1.0');
  const exported = sarif.runs[0].results.map((r) => {
    const { artifactLocation, region } = r.locations[0].physicalLocation;
    return `${artifactLocation.uri}:${region.startLine}:${region.startColumn} ${r.ruleId}`;
  }).sort();
  assert.deepEqual(exported, cli.findings.map((f) => `${f.path}:${f.line}:${f.column} ${f.ruleId}`).sort(), 'the SARIF holds what the CLI finds');
  assert.ok(exported.includes(`deploy/api.yaml:${privileged.line}:${privileged.column} k8s/no-privileged`));

  // a click on a finding opens its file with the finding's range selected
  await findingsView(page).locator('.monaco-list-row[aria-level="4"]').filter({ hasText: privileged.message }).click();
  await page.locator('.tab.active', { hasText: 'api.yaml' }).first().waitFor({ timeout: TIMEOUT });
  assert.equal(privileged.endLine, privileged.line);
  const selection = `Ln ${privileged.line}, Col ${privileged.endColumn} (${privileged.endColumn - privileged.column} selected)`;
  await page.locator('.statusbar-item', { hasText: selection }).first().waitFor({ timeout: TIMEOUT });
});

scenario('5) turning a rule off in settings.json updates the open editor without reload', async ({ page }) => {
  await openFile(page, 'Dockerfile', 'FROM node:22-alpine AS build');
  await waitForSquiggles(page, (all) => all.some((s) => s.line === 9 && s.text === 'root') && all.some((s) => s.line === 4 && s.text === 'ADD'),
    'the USER root and ADD squiggles');

  await openFile(page, '.vscode/settings.json', '{');
  await page.keyboard.press('Control+A');
  // the settings schema is generated from the rules: an unknown level is flagged by VS Code's JSON support
  await page.keyboard.insertText('{\n  "palisade.rules": { "docker/no-root-user": "sometimes" }\n}\n');
  await waitForProblem(page, ['Value is not accepted', 'Valid values: "off", "info", "warning", "error"']);
  await activeEditor(page).locator('.view-lines').click();   // back from the Problems filter box
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText('{\n  "palisade.rules": { "docker/no-root-user": "off" }\n}\n');
  await page.keyboard.press('Control+S');
  await waitForNoProblem(page, '**/.vscode/settings.json');
  await activeEditor(page).locator('.view-lines', { hasText: '"docker/no-root-user": "off"' }).waitFor();

  await openFile(page, 'Dockerfile', 'FROM node:22-alpine AS build');
  await waitForNoProblem(page, 'docker/no-root-user');
  const after = await waitForSquiggles(page, (all) => !all.some((s) => s.line === 9), 'no squiggle on USER root');
  assert.deepEqual(after.filter((s) => s.line === 4), [{ severity: 'warning', text: 'ADD', line: 4 }], 'other rules still report');
  await waitForProblem(page, ['docker/prefer-copy-over-add']);
});

scenario('6) a NetworkPolicy pasted into another file clears the Deployment\'s finding, unsaved', async (session) => {
  const { page, context, workspace } = session;
  // k8s/require-network-policy runs once the workspace holds a NetworkPolicy (k8s/db-netpol.yaml selects other pods)
  await openFile(page, 'k8s/workloads.yaml', 'kind: Deployment');
  await waitForProblem(page, ['k8s/require-network-policy', 'Deployment/web']);
  await waitForSquiggles(page, (all) => all.some((s) => s.line === 14 && s.text === 'labels'), 'the squiggle on the Deployment\'s pod labels');

  const netpolFile = path.join(workspace, 'k8s', 'web-netpol.yaml');
  const onDisk = fs.readFileSync(netpolFile, 'utf8');
  const policy = [
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    '  name: web',
    '  namespace: shop',
    'spec:',
    '  podSelector:',
    '    matchLabels:',
    '      app: web',
    '  policyTypes: [Ingress, Egress]',
  ];
  await openFile(page, 'k8s/web-netpol.yaml', 'NetworkPolicy goes here');
  await page.keyboard.press('Control+End');
  // pasted, as a user copies a policy from elsewhere (typed, YAML's auto-indent would re-indent every line)
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate((text) => navigator.clipboard.writeText(text), `${policy.join('\n')}\n`);
  await page.keyboard.press('Control+V');
  await activeEditor(page).locator('.view-lines', { hasText: 'policyTypes: [Ingress, Egress]' }).waitFor({ timeout: TIMEOUT });
  assert.deepEqual((await visibleLines(page)).filter((l) => l.line >= 2 && l.line <= 11).map((l) => l.text), policy);

  // the Deployment's finding goes; the DaemonSet in another namespace keeps its own: the rule still runs
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    const rows = (await problems(page, 'k8s/require-network-policy')).filter((r) => /^(Error|Warning|Info): /.test(r.label));
    if (!rows.some((r) => r.label.includes('Deployment/web'))) {
      assert.ok(rows.some((r) => r.label.includes('DaemonSet/agent')), JSON.stringify(rows));
      break;
    }
    if (Date.now() > deadline) throw new Error(`k8s/require-network-policy still reported on Deployment/web: ${JSON.stringify(rows)}`);
    await page.waitForTimeout(100);
  }
  await openFile(page, 'k8s/workloads.yaml', 'kind: Deployment');
  await waitForSquiggles(page, (all) => !all.some((s) => s.line === 14) && all.some((s) => s.line === 17 && s.text === 'true'),
    'no squiggle on the pod labels (line 14), the hostPID one (line 17) still there');
  // nothing was saved: the policy exists only in the editor
  assert.equal(await page.locator('.tab.dirty[aria-label="web-netpol.yaml"]').count(), 1, 'web-netpol.yaml has unsaved changes');
  assert.equal(fs.readFileSync(netpolFile, 'utf8'), onDisk);
});
