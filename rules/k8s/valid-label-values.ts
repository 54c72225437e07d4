import { podSpecOf } from '../core/k8s.js';
import { k8sRule, type FixDescriptor } from '../core/rule.js';
import { isMap, isScalar, isTemplated, mapAt, nodeAt, valueOf, type Node, type Scalar } from '../core/yaml-model.js';

const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Why a label value is invalid, or undefined. */
function problemOf(value: string): string | undefined {
  if (value.length > 63) return `it is ${value.length} characters long; the limit is 63`;
  if (!VALUE.test(value)) return 'only letters, digits, `-`, `_` and `.` are allowed, starting and ending with a letter or digit';
  return undefined;
}

export default k8sRule<'invalid' | 'notString'>({
  meta: {
    id: 'k8s/valid-label-values',
    stage: 'deploy',
    category: 'best-practice',
    severity: 'error',
    title: 'Label values must be valid',
    rationale: 'Label values are at most 63 characters of letters, digits, `-`, `_` and `.`, starting and ending with an alphanumeric character, and they are strings: an unquoted `true`, `1.10` or `yes` is a boolean or number in YAML and the API server rejects the object. Selectors built from invalid values never match.',
    remediation: 'Shorten or clean the value, and quote values that look like numbers or booleans:\n\n```yaml\nlabels:\n  version: "1.10"\n  enabled: "true"\n```',
    references: [{ title: 'Kubernetes: Labels, syntax and character set', url: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set' }],
    equivalents: { 'kube-score': ['label-values'] },
    fix: 'safe',
    messages: {
      invalid: '{{resource}}: label `{{key}}` has an invalid value: {{problem}}.',
      notString: '{{resource}}: label `{{key}}` is a {{type}} in YAML; label values must be strings, so the API server rejects it.',
    },
    examples: { invalid: 'labels:\n  version: 1.10\n  team: "platform team"', valid: 'labels:\n  version: "1.10"\n  team: platform-team' },
  },
  check(ctx) {
    const o = ctx.object;
    const maps: unknown[] = [nodeAt(o.node, ['metadata', 'labels'])];
    const pod = podSpecOf(o);
    if (pod) maps.push(valueOf(pod.meta, 'labels'));
    const spec = mapAt(o.node, ['spec']);
    if (o.kind === 'Service' || o.kind === 'ReplicationController') maps.push(valueOf(spec, 'selector'));
    else maps.push(nodeAt(spec, ['selector', 'matchLabels']));
    if (o.kind === 'CronJob') maps.push(nodeAt(spec, ['jobTemplate', 'metadata', 'labels']));
    for (const map of maps) {
      if (!isMap(map)) continue;
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        const value = pair.value as Node | null;
        if (key === undefined || !isScalar(value) || isTemplated(value) || isTemplated(pair.key)) continue;
        const v = (value as Scalar).value;
        if (v === null) continue;
        const data = { resource: o.resource, key };
        if (typeof v !== 'string') {
          const s = ctx.doc.span(value);
          const source = ctx.text.slice(s.start, s.end);
          const fixes: FixDescriptor[] = problemOf(source) ? [] : [{ title: `Quote the value: "${source}"`, edits: [{ start: s.start, end: s.end, text: JSON.stringify(source) }], isPreferred: true }];
          ctx.report({ messageId: 'notString', data: { ...data, type: typeof v === 'boolean' ? 'boolean' : 'number' }, span: s, fixes });
          continue;
        }
        const problem = problemOf(v);
        if (problem) ctx.report({ messageId: 'invalid', data: { ...data, problem }, span: ctx.doc.span(value) });
      }
    }
  },
});

