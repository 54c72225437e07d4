// The built engine (dist/rules.js) and helpers to lint and fix with it, as every test uses them.
import { createRequire } from 'node:module';
import path from 'node:path';
import { root } from './fixtures.mjs';

const require = createRequire(import.meta.url);
/** @type {typeof import('../../rules/index.ts')} */
export const palisade = require(path.join(root, 'dist', 'rules.js'));

/**
 * Configuration with every rule on (like `--preset all`), plus an optional `.palisade.yaml` text; for the product's rules
 * unless `registry` names others.
 */
export function allRulesConfig(configText, registry = palisade.builtinRules) {
  const extra = configText ? palisade.parseConfigText(configText, registry) : { config: {}, problems: [] };
  if (extra.problems.length) throw new Error('fixture config: ' + extra.problems.map((p) => p.message).join('; '));
  return palisade.resolveConfig({ ...extra.config, extends: extra.config.extends ?? ['all'] }, registry);
}

export function lintText(text, fileName, config) {
  return palisade.lint({ text, fileName }, config ?? allRulesConfig());
}

/**
 * Apply the first fix of each finding of `ruleId` (optionally only safe ones), one at a time, re-linting after each,
 * as fix-all does. Returns the final text and how many fixes were applied.
 */
export function fixAll(text, fileName, config, ruleId, { safeOnly = false, limit = 50 } = {}) {
  let current = text;
  let applied = 0;
  for (let i = 0; i < limit; i++) {
    const findings = palisade.lint({ text: current, fileName }, config);
    // fixes that only create or change other files (cross-file rules) cannot be applied to this text
    const applicable = (fx) => fx.edits.length > 0 && (!safeOnly || fx.kind === 'safe');
    const f = findings.find((x) => (!ruleId || x.ruleId === ruleId) && x.fixes?.some(applicable));
    if (!f) break;
    const fix = f.fixes.find(applicable);
    const next = palisade.applyEdits(current, fix.edits);
    if (next === undefined) throw new Error(`overlapping edits in fix "${fix.title}"`);
    if (next === current) throw new Error(`fix "${fix.title}" changed nothing`);
    current = next;
    applied++;
  }
  return { text: current, applied };
}
