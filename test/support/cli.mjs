// Helpers for the CLI tests: run the built CLI (dist/cli.js) as a process, make throw-away workspaces, and load a
// CLI module straight from its TypeScript source (bundled with esbuild) for the few unit tests of its internals.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './fixtures.mjs';

export const cliPath = path.join(root, 'dist', 'cli.js');

/** Run `palisade <args>` in `cwd`; returns `{code, stdout, stderr}`. */
export function runCli(args, { cwd = root, env = {}, input } = {}) {
  const r = spawnSync(process.execPath, [cliPath, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env },
    input,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

/** A temporary folder filled from `{relativePath: content}` (strings or Buffers); removed by `dispose()`. */
export function makeWorkspace(files = {}) {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-cli-')));
  for (const [rel, content] of Object.entries(files)) write(dir, rel, content);
  return {
    dir,
    files,
    path: (rel) => path.join(dir, rel),
    write: (rel, content) => write(dir, rel, content),
    read: (rel) => fs.readFileSync(path.join(dir, rel), 'utf8'),
    dispose: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

function write(dir, rel, content) {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

const loaded = new Map();

/** Import a TypeScript module of the repository (e.g. `cli/safe-fixes.ts`), bundled with its imports. */
export async function importSource(relativePath) {
  if (loaded.has(relativePath)) return loaded.get(relativePath);
  const esbuild = await import('esbuild');
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-src-'));
  const outfile = path.join(outDir, path.basename(relativePath).replace(/\.ts$/, '.mjs'));
  await esbuild.build({
    entryPoints: [path.join(root, relativePath)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'silent',
    mainFields: ['module', 'main'],
    // CommonJS dependencies inside an ESM bundle need a `require`
    banner: { js: "import { createRequire as __palisadeRequire } from 'node:module'; const require = __palisadeRequire(import.meta.url);" },
  });
  const mod = await import(pathToFileURL(outfile).href);
  fs.rmSync(outDir, { recursive: true, force: true });
  loaded.set(relativePath, mod);
  return mod;
}

/** A Kubernetes Deployment; `podSpec` lines are inserted under `spec.template.spec` (6 spaces of indent). */
export function deployment(name, podSpec = []) {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  selector:',
    '    matchLabels:',
    `      app: ${name}`,
    '  template:',
    '    metadata:',
    '      labels:',
    `        app: ${name}`,
    '    spec:',
    ...podSpec.map((l) => `      ${l}`),
    '      containers:',
    '        - name: app',
    '          image: registry.example.com/app:1.0.0',
    '',
  ].join('\n');
}

/**
 * A `.palisade.yaml` text that turns on exactly these rules (every other built-in rule off), so a test's
 * expectations do not move when rules are added.
 */
export function onlyRulesConfig(ids, registry) {
  const lines = ['extends: [all]', 'rules:'];
  for (const rule of registry) if (!ids.includes(rule.meta.id)) lines.push(`  ${rule.meta.id}: off`);
  if (lines.length === 2) lines.pop();
  return lines.join('\n') + '\n';
}
