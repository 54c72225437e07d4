// A language server killed from outside (SIGKILL, as the OOM killer or a crash would) is restarted by the VS Code
// client, which hands it the open documents again: the new server analyses them, and edits are checked again as
// before. A server that keeps dying is restarted a bounded number of times, then left stopped with the error in the
// status item, never in a loop of notifications; "Palisade: Restart Server" brings it back.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { editorSuite } from './support/scenario.mjs';
import { activeEditor, openFile, runCommand, squiggleCentre, waitForSquiggles } from './support/workbench.mjs';

const scenario = editorSuite('vscode-restart', 'workspace');

/** Pids of the Palisade servers started from this session's extension folder. */
function serverPids(session) {
  const pids = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (cmdline.some((a) => a.startsWith(session.dirs.ext) && a.endsWith('dist/server.js'))) pids.push(Number(pid));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

async function waitFor(what, check, timeout = 60_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const running = (page) => page.locator('.statusbar-item[aria-label*="server running"]').first().waitFor({ timeout: 60_000 });
const toasts = (page) => page.locator('.notifications-toasts .notification-toast').count();

scenario('a killed server is restarted and analyses the open document again', async (session) => {
  const { page } = session;
  await openFile(page, 'Dockerfile', 'FROM node:22-alpine AS build');
  await waitForSquiggles(page, (all) => all.some((s) => s.line === 9 && s.text === 'root'), 'the root squiggle on line 9');
  const [first, ...others] = serverPids(session);
  assert.ok(first && !others.length, `one server runs (${[first, ...others]})`);

  process.kill(first, 'SIGKILL');
  const second = await waitFor('a new server process', () => serverPids(session).find((p) => p !== first));
  await running(page);
  // the new server re-publishes the open document's findings (the dead one's were cleared)
  await waitForSquiggles(page, (all) => all.some((s) => s.line === 9 && s.text === 'root'), 'the root squiggle from the new server');

  // the new server has the document: an edit that fixes the finding clears it, undoing it brings it back
  const c = await squiggleCentre(page, { text: 'root', line: 9 });
  await page.mouse.dblclick(c.x, c.y);
  await page.keyboard.type('app');
  await activeEditor(page).locator('.view-lines', { hasText: 'USER app' }).waitFor();
  // `USER app` is not root (a name rather than a number still gets an info squiggle)
  await waitForSquiggles(page, (all) => !all.some((s) => s.line === 9 && s.severity === 'error'), 'no error on line 9 after the edit');
  await page.keyboard.press('Control+Z');
  await waitForSquiggles(page, (all) => all.some((s) => s.line === 9 && s.text === 'root'), 'the squiggle back after undo');
  assert.deepEqual(serverPids(session), [second], 'the restarted server is the one answering');
  assert.equal(await toasts(page), 0, 'no notification');
});

scenario('a server that keeps dying is restarted a few times, then stopped with the error shown; the command restarts it', async (session) => {
  const { page } = session;
  let kills = 0;
  let stopped = false;
  for (let i = 0; i < 10 && !stopped; i++) {
    const [pid] = serverPids(session);
    assert.ok(pid, 'a server runs before each kill');
    process.kill(pid, 'SIGKILL');
    kills++;
    // a restart comes within seconds; the status item shows the error between crash and restart too, so "stopped"
    // means: still no server after a generous wait, and the error in the status item
    const restarted = await waitFor('a new server', () => serverPids(session).some((p) => p !== pid), 20_000).catch(() => false);
    if (restarted) {
      await running(page);
      continue;
    }
    await page.locator('.statusbar-item[aria-label^="Palisade: server error"]').first().waitFor({ timeout: 10_000 });
    stopped = true;
  }
  // the first scenario killed it once already: five restarts within three minutes, the sixth crash stops it
  assert.ok(stopped, `the client stops restarting (after ${kills} more kills)`);
  assert.equal(kills, 5, 'stopped at the sixth crash in three minutes');
  assert.deepEqual(serverPids(session), []);
  assert.equal(await toasts(page), 0, 'no notification, no loop of them');

  await runCommand(page, 'Palisade: Restart Server');
  await waitFor('the server started again', () => serverPids(session).length === 1);
  await running(page);
  await waitForSquiggles(page, (all) => all.some((s) => s.line === 9), 'findings back after the restart command');
});
