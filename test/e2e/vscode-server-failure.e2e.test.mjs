// When the language server cannot run, the extension says so in its status item and in its output channel: no
// notification pops up, nothing else breaks. The extension is installed with a server that exits at once.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { extensionRoot, RUN_PREFIX, startEditor } from './support/editor-host.mjs';
import { openFile } from './support/workbench.mjs';

const broken = fs.mkdtempSync(path.join(os.tmpdir(), RUN_PREFIX));
let session;

before(async () => {
  for (const f of ['package.json', 'dist/extension.js', 'syntaxes']) {
    fs.cpSync(path.join(extensionRoot, f), path.join(broken, f), { recursive: true });
  }
  fs.writeFileSync(path.join(broken, 'dist', 'server.js'), "process.stderr.write('server cannot start\\n');\nprocess.exit(3);\n");
  session = await startEditor('vscode-server-failure', 'workspace', { extension: broken });
});

after(async () => {
  await session?.close();
  fs.rmSync(broken, { recursive: true, force: true });
});

test('a server that cannot start: the status item shows the error, no notification pops up', async () => {
  const { page } = session;
  try {
    await openFile(page, 'Dockerfile', 'FROM node:22-alpine AS build');
    const item = page.locator('.statusbar-item[aria-label^="Palisade: server error"]').first();
    await item.waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('.notifications-toasts .notification-toast').count(), 0, 'no notification toast');
    // the status item leads to the Palisade output channel, which has the details (its end is in view; the editor
    // renders spaces as no-break spaces, hence \s)
    await item.click();
    await page.waitForFunction(() => [...document.querySelectorAll('.part.panel select.monaco-select-box')]
      .some((select) => select.options[select.selectedIndex]?.text === 'Palisade'));
    await page.locator('.part.panel .monaco-editor .view-lines', { hasText: /The\sPalisade\sserver\s(failed\sto\sstart|stopped\swhile\sstarting)/ }).first().waitFor();
  } catch (error) {
    await session.captureFailure('server-failure');
    throw error;
  }
});
