// A fresh, isolated real VS Code workbench per test file: code-server 4.100.3 (VS Code 1.100.3) on 127.0.0.1:<free port>,
// driven by headless Debian Chromium through playwright-core. Every run has its own temp dir (user data, extensions,
// XDG dirs, TMPDIR, a copy of the fixture workspace) and its own process group, killed as a whole on close.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const e2eDir = path.join(root, 'test', 'e2e');
export const fixturesDir = path.join(e2eDir, 'fixtures');
export const codeServerBin = path.join(e2eDir, 'host', 'node_modules', '.bin', 'code-server');
export const chromiumBin = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const artifactsRoot = process.env.PALISADE_E2E_ARTIFACTS ?? path.join(root, 'e2e-artifacts');
/** The built extension under test (package.json + dist/): the repository, or another build (e.g. a patched copy). */
export const extensionRoot = process.env.PALISADE_E2E_EXTENSION ?? root;
/** Prefix of every run directory: run.mjs looks for leftover processes by it. */
export const RUN_PREFIX = 'palisade-e2e-';

/** Files of the extension as `.vscodeignore` ships them (the unpacked equivalent of the .vsix). */
const EXTENSION_FILES = ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'dist/extension.js', 'dist/server.js', 'syntaxes', 'schemas', 'docs/images'];

const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  // tests assert on the editor, not on the disk; no background saves racing with edits
  'files.autoSave': 'off',
  'editor.minimap.enabled': false,
  // typing tests type words: no suggestion widget may take a key
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.wordBasedSuggestions': 'off',
  'editor.suggestOnTriggerCharacters': false,
  // tests type exact text: no closing bracket or quote added behind their back
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'chat.commandCenter.enabled': false,
  'workbench.colorTheme': 'Default Dark Modern',
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Process groups started by this test process and not yet killed. Should the process die before its after() hooks
 * (a signal, a crash), they are killed on the way out so that no editor outlives the tests.
 */
const liveGroups = new Set();
process.once('exit', () => {
  for (const pid of liveGroups) {
    try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
  }
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, () => process.exit(130));

/** Track a detached child's process group until killGroup() ends it. */
export function trackGroup(child) {
  if (child?.pid) liveGroups.add(child.pid);
  return child;
}

/** Copy the Palisade extension, as packaged, into `<extensionsDir>/<publisher>.<name>-<version>`. */
export function installUnpacked(sourceDir, extensionsDir, files) {
  const manifest = JSON.parse(fs.readFileSync(path.join(sourceDir, 'package.json'), 'utf8'));
  const target = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  for (const f of files ?? fs.readdirSync(sourceDir)) {
    const from = path.join(sourceDir, f);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(target, f), { recursive: true });
  }
  return target;
}

/**
 * Start code-server and a browser on a copy of `workspace` (a folder under test/e2e/fixtures, or an absolute path).
 * Options: `settings` (user settings added to the defaults), `extension` (the Palisade build to install, default
 * extensionRoot), `extensions` (more unpacked extension folders to install next to it), `prepare(workspaceDir, runDir)`
 * (runs before start, e.g. to generate files).
 */
