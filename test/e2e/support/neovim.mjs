// Headless Neovim driven by neovim/lsp-client.lua: a real LSP client of a Palisade server over stdio.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { artifactsRoot, extensionRoot, fixturesDir, killGroup, root, RUN_PREFIX, trackGroup } from './editor-host.mjs';

const script = path.join(root, 'test', 'e2e', 'neovim', 'lsp-client.lua');

/**
 * Open a copy of a fixture workspace file in Neovim with the server attached, check `rule`'s diagnostic, hover and
 * quick fix (`fix`: the title to apply). Resolves with Neovim's exit status and output (also written to the artifacts).
 */
export async function runNeovim(relativeFile, { rule, fix, server = path.join(extensionRoot, 'dist', 'server.js'), log }) {
  const run = fs.mkdtempSync(path.join(os.tmpdir(), RUN_PREFIX));
  try {
    fs.cpSync(path.join(fixturesDir, 'workspace'), path.join(run, 'ws'), { recursive: true });
    const xdg = Object.fromEntries(['CONFIG', 'DATA', 'STATE', 'CACHE'].map((k) => [`XDG_${k}_HOME`, path.join(run, 'xdg', k.toLowerCase())]));
    const env = { ...process.env, ...xdg, TMPDIR: run, PALISADE_SERVER: server, PALISADE_RULE: rule };
    if (fix) env.PALISADE_FIX = fix;
    const child = trackGroup(spawn('nvim', ['--headless', '--clean', '-n', '-u', 'NONE', '-c', `luafile ${script}`, path.join(run, 'ws', relativeFile)],
      { env, cwd: run, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }));
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    const timer = setTimeout(() => { output += '\nTIMEOUT after 60 s'; void killGroup(child); }, 60_000);
    const status = await new Promise((resolve) => child.on('close', (code) => resolve(code)));
    clearTimeout(timer);
    await killGroup(child);   // the language server, should it outlive Neovim
    fs.mkdirSync(artifactsRoot, { recursive: true });
    fs.writeFileSync(path.join(artifactsRoot, log ?? `neovim-${path.basename(relativeFile)}.log`), output);
    return { status, output };
  } finally {
    fs.rmSync(run, { recursive: true, force: true });
  }
}
