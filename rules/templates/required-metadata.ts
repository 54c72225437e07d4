import { podSpecOf, type K8sObject } from '../core/k8s.js';
import { keyRequirementsSchema, type KeyRequirements } from '../core/policies.js';
import { checkRegexSafety } from '../core/regex-safety.js';
import { k8sRule, type K8sContext, type K8sRule } from '../core/rule.js';
import type { Equivalents, Reference } from '../core/types.js';
import { scalar } from '../core/yaml-edit.js';
import { isMap, isScalar, isTemplated, pairOf, stringOf, type Node, type YAMLMap } from '../core/yaml-model.js';

/** Options of `k8s/required-labels` / `k8s/required-annotations` (`requirements` is named after the field). */
export interface RequiredMetadataOptions {
  /** Keys, or keys with a regular expression the value must match. */
  [requirements: string]: unknown;
  /** Kinds to check; empty = every kind. */
  kinds: string[];
  /** Also check the pod template's metadata of workloads. */
  podTemplate: boolean;
}

export interface RequiredMetadataSpec {
  id: string;
  /** `labels` or `annotations`. */
  field: 'labels' | 'annotations';
  /** The option holding the requirements: `requiredLabels`, `requiredAnnotations`. */
  option: string;
  title: string;
  rationale: string;
  remediation: string;
  equivalents: Equivalents;
  references: Reference[];
}

interface Requirement {
  key: string;
  pattern: string | undefined;
  regex: RegExp | undefined;
}

/** API groups of configuration files that look like objects but are never applied to a cluster. */
const CONFIG_GROUP = /(^|\.)config\.k8s\.io\/|^(audit|kubeadm|apiserver)\.k8s\.io\//;

const regexCache = new Map<string, RegExp | undefined>();

/** A requirement's regular expression, compiled once; unsafe or invalid patterns are ignored (the config validator reports them). */
function compile(pattern: string): RegExp | undefined {
  if (regexCache.has(pattern)) return regexCache.get(pattern);
  let re: RegExp | undefined;
  if (checkRegexSafety(pattern) === undefined) {
    try { re = new RegExp(pattern, 'u'); } catch { re = undefined; }
  }
  if (regexCache.size > 500) regexCache.clear();
  regexCache.set(pattern, re);
  return re;
}

export function requirementsOf(value: unknown): Requirement[] {
  const v = value as KeyRequirements | undefined;
  if (Array.isArray(v)) return v.filter((k): k is string => typeof k === 'string' && k !== '').map((key) => ({ key, pattern: undefined, regex: undefined }));
  if (v && typeof v === 'object') {
    return Object.entries(v)
      .filter(([k, p]) => k !== '' && typeof p === 'string')
      .map(([key, pattern]) => ({ key, pattern: pattern as string, regex: compile(pattern as string) }));
  }
  return [];
}

/** A metadata key as YAML: plain when it can be, quoted otherwise. */
function yamlKey(key: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(key) ? key : JSON.stringify(key);
}

/**
 * `metadata.<field>` must hold every required key (and match its regular expression). Missing keys are reported at
 * the `labels`/`annotations` key (else `metadata`, else the kind) with a fix that inserts the key with an empty
 * value to fill in; values that do not match are reported at the value.
 */
