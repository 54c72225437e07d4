// Multi-file fixtures of cross-file rules: test/fixtures/workspace/<lang>/<rule-name>/<case>/, each case a small tree
// of files (a workspace), named valid-* or invalid-*, with the usual inline markers in any of its files and an optional
// `.palisade.yaml` at the case root (options; every rule is on, like `--preset all`).
//
// A case runs the way a workspace scan does: every file is analysed once against an incomplete index (cross-file rules
// deferred), the summaries fill the index, then `lintWorkspace` adds the cross-file findings. The editor's way (each
// file analysed against the complete index) must give the same findings.
import fs from 'node:fs';
import path from 'node:path';
import { fixturesDir } from './fixtures.mjs';
import { allRulesConfig, palisade } from './engine.mjs';

export const workspaceFixturesDir = path.join(fixturesDir, 'workspace');

const CONFIG_NAME = '.palisade.yaml';

/** Every case: `{ruleId, name, kind: valid|invalid, dir, files: [{name, path}], config}`. */
export function workspaceCases() {
  const out = [];
  for (const lang of ['docker', 'k8s']) {
    const base = path.join(workspaceFixturesDir, lang);
    if (!fs.existsSync(base)) continue;
    for (const rule of fs.readdirSync(base).sort()) {
      const ruleDir = path.join(base, rule);
      if (!fs.statSync(ruleDir).isDirectory()) continue;
      for (const name of fs.readdirSync(ruleDir).sort()) {
        const dir = path.join(ruleDir, name);
        if (!fs.statSync(dir).isDirectory()) continue;
        const kind = name.startsWith('valid') ? 'valid' : name.startsWith('invalid') ? 'invalid' : undefined;
        if (!kind) continue;
        const files = [...walk(dir)].filter((f) => f !== CONFIG_NAME).map((f) => ({ name: f, path: path.join(dir, f) }));
        const configPath = path.join(dir, CONFIG_NAME);
        out.push({ ruleId: `${lang}/${rule}`, name, kind, dir, files, config: fs.existsSync(configPath) ? fs.readFileSync(configPath, 'utf8') : undefined });
      }
    }
  }
  return out;
}

/** Rule ids that have a workspace fixture folder with at least one case. */
export function workspaceFixtureRuleIds() {
  return [...new Set(workspaceCases().map((c) => c.ruleId))];
}

/**
 * Run a set of files (`{name: text}`) as a workspace scan would, and as the editor would.
 * Returns, per file: `scan` (own findings + cross-file findings) and `editor` (analyze against the complete index).
 */
export function runWorkspace(texts, configText) {
  const engine = palisade.defaultEngine();
  const config = allRulesConfig(configText);
  const index = new palisade.WorkspaceIndex([], { complete: false });
  const local = new Map();
  for (const [name, text] of Object.entries(texts)) {
    const { findings, summary } = engine.analyze({ text, fileName: name }, config, index);
    local.set(name, findings);
    index.update(summary);
  }
  index.complete = true;
  const cross = engine.lintWorkspace(index, config);
  const results = new Map();
  for (const [name, text] of Object.entries(texts)) {
    const scan = palisade.mergeFindings(local.get(name), cross.get(name));
    const editor = engine.analyze({ text, fileName: name }, config, index).findings;
    results.set(name, { text, scan, editor });
  }
  return { index, results, config };
}

/** The texts of a case's files by relative name. */
export function caseTexts(c) {
  return Object.fromEntries(c.files.map((f) => [f.name, fs.readFileSync(f.path, 'utf8')]));
}

function* walk(dir, prefix = '') {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.isDirectory()) yield* walk(path.join(dir, e.name), prefix ? `${prefix}/${e.name}` : e.name);
    else yield prefix ? `${prefix}/${e.name}` : e.name;
  }
}
