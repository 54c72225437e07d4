// One real workbench per test file, shared by its scenarios (node:test runs them in order): started in before(),
// torn down in after(). A failing scenario leaves a screenshot named after it in e2e-artifacts/<suite>/.
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { root, startEditor } from './editor-host.mjs';

/**
 * A README screenshot of the editor and panel area (no side bar, no status bar): into docs/images with
 * `run.mjs --screenshots`, else into the artifacts.
 */
export async function documentationScreenshot(session, name) {
  const dir = process.env.PALISADE_E2E_SCREENSHOTS === 'docs' ? path.join(root, 'docs', 'images') : session.artifacts;
  fs.mkdirSync(dir, { recursive: true });
  const boxes = await session.page.locator('.part.editor, .part.panel').evaluateAll((parts) => parts
    .map((p) => p.getBoundingClientRect()).filter((b) => b.width > 0 && b.height > 0)
    .map((b) => ({ left: b.left, top: b.top, right: b.right, bottom: b.bottom })));
  const clip = {
    x: Math.min(...boxes.map((b) => b.left)),
    y: Math.min(...boxes.map((b) => b.top)),
    width: Math.max(...boxes.map((b) => b.right)) - Math.min(...boxes.map((b) => b.left)),
    height: Math.max(...boxes.map((b) => b.bottom)) - Math.min(...boxes.map((b) => b.top)),
  };
  await session.page.screenshot({ path: path.join(dir, name), clip });
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
