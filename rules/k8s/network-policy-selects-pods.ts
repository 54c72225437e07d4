import { k8sRule } from '../core/rule.js';
import type { Range } from '../core/types.js';
import {
  assumeCompleteSchema, describeNamespace, describeSelector, namespaceOf, podsIn, podsSelectedBy, type PlainSelector,
} from '../core/workspace-index.js';

interface Options {
  assumeCompleteWorkspace: boolean;
}

type Messages = 'policy' | 'peer';

export default k8sRule<Messages, Options>({
  meta: {
    id: 'k8s/network-policy-selects-pods',
    stage: 'access',
    severity: 'info',
    title: 'NetworkPolicy selectors should match pods',
    rationale: 'A NetworkPolicy whose `podSelector` matches no pod protects nothing, and a peer selector that matches no pod allows nothing: both usually come from a label that was renamed or mistyped. The policy then looks like isolation in review while the workload it was written for stays open, or legitimate traffic is blocked.',
    remediation: 'Make the selector match the pod template labels of the workload it is meant for:\n\n```yaml\nspec:\n  podSelector:\n    matchLabels:\n      app: web   # = spec.template.metadata.labels.app of the Deployment\n```\n\nThe rule only judges namespaces that have at least one workload in the workspace (or every namespace with `assumeCompleteWorkspace: true`).',
    references: [
      { title: 'Kubernetes: Network Policies', url: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/' },
    ],
    equivalents: {
      'kube-linter': ['dangling-networkpolicy', 'dangling-networkpolicypeer-podselector'], 'kube-score': ['networkpolicy-targets-pod'],
    },
    fix: 'none',
    scope: 'workspace',
    messages: {
      policy: '{{resource}} selects no pod: no workload in {{namespace}} has pod labels matching `{{selector}}`, so the policy isolates nothing.',
      peer: '{{resource}} allows {{direction}} traffic {{fromTo}} pods matching `{{selector}}`, but no workload {{where}} has such labels.',
    },
    options: {
      schema: { type: 'object', additionalProperties: false, properties: { assumeCompleteWorkspace: assumeCompleteSchema('workload in the namespace') } },
      defaults: { assumeCompleteWorkspace: false },
    },
    examples: {
      invalid: 'kind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n---\nkind: NetworkPolicy\nmetadata:\n  name: web\nspec:\n  podSelector:\n    matchLabels: {app: wbe}',
      valid: 'kind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n---\nkind: NetworkPolicy\nmetadata:\n  name: web\nspec:\n  podSelector:\n    matchLabels: {app: web}',
    },
  },
  checkWorkspace(ctx) {
    const assume = ctx.options.assumeCompleteWorkspace;
    const everywhere = podsIn(ctx.index, undefined);
    for (const entry of ctx.subjects(['NetworkPolicy'])) {
      const policy = entry.object.networkPolicy;
      if (!policy || entry.object.templated) continue;
      const namespace = namespaceOf(entry.object);
      const local = podsIn(ctx.index, namespace);
      const selectsAny = (selector: PlainSelector, across: boolean): boolean => podsSelectedBy(ctx.index, across ? undefined : namespace, selector).length > 0;
      const judged = local.length > 0 || assume;
      const related = (): { fileName: string; range: Range; message: string }[] => local.slice(0, 3).map((w) => ({
        fileName: w.fileName, range: w.object.pod!.labelsRange ?? w.object.nameRange,
        message: `${w.object.resource} has pod labels ${describeLabels(w.object.pod!.labels)}`,
      }));
      const selector = policy.podSelector;
      if (judged && selector.requirements.length && !selectsAny(selector, false)) {
        ctx.report({
          messageId: 'policy', fileName: entry.fileName, range: selector.range, resource: entry.object.resource, related: related(),
          data: { resource: entry.object.resource, namespace: describeNamespace(namespace), selector: describeSelector(selector) },
        });
      }
      for (const peer of policy.peers) {
        if (!peer.selector.requirements.length) continue;
        // a peer with a namespaceSelector picks pods in other namespaces: judge it against every workload
        const pods = peer.acrossNamespaces ? everywhere : local;
        if (!(pods.length > 0 || assume) || selectsAny(peer.selector, peer.acrossNamespaces)) continue;
        ctx.report({
          messageId: 'peer', fileName: entry.fileName, range: peer.selector.range, resource: entry.object.resource,
          related: peer.acrossNamespaces ? [] : related(),
          data: {
            resource: entry.object.resource, direction: peer.direction, fromTo: peer.direction === 'ingress' ? 'from' : 'to',
            selector: describeSelector(peer.selector),
            where: peer.acrossNamespaces ? 'of the workspace' : `in ${describeNamespace(namespace)}`,
          },
        });
      }
    }
  },
});

function describeLabels(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(', ') : '(none)';
}
