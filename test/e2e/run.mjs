#!/usr/bin/env node
// End-to-end tests in real editors (`npm run test:e2e`, after the build):
//   - VS Code: code-server 4.100.3 (VS Code 1.100.3) driven by headless Chromium through playwright-core;
//   - the extension-host suite (the VS Code API) inside the same code-server;
//   - Neovim (headless) as a second LSP client of dist/server.js over stdio;
//   - the packaged .vsix, installed by code-server's CLI.
// Installs code-server into test/e2e/host/ on first run (or when its lockfile changed). Needs the Debian packages
// chromium, neovim, libkrb5-dev and ripgrep (see APT_PACKAGES). Artifacts (screenshots, editor logs) are kept in
// e2e-artifacts/ when something fails, and removed after a green run.
//
// usage: node test/e2e/run.mjs [--screenshots] [test files...]
//   --screenshots   write the README screenshots to docs/images/ (otherwise they go to the artifacts)
// PALISADE_E2E_EXTENSION=<dir> tests another build of the extension (its package.json and dist/) than the repository's.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { artifactsRoot, chromiumBin, codeServerBin, e2eDir, extensionRoot, root, RUN_PREFIX } from './support/editor-host.mjs';

export const APT_PACKAGES = ['chromium', 'neovim', 'libkrb5-dev', 'ripgrep'];
const hostDir = path.join(e2eDir, 'host');
const stampFile = path.join(hostDir, 'node_modules', '.palisade-install-stamp');

const args = process.argv.slice(2);
const screenshots = args.includes('--screenshots');
const selected = args.filter((a) => !a.startsWith('--'));
const timings = {};
const t0 = Date.now();

function fail(message) {
  console.error(`test:e2e: ${message}`);
  process.exit(1);
}

/** Whether an executable is on PATH (looked up, not run: running nvim would write to ~/.cache). */
function onPath(name) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try { fs.accessSync(path.join(dir, name), fs.constants.X_OK); return true; } catch { return false; }
  });
}

function checkTools() {
  const missing = [];
  if (!fs.existsSync(chromiumBin)) missing.push('chromium');
  if (!onPath('nvim')) missing.push('neovim');
  if (!onPath('rg')) missing.push('ripgrep');
  if (missing.length) {
    fail(`missing tools: ${missing.join(', ')}. Install them with:\n  apt-get install -y --no-install-recommends ${APT_PACKAGES.join(' ')}`);
  }
  for (const f of ['dist/extension.js', 'dist/server.js']) {
    if (!fs.existsSync(path.join(extensionRoot, f))) fail(`${f} is missing: run \`npm run build\` first (npm run test:e2e does)`);
  }
}

/** Install code-server when it is missing or its lockfile changed since the last install. */
function ensureCodeServer() {
  const lock = crypto.createHash('sha256').update(fs.readFileSync(path.join(hostDir, 'package-lock.json'))).digest('hex');
  if (fs.existsSync(codeServerBin) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === lock) return;
  const started = Date.now();
  console.log('test:e2e: installing code-server 4.100.3 into test/e2e/host (about a minute, once)…');
  fs.mkdirSync(artifactsRoot, { recursive: true });
  const log = path.join(artifactsRoot, 'host-install.log');
  const fd = fs.openSync(log, 'w');
  const r = spawnSync(path.join(hostDir, 'install.sh'), [], { stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  if (r.status !== 0 || !fs.existsSync(codeServerBin)) {
    const tail = fs.readFileSync(log, 'utf8').split('\n').slice(-40).join('\n');
    fail(`installing code-server failed (log: ${path.relative(root, log)}):\n${tail}\nIt needs: apt-get install -y ${APT_PACKAGES.join(' ')}`);
  }
  fs.writeFileSync(stampFile, lock);
  timings.install = Date.now() - started;
}

/**
 * Processes still running from one of our run directories: their command line or their environment (TMPDIR, XDG_*)
 * names it. That covers code-server, its file watcher and extension host, the language servers and Chromium.
 */
function leftoverProcesses() {
  const found = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    if (Number(pid) === process.pid) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      const environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
      if (cmdline.includes(RUN_PREFIX) || environ.includes(`/${RUN_PREFIX}`)) found.push({ pid: Number(pid), cmdline });
    } catch {
      // exited meanwhile, or not ours to read
    }
  }
  return found;
}

checkTools();
ensureCodeServer();
// processes of an earlier, interrupted run are reported, not counted against this one
const before = new Set(leftoverProcesses().map((p) => p.pid));
if (before.size) console.warn(`test:e2e: ${before.size} process(es) of an earlier run are still running (pids ${[...before].join(', ')})`);
fs.rmSync(artifactsRoot, { recursive: true, force: true });
fs.mkdirSync(artifactsRoot, { recursive: true });

const files = selected.length ? selected : fs.readdirSync(e2eDir).filter((f) => f.endsWith('.e2e.test.mjs')).sort().map((f) => path.join(e2eDir, f));
const testsStarted = Date.now();
// one file at a time: code-server and Chromium fill both cores of a CI machine
const child = spawn(process.execPath, ['--test', '--test-concurrency=1', '--test-timeout=300000', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PALISADE_E2E_ARTIFACTS: artifactsRoot, PALISADE_E2E_SCREENSHOTS: screenshots ? 'docs' : '' },
});
const status = await new Promise((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
timings.tests = Date.now() - testsStarted;

// every file kills its own process groups; anything left is a teardown bug
const leftovers = leftoverProcesses().filter((p) => !before.has(p.pid));
if (leftovers.length) {
  console.error(`test:e2e: ${leftovers.length} process(es) outlived the tests:\n  ${leftovers.map((p) => `${p.pid} ${p.cmdline}`).join('\n  ')}`);
  for (const { pid } of leftovers) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* gone meanwhile */ }
  }
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
console.log(`test:e2e: ${timings.install ? `code-server install ${seconds(timings.install)}, ` : ''}tests ${seconds(timings.tests)}, total ${seconds(Date.now() - t0)}`);
if (status === 0 && !leftovers.length) {
  fs.rmSync(artifactsRoot, { recursive: true, force: true });
} else {
  console.error(`test:e2e: failed; screenshots and editor logs are in ${path.relative(root, artifactsRoot)}/`);
  process.exitCode = 1;
}
