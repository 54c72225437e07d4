// "Palisade: Show Security Posture" in the real VS Code workbench: the command opens the report of the workspace in a
// webview (the same page as `palisade scan --format html`), in the editor's theme, and a finding's link opens the file
// at the finding. With --screenshots it refreshes docs/images/posture-webview.png.
import assert from 'node:assert/strict';
import { documentationScreenshot, editorSuite } from './support/scenario.mjs';
import { activeEditor, openFile, runCommand, waitForProblem } from './support/workbench.mjs';

const scenario = editorSuite('vscode-posture', 'workspace');
const TIMEOUT = 60_000;

scenario('the posture view shows the workspace report and reveals a finding', async (session) => {
  const { page } = session;
  // the extension starts with the first Dockerfile or YAML file
  await openFile(page, 'k8s/workloads.yaml', 'kind: Deployment');
  await waitForProblem(page, ['k8s/no-host-pid']);
  await runCommand(page, 'Palisade: Show Security Posture');

  await page.locator('.tab', { hasText: 'Security Posture' }).first().waitFor({ timeout: TIMEOUT });
  // a webview is two frames deep: the host frame, then the document
  const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await view.locator('h1', { hasText: 'Security posture of' }).waitFor({ timeout: TIMEOUT });
  for (const id of ['summary', 'stages', 'compliance', 'top-rules', 'top-resources', 'findings']) {
    await view.locator(`section#${id} h2`).waitFor({ timeout: TIMEOUT });
  }
  const findings = Number((await view.locator('.card .card-value').first().innerText()).replace(/,/g, ''));
  assert.ok(findings > 0, 'the workspace has findings');
  assert.match(await view.locator('#compliance').innerText(), /PSS baseline[\s\S]*workloads? pass/);

  // theme: the page takes the workbench's colours (its background is the editor's, not the report's white)
  const background = await view.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor);
  const editorBackground = await page.locator('.monaco-workbench .part.editor > .content').evaluate((e) => getComputedStyle(e).backgroundColor);
  assert.equal(background, editorBackground);

  await runCommand(page, 'View: Hide Panel');
  await page.locator('.part.panel').waitFor({ state: 'hidden', timeout: TIMEOUT });
  await documentationScreenshot(session, 'posture-webview.png');

  const link = view.locator('.group', { hasText: 'k8s/no-host-pid' }).locator('.occurrence a.reveal').first();
  const where = await link.innerText();
  const line = Number(/:(\d+):\d+$/.exec(where)?.[1]);
  await link.click();
  const editor = activeEditor(page);
  await editor.locator('.view-lines', { hasText: 'hostPID' }).waitFor({ timeout: TIMEOUT });
  // the cursor is on the finding's line
  await page.locator('.statusbar-item', { hasText: new RegExp(`Ln ${line}, Col`) }).first().waitFor({ timeout: TIMEOUT });
});