export async function startEditor(name, workspace, options = {}) {
  const t0 = Date.now();
  const artifacts = path.join(artifactsRoot, name);
  fs.rmSync(artifacts, { recursive: true, force: true });
  fs.mkdirSync(artifacts, { recursive: true });
  const run = fs.mkdtempSync(path.join(os.tmpdir(), RUN_PREFIX));
  const dirs = Object.fromEntries(['user', 'ext', 'ws', 'tmp', 'chromium', 'xdg/config', 'xdg/data', 'xdg/cache', 'xdg/state']
    .map((d) => [d, path.join(run, d)]));
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(path.join(dirs.user, 'User'), { recursive: true });
  const env = {
    ...process.env,
    TMPDIR: dirs.tmp,
    XDG_CONFIG_HOME: dirs['xdg/config'],
    XDG_DATA_HOME: dirs['xdg/data'],
    XDG_CACHE_HOME: dirs['xdg/cache'],
    XDG_STATE_HOME: dirs['xdg/state'],
  };
  // Electron-only variables would make code-server's node children behave differently
  delete env.ELECTRON_RUN_AS_NODE;

  fs.cpSync(path.isAbsolute(workspace) ? workspace : path.join(fixturesDir, workspace), dirs.ws, { recursive: true });
  fs.writeFileSync(path.join(dirs.user, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...options.settings }, null, 2));
  // a fresh extensions dir without extensions.json: code-server picks up the copied folders on its first scan
  installUnpacked(options.extension ?? extensionRoot, dirs.ext, EXTENSION_FILES);
  for (const ext of options.extensions ?? []) installUnpacked(ext, dirs.ext);
  await options.prepare?.(dirs.ws, run);

  const logFile = path.join(artifacts, 'code-server.log');
  const log = fs.openSync(logFile, 'w');
  const server = spawn(codeServerBin, [
    '--user-data-dir', dirs.user, '--extensions-dir', dirs.ext, '--config', path.join(run, 'config.yaml'),
    '--bind-addr', '127.0.0.1:0', '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened',
  ], { env, cwd: run, detached: true, stdio: ['ignore', log, log] });  // detached: own process group, killed as one
  trackGroup(server);
  fs.closeSync(log);

  const session = new EditorSession({ name, run, dirs, artifacts, server, env });
  try {
    let baseUrl;
    for (let i = 0; i < 600 && !baseUrl; i++) {
      if (server.exitCode !== null) throw new Error(`code-server exited with ${server.exitCode}; see ${logFile}`);
      await sleep(50);
      baseUrl = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(fs.readFileSync(logFile, 'utf8'))?.[1];
    }
    if (!baseUrl) throw new Error(`code-server did not start within 30 s; see ${logFile}`);
    session.baseUrl = baseUrl;
    session.context = await chromium.launchPersistentContext(dirs.chromium, {
      executablePath: chromiumBin,
      headless: true,
      env,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 800 },
    });
    session.page = session.context.pages()[0] ?? await session.context.newPage();
    session.page.on('pageerror', (error) => session.consoleLines.push(`[pageerror] ${error.message}`));
    session.page.on('console', (message) => {
      if (message.type() === 'error') session.consoleLines.push(`[console.error] ${message.text()}`);
    });
    await session.page.goto(`${baseUrl}/?folder=${encodeURIComponent(dirs.ws)}`);
    await session.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await session.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    session.timings.started = Date.now() - t0;
    return session;
  } catch (error) {
    await session.close({ failed: true });
    throw error;
  }
}

export class EditorSession {
  constructor({ name, run, dirs, artifacts, server, env }) {
    Object.assign(this, { name, run, dirs, artifacts, server, env });
    this.workspace = dirs.ws;
    this.baseUrl = undefined;
    this.context = undefined;
    this.page = undefined;
    this.consoleLines = [];
    this.timings = {};
    this.failed = false;
  }

  /** Screenshot under the artifacts, named after the failing step. */
  async captureFailure(step) {
    this.failed = true;
    const file = path.join(this.artifacts, `failure-${step.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
    await this.page?.screenshot({ path: file }).catch(() => undefined);
  }

  /** Close the browser, kill code-server's process group (extension host and language server included), keep logs. */
  async close({ failed = this.failed } = {}) {
    if (this.page && failed) await this.page.screenshot({ path: path.join(this.artifacts, 'last.png') }).catch(() => undefined);
    await this.context?.close().catch(() => undefined);
    await killGroup(this.server);
    try {
      const logs = path.join(this.dirs.user, 'logs');
      if (fs.existsSync(logs)) fs.cpSync(logs, path.join(this.artifacts, 'vscode-logs'), { recursive: true });
      if (this.consoleLines.length) fs.writeFileSync(path.join(this.artifacts, 'browser-console.log'), this.consoleLines.join('\n') + '\n');
    } finally {
      fs.rmSync(this.run, { recursive: true, force: true });
    }
  }
}

/** SIGTERM the whole process group, then SIGKILL whatever is left after a grace period. */
export async function killGroup(child) {
  if (!child?.pid) return;
  const alive = () => { try { process.kill(-child.pid, 0); return true; } catch { return false; } };
  try { process.kill(-child.pid, 'SIGTERM'); } catch { liveGroups.delete(child.pid); return; }
  for (let i = 0; i < 40 && alive(); i++) await sleep(50);
  if (alive()) { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ } }
  for (let i = 0; i < 40 && alive(); i++) await sleep(50);
  if (!alive()) liveGroups.delete(child.pid);
}
