import { containersOf, podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { workloadContainer } from '../core/pod-security.js';
import { k8sRule } from '../core/rule.js';
import { itemsOf, numberOf, pairOf, stringOf, valueOf } from '../core/yaml-model.js';

export default k8sRule<'privileged'>({
  meta: {
    id: 'k8s/no-privileged-container-port',
    stage: 'deploy',
    severity: 'info',
    title: 'Containers should listen on ports above 1023',
    rationale: 'Binding a port below 1024 needs root or the `NET_BIND_SERVICE` capability, so a workload that listens on port 80 or 443 tends to keep privileges it otherwise would not need. A Service can map port 80 to an unprivileged container port at no cost.',
    remediation: 'Listen on an unprivileged port and map it in the Service:\n\n```yaml\nports:\n  - containerPort: 8080\n---\n# Service\nports:\n  - port: 80\n    targetPort: 8080\n```\n\nA pod that lowers `net.ipv4.ip_unprivileged_port_start` with a sysctl is not reported for ports at or above that value.',
    references: [{ title: 'Kubernetes Services: defining a Service', url: 'https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service' }],
    equivalents: { 'kube-linter': ['privileged-ports'], trivy: ['KSV-0117'] },
    fix: 'none',
    messages: { privileged: '{{target}} listens on the privileged port {{port}}, which needs root or NET_BIND_SERVICE.' },
    examples: { invalid: 'ports:\n  - containerPort: 80', valid: 'ports:\n  - containerPort: 8080' },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    let unprivilegedFrom = 1024;
    for (const s of itemsOf(valueOf(pod.securityContext, 'sysctls'))) {
      if (stringOf(valueOf(s, 'name')) !== 'net.ipv4.ip_unprivileged_port_start') continue;
      const v = Number(stringOf(valueOf(s, 'value')));
      if (Number.isInteger(v) && v >= 0) unprivilegedFrom = v;
    }
    for (const c of containersOf(pod, ['initContainers', 'containers'])) {
      for (const port of itemsOf(valueOf(c.node, 'ports'))) {
        const value = pairOf(port, 'containerPort')?.value;
        const n = numberOf(value);
        if (n === undefined || n < 1 || n > 1023 || n >= unprivilegedFrom) continue;
        ctx.report({ messageId: 'privileged', data: { target: workloadContainer(c), port: n }, span: ctx.doc.span(value!) });
      }
    }
  },
});
