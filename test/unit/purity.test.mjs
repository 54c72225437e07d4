// rules/ is pure: text in, data out. It must bundle for esbuild's neutral platform (no Node built-ins, no editor
// API), and its sources must not reach for the file system, processes, the network, the clock or randomness.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';
import * as esbuild from 'esbuild';
import { root } from '../support/fixtures.mjs';

/** Editor and language-server packages: glue layers, never the core. Their pure type packages are fine. */
const EDITOR_PACKAGES = /^(vscode|vscode-languageserver|vscode-languageclient|vscode-jsonrpc|vscode-languageserver-protocol)(\/|$)/;

test('rules/index.ts bundles for the neutral platform without Node built-ins or editor APIs', async () => {
  const result = await esbuild.build({
    entryPoints: [path.join(root, 'rules', 'index.ts')],
    bundle: true,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  }).catch((e) => assert.fail(`the core does not bundle for a neutral platform:\n${(e.errors ?? []).map((x) => `${x.location?.file}:${x.location?.line}: ${x.text}`).join('\n')}`));
  const imported = new Set();
  for (const input of Object.values(result.metafile.inputs)) for (const i of input.imports) imported.add(i.path);
  const builtins = [...imported].filter((p) => p.startsWith('node:') || builtinModules.includes(p));
  assert.deepEqual(builtins, [], 'Node built-ins');
  const packages = Object.keys(result.metafile.inputs)
    .map((p) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p)?.[1])
    .filter(Boolean);
  assert.deepEqual([...new Set(packages)].filter((p) => EDITOR_PACKAGES.test(p)), [], 'editor packages');
});

/**
 * Every TypeScript file under rules/, as `imports` (comments removed, strings kept: module names are strings) and
 * `code` (comments and string contents removed: a message may well say "every process.").
 */
function coreSources() {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.ts')) {
        const text = fs.readFileSync(full, 'utf8');
        out.push({ file: path.relative(root, full), imports: stripComments(text), code: stripComments(text, true) });
      }
    }
  };
  walk(path.join(root, 'rules'));
  return out;
}

function stripComments(text, blankStrings = false) {
  // strings are matched first, so `'#'` or a URL's `//` is never taken for a comment
  return text.replace(/("(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`)|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g,
    (m, str) => (str === undefined ? '' : blankStrings ? `${str[0]}${str[0]}` : str));
}

const FORBIDDEN = [
  { what: 'a Node built-in import', imports: true, re: new RegExp(`(?:from|import|require\\()\\s*['"](?:node:[\\w/]+|${builtinModules.filter((m) => !m.startsWith('_')).map((m) => m.replace(/[/]/g, '\\/')).join('|')})['"]`) },
  { what: 'an editor API import', imports: true, re: /(?:from|import|require\()\s*['"](?:vscode|vscode-languageserver|vscode-languageclient|vscode-jsonrpc)(?:\/[^'"]*)?['"]/ },
  { what: 'require()', re: /\brequire\s*\(/ },
  { what: 'process', re: /\bprocess\s*\./ },
  { what: 'the clock (Date)', re: /\bnew\s+Date\b|\bDate\s*\.\s*(?:now|parse|UTC)\b|\bDate\s*\(/ },
  { what: 'the clock (performance)', re: /\bperformance\s*\.\s*now\b/ },
  { what: 'randomness', re: /\bMath\s*\.\s*random\b|\bcrypto\s*\.\s*(?:getRandomValues|randomUUID)\b/ },
  { what: 'timers', re: /\b(?:setTimeout|setInterval|setImmediate)\s*\(/ },
  { what: 'the network', re: /\bfetch\s*\(|\bXMLHttpRequest\b|\bWebSocket\b/ },
  { what: 'eval', re: /\beval\s*\(|\bnew\s+Function\s*\(/ },
];

test('rules/ sources use no file system, process, network, clock, randomness or editor API', () => {
  const problems = [];
  for (const source of coreSources()) {
    for (const { what, re, imports } of FORBIDDEN) {
      const m = re.exec(imports ? source.imports : source.code);
      const file = source.file;
      if (m) problems.push(`${file}: ${what} (${m[0]})`);
    }
  }
  assert.deepEqual(problems, []);
});

test('the checks catch what they are meant to catch', () => {
  const hits = (text) => FORBIDDEN.filter(({ re, imports }) => re.test(stripComments(text, !imports))).map((f) => f.what);
  assert.deepEqual(hits("import fs from 'fs';"), ['a Node built-in import']);
  assert.deepEqual(hits("import { readFileSync } from 'node:fs';"), ['a Node built-in import']);
  assert.deepEqual(hits("import * as vscode from 'vscode';"), ['an editor API import']);
  assert.deepEqual(hits("import { Connection } from 'vscode-languageserver/node';"), ['an editor API import']);
  assert.deepEqual(hits('const now = Date.now();'), ['the clock (Date)']);
  assert.deepEqual(hits('const d = new Date();'), ['the clock (Date)']);
  assert.deepEqual(hits('const r = Math.random();'), ['randomness']);
  assert.deepEqual(hits('const e = process.env.HOME;'), ['process']);
  assert.deepEqual(hits('// Date.now() in a comment\nconst url = "https://example.com/fs";'), []);
  assert.deepEqual(hits("const message = 'inherited by every process. Math.random() is not called here';"), []);
  assert.deepEqual(hits("import { TextDocument } from 'vscode-languageserver-textdocument';"), [], 'the pure text-document package is allowed');
});
