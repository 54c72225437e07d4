import { k8sRule, type WorkspaceFixDescriptor } from '../core/rule.js';
import {
  assumeCompleteSchema, baseNameOf, createFileFix, describeNamespace, describeSelector, folderOf, freeFileName, namespaceOf, RUNNING_POD_KINDS,
  SelectorIndex, yamlScalar, type IndexedEntry, type WorkspaceLookup,
} from '../core/workspace-index.js';

/** The platform's own namespaces: their pods (control plane, CNI, DNS) are isolated by the platform, not here. */
const SYSTEM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease'];

interface Options {
  /** `both`: the selecting policies must isolate ingress and egress; `ingress`: ingress is enough. */
  requireDirections: 'ingress' | 'both';
  assumeCompleteWorkspace: boolean;
}

type Messages = 'unselected' | 'direction';

export default k8sRule<Messages, Options>({
  meta: {
    id: 'k8s/require-network-policy',
    stage: 'access',
    severity: 'warning',
    title: 'Every workload should be isolated by a NetworkPolicy',
    rationale: 'Kubernetes networking is flat: until a NetworkPolicy selects a pod, every pod of every namespace can connect to it, and it can connect anywhere, the cloud metadata endpoint and the API server included. One compromised pod then reaches every database and internal service of the cluster. A policy that selects the pod isolates it, and only the traffic its rules list gets through; both directions matter, since egress control is what stops data leaving and attacks moving sideways.',
    remediation: 'Add a NetworkPolicy in the workload\'s namespace that selects its pod labels and lists what it needs:\n\n```yaml\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels:\n      app: web\n  policyTypes: [Ingress, Egress]\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              app: frontend\n```\n\nThe quick fix creates `<workload>-netpol.yaml` with a default-deny policy for the workload and a commented skeleton of allow rules. The rule runs once the workspace holds at least one NetworkPolicy (policies may otherwise live in another repository), or always with `assumeCompleteWorkspace: true`; `requireDirections: ingress` accepts ingress-only isolation. Pods of `kube-system`, `kube-public` and `kube-node-lease` belong to the platform and are not checked.',
    references: [
      { title: 'Kubernetes: Network Policies', url: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/' },
      { title: 'CIS Kubernetes Benchmark 5.3.2', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'NSA/CISA Kubernetes Hardening Guide: network separation', url: 'https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF' },
    ],
    equivalents: {
      'kube-linter': ['non-isolated-pod'], 'kube-score': ['pod-networkpolicy'], polaris: ['missingNetworkPolicy'],
      checkov: ['CKV2_K8S_6'], kubescape: ['C-0030'], cis: ['5.3.2'], nsa: ['C-0030'],
    },
    profiles: ['cis', 'nsa'],
    fix: 'suggestion',
    scope: 'workspace',
    messages: {
      unselected: '{{resource}} is not selected by any NetworkPolicy in {{namespace}}: its pods accept connections from every pod of the cluster and can connect anywhere.',
      direction: '{{resource}} is selected by {{policies}}, but no NetworkPolicy isolates its {{direction}} traffic: {{consequence}}.',
    },
    options: {
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          requireDirections: { enum: ['ingress', 'both'], description: '`both` (default): the policies selecting a workload must isolate ingress and egress traffic; `ingress`: ingress isolation is enough.' },
          assumeCompleteWorkspace: assumeCompleteSchema('NetworkPolicy'),
        },
      },
      defaults: { requireDirections: 'both', assumeCompleteWorkspace: false },
    },
    examples: {
      invalid: 'kind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n---\nkind: NetworkPolicy\nmetadata:\n  name: db\nspec:\n  podSelector:\n    matchLabels: {app: db}\n  policyTypes: [Ingress, Egress]',
      valid: 'kind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n---\nkind: NetworkPolicy\nmetadata:\n  name: web\nspec:\n  podSelector:\n    matchLabels: {app: web}\n  policyTypes: [Ingress, Egress]',
    },
  },
  checkWorkspace(ctx) {
    if (!ctx.index.byKind('NetworkPolicy').length && !ctx.options.assumeCompleteWorkspace) return;
    const wanted: ('Ingress' | 'Egress')[] = ctx.options.requireDirections === 'ingress' ? ['Ingress'] : ['Ingress', 'Egress'];
    for (const entry of ctx.subjects(RUNNING_POD_KINDS)) {
      const { object, fileName } = entry;
      const pod = object.pod;
      if (!pod || object.templated) continue;
      const namespace = namespaceOf(object);
      if (SYSTEM_NAMESPACES.includes(namespace)) continue;
      const selecting = policiesOf(ctx.index, namespace).selecting(pod);
      const range = pod.labelsRange ?? object.nameRange;
      if (!selecting.length) {
        const policies = ctx.index.inNamespace('NetworkPolicy', namespace).filter((p) => p.object.networkPolicy);
        ctx.report({
          messageId: 'unselected', data: { resource: object.resource, namespace: describeNamespace(namespace) },
          fileName, range, resource: object.resource, fixes: defaultDenyFix(ctx.index, entry), missing: true,
          related: policies.slice(0, 3).map((p) => ({
            fileName: p.fileName, range: p.object.networkPolicy!.podSelector.range,
            message: `${p.object.resource} selects ${describeSelector(p.object.networkPolicy!.podSelector)}, not these pods`,
          })),
        });
        continue;
      }
      // a policy whose directions or selector cannot be read may isolate anything: stay quiet
      if (selecting.some((p) => p.object.networkPolicy!.typesOpaque || p.object.networkPolicy!.podSelector.opaque || pod.labelsOpaque)) continue;
      const covered = new Set(selecting.flatMap((p) => p.object.networkPolicy!.types));
      const missing = wanted.filter((d) => !covered.has(d));
      if (!missing.length) continue;
      const direction = missing.map((d) => d.toLowerCase()).join(' and ');
      ctx.report({
        messageId: 'direction',
        data: {
          resource: object.resource, direction,
          policies: selecting.slice(0, 3).map((p) => p.object.resource).join(', '),
          consequence: missing.includes('Ingress')
            ? 'every pod of the cluster can connect to it'
            : 'it can connect anywhere, including the cloud metadata endpoint and other namespaces',
        },
        fileName, range, resource: object.resource, fixes: defaultDenyFix(ctx.index, entry), missing: true,
        related: selecting.slice(0, 3).map((p) => ({
          fileName: p.fileName, range: p.object.networkPolicy!.podSelector.range,
          message: `${p.object.resource} selects these pods for ${p.object.networkPolicy!.types.join(' and ') || 'no direction'} only`,
        })),
      });
    }
  },
});

