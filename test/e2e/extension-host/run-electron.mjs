#!/usr/bin/env node
// Runs suite.js in a desktop VS Code downloaded by @vscode/test-electron (needs internet access to
// update.code.visualstudio.com; offline machines use the code-server run instead: npm run test:e2e).
//
//   npm run build
//   npx --yes --package @vscode/test-electron@2.5.2 -- node test/e2e/extension-host/run-electron.mjs
//
// @vscode/test-electron is deliberately not a dependency of the project. Set VSCODE_VERSION to pick a version
// (default 1.100.3, the engine the extension targets).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..', '..');
const usage = 'usage: npm run build && npx --yes --package @vscode/test-electron@2.5.2 -- node test/e2e/extension-host/run-electron.mjs';

/** Find @vscode/test-electron: in the npx cache (npx puts its node_modules/.bin on PATH) or in a local node_modules. */
function findTestElectron() {
  const candidates = (process.env.PATH ?? '').split(path.delimiter)
    .filter((entry) => entry.endsWith(path.join('node_modules', '.bin')))
    .map((bin) => path.join(bin, '..', '@vscode', 'test-electron'));
  candidates.push(path.join(root, 'node_modules', '@vscode', 'test-electron'));
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'package.json')));
}

const packageDir = findTestElectron();
if (!packageDir) {
  console.error(`@vscode/test-electron is not installed.\n${usage}`);
  process.exit(2);
}
const { runTests } = createRequire(import.meta.url)(packageDir);
if (!fs.existsSync(path.join(root, 'dist', 'extension.js'))) {
  console.error(`dist/ is missing.\n${usage}`);
  process.exit(2);
}

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-electron-ws-'));
const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-electron-user-'));
fs.cpSync(path.join(root, 'test', 'e2e', 'fixtures', 'workspace'), workspace, { recursive: true });
try {
  await runTests({
    version: process.env.VSCODE_VERSION ?? '1.100.3',
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(here, 'suite.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', userData, '--skip-welcome', '--skip-release-notes'],
  });
  console.log('extension-host suite passed');
} catch (error) {
  console.error(error?.message ?? error);
  process.exitCode = 1;
} finally {
  fs.rmSync(workspace, { recursive: true, force: true });
  fs.rmSync(userData, { recursive: true, force: true });
}