export function requiredMetadataRule(spec: RequiredMetadataSpec): K8sRule<'missing' | 'mismatch', RequiredMetadataOptions> {
  const singular = spec.field === 'labels' ? 'label' : 'annotation';
  return k8sRule<'missing' | 'mismatch', RequiredMetadataOptions>({
    meta: {
      id: spec.id,
      stage: 'policy',
      severity: 'warning',
      enabledByDefault: false,
      title: spec.title,
      rationale: spec.rationale,
      remediation: spec.remediation,
      references: spec.references,
      equivalents: spec.equivalents,
      fix: 'suggestion',
      messages: {
        missing: `{{resource}} has no ${singular} \`{{key}}\`{{where}}.`,
        mismatch: `{{resource}}: the ${singular} \`{{key}}\`{{where}} is {{value}}, which does not match \`{{pattern}}\`.`,
      },
      options: {
        schema: {
          type: 'object',
          additionalProperties: false,
          properties: {
            [spec.option]: keyRequirementsSchema(`Required ${spec.field}: a list of keys, or keys mapped to a regular expression the value must match.`),
            kinds: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Kinds to check (empty = every kind).' },
            podTemplate: { type: 'boolean', description: `Also require the ${spec.field} on the pod template of workloads.` },
          },
        },
        defaults: { [spec.option]: [], kinds: [], podTemplate: false } as RequiredMetadataOptions,
      },
      examples: {
        invalid: `# policies: {required${spec.field === 'labels' ? 'Labels' : 'Annotations'}: [team]}\nmetadata:\n  name: web`,
        valid: `metadata:\n  name: web\n  ${spec.field}:\n    team: payments`,
      },
    },
    check(ctx) {
      const requirements = requirementsOf(ctx.options[spec.option]);
      if (!requirements.length || CONFIG_GROUP.test(ctx.object.apiVersion)) return;
      const kinds = Array.isArray(ctx.options.kinds) ? ctx.options.kinds : [];
      if (kinds.length && !kinds.includes(ctx.object.kind)) return;
      checkMetadata(ctx, spec.field, requirements, ctx.object.node, ctx.object.kindNode, '');
      if (ctx.options.podTemplate) {
        const pod = podSpecOf(ctx.object);
        if (pod?.metaParent) {
          const templateKey = holderKeyOf(ctx.object.node, pod.metaParent) ?? (pod.specPair.key as Node);
          checkMetadata(ctx, spec.field, requirements, pod.metaParent, templateKey, ' on the pod template');
        }
      }
    },
  });
}

function checkMetadata(
  ctx: K8sContext<'missing' | 'mismatch', RequiredMetadataOptions>, field: 'labels' | 'annotations', requirements: Requirement[],
  holder: YAMLMap, fallback: Node, where: string,
): void {
  const object: K8sObject = ctx.object;
  const metaPair = pairOf(holder, 'metadata');
  const meta = metaPair?.value;
  if (metaPair && meta !== null && !isMap(meta) && !(isScalar(meta) && meta.value === null)) return; // templated or not a mapping
  const fieldPair = pairOf(meta, field);
  const values = fieldPair?.value;
  if (fieldPair && values !== null && !isMap(values) && !(isScalar(values) && values.value === null)) return;
  for (const req of requirements) {
    const pair = pairOf(values, req.key);
    if (pair) {
      if (!req.regex) continue;
      const v = pair.value;
      if (isTemplated(v)) continue;
      const text = stringOf(v) ?? '';
      if (req.regex.test(text)) continue;
      ctx.report({
        messageId: 'mismatch',
        data: { resource: object.resource, key: req.key, where, value: text === '' ? 'empty' : JSON.stringify(text), pattern: req.pattern ?? '' },
        span: ctx.doc.span((isScalar(v) && v.range && v.range[1] > v.range[0] ? v : pair.key) as Node),
      });
      continue;
    }
    const anchor = (fieldPair?.key ?? metaPair?.key ?? fallback) as Node;
    // a value that a regular expression must match cannot be left empty; block lines cannot go inside a flow mapping
    const fixable = (!req.regex || req.regex.test('')) && !(isMap(meta) && (meta as YAMLMap).flow);
    const key = yamlKey(req.key);
    let edits;
    if (!fixable) edits = undefined;
    else if (isMap(values)) edits = ctx.edit.insertPath(values as YAMLMap, [key], scalar('""'));
    else if (isMap(meta)) edits = ctx.edit.insertPath(meta as YAMLMap, [field, key], scalar('""'));
    else edits = ctx.edit.insertPath(holder, ['metadata', field, key], scalar('""'));
    ctx.report({
      messageId: 'missing',
      data: { resource: object.resource, key: req.key, where },
      span: ctx.doc.span(anchor),
      missing: true,
      fixes: edits ? [{ title: `Add the ${field === 'labels' ? 'label' : 'annotation'} \`${req.key}\` (fill in its value)`, edits }] : undefined,
    });
  }
}

/** The key whose value is `target` (`template:` for a pod template), searching a few levels down. */
function holderKeyOf(root: YAMLMap, target: YAMLMap, depth = 0): Node | undefined {
  if (depth > 6) return undefined;
  for (const item of root.items) {
    if (item.value === target) return item.key as Node;
    if (isMap(item.value)) {
      const found = holderKeyOf(item.value as YAMLMap, target, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}
