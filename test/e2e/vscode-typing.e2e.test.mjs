// Scenario 7, in the real VS Code workbench: typing in a large manifest (300 Deployments, about 12,000 lines) stays
// responsive, and once the typing stops the diagnostics match the text: no finding of an intermediate state survives.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { editorSuite } from './support/scenario.mjs';
import { activeEditor, goToLine, openFile, problems, visibleLines, waitForProblem, waitForSquiggles } from './support/workbench.mjs';

const DEPLOYMENTS = 300;
const LINES_PER_DOCUMENT = 40;   // 39 lines + `---`

/** A hardened Deployment (no findings with the default rules) whose `hostPID` the test flips. */
function deployment(i) {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: svc-${i}
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels:
      app: svc-${i}
  template:
    metadata:
      labels:
        app: svc-${i}
    spec:
      serviceAccountName: svc-${i}
      automountServiceAccountToken: false
      hostPID: false
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        runAsGroup: 10001
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: app
          image: registry.example.com/shop/svc-${i}:1.0.${i}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: [ALL]
          resources:
            limits:
              cpu: 500m
              memory: 256Mi
            requests:
              cpu: 100m
              memory: 128Mi
`;
}

/** 1-based line of Deployment `i`'s `hostPID:` (documents are 1-based too). */
const hostPidLine = (i) => (i - 1) * LINES_PER_DOCUMENT + 18;

const scenario = editorSuite('vscode-typing', 'workspace', {
  prepare(workspace) {
    const docs = Array.from({ length: DEPLOYMENTS }, (_, i) => deployment(i + 1));
    fs.writeFileSync(path.join(workspace, 'k8s', 'large.yaml'), docs.join('---\n'));
  },
});

/** Select the `false` at the end of a hostPID line and type over it, one key at a time. */
async function typeHostPid(page, deploymentIndex, keys) {
  const line = hostPidLine(deploymentIndex);
  await goToLine(page, line, 16);          // `      hostPID: ` is 15 characters
  await page.keyboard.press('Shift+End');
  for (const key of keys) await page.keyboard.press(key);
  return line;
}

/** The lines of the k8s/no-host-pid rows in the Problems panel. */
async function hostPidLines(page) {
  const rows = await problems(page, 'k8s/no-host-pid');
  return rows.filter((r) => /^Error: /.test(r.label) && r.text.includes('k8s/no-host-pid'))
    .map((r) => Number(/at line (\d+) /.exec(r.label)?.[1])).sort((a, b) => a - b);
}

/** Wait until the k8s/no-host-pid rows are exactly on `lines`; resolves with the time it happened. */
async function waitForHostPidLines(page, lines, timeout = 60_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const seen = await hostPidLines(page);
    if (JSON.stringify(seen) === JSON.stringify(lines)) return Date.now();
    if (Date.now() > deadline) throw new Error(`k8s/no-host-pid rows on lines ${JSON.stringify(seen)}, expected ${JSON.stringify(lines)}`);
    await page.waitForTimeout(50);
  }
}

scenario('7) typing in a large manifest stays responsive; the diagnostics match the final text', async ({ page }) => {
  await openFile(page, 'k8s/large.yaml', 'name: svc-1');
  await activeEditor(page).click();
  // one edit, to measure how long a single change takes to reach the Problems panel on this machine
  const first = await typeHostPid(page, 150, ['t', 'r', 'u', 'e']);
  const firstTyped = Date.now();
  const firstLatency = (await waitForHostPidLines(page, [first])) - firstTyped;
  await waitForSquiggles(page, (all) => all.some((s) => s.line === first && s.text === 'true'), `the hostPID squiggle on line ${first}`);

  // a burst across three documents: 151 goes to true and back to false, 152 to true, 150 back to false
  const started = Date.now();
  const l151 = await typeHostPid(page, 151, ['t', 'r', 'u', 'e', 'Backspace', 'Backspace', 'Backspace', 'Backspace', 'f', 'a', 'l', 's', 'e']);
  const l152 = await typeHostPid(page, 152, ['t', 'r', 'u', 'e']);
  const l150 = await typeHostPid(page, 150, ['f', 'a', 'l', 's', 'e']);
  const typed = Date.now();
  // every keystroke reached the editor
  await activeEditor(page).locator('.view-lines', { hasText: 'name: svc-150' }).waitFor();
  const shown = await visibleLines(page);
  assert.equal(shown.find((l) => l.line === l150)?.text, '      hostPID: false', JSON.stringify(shown));

  // the diagnostics come to match the final text: one finding, on Deployment svc-152's hostPID
  const settled = await waitForHostPidLines(page, [l152]);
  const row = await waitForProblem(page, ['k8s/no-host-pid', `at line ${l152} `]);
  assert.match(row.label, /^Error: Deployment\/svc-152 shares the host's process namespace/);
  // in the editor: the text of the three lines, and a squiggle on the only `true`
  for (const [line, text] of [[l150, 'false'], [l151, 'false'], [l152, 'true']]) {
    await goToLine(page, line);
    const lines = await visibleLines(page);
    assert.equal(lines.find((l) => l.line === line)?.text, `      hostPID: ${text}`);
    const around = await waitForSquiggles(page, (all) => text === 'false' || all.some((s) => s.line === line), `the squiggles around line ${line}`);
    assert.deepEqual(around.filter((s) => s.line === line), text === 'true' ? [{ severity: 'error', text: 'true', line }] : []);
  }
  // and they stay so: no analysis of an older version lands afterwards
  assert.deepEqual(await hostPidLines(page), [l152]);

  // responsive: after a burst of edits the final diagnostics come about as fast as after a single edit (the server
  // drops the versions typed over instead of queueing them); relative, so that a busy CI machine does not fail it
  const burstLatency = settled - typed;
  console.log(`# typing: one edit ${firstLatency} ms to its diagnostic; a ${typed - started} ms burst of 22 keys in 3 documents, ${burstLatency} ms from the last key`);
  assert.ok(burstLatency <= Math.max(5_000, 4 * firstLatency), `diagnostics settled ${burstLatency} ms after the last keystroke (one edit: ${firstLatency} ms)`);
});
