import { k8sRule } from '../core/rule.js';
import {
  assumeCompleteSchema, baseNameOf, createFileFix, folderOf, freeFileName, RUNNING_POD_KINDS,
  yamlScalar, type IndexedEntry, type NetworkPolicyFacts, type WorkspaceLookup,
} from '../core/workspace-index.js';
import type { Range } from '../core/types.js';

/** Namespaces of the cluster's own components, whose traffic the platform manages. */
const SYSTEM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease'];

interface Options {
  assumeCompleteWorkspace: boolean;
}

export default k8sRule<'noDefaultDeny', Options>({
  meta: {
    id: 'k8s/namespace-default-deny',
    stage: 'access',
    severity: 'info',
    title: 'Every namespace should have a default-deny NetworkPolicy',
    rationale: 'A NetworkPolicy only protects the pods it selects. A default-deny policy (`podSelector: {}`, both policy types, no rules) selects every pod of the namespace, so a workload added later without its own policy starts isolated instead of open to the whole cluster; the other policies then open exactly the paths that are needed.',
    remediation: 'Add to each namespace:\n\n```yaml\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n```\n\nand allow the traffic each workload needs (DNS included) with further policies. The quick fix creates the policy in a new file. The rule runs once the workspace holds at least one NetworkPolicy, or always with `assumeCompleteWorkspace: true`; it covers the Namespaces the workspace defines and the namespaces its workloads name.',
    references: [
      { title: 'Kubernetes: Network Policies, default policies', url: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies' },
      { title: 'CIS Kubernetes Benchmark 5.3.2', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
    ],
    equivalents: { cis: ['5.3.2'], kubescape: ['C-0054'], nsa: ['C-0054'] },
    profiles: ['cis', 'nsa'],
    fix: 'suggestion',
    scope: 'workspace',
    messages: {
      noDefaultDeny: 'Namespace "{{namespace}}" has no default-deny NetworkPolicy (`podSelector: {}`, `policyTypes: [Ingress, Egress]`, no rules): a pod no other policy selects is open in both directions.',
    },
    options: {
      schema: { type: 'object', additionalProperties: false, properties: { assumeCompleteWorkspace: assumeCompleteSchema('NetworkPolicy') } },
      defaults: { assumeCompleteWorkspace: false },
    },
    examples: {
      invalid: 'kind: Namespace\nmetadata:\n  name: shop\n---\nkind: NetworkPolicy\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels: {app: web}',
      valid: 'kind: Namespace\nmetadata:\n  name: shop\n---\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]',
    },
  },
  checkWorkspace(ctx) {
    const index = ctx.index;
    if (!index.byKind('NetworkPolicy').length && !ctx.options.assumeCompleteWorkspace) return;
    for (const [namespace, { entry, range }] of namespaceAnchors(index)) {
      if (!ctx.wants(entry.fileName) || SYSTEM_NAMESPACES.includes(namespace)) continue;
      const policies = index.inNamespace('NetworkPolicy', namespace).filter((p) => p.object.networkPolicy);
      if (policies.some((p) => isDefaultDeny(p.object.networkPolicy!) !== false)) continue;
      ctx.report({
        messageId: 'noDefaultDeny', data: { namespace }, fileName: entry.fileName, range, resource: entry.object.resource,
        missing: true,
        fixes: [fixFor(index, entry, namespace)],
        related: policies.slice(0, 3).map((p) => ({
          fileName: p.fileName, range: p.object.networkPolicy!.podSelector.range,
          message: `${p.object.resource} is not a default deny: it selects only some pods, one direction, or allows traffic`,
        })),
      });
    }
  },
});

/** Each namespace once: where it is defined, else at the first workload naming it (sorted, so every run agrees). */
function namespaceAnchors(index: WorkspaceLookup): Map<string, { entry: IndexedEntry; range: Range }> {
  return index.memo('namespace-default-deny:anchors', () => {
    const anchors = new Map<string, { entry: IndexedEntry; range: Range }>();
    for (const e of index.byKind('Namespace')) {
      if (e.object.name && !e.object.templated && !anchors.has(e.object.name)) anchors.set(e.object.name, { entry: e, range: e.object.nameRange });
    }
    for (const e of index.byKinds(RUNNING_POD_KINDS)) {
      const ns = e.object.namespace;
      if (ns && !e.object.templated && e.object.namespaceRange && !anchors.has(ns)) anchors.set(ns, { entry: e, range: e.object.namespaceRange });
    }
    return anchors;
  }, ['Namespace', ...RUNNING_POD_KINDS]);
}

/** Whether a policy is a default deny; undefined when template expressions hide the answer. */
function isDefaultDeny(p: NetworkPolicyFacts): boolean | undefined {
  if (p.typesOpaque || p.podSelector.opaque || p.ingressRules < 0 || p.egressRules < 0) return undefined;
  return !p.podSelector.requirements.length && p.types.includes('Ingress') && p.types.includes('Egress')
    && p.ingressRules === 0 && p.egressRules === 0;
}

function fixFor(index: WorkspaceLookup, entry: IndexedEntry, namespace: string) {
  const fileName = freeFileName(index, folderOf(entry.fileName), `${namespace}-default-deny`);
  const text = [
    `# Default deny for namespace ${namespace}: pods no other policy selects accept no connection and open none.`,
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    '  name: default-deny',
    `  namespace: ${yamlScalar(namespace)}`,
    'spec:',
    '  podSelector: {}',
    '  policyTypes:',
    '    - Ingress',
    '    - Egress',
    '',
  ].join('\n');
  return createFileFix(`Create ${baseNameOf(fileName)} with a default-deny NetworkPolicy for namespace ${namespace}`, fileName, text);
}
