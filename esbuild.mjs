#!/usr/bin/env node
// Bundles the three entry points. `vscode` is the only external: everything else (yaml, dockerfile-ast, ajv, the LSP
// libraries) is inside the bundles, so the extension ships without node_modules and the CLI runs from one file.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

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

/**
 * The LSP type and text-document packages as their CommonJS builds. Their ES module builds (what `mainFields` picks)
 * reach CommonJS code (dockerfile-ast, vscode-languageserver) through a wrapper whose every property is a getter that
 * reads through a second getter: `Range.create` in dockerfile-ast's argument parsing cost two calls and a generic keyed
 * load per use (about 1% of a scan's CPU). The CommonJS build is a plain object, one module for every importer.
 */
const lspTypesAsCommonJs = {
  name: 'lsp-types-as-commonjs',
  setup(build) {
    build.onResolve({ filter: /^vscode-languageserver-(types|textdocument)$/ }, (args) => {
      // what Node's own `require` loads: the package's CommonJS entry
      const file = require.resolve(args.path, { paths: [args.resolveDir] });
      if (!/[\\/]lib[\\/]umd[\\/]main\.js$/.test(file)) {
        return { errors: [{ text: `${args.path} no longer resolves to lib/umd/main.js for require: update lspTypesAsCommonJs in esbuild.mjs` }] };
      }
      return { path: file };
    });
  },
};

const watch = process.argv.includes('--watch');
const common = {
  plugins: [yamlDebugSwitchesOff, lspTypesAsCommonJs],
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
