import { k8sRule } from '../core/rule.js';
import {
  isScalar, isSeq, isTemplated, itemsOf, mapAt, pairOf, stringOf, valueOf,
} from '../core/yaml-model.js';

/** Whether a TLS host entry covers a rule host (`*.example.com` covers exactly one extra label). */
function covers(tlsHost: string, host: string): boolean {
  const t = tlsHost.toLowerCase();
  const h = host.toLowerCase();
  if (t === h) return true;
  if (!t.startsWith('*.')) return false;
  const dot = h.indexOf('.');
  return dot > 0 && !h.startsWith('*') && h.slice(dot + 1) === t.slice(2);
}

export default k8sRule<'noTls' | 'uncovered'>({
  meta: {
    id: 'k8s/ingress-require-tls',
    stage: 'access',
    severity: 'warning',
    title: 'Ingresses should serve their hosts over TLS',
    rationale: 'Without a `tls` section the ingress controller serves the hosts over plain HTTP: session cookies, credentials and API tokens cross the network in clear and can be read or changed by anyone on the path. A host that is missing from every `tls[*].hosts` entry is not covered by the certificate and stays on HTTP.',
    remediation: 'Add a `tls` entry naming every host and the Secret holding its certificate (cert-manager can issue it):\n\n```yaml\nspec:\n  tls:\n    - hosts: ["shop.example.com"]\n      secretName: shop-tls\n```',
    references: [{ title: 'Kubernetes: Ingress TLS', url: 'https://kubernetes.io/docs/concepts/services-networking/ingress/#tls' }],
    equivalents: { polaris: ['tlsSettingsMissing'] },
    fix: 'none',
    messages: {
      noTls: '{{resource}} has no `tls` section, so its hosts are served over plain HTTP.',
      uncovered: '{{resource}} serves host "{{host}}" without TLS: no `tls[*].hosts` entry covers it.',
    },
    examples: {
      invalid: 'kind: Ingress\nspec:\n  rules:\n    - host: shop.example.com',
      valid: 'kind: Ingress\nspec:\n  tls:\n    - hosts: ["shop.example.com"]\n      secretName: shop-tls\n  rules:\n    - host: shop.example.com',
    },
  },
  kinds: ['Ingress'],
  check(ctx) {
    const o = ctx.object;
    if (o.kind !== 'Ingress' || !/^(networking\.k8s\.io|extensions)\//.test(o.apiVersion)) return;
    const specPair = pairOf(o.node, 'spec');
    const spec = mapAt(o.node, ['spec']);
    if (!specPair || !spec) return;
    const tlsPair = pairOf(spec, 'tls');
    const entries = itemsOf(tlsPair?.value);
    if (!entries.length) {
      // `tls:` holding something other than a list (a template, a typo) cannot be judged
      if (tlsPair && tlsPair.value !== null && !isSeq(tlsPair.value) && !(isScalar(tlsPair.value) && tlsPair.value.value === null)) return;
      ctx.report({
        messageId: 'noTls', data: { resource: o.resource },
        span: ctx.doc.span(tlsPair ? tlsPair.key : specPair.key),
        missing: !tlsPair,
      });
      return;
    }
    const tlsHosts: string[] = [];
    for (const entry of entries) {
      const hosts = valueOf(entry, 'hosts');
      // an entry without hosts is the controller's default certificate: it covers every host
      if (!isSeq(hosts) || hosts.items.length === 0) return;
      for (const h of hosts.items) {
        if (isTemplated(h)) return;
        const s = stringOf(h);
        if (s) tlsHosts.push(s);
      }
    }
    for (const rule of itemsOf(valueOf(spec, 'rules'))) {
      const hostNode = valueOf(rule, 'host');
      const host = stringOf(hostNode);
      if (!host || isTemplated(hostNode)) continue;
      if (tlsHosts.some((t) => covers(t, host))) continue;
      ctx.report({ messageId: 'uncovered', data: { resource: o.resource, host }, span: ctx.doc.span(hostNode) });
    }
  },
});
