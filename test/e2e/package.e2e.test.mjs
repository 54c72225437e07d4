// The packaged extension: `vsce package` (what `npm run package` runs) produces a .vsix that code-server's CLI
// installs, holding only what .vscodeignore lets through; the language server inside it answers a real LSP client.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { codeServerBin, root, RUN_PREFIX } from './support/editor-host.mjs';
import { runNeovim } from './support/neovim.mjs';

const run = fs.mkdtempSync(path.join(os.tmpdir(), RUN_PREFIX));
after(() => fs.rmSync(run, { recursive: true, force: true }));
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const installed = path.join(run, 'ext', `${manifest.publisher}.${manifest.name}-${manifest.version}`);

test('vsce packages the extension and code-server installs the .vsix', () => {
  const vsix = path.join(run, 'palisade.vsix');
  // the flags of `npm run package`, with the output in the run directory
  const vsce = spawnSync(path.join(root, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--out', vsix],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(vsce.status, 0, vsce.stdout + vsce.stderr);
  const env = { ...process.env, TMPDIR: run, XDG_CONFIG_HOME: path.join(run, 'xdg'), XDG_DATA_HOME: path.join(run, 'xdg'), XDG_CACHE_HOME: path.join(run, 'xdg') };
  fs.mkdirSync(path.join(run, 'xdg'), { recursive: true });
  const install = spawnSync(codeServerBin, ['--user-data-dir', path.join(run, 'user'), '--extensions-dir', path.join(run, 'ext'),
    '--config', path.join(run, 'config.yaml'), '--install-extension', vsix], { env, encoding: 'utf8', timeout: 60_000 });
  assert.equal(install.status, 0, install.stdout + install.stderr);
  assert.match(install.stdout, /was successfully installed/);
});

test('the .vsix holds the bundles, the manifest and the static contributions only', () => {
  const files = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else files.push(path.relative(installed, full).split(path.sep).join('/'));
    }
  };
  walk(installed);
  // vsce adds .vsixmanifest, renames LICENSE to LICENSE.txt and lower-cases readme.md and changelog.md
  const unexpected = files.filter((f) => !/^(package\.json|README\.md|CHANGELOG\.md|LICENSE(\.txt)?|\.vsixmanifest|dist\/(extension|server)\.js|syntaxes\/[^/]+\.json|schemas\/[^/]+\.json)$/i.test(f));
  assert.deepEqual(unexpected, [], `files outside the allow-list: ${unexpected.join(', ')}`);
  for (const f of ['package.json', 'dist/extension.js', 'dist/server.js', 'syntaxes/palisade-ignore.injection.json']) {
    assert.ok(files.includes(f), `${f} is packaged`);
  }
  assert.ok(!files.some((f) => f.startsWith('node_modules/')), 'no node_modules: the bundles hold the dependencies');
});

test('the packaged language server answers Neovim', async () => {
  const { status, output } = await runNeovim('Dockerfile', {
    server: path.join(installed, 'dist', 'server.js'), rule: 'docker/no-root-user', fix: 'Run as 65532:65532', log: 'neovim-packaged-server.log',
  });
  assert.equal(status, 0, output);
  assert.match(output, /LINE 9: USER 65532:65532$/m, output);
});
