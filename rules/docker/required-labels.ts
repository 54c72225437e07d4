import { propertiesOf } from '../core/dockerfile-model.js';
import { LABEL_TYPES, type LabelType } from '../core/policies.js';
import { dockerRule } from '../core/rule.js';
import type { Span } from '../core/types.js';

export interface RequiredLabelsOptions {
  /** Label key → type of its value. */
  labelSchema: Record<string, LabelType>;
  /** Report labels that are not in the schema. */
  strictLabels: boolean;
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;
const RFC3339 = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt ]([01]\d|2[0-3]):([0-5]\d):([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/** Whether a value is well-formed for its type; an explanation when it is not. */
const CHECKS: Record<LabelType, { test(v: string): boolean; expected: string }> = {
  text: { test: (v) => v.trim() !== '', expected: 'non-empty text' },
  url: { test: (v) => /^[a-z][a-z0-9+.-]*:\/\/[^\s/?#]+\S*$/i.test(v), expected: 'a URL (https://…)' },
  email: { test: (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), expected: 'an e-mail address' },
  hash: { test: (v) => /^([0-9a-f]{7,40}|[0-9a-f]{64})$/i.test(v), expected: 'a git commit hash' },
  rfc3339: { test: (v) => RFC3339.test(v), expected: 'an RFC 3339 timestamp (2025-01-31T12:00:00Z)' },
  semver: { test: (v) => SEMVER.test(v), expected: 'a semantic version (1.4.2)' },
  spdx: { test: isSpdxExpression, expected: 'an SPDX license expression (Apache-2.0, MIT OR Apache-2.0)' },
};

/** SPDX license expression syntax: ids joined by AND/OR, `WITH` exceptions, parentheses. The license list is not checked. */
export function isSpdxExpression(value: string): boolean {
  const tokens = value.replace(/[()]/g, ' $& ').trim().split(/\s+/).filter(Boolean);
  if (!tokens.length) return false;
  let depth = 0;
  let expectId = true;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (expectId) {
      if (t === '(') { depth++; continue; }
      if (!/^[A-Za-z0-9][A-Za-z0-9.+-]*$/.test(t) || /^(AND|OR|WITH)$/.test(t)) return false;
      expectId = false;
    } else if (t === ')') {
      if (--depth < 0) return false;
    } else if (t === 'AND' || t === 'OR' || t === 'WITH') {
      expectId = true;
    } else {
      return false;
    }
  }
  return !expectId && depth === 0;
}

interface FoundLabel {
  value: string | undefined;
  nameSpan: Span;
  valueSpan: Span | undefined;
}

export default dockerRule<'missing' | 'empty' | 'malformed' | 'unknown', RequiredLabelsOptions>({
  meta: {
    id: 'docker/required-labels',
    stage: 'policy',
    severity: 'info',
    enabledByDefault: false,
    title: 'The final image must carry the labels the organisation requires',
    rationale: 'Image labels (`org.opencontainers.image.source`, `revision`, `licenses`, an owner) are how a registry, a scanner or an incident responder traces a running image back to its source commit, its owner and its license. An image without them is an orphan: a vulnerability report reaches nobody and provenance cannot be verified.',
    remediation: 'Add the labels to the final stage (build arguments keep them current):\n\n```dockerfile\nARG GIT_SHA\nLABEL org.opencontainers.image.source="https://github.com/acme/web" \\\n      org.opencontainers.image.revision="$GIT_SHA" \\\n      org.opencontainers.image.licenses="Apache-2.0"\n```\n\nThe labels and their types (`text`, `url`, `email`, `hash`, `rfc3339`, `semver`, `spdx`) are set in `.palisade.yaml`: `policies.imageLabels`; `strictLabels: true` also reports labels outside the list. Off by default.',
    references: [
      { title: 'OCI image spec: pre-defined annotation keys', url: 'https://github.com/opencontainers/image-spec/blob/main/annotations.md' },
      { title: 'Dockerfile reference: LABEL', url: 'https://docs.docker.com/reference/dockerfile/#label' },
    ],
    equivalents: { hadolint: ['DL3048', 'DL3049', 'DL3050', 'DL3051', 'DL3052', 'DL3053', 'DL3054', 'DL3055', 'DL3056', 'DL3058'] },
    fix: 'none',
    messages: {
      missing: 'The final image has no label `{{key}}` ({{expected}}).',
      empty: 'The label `{{key}}` is empty; it must hold {{expected}}.',
      malformed: 'The label `{{key}}` is `{{value}}`, which is not {{expected}}.',
      unknown: 'The label `{{key}}` is not in the organisation\'s label schema (strict labels).',
    },
    options: {
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          labelSchema: { type: 'object', additionalProperties: { enum: [...LABEL_TYPES] }, description: 'Required labels and the type of their value.' },
          strictLabels: { type: 'boolean', description: 'Report labels that are not in the schema.' },
        },
      },
      defaults: { labelSchema: {}, strictLabels: false },
    },
    examples: {
      invalid: '# policies: {imageLabels: {org.opencontainers.image.source: url}}\nFROM alpine:3.21',
      valid: 'FROM alpine:3.21\nLABEL org.opencontainers.image.source="https://github.com/acme/web"',
    },
  },
  check(ctx) {
    const schema = ctx.options.labelSchema ?? {};
    const keys = Object.keys(schema).filter((k) => (LABEL_TYPES as readonly string[]).includes(schema[k]));
    if (!keys.length) return;
    const model = ctx.model;
    const final = model.final;
    if (!final) return;
    const found = new Map<string, FoundLabel>();
    for (const ins of model.chainInstructions(final)) {
      if (ins.keyword !== 'LABEL') continue;
      for (const p of propertiesOf(ins)) {
        const raw = p.getValue();
        const valueRange = p.getValueRange();
        found.set(p.getName(), {
          value: raw === null ? '' : model.resolve(raw, ins),
          nameSpan: model.span(p.getNameRange()),
          valueSpan: valueRange ? model.span(valueRange) : undefined,
        });
      }
    }
    const resource = model.resource(final);
    for (const key of keys) {
      const check = CHECKS[schema[key]];
      const label = found.get(key);
      if (!label) {
        ctx.report({ messageId: 'missing', data: { key, expected: check.expected }, span: final.from.keywordSpan, resource, missing: true });
        continue;
      }
      // a value from a build argument without a default is known only at build time
      if (label.value === undefined) continue;
      const span = label.valueSpan && label.valueSpan.end > label.valueSpan.start ? label.valueSpan : label.nameSpan;
      if (label.value.trim() === '') {
        ctx.report({ messageId: 'empty', data: { key, expected: check.expected }, span, resource });
      } else if (!check.test(label.value)) {
        ctx.report({ messageId: 'malformed', data: { key, value: label.value, expected: check.expected }, span, resource });
      }
    }
    if (!ctx.options.strictLabels) return;
    for (const [key, label] of found) {
      if (!keys.includes(key)) ctx.report({ messageId: 'unknown', data: { key }, span: label.nameSpan, resource });
    }
  },
});
