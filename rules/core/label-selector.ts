import {
  isMap, isScalar, isTemplated, itemsOf, stringOf, valueOf,
  type Node, type Scalar, type YAMLMap,
} from './yaml-model.js';

/**
 * Label selectors (`matchLabels` + `matchExpressions`, or the plain map of Services and ReplicationControllers) and
 * their evaluation against a set of labels. Shared by the single-file rules (selector ⇄ pod template, PDB ⇄
 * workload) and the workspace rules to come (NetworkPolicy and Service coverage).
 */

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

/** One requirement of a selector, with the node a finding about it should point at. */
export interface SelectorRequirement {
  key: string;
  operator: SelectorOperator;
  values: string[];
  /** `matchLabels` value, or the `key` value of a `matchExpressions` item. */
  anchor: Scalar;
}

export interface LabelSelector {
  node: YAMLMap;
  requirements: SelectorRequirement[];
  /** Some part is a template expression or not understood: the selector cannot be evaluated. */
  opaque: boolean;
}

const OPERATORS: readonly string[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/**
 * Read a selector. `form: 'labelSelector'` is the `metav1.LabelSelector` of workloads, PDBs and NetworkPolicies;
 * `form: 'map'` is the plain `key: value` selector of Services and ReplicationControllers.
 */
export function parseSelector(node: unknown, form: 'labelSelector' | 'map' = 'labelSelector'): LabelSelector | undefined {
  if (!isMap(node)) return undefined;
  const requirements: SelectorRequirement[] = [];
  let opaque = false;
  const labels = form === 'map' ? node : valueOf(node, 'matchLabels');
  if (labels !== undefined && !(isScalar(labels) && labels.value === null)) {
    if (!isMap(labels)) opaque = true;
    else {
      for (const pair of labels.items) {
        const key = stringOf(pair.key);
        const value = pair.value;
        if (key === undefined || isTemplated(pair.key) || !isScalar(value) || isTemplated(value)) { opaque = true; continue; }
        requirements.push({ key, operator: 'In', values: [stringOf(value) ?? ''], anchor: value as Scalar });
      }
    }
  }
  if (form === 'labelSelector') {
    for (const item of itemsOf(valueOf(node, 'matchExpressions'))) {
      const keyNode = valueOf(item, 'key');
      const key = stringOf(keyNode);
      const operator = stringOf(valueOf(item, 'operator'));
      if (key === undefined || !isScalar(keyNode) || isTemplated(keyNode) || !operator || !OPERATORS.includes(operator)) { opaque = true; continue; }
      const values: string[] = [];
      for (const v of itemsOf(valueOf(item, 'values'))) {
        if (isTemplated(v)) opaque = true;
        const s = stringOf(v);
        if (s !== undefined) values.push(s);
      }
      requirements.push({ key, operator: operator as SelectorOperator, values, anchor: keyNode as Scalar });
    }
  }
  return { node: node as YAMLMap, requirements, opaque };
}

/** Whether labels satisfy one requirement (plain requirements of the workspace index included). */
export function requirementMet(r: Pick<SelectorRequirement, 'key' | 'operator' | 'values'>, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.operator) {
    case 'In': return has && r.values.includes(labels[r.key]);
    case 'NotIn': return !has || !r.values.includes(labels[r.key]);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
  }
}

/** The requirements that labels do not meet (empty = the selector selects them). */
export function unmetRequirements(selector: LabelSelector, labels: Readonly<Record<string, string>>): SelectorRequirement[] {
  return selector.requirements.filter((r) => !requirementMet(r, labels));
}

/** Whether a selector selects a set of labels; an opaque selector never does (we cannot know). */
export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  return !selector.opaque && unmetRequirements(selector, labels).length === 0;
}

/** `app=web`, `tier in (a, b)`, `!canary` for messages. */
export function describeRequirement(r: Pick<SelectorRequirement, 'key' | 'operator' | 'values'>): string {
  switch (r.operator) {
    case 'In': return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(', ')})`;
    case 'NotIn': return `${r.key} notin (${r.values.join(', ')})`;
    case 'Exists': return r.key;
    case 'DoesNotExist': return `!${r.key}`;
  }
}

/** Labels of a `labels:` mapping with their value nodes (templated values are left out). */
export function labelNodesOf(meta: unknown): Map<string, Node> {
  const out = new Map<string, Node>();
  const labels = valueOf(meta, 'labels');
  if (!isMap(labels)) return out;
  for (const pair of labels.items) {
    const key = stringOf(pair.key);
    if (key !== undefined && pair.value) out.set(key, pair.value as Node);
  }
  return out;
}
