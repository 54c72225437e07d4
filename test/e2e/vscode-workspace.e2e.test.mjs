// Scenarios about the workspace around the open file, in the real VS Code workbench:
//  3) a GitHub workflow and a Compose file next to Kubernetes manifests get no Palisade findings;
//  4) Scan Workspace (comes with the workspace scan: add it here);
//  5) changing a setting (a rule turned off in settings.json) updates the open editor without a reload;
//  6) cross-file findings (come with the workspace index: add them here).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { editorSuite } from './support/scenario.mjs';
import {
  activeEditor, openFile, squiggles, waitForNoProblem, waitForProblem, waitForSquiggles,
} from './support/workbench.mjs';

const scenario = editorSuite('vscode-workspace', 'workspace');

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

test.todo('4) Scan Workspace lists the findings of closed files (with the workspace scan)');

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

test.todo('6) cross-file findings follow the workspace index (with the workspace index)');
