import { parseDocument, isMap, isScalar, isSeq } from 'yaml';
import type { Node, Pair } from 'yaml';
import { PRESETS, isLevel, type PalisadeConfig } from './config.js';
import type { RuleModule } from './rule.js';
import type { Span } from './types.js';

/** A problem in a configuration file, at the exact key or value. */
export interface ConfigProblem {
  message: string;
  span: Span;
  severity: 'error' | 'warning';
}

export const CONFIG_FILE_NAMES = ['.palisade.yaml', '.palisade.yml', 'palisade.config.yaml'] as const;

const TOP_LEVEL_KEYS = ['extends', 'rules', 'overrides', 'policies', 'customRules', 'exclude', 'suppressions', 'targetStage'];

/**
 * Read `.palisade.yaml`. Never throws: problems are returned with their spans, and whatever is valid is kept, so a
 * broken entry never disables the rest of the configuration.
 */
export function parseConfigText(text: string, registry: readonly RuleModule[]): { config: PalisadeConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const config: PalisadeConfig = {};
  let doc;
  try {
    doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    problems.push({ message: `Cannot read the configuration: ${(e as Error).message}`, span: { start: 0, end: 0 }, severity: 'error' });
    return { config, problems };
  }
  for (const e of doc.errors) {
    problems.push({ message: e.message.split('\n')[0], span: { start: e.pos[0], end: e.pos[1] }, severity: 'error' });
  }
  if (doc.errors.length) return { config, problems };
  const root = doc.contents as Node | null;
  if (root === null || (isScalar(root) && root.value === null)) return { config, problems };
  if (!isMap(root)) {
    problems.push({ message: 'The configuration must be a mapping of keys (extends, rules, …).', span: spanOf(root), severity: 'error' });
    return { config, problems };
  }
  const ids = registry.map((r) => r.meta.id);
  for (const pair of root.items as Pair<Node, Node>[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (!key || !TOP_LEVEL_KEYS.includes(key)) {
      problems.push({ message: `Unknown key "${key ?? '?'}"${suggest(key ?? '', TOP_LEVEL_KEYS)}. Known keys: ${TOP_LEVEL_KEYS.join(', ')}.`, span: spanOf(pair.key), severity: 'error' });
      continue;
    }
    const value = pair.value;
    switch (key) {
      case 'extends': {
        const items = isSeq(value) ? (value.items as Node[]) : value ? [value] : [];
        const presets: string[] = [];
        for (const item of items) {
          const p = isScalar(item) ? String(item.value) : undefined;
          if (p && (PRESETS as readonly string[]).includes(p)) presets.push(p);
          else problems.push({ message: `Unknown preset "${p ?? '?'}"${suggest(p ?? '', PRESETS)}. Presets: ${PRESETS.join(', ')}.`, span: spanOf(item), severity: 'error' });
        }
        config.extends = presets as PalisadeConfig['extends'];
        break;
      }
      case 'rules': {
        if (!isMap(value)) { problems.push({ message: '"rules" must map rule ids to off, info, warning or error.', span: spanOf(value ?? pair.key), severity: 'error' }); break; }
        const rules: NonNullable<PalisadeConfig['rules']> = {};
        for (const rp of value.items as Pair<Node, Node>[]) {
          const id = isScalar(rp.key) ? String(rp.key.value) : '';
          if (!ids.includes(id)) {
            problems.push({ message: `Unknown rule "${id}"${suggest(id, ids)}.`, span: spanOf(rp.key), severity: 'error' });
            continue;
          }
          const v = rp.value;
          if (isScalar(v) && isLevel(v.value)) { rules[id] = v.value; continue; }
          if (isMap(v)) {
            const obj = v.toJSON() as Record<string, unknown>;
            const sevNode = (v.items as Pair<Node, Node>[]).find((p) => isScalar(p.key) && p.key.value === 'severity');
            if (obj.severity !== undefined && !isLevel(obj.severity)) {
              problems.push({ message: `Severity must be off, info, warning or error, not "${String(obj.severity)}".`, span: spanOf(sevNode?.value ?? v), severity: 'error' });
              continue;
            }
            for (const p of v.items as Pair<Node, Node>[]) {
              const k = isScalar(p.key) ? String(p.key.value) : '';
              if (k !== 'severity' && k !== 'options') problems.push({ message: `Unknown key "${k}" in a rule entry (use severity and options).`, span: spanOf(p.key), severity: 'error' });
            }
            if (obj.options !== undefined && (typeof obj.options !== 'object' || obj.options === null || Array.isArray(obj.options))) {
              problems.push({ message: 'options must be a mapping.', span: spanOf(v), severity: 'error' });
              continue;
            }
            rules[id] = { severity: obj.severity as never, options: obj.options as Record<string, unknown> | undefined };
            continue;
          }
          problems.push({ message: `Rule "${id}": use off, info, warning or error, or {severity, options}.`, span: spanOf(v ?? rp.key), severity: 'error' });
        }
        config.rules = rules;
        break;
      }
      case 'exclude': {
        if (!isSeq(value)) { problems.push({ message: '"exclude" must be a list of glob patterns.', span: spanOf(value ?? pair.key), severity: 'error' }); break; }
        config.exclude = (value.items as Node[]).filter((i) => isScalar(i) && typeof i.value === 'string').map((i) => String((i as { value: unknown }).value));
        break;
      }
      case 'targetStage': {
        if (isScalar(value) && typeof value.value === 'string') config.targetStage = value.value;
        else problems.push({ message: '"targetStage" must be a stage name.', span: spanOf(value ?? pair.key), severity: 'error' });
        break;
      }
      default:
        // sections validated by their own modules (policies, customRules, overrides, suppressions)
        config[key] = value && typeof (value as { toJSON?: unknown }).toJSON === 'function' ? (value as { toJSON(): unknown }).toJSON() : undefined;
    }
  }
  return { config, problems };
}

function spanOf(node: unknown): Span {
  const r = (node as { range?: [number, number, number] } | null)?.range;
  return r ? { start: r[0], end: r[1] } : { start: 0, end: 0 };
}

/** `, did you mean "x"?` for the closest candidate by edit distance. */
export function suggest(word: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) { bestDistance = d; best = c; }
  }
  return best && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? `; did you mean "${best}"?` : '';
}

export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 10) return Math.abs(a.length - b.length);
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}
