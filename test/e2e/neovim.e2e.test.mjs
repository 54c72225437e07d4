// Headless Neovim as a second real LSP client: the same dist/server.js, over stdio instead of VS Code's IPC.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { artifactsRoot, fixturesDir, killGroup, root, RUN_PREFIX } from './support/editor-host.mjs';

const script = path.join(root, 'test', 'e2e', 'neovim', 'lsp-client.lua');
const server = path.join(root, 'dist', 'server.js');

/** Run the Lua client on a copy of a fixture file; resolves with its output, kills its process group on timeout. */
async function runNeovim(relativeFile, env) {
  const run = fs.mkdtempSync(path.join(os.tmpdir(), RUN_PREFIX));
  try {
    fs.cpSync(path.join(fixturesDir, 'workspace'), path.join(run, 'ws'), { recursive: true });
    const xdg = Object.fromEntries(['CONFIG', 'DATA', 'STATE', 'CACHE'].map((k) => [`XDG_${k}_HOME`, path.join(run, 'xdg', k.toLowerCase())]));
    const child = spawn('nvim', ['--headless', '--clean', '-n', '-u', 'NONE', '-c', `luafile ${script}`, path.join(run, 'ws', relativeFile)],
      { env: { ...process.env, ...xdg, PALISADE_SERVER: server, ...env }, cwd: run, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    const timer = setTimeout(() => { output += '\nTIMEOUT after 60 s'; killGroup(child); }, 60_000);
    const status = await new Promise((resolve) => child.on('close', (code) => resolve(code)));
    clearTimeout(timer);
    await killGroup(child);   // the language server, should it outlive Neovim
    const name = `neovim-${path.basename(relativeFile)}.log`;
    fs.mkdirSync(artifactsRoot, { recursive: true });
    fs.writeFileSync(path.join(artifactsRoot, name), output);
    return { status, output };
  } finally {
    fs.rmSync(run, { recursive: true, force: true });
  }
}

test('neovim: Dockerfile diagnostics with codes, hover, quick fix applied', async () => {
  const { status, output } = await runNeovim('Dockerfile', { PALISADE_RULE: 'docker/no-root-user', PALISADE_FIX: 'Run as 65532:65532' });
  assert.equal(status, 0, output);
  // `USER root` on line 9: the finding covers exactly `root` (columns 6-9, end exclusive 10)
  assert.match(output, /DIAG 9:6-9:10 severity=1 source=palisade code=docker\/no-root-user .*runs as root \(`USER root`\)/, output);
  assert.match(output, /HOVER .*The final image must not run as root/, output);
  assert.match(output, /ACTION Run as 65532:65532/, output);
  assert.match(output, /ACTION Suppress docker\/no-root-user for this line/, output);
  assert.match(output, /LINE 9: USER 65532:65532$/m, output);
  assert.doesNotMatch(output, /AFTER .*code=docker\/no-root-user/, output);
});

test('neovim: Kubernetes manifest diagnostics name the workload; the fix removes the key', async () => {
  const { status, output } = await runNeovim('k8s/workloads.yaml', { PALISADE_RULE: 'k8s/no-host-pid' });
  assert.equal(status, 0, output);
  assert.match(output, /DIAG \d+:\d+-\d+:\d+ severity=1 source=palisade code=k8s\/no-host-pid Deployment\/web shares the host's process namespace/, output);
  assert.match(output, /HOVER .*Pods must not use the host's process namespace/, output);
  assert.match(output, /APPLIED Remove `hostPID: true`/, output);
  // the key is gone (the next line moved up) and the other workload's finding is still there
  assert.match(output, /LINE 17: {7}serviceAccount: web$/m, output);
  assert.match(output, /AFTER \d+:\d+-\d+:\d+ severity=1 source=palisade code=k8s\/no-host-pid DaemonSet\/agent/, output);
  assert.doesNotMatch(output, /AFTER .*code=k8s\/no-host-pid Deployment\/web/, output);
});
