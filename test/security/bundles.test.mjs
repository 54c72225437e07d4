// What the shipped bundles (dist/*.js) may contain: no `eval`, no code compiled from strings, no `require`/`import`
// of a computed name, no process start and no `vm`, except the occurrences listed below, each in a dependency, each
// explained. Our own code (rules/, server/, cli/, client/) has none at all. Checked on the built files, attributed to
// the module esbuild names in the comment above each bundled file.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { root } from '../support/fixtures.mjs';

const BUNDLES = ['rules.js', 'cli.js', 'server.js', 'extension.js'];

const PATTERNS = {
  eval: /(?<![\w$.])eval\s*\(/g,
  'new Function': /(?<![\w$.])(?:new\s+)?Function\s*\(/g,
  'computed require': /(?<![\w$.])require\s*\(\s*(?!["'`][^"'`]*["'`]\s*\))/g,
  'require.resolve': /(?<![\w$])require\.resolve\s*\(/g,
  'dynamic import': /(?<![\w$.])import\s*\(\s*(?!["'`][^"'`]*["'`]\s*\))/g,
  'child_process': /["'](?:node:)?child_process["']/g,
  vm: /require\(\s*["'](?:node:)?vm["']\s*\)/g,
  'process.binding': /process\.(?:binding|dlopen)\s*\(/g,
};

/**
 * Allowed occurrences: `${kind} in ${module}` → why it is safe. A bundle may hold each at most as often as listed (a new
 * occurrence in the same module fails too).
 */
const ALLOWED = {
  'new Function in node_modules/ajv/dist/compile/index.js': {
    max: 1,
    why: 'ajv compiles JSON Schemas into validators: the configuration schema (ours) and, in trusted workspaces only, the '
      + 'schemas of custom rules. Every value from a schema is embedded as an escaped literal; no file path, module name '
      + 'or workspace text is evaluated as code (test/security/isolation.test.mjs checks the generated code).',
  },
  'child_process in node_modules/vscode-languageserver/lib/node/files.js': {
    max: 1,
    why: 'Files.resolveGlobalNodePath/resolveModulePath of the LSP library (finding globally installed node modules with '
      + 'npm or yarn). The server never calls them; the isolation test fails if the server starts any process.',
  },
  'require.resolve in node_modules/vscode-languageserver/lib/node/files.js': {
    max: 1,
    why: 'inside the source text of the same helper (a string passed to a child process), never run by Palisade.',
  },
  'child_process in node_modules/vscode-languageclient/lib/node/main.js': {
    max: 1,
    why: 'the VS Code client starts the Palisade server: dist/server.js from the extension folder, never a workspace file.',
  },
  'child_process in node_modules/vscode-languageclient/lib/node/processes.js': {
    max: 1,
    why: 'the VS Code client stops the server it started (a fixed kill script for that process id).',
  },
};

/** Occurrences `{kind, module, line, text}` of the patterns in a bundle. */
function occurrences(file) {
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const out = [];
  let module = '(bundle prelude)';
  lines.forEach((line, i) => {
    // esbuild names each bundled file by its path (through `../` when node_modules is a link elsewhere)
    const header = /^\/\/ (\S+\.(?:[cm]?js|ts|json))$/.exec(line);
    if (header) {
      const at = header[1].lastIndexOf('node_modules/');
      module = at >= 0 ? header[1].slice(at) : header[1];
      return;
    }
    // string contents are code only where a string is evaluated; scan the line as is
    for (const [kind, re] of Object.entries(PATTERNS)) {
      re.lastIndex = 0;
      for (let m = re.exec(line); m; m = re.exec(line)) out.push({ kind, module, line: i + 1, text: line.trim().slice(0, 160) });
    }
  });
  return out;
}

for (const bundle of BUNDLES) {
  test(`dist/${bundle}: no eval, no code from strings, no computed require, no process, except the explained ones`, () => {
    const file = path.join(root, 'dist', bundle);
    assert.ok(fs.existsSync(file), `${file} is built (npm run build)`);
    const found = occurrences(file);
    const ours = found.filter((o) => !o.module.startsWith('node_modules/'));
    assert.deepEqual(ours, [], 'our own code has none');
    const counts = new Map();
    for (const o of found) {
      const key = `${o.kind} in ${o.module}`;
      counts.set(key, [...(counts.get(key) ?? []), o]);
    }
    const unexplained = [...counts].filter(([key, list]) => !ALLOWED[key] || list.length > ALLOWED[key].max)
      .map(([key, list]) => `${key} (${list.length}×): ${list.map((o) => `line ${o.line}: ${o.text}`).join(' | ')}`);
    assert.deepEqual(unexplained, []);
  });
}

test('the scan finds what it looks for', () => {
  const sample = path.join(os.tmpdir(), `palisade-bundle-scan-${process.pid}.js`);
  fs.writeFileSync(sample, [
    '// server/evil.ts',
    'const a = eval("1"); const f = new Function("x", "return x"); const m = require(name); import(spec);',
    'require("child_process"); require.resolve(x); require("./literal.js");',
  ].join('\n'));
  try {
    const kinds = occurrences(sample).map((o) => `${o.kind} in ${o.module}`).sort();
    assert.deepEqual(kinds, [
      'child_process in server/evil.ts', 'computed require in server/evil.ts', 'dynamic import in server/evil.ts',
      'eval in server/evil.ts', 'new Function in server/evil.ts', 'require.resolve in server/evil.ts',
    ]);
  } finally {
    fs.rmSync(sample, { force: true });
  }
});
