import { podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { k8sRule, type K8sRule } from '../core/rule.js';
import type { Equivalents, Reference } from '../core/types.js';
import { isTrue, pairOf } from '../core/yaml-model.js';

export interface HostNamespaceSpec {
  id: string;
  /** POD_SPEC field: `hostNetwork`, `hostPID`, `hostIPC`. */
  field: string;
  /** What sharing it exposes, for messages and docs. */
  what: string;
  rationale: string;
  equivalents: Equivalents;
  references?: Reference[];
}

const PSS_REF: Reference = { title: 'Pod Security Standards: baseline, Host Namespaces', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline' };

/** `POD_SPEC.<field>: true` is forbidden; the finding sits on the `true`; the fix deletes the key. */
export function hostNamespaceRule(spec: HostNamespaceSpec): K8sRule<'shared'> {
  return k8sRule({
    meta: {
      id: spec.id,
      stage: 'deploy',
      severity: 'error',
      title: `Pods must not use the host's ${spec.what}`,
      rationale: spec.rationale,
      remediation: `Remove \`${spec.field}: true\` (the default is \`false\`). If a node agent truly needs it, run it in a dedicated namespace and suppress with a reason.`,
      references: [PSS_REF, ...(spec.references ?? [])],
      equivalents: spec.equivalents,
      profiles: ['pss-baseline', 'cis', 'nsa'],
      fix: 'suggestion',
      messages: { shared: `{{resource}} shares the host's ${spec.what} (\`${spec.field}: true\`).` },
      examples: { invalid: `spec:\n  ${spec.field}: true`, valid: `spec:\n  ${spec.field}: false` },
    },
    kinds: WORKLOAD_KINDS,
    check(ctx) {
      const pod = podSpecOf(ctx.object);
      if (!pod) return;
      const pair = pairOf(pod.spec, spec.field);
      if (!pair || !isTrue(pair.value)) return;
      ctx.report({
        messageId: 'shared',
        data: { resource: ctx.object.resource },
        span: ctx.doc.span(pair.value),
        related: [{ span: ctx.doc.span(pair.key), message: `\`${spec.field}\` is set here` }],
        fixes: [{ title: `Remove \`${spec.field}: true\``, edits: [ctx.edit.removePair(pod.spec, pair)], isPreferred: true }],
      });
    },
  });
}
