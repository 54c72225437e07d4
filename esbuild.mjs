#!/usr/bin/env node
// Bundles the three entry points. `vscode` is the only external: everything else (yaml, dockerfile-ast, ajv, the LSP
// libraries) is inside the bundles, so the extension ships without node_modules and the CLI runs from one file.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';

execFileSync(process.execPath, ['scripts/generate-registry.mjs'], { stdio: 'inherit' });

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  mainFields: ['module', 'main'],
  legalComments: 'none',
};
const builds = [
  { ...common, entryPoints: ['client/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/main.ts'], outfile: 'dist/server.js' },
  { ...common, entryPoints: ['cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // the engine as a library: what the tests, the benchmark and scripts import
  { ...common, entryPoints: ['rules/index.ts'], outfile: 'dist/rules.js' },
];
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
