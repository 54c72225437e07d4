import { k8sRule } from '../core/rule.js';
import {
  isMap, isScalar, isSeq, isTemplated, itemsOf, mapAt, pairOf, stringOf, valueOf, type Node,
} from '../core/yaml-model.js';

type Messages = 'allRule' | 'emptyPeer' | 'anyAddress' | 'allNamespaces' | 'noPodSelector';

const ANY_ADDRESS = new Set(['0.0.0.0/0', '::/0']);

/** A label selector that selects everything: `{}` or only empty `matchLabels`/`matchExpressions`. */
function selectsAll(node: unknown): boolean {
  if (!isMap(node)) return false;
  const labels = valueOf(node, 'matchLabels');
  const expressions = valueOf(node, 'matchExpressions');
  const emptyLabels = labels === undefined || (isMap(labels) && labels.items.length === 0) || (isScalar(labels) && labels.value === null);
  const emptyExpressions = expressions === undefined || (isSeq(expressions) && expressions.items.length === 0) || (isScalar(expressions) && expressions.value === null);
  return emptyLabels && emptyExpressions && node.items.every((p) => isScalar(p.key) && (p.key.value === 'matchLabels' || p.key.value === 'matchExpressions'));
}

/** Absent or `null`: a peer field that is not set. */
function unset(node: unknown): boolean {
  return node === undefined || (isScalar(node) && node.value === null);
}

export default k8sRule<Messages>({
  meta: {
    id: 'k8s/network-policy-no-allow-all',
    stage: 'access',
    severity: 'warning',
    title: 'NetworkPolicy rules should not allow all traffic',
    rationale: 'NetworkPolicies are allow-lists: once a pod is selected, only the listed peers may connect. A rule without `from`/`to` (or `{}`), a peer `ipBlock` of `0.0.0.0/0` or `::/0` without exceptions, or an empty `namespaceSelector` allows every address or every pod of every namespace, which undoes the isolation the policy seems to provide; attackers in any compromised pod can then reach the selected pods.',
    remediation: 'List the peers that need access:\n\n```yaml\ningress:\n  - from:\n      - podSelector:\n          matchLabels:\n            app: frontend\n    ports:\n      - port: 8080\n```\n\nFor internet egress, exclude the cluster and metadata ranges with `ipBlock.except`.',
    references: [
      { title: 'Kubernetes: Network Policies', url: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/' },
      { title: 'NSA/CISA Kubernetes Hardening Guide: network separation', url: 'https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF' },
    ],
    equivalents: { trivy: ['KSV-0038'], nsa: ['network separation'] },
    profiles: ['nsa'],
    fix: 'none',
    messages: {
      allRule: '{{policy}} {{direction}}[{{index}}] has no `{{peers}}`, so it allows {{direction}} traffic {{scope}} on {{ports}}.',
      emptyPeer: '{{policy}} {{direction}}[{{index}}] has an empty peer, which selects every source and destination.',
      anyAddress: '{{policy}} {{direction}}[{{index}}] allows every address (`{{cidr}}`) without `except`.',
      allNamespaces: '{{policy}} {{direction}}[{{index}}] has an empty `namespaceSelector`{{pods}}: every pod in every namespace is allowed.',
      noPodSelector: '{{policy}} has no `spec.podSelector`, so it applies to every pod of the namespace; write `podSelector: {}` if that is intended.',
    },
    examples: {
      invalid: 'kind: NetworkPolicy\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress:\n    - {}',
      valid: 'kind: NetworkPolicy\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress:\n    - from:\n        - podSelector: {matchLabels: {app: api}}',
    },
  },
  kinds: ['NetworkPolicy'],
  check(ctx) {
    const o = ctx.object;
    if (o.kind !== 'NetworkPolicy' || !o.apiVersion.startsWith('networking.k8s.io/')) return;
    const specPair = pairOf(o.node, 'spec');
    const spec = mapAt(o.node, ['spec']);
    if (!specPair || !spec) return;
    const policy = o.resource;
    if (unset(valueOf(spec, 'podSelector'))) {
      ctx.report({ messageId: 'noPodSelector', data: { policy }, span: ctx.doc.span(specPair.key), severity: 'info', missing: true });
    }
    for (const [direction, peersKey] of [['ingress', 'from'], ['egress', 'to']] as const) {
      itemsOf(valueOf(spec, direction)).forEach((rule, index) => {
        if (isScalar(rule) && rule.value === null) return;
        if (!isMap(rule)) return;
        const peersPair = pairOf(rule, peersKey);
        const peers = peersPair?.value;
        const ports = valueOf(rule, 'ports');
        const base = { policy, direction, index };
        if (unset(peers) || (isSeq(peers) && peers.items.length === 0)) {
          if (isSeq(ports) && ports.items.length > 0) return; // every peer, but only on listed ports: a normal service rule
          ctx.report({
            messageId: 'allRule',
            data: { ...base, peers: peersKey, scope: direction === 'ingress' ? 'from anywhere' : 'to anywhere', ports: 'every port' },
            span: ctx.doc.span((peersPair?.key as Node | undefined) ?? rule),
          });
          return;
        }
        for (const peer of itemsOf(peers)) checkPeer(peer, base);
      });
    }

    function checkPeer(peer: Node, base: { policy: string; direction: string; index: number }): void {
      if (!isMap(peer)) return;
      if (peer.items.length === 0) {
        ctx.report({ messageId: 'emptyPeer', data: base, span: ctx.doc.span(peer) });
        return;
      }
      const ipBlock = valueOf(peer, 'ipBlock');
      const cidr = valueOf(ipBlock, 'cidr');
      const except = valueOf(ipBlock, 'except');
      if (isScalar(cidr) && !isTemplated(cidr) && ANY_ADDRESS.has(stringOf(cidr) ?? '') && !(isSeq(except) && except.items.length > 0)) {
        ctx.report({ messageId: 'anyAddress', data: { ...base, cidr: stringOf(cidr)! }, span: ctx.doc.span(cidr) });
      }
      const nsPair = pairOf(peer, 'namespaceSelector');
      const podSelector = valueOf(peer, 'podSelector');
      if (nsPair && selectsAll(nsPair.value) && (unset(podSelector) || selectsAll(podSelector))) {
        ctx.report({
          messageId: 'allNamespaces',
          data: { ...base, pods: unset(podSelector) ? ' and no `podSelector`' : ' and an empty `podSelector`' },
          span: ctx.doc.span(nsPair.key),
        });
      }
    }
  },
});
