// The extension-host suite (extension-host/suite.js: the VS Code API, no UI) inside code-server. A small test-host
// extension installed next to Palisade runs it once the editor has started and writes the results to a file; each
// suite test becomes a subtest here.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { e2eDir, RUN_PREFIX, startEditor } from './support/editor-host.mjs';

const staging = fs.mkdtempSync(path.join(os.tmpdir(), RUN_PREFIX));
const hostExtension = path.join(staging, 'host-extension');
const resultsFile = path.join(staging, 'results.json');
let session;

before(async () => {
  fs.cpSync(path.join(e2eDir, 'extension-host', 'host-extension'), hostExtension, { recursive: true });
  fs.copyFileSync(path.join(e2eDir, 'extension-host', 'suite.js'), path.join(hostExtension, 'suite.js'));
  fs.writeFileSync(path.join(hostExtension, 'host-config.json'), JSON.stringify({ results: resultsFile }));
  session = await startEditor('vscode-extension-host', 'workspace', { extensions: [hostExtension] });
});

after(async () => {
  if (fs.existsSync(`${resultsFile}.log`) && session) fs.copyFileSync(`${resultsFile}.log`, path.join(session.artifacts, 'suite.log'));
  await session?.close();
  fs.rmSync(staging, { recursive: true, force: true });
});

test('extension-host suite', async (t) => {
  // the suite starts when the extension host has finished starting; wait for its results, not for time
  const deadline = Date.now() + 180_000;
  while (!fs.existsSync(resultsFile)) {
    if (Date.now() > deadline) {
      await session.captureFailure('extension-host-suite');
      const progress = fs.existsSync(`${resultsFile}.log`) ? fs.readFileSync(`${resultsFile}.log`, 'utf8') : '(nothing ran)';
      assert.fail(`the extension-host suite did not finish within 180 s; progress:\n${progress}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  assert.ok(results.length >= 8, `the suite ran ${results.length} tests`);
  for (const r of results) {
    await t.test(r.name, () => {
      if (!r.ok) assert.fail(r.error);
    });
  }
});
