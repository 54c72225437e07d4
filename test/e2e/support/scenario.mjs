// One real workbench per test file, shared by its scenarios (node:test runs them in order): started in before(),
// torn down in after(). A failing scenario leaves a screenshot named after it in e2e-artifacts/<suite>/.
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { root, startEditor } from './editor-host.mjs';

/** Where the README screenshots go: docs/images when run.mjs --screenshots is used, else the artifacts. */
export function screenshotPath(session, name) {
  const dir = process.env.PALISADE_E2E_SCREENSHOTS === 'docs' ? path.join(root, 'docs', 'images') : session.artifacts;
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}

/**
 * Declare a suite running in its own editor. Returns `scenario(name, fn)`; `fn(session)` gets the running session.
 * `options` are passed to startEditor (settings, extensions, prepare).
 */
export function editorSuite(suiteName, workspace, options = {}) {
  let session;
  let startError;
  before(async () => {
    try {
      session = await startEditor(suiteName, workspace, options);
    } catch (error) {
      startError = error;
    }
  });
  after(async () => {
    await session?.close();
  });
  return function scenario(name, fn) {
    test(name, async () => {
      if (startError) throw startError;
      try {
        await fn(session);
      } catch (error) {
        await session.captureFailure(name);
        throw error;
      }
    });
  };
}
