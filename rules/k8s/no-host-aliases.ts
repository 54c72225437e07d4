import { podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { k8sRule } from '../core/rule.js';
import { isScalar, pairOf } from '../core/yaml-model.js';

export default k8sRule<'aliases'>({
  meta: {
    id: 'k8s/no-host-aliases',
    stage: 'deploy',
    severity: 'info',
    title: 'Pods should not override /etc/hosts with hostAliases',
    rationale: '`hostAliases` writes entries into the pod\'s `/etc/hosts`, which take precedence over DNS. They can silently redirect internal or external service names to other addresses, bypass DNS-based controls and make traffic go where reviewers do not expect; they also drift from the real records over time.',
    remediation: 'Fix name resolution in DNS (a Service, an ExternalName Service, or CoreDNS configuration) instead of per-pod host entries.',
    references: [{ title: 'Adding entries to Pod /etc/hosts with HostAliases', url: 'https://kubernetes.io/docs/tasks/network/customize-hosts-file-for-pods/' }],
    equivalents: { trivy: ['KSV-0007'] },
    fix: 'none',
    messages: { aliases: '{{resource}} overrides name resolution with `hostAliases`.' },
    examples: { invalid: 'hostAliases:\n  - ip: 10.0.0.5\n    hostnames: [api.example.com]', valid: 'dnsPolicy: ClusterFirst' },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    const pair = pod ? pairOf(pod.spec, 'hostAliases') : undefined;
    if (!pair || pair.value === null || (isScalar(pair.value) && pair.value.value === null)) return;
    ctx.report({ messageId: 'aliases', data: { resource: ctx.object.resource }, span: ctx.doc.span(pair.key) });
  },
});
