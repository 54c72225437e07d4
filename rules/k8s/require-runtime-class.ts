import { labelsOf, podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { podAnchor } from '../core/pod-security.js';
import { k8sRule } from '../core/rule.js';
import { scalar } from '../core/yaml-edit.js';
import { isScalar, isTemplated, pairOf, stringOf, valueOf, type Node } from '../core/yaml-model.js';

export interface RuntimeClassOptions {
  allowedRuntimeClasses: string[];
  /** Only workloads whose pod labels (else object labels) include all of these need a runtime class. */
  selector: { matchLabels?: Record<string, string> };
}

export default k8sRule<'missing' | 'notAllowed', RuntimeClassOptions>({
  meta: {
    id: 'k8s/require-runtime-class',
    stage: 'policy',
    severity: 'warning',
    enabledByDefault: false,
    title: 'Pods must run with a sandboxed RuntimeClass',
    rationale: 'Containers share the node\'s kernel: one kernel exploit from an untrusted workload (customer code, plugins, build jobs) reaches every pod on the node. Sandboxed runtimes such as gVisor or Kata Containers put a second kernel or a VM boundary in between; the pod opts in through `runtimeClassName`. Without it, the pod silently runs on the default runtime.',
    remediation: 'Set an approved runtime class in the pod spec:\n\n```yaml\nspec:\n  runtimeClassName: gvisor\n```\n\nThe classes are set in `.palisade.yaml`: `policies.runtimeClasses: [gvisor, kata]`; the option `selector.matchLabels` limits the rule to some workloads. Off by default.',
    references: [
      { title: 'Kubernetes: Runtime Class', url: 'https://kubernetes.io/docs/concepts/containers/runtime-class/' },
      { title: 'NSA/CISA Kubernetes Hardening Guide', url: 'https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF' },
    ],
    equivalents: { nsa: ['sandboxed runtimes'], kubescape: ['C-0297'] },
    fix: 'suggestion',
    messages: {
      missing: '{{resource}} sets no `runtimeClassName`, so it runs on the default runtime; the policy requires one of {{allowed}}.',
      notAllowed: '{{resource}} uses RuntimeClass `{{actual}}`; the policy allows {{allowed}}.',
    },
    options: {
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          allowedRuntimeClasses: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'RuntimeClasses pods must use; empty = no requirement.' },
          selector: {
            type: 'object',
            additionalProperties: false,
            description: 'Only workloads whose pod labels match need a runtime class.',
            properties: { matchLabels: { type: 'object', additionalProperties: { type: 'string' } } },
          },
        },
      },
      defaults: { allowedRuntimeClasses: [], selector: {} },
    },
    examples: { invalid: 'spec:\n  containers: []', valid: 'spec:\n  runtimeClassName: gvisor\n  containers: []' },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const allowed = ctx.options.allowedRuntimeClasses ?? [];
    if (!allowed.length) return;
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    const matchLabels = ctx.options.selector?.matchLabels ?? {};
    if (Object.keys(matchLabels).length) {
      const labels = { ...labelsOf(valueOf(ctx.object.node, 'metadata')), ...labelsOf(pod.meta) };
      if (!Object.entries(matchLabels).every(([k, v]) => labels[k] === v)) return;
    }
    const list = allowed.map((c) => `\`${c}\``).join(', ');
    const pair = pairOf(pod.spec, 'runtimeClassName');
    const value = pair?.value;
    const actual = stringOf(value);
    if (!pair || actual === undefined) {
      if (pair && value && !isScalar(value)) return;
      const edits = pair && isScalar(value) ? [ctx.edit.replace(value as Node, allowed[0])] : ctx.edit.insertPath(pod.spec, ['runtimeClassName'], scalar(allowed[0]));
      ctx.report({
        messageId: 'missing', data: { resource: ctx.object.resource, allowed: list },
        span: pair ? ctx.doc.span(pair.key as Node) : podAnchor(ctx.doc, pod), missing: true,
        fixes: edits ? [{ title: `Run with RuntimeClass \`${allowed[0]}\``, edits }] : undefined,
      });
      return;
    }
    if (isTemplated(value) || allowed.includes(actual)) return;
    ctx.report({
      messageId: 'notAllowed', data: { resource: ctx.object.resource, actual, allowed: list }, span: ctx.doc.span(value as Node),
      fixes: [{ title: `Run with RuntimeClass \`${allowed[0]}\``, edits: [ctx.edit.replace(value as Node, allowed[0])] }],
    });
  },
});
