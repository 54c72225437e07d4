// Scenario 2, in the real VS Code workbench: a multi-document Kubernetes file. Findings per document name their
// workload; Fix All in File applies only the safe fixes; "Suppress … for this line" inserts the comment and the
// finding goes away.
import assert from 'node:assert/strict';
import { editorSuite } from './support/scenario.mjs';
import {
  activeEditor, chooseMenuItem, goToLine, openFile, openQuickFixMenu, problems, runCommand, visibleLines, waitForNoProblem,
  waitForProblem, waitForSquiggles,
} from './support/workbench.mjs';

const scenario = editorSuite('vscode-kubernetes', 'workspace');
const hostPidRows = async (page) => (await problems(page, 'k8s/no-host-pid'))
  .filter((r) => /^(Error|Warning|Info): /.test(r.label) && r.text.includes('k8s/no-host-pid'));

scenario('one finding per workload, each naming it', async ({ page }) => {
  await openFile(page, 'k8s/workloads.yaml', 'kind: Deployment');
  // only the lines in view are rendered: check each document's hostPID line in view
  const web = await waitForSquiggles(page, (all) => all.some((s) => s.line === 17), 'a squiggle on line 17');
  assert.deepEqual(web.filter((s) => s.line === 17), [{ severity: 'error', text: 'true', line: 17 }]);
  await goToLine(page, 37);
  const agent = await waitForSquiggles(page, (all) => all.some((s) => s.line === 37), 'a squiggle on line 37');
  assert.deepEqual(agent.filter((s) => s.line === 37), [{ severity: 'error', text: 'true', line: 37 }]);
  const webRow = await waitForProblem(page, ['k8s/no-host-pid', 'Deployment/web']);
  const agentRow = await waitForProblem(page, ['k8s/no-host-pid', 'DaemonSet/agent']);
  assert.match(webRow.label, /^Error: Deployment\/web shares the host's process namespace.* at line 17 and character 16\./);
  assert.match(agentRow.label, /^Error: DaemonSet\/agent shares the host's process namespace.* at line 37 and character 16\./);
  await waitForProblem(page, ['k8s/no-deprecated-service-account-field', 'Deployment/web']);
});

scenario('Fix All in File applies only the safe fixes', async ({ page }) => {
  await activeEditor(page).click();
  await runCommand(page, 'Palisade: Fix All in File');
  // safe: the deprecated field is renamed; suggestions (removing hostPID) are left to the user
  await activeEditor(page).locator('.view-lines', { hasText: 'serviceAccountName: web' }).waitFor();
  await waitForNoProblem(page, 'k8s/no-deprecated-service-account-field');
  assert.equal((await hostPidRows(page)).length, 2);
  for (const line of [17, 37]) {
    await goToLine(page, line);
    await waitForSquiggles(page, (all) => all.some((s) => s.line === line && s.text === 'true'), `the hostPID squiggle on line ${line}`);
  }
});

scenario('Suppress for this line inserts the comment and the finding goes away', async ({ page }) => {
  await waitForSquiggles(page, (all) => all.some((s) => s.line === 37 && s.text === 'true'), 'the DaemonSet squiggle');
  // line 37 is the DaemonSet's hostPID (line 17 has the Deployment's, with the same text)
  const { item } = await openQuickFixMenu(page, { text: 'true', line: 37 }, 'Suppress k8s/no-host-pid for this line');
  await chooseMenuItem(page, item);
  // the reason is a placeholder the user types over
  await page.keyboard.type('node agent reads host processes');
  await page.keyboard.press('Escape');
  await activeEditor(page).locator('.view-lines', { hasText: '# palisade-ignore k8s/no-host-pid -- node agent reads host processes' }).waitFor();
  await waitForNoProblem(page, 'DaemonSet/agent shares');
  const rows = await hostPidRows(page);
  assert.equal(rows.length, 1, JSON.stringify(rows));
  assert.match(rows[0].label, /Deployment\/web/);
  // the comment went above the DaemonSet's hostPID (now line 38), which lost its squiggle; the Deployment's stays
  const lines = await visibleLines(page);
  assert.ok(lines.some((l) => l.line === 37 && l.text === '      # palisade-ignore k8s/no-host-pid -- node agent reads host processes'), JSON.stringify(lines));
  const after = await waitForSquiggles(page, (all) => all.some((s) => s.line === 40), 'the DaemonSet in view');
  assert.ok(!after.some((s) => s.line === 38), JSON.stringify(after));
  await goToLine(page, 17);
  await waitForSquiggles(page, (all) => all.some((s) => s.line === 17 && s.text === 'true'), 'the Deployment squiggle');
});

