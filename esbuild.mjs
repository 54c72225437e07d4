#!/usr/bin/env node
// Bundles the three entry points. `vscode` is the only external: everything else (yaml, dockerfile-ast, ajv, the LSP
// libraries) is inside the bundles, so the extension ships without node_modules and the CLI runs from one file.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

execFileSync(process.execPath, ['scripts/generate-registry.mjs'], { stdio: 'inherit' });

/**
 * yaml's parser reads `process.env.LOG_TOKENS` for every token and its composer `process.env.LOG_STREAM` for every
 * document (switches that print debugging output). A property of `process.env` is a call into Node that looks the
 * variable up; perf put it at about 4% of a scan's CPU. The bundles read both switches as false.
 */
const yamlDebugSwitchesOff = {
  name: 'yaml-debug-switches-off',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/](parse[\\/]parser|compose[\\/]composer)\.js$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      const contents = text.replace(/\bnode_process\.env\.LOG_(?:TOKENS|STREAM)\b/g, 'false');
      if (contents === text) {
        return { errors: [{ text: `${args.path} no longer reads process.env.LOG_TOKENS or LOG_STREAM: update yamlDebugSwitchesOff in esbuild.mjs` }] };
      }
      return { contents, loader: 'js' };
    });
  },
};

const watch = process.argv.includes('--watch');
const common = {
  plugins: [yamlDebugSwitchesOff],
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
