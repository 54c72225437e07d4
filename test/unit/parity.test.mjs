// The table of contents holds: registry ⇄ rule files ⇄ fixture folders ⇄ generated docs ⇄ generated registry ⇄
// package.json settings, and every rule's metadata is complete and consistent with the fixes it offers.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fixtureFolders, root } from '../support/fixtures.mjs';
import { allRulesConfig, palisade } from '../support/engine.mjs';
import { caseTexts, runWorkspace, workspaceCases } from '../support/workspace-fixtures.mjs';

const { builtinRules, STAGES, PRESETS, TOOL_NAMES } = palisade;
const LANGS = { docker: 'dockerfile', k8s: 'kubernetes' };

function ruleFiles() {
  const out = [];
  for (const lang of Object.keys(LANGS)) {
    const dir = path.join(root, 'rules', lang);
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.ts')).sort()) out.push({ lang, name: f.slice(0, -3) });
  }
  return out;
}

function runCheck(script) {
  const r = spawnSync(process.execPath, [script, '--check'], { cwd: root, encoding: 'utf8' });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('parity', () => {
  test('rule files ⇄ registry: rules/<lang>/<name>.ts holds the rule with id <lang>/<name>', () => {
    const files = ruleFiles();
    // the generated registry imports the files in this order (docker, then k8s, each sorted)
    assert.deepEqual(builtinRules.map((r) => r.meta.id), files.map((f) => `${f.lang}/${f.name}`));
    for (const [i, f] of files.entries()) assert.equal(builtinRules[i].language, LANGS[f.lang], `${f.lang}/${f.name} is a ${LANGS[f.lang]} rule`);
    const ids = builtinRules.map((r) => r.meta.id);
    assert.equal(new Set(ids).size, ids.length, 'ids are unique');
    for (const id of ids) assert.match(id, /^(docker|k8s)\/[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  test('the generated registry is up to date', () => {
    const r = runCheck('scripts/generate-registry.mjs');
    assert.equal(r.code, 0, r.output);
  });

  test('rules ⇄ fixture folders: every rule has one with at least one valid and one invalid file', () => {
    const folders = new Map(fixtureFolders().map((f) => [f.ruleId, f]));
    const ids = builtinRules.map((r) => r.meta.id);
    // a cross-file rule may have only multi-file cases (test/fixtures/workspace/<lang>/<name>/<case>/)
    const cases = workspaceCases();
    const hasWorkspaceCases = (id) => ['valid', 'invalid'].every((kind) => cases.some((c) => c.ruleId === id && c.kind === kind));
    const crossFile = new Set(builtinRules.filter((r) => r.meta.scope === 'workspace').map((r) => r.meta.id));
    const missing = ids.filter((id) => !folders.has(id) && !(crossFile.has(id) && hasWorkspaceCases(id)));
    assert.deepEqual(missing, [], 'rules without test/fixtures/<lang>/<name>/');
    const orphans = [...folders.keys(), ...cases.map((c) => c.ruleId)].filter((id) => !ids.includes(id));
    assert.deepEqual([...new Set(orphans)], [], 'fixture folders without a rule');
    for (const [id, folder] of folders) {
      assert.ok(folder.files.some((f) => f.kind === 'valid'), `${id}: a valid-* file`);
      assert.ok(folder.files.some((f) => f.kind === 'invalid'), `${id}: an invalid-* file`);
    }
  });

  test('docs/rules is generated from the metadata and up to date', async () => {
    const { checkDocs } = await import(pathToFileURL(path.join(root, 'scripts', 'generate-docs.mjs')).href);
    assert.deepEqual(checkDocs(palisade), [], 'run: npm run docs');
    for (const rule of builtinRules) assert.ok(fs.existsSync(path.join(root, 'docs', 'rules', `${rule.meta.id}.md`)));
  });

  const settingsScript = path.join(root, 'scripts', 'generate-package-settings.mjs');
  test('package.json settings are generated and up to date', { skip: !fs.existsSync(settingsScript) && 'no settings generator yet' }, () => {
    const r = runCheck('scripts/generate-package-settings.mjs');
    assert.equal(r.code, 0, r.output);
  });
});

describe('rule metadata', () => {
  const folders = new Map(fixtureFolders().map((f) => [f.ruleId, f]));
  for (const rule of builtinRules) {
    test(`${rule.meta.id}: complete`, () => {
      const m = rule.meta;
      for (const key of ['title', 'rationale', 'remediation']) assert.ok(typeof m[key] === 'string' && m[key].trim().length >= 10, `${key} is written`);
      assert.doesNotMatch(m.title, /\.$/, 'the title is a heading, not a sentence');
      assert.ok(Array.isArray(m.references) && m.references.length >= 1, 'at least one reference');
      for (const r of m.references) {
        assert.ok(r.title?.trim(), 'a reference has a title');
        assert.match(r.url, /^https:\/\/\S+$/, 'a reference is an https URL');
      }
      assert.ok(STAGES.includes(m.stage), `stage ${m.stage}`);
      assert.ok(['error', 'warning', 'info'].includes(m.severity), `severity ${m.severity}`);
      assert.ok(['safe', 'suggestion', 'none'].includes(m.fix), `fix ${m.fix}`);
      assert.ok(m.category === undefined || ['security', 'best-practice'].includes(m.category));
      assert.ok(m.enabledByDefault === undefined || typeof m.enabledByDefault === 'boolean');
      for (const p of m.profiles ?? []) assert.ok(['pss-baseline', 'pss-restricted', 'cis', 'nsa'].includes(p), `profile ${p}`);
      for (const [tool, list] of Object.entries(m.equivalents ?? {})) {
        assert.ok(tool in TOOL_NAMES, `equivalents: unknown tool ${tool}`);
        assert.ok(Array.isArray(list) && list.every((x) => typeof x === 'string' && x.trim()), `equivalents.${tool} lists ids`);
      }
      const messages = Object.entries(m.messages ?? {});
      assert.ok(messages.length >= 1, 'at least one message');
      for (const [id, text] of messages) assert.ok(typeof text === 'string' && text.trim().length >= 10, `message ${id} is written`);
      if (m.options) {
        assert.equal(typeof m.options.schema, 'object', 'options.schema');
        assert.ok('defaults' in m.options, 'options.defaults');
      }
      assert.ok(PRESETS.some((p) => palisade.inPreset(rule, p) && p !== 'all') || m.enabledByDefault === false || (m.category ?? 'security') === 'best-practice', 'reachable through a preset');
    });

    test(`${rule.meta.id}: the fix kind matches the fixes its fixtures get`, () => {
      const folder = folders.get(rule.meta.id);
      const kinds = new Set();
      for (const c of workspaceCases().filter((x) => x.ruleId === rule.meta.id && x.kind === 'invalid')) {
        for (const r of runWorkspace(caseTexts(c), c.config).results.values()) {
          for (const f of r.scan) if (f.ruleId === rule.meta.id) for (const fix of f.fixes ?? []) kinds.add(fix.kind);
        }
      }
      if (!folder && !kinds.size && rule.meta.scope === 'workspace' && workspaceCases().some((x) => x.ruleId === rule.meta.id)) {
        return assert.equal(rule.meta.fix, 'none', `fix: ${rule.meta.fix}, but the workspace fixtures get no fix`);
      }
      if (!folder) return assert.fail('no fixture folder (see the parity test)');
      const config = allRulesConfig(folder.config);
      for (const file of folder.files.filter((f) => f.kind === 'invalid')) {
        const text = fs.readFileSync(file.path, 'utf8');
        for (const f of palisade.lint({ text, fileName: file.path }, config)) {
          if (f.ruleId !== rule.meta.id) continue;
          for (const fix of f.fixes ?? []) kinds.add(fix.kind);
        }
      }
      if (rule.meta.fix === 'none') assert.deepEqual([...kinds], [], 'fix: none, yet fixes are offered');
      else assert.ok(kinds.has(rule.meta.fix), `fix: ${rule.meta.fix}, but no ${rule.meta.fix} fix is offered on the invalid fixtures (got ${[...kinds].join(', ') || 'none'})`);
    });
  }
});
