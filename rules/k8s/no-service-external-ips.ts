import { k8sRule } from '../core/rule.js';
import { isSeq, mapAt, pairOf } from '../core/yaml-model.js';

export default k8sRule<'externalIPs'>({
  meta: {
    id: 'k8s/no-service-external-ips',
    stage: 'access',
    severity: 'warning',
    title: 'Services should not set externalIPs',
    rationale: 'Kubernetes does not check who owns an address listed in `spec.externalIPs`: every node routes traffic for it to the Service. Whoever can create a Service can therefore intercept traffic that pods send to any IP address, for example an external database or DNS server (CVE-2020-8554). Clusters should block the field with the `DenyServiceExternalIPs` admission plugin.',
    remediation: 'Remove `externalIPs` and expose the Service through a `LoadBalancer`, an Ingress or a Gateway.',
    references: [
      { title: 'CVE-2020-8554: man in the middle using LoadBalancer or ExternalIPs', url: 'https://github.com/kubernetes/kubernetes/issues/97076' },
      { title: 'Kubernetes: External IPs', url: 'https://kubernetes.io/docs/concepts/services-networking/service/#external-ips' },
    ],
    equivalents: { trivy: ['KSV-0108'] },
    fix: 'none',
    messages: { externalIPs: '{{resource}} sets `externalIPs`: nodes will route traffic for those addresses to it, whoever owns them (CVE-2020-8554).' },
    examples: { invalid: 'kind: Service\nspec:\n  externalIPs:\n    - 198.51.100.7', valid: 'kind: Service\nspec:\n  type: ClusterIP' },
  },
  kinds: ['Service'],
  check(ctx) {
    const o = ctx.object;
    if (o.kind !== 'Service' || o.apiVersion !== 'v1') return;
    const pair = pairOf(mapAt(o.node, ['spec']), 'externalIPs');
    if (!pair || !isSeq(pair.value) || pair.value.items.length === 0) return;
    ctx.report({ messageId: 'externalIPs', data: { resource: o.resource }, span: ctx.doc.span(pair.key) });
  },
});