/** The NetworkPolicies of a namespace, indexed by the labels they select. */
function policiesOf(index: WorkspaceLookup, namespace: string): SelectorIndex<IndexedEntry> {
  return index.memo(`require-network-policy:${namespace}`, () => {
    const policies = new SelectorIndex<IndexedEntry>();
    for (const p of index.inNamespace('NetworkPolicy', namespace)) if (p.object.networkPolicy) policies.add(p.object.networkPolicy.podSelector, p);
    return policies;
  }, ['NetworkPolicy']);
}

/** A new file next to the workload with a default-deny policy for its pods (none for pods without labels). */
function defaultDenyFix(index: WorkspaceLookup, entry: IndexedEntry): WorkspaceFixDescriptor[] | undefined {
  const { object } = entry;
  const pod = object.pod!;
  const labels = Object.entries(pod.labels);
  if (!labels.length || pod.labelsOpaque || !object.name) return undefined;
  const fileName = freeFileName(index, folderOf(entry.fileName), `${object.name}-netpol`);
  const lines = [
    `# Default deny for ${object.resource}: its pods accept no connection and open none`,
    '# until the rules below allow them.',
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    `  name: ${yamlScalar(`${object.name}-default-deny`)}`,
    ...(object.namespace ? [`  namespace: ${yamlScalar(object.namespace)}`] : []),
    'spec:',
    '  podSelector:',
    '    matchLabels:',
    ...labels.map(([k, v]) => `      ${yamlScalar(k)}: ${yamlScalar(v)}`),
    '  policyTypes:',
    '    - Ingress',
    '    - Egress',
    '  # Allow what the workload needs, for example:',
    '  # ingress:',
    '  #   - from:',
    '  #       - podSelector:',
    '  #           matchLabels:',
    '  #             app: frontend',
    '  #     ports:',
    '  #       - port: 8080',
    '  # egress:',
    '  #   - to:',
    '  #       - namespaceSelector: {}',
    '  #         podSelector:',
    '  #           matchLabels:',
    '  #             k8s-app: kube-dns',
    '  #     ports:',
    '  #       - port: 53',
    '  #         protocol: UDP',
    '',
  ];
  return [createFileFix(`Create ${baseNameOf(fileName)} with a default-deny NetworkPolicy for ${object.resource}`, fileName, lines.join('\n'))];
}
