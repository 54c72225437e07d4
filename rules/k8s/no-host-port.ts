import { containersOf, podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { workloadContainer } from '../core/pod-security.js';
import { k8sRule } from '../core/rule.js';
import { isMap, isScalar, isTemplated, itemsOf, numberOf, pairOf, type YAMLMap } from '../core/yaml-model.js';

type PortRange = number | { min: number; max: number };

interface Options {
  /** Host ports allowed anyway: numbers or `{min, max}` ranges. */
  allowedHostPorts: PortRange[];
}

export default k8sRule<'hostPort', Options>({
  meta: {
    id: 'k8s/no-host-port',
    stage: 'deploy',
    severity: 'warning',
    title: 'Containers must not bind host ports',
    rationale: 'A `hostPort` opens the port on the node\'s own network interfaces and forwards it to the pod. It bypasses Services and most NetworkPolicy implementations, exposes the workload on every address of the node, ties the pod to nodes where the port is free, and lets a pod shadow a port other components expect on the node.',
    remediation: 'Delete `hostPort` and expose the workload through a Service (`ClusterIP`, or `LoadBalancer`/`NodePort` when it must be reachable from outside):\n\n```yaml\nports:\n  - containerPort: 8080\n```\n\nNode agents that need a fixed node port can be allowed with the `allowedHostPorts` option.',
    references: [
      { title: 'Pod Security Standards: baseline, Host Ports', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline' },
      { title: 'Configuration best practices: Services', url: 'https://kubernetes.io/docs/concepts/configuration/overview/#services' },
    ],
    equivalents: {
      pss: ['hostPorts'], cis: ['5.2.12'], nsa: ['C-0044'],
      polaris: ['hostPortSet'], checkov: ['CKV_K8S_26'], trivy: ['KSV-0024'], kubescape: ['C-0044'],
    },
    profiles: ['pss-baseline', 'cis', 'nsa'],
    fix: 'suggestion',
    messages: { hostPort: '{{target}} binds port {{port}} on the node (`hostPort`).' },
    options: {
      schema: {
        type: 'object',
        properties: {
          allowedHostPorts: {
            type: 'array',
            description: 'Host ports allowed anyway: port numbers or `{min, max}` ranges.',
            items: {
              oneOf: [
                { type: 'integer', minimum: 1, maximum: 65535 },
                { type: 'object', properties: { min: { type: 'integer' }, max: { type: 'integer' } }, required: ['min', 'max'], additionalProperties: false },
              ],
            },
          },
        },
        additionalProperties: false,
      },
      defaults: { allowedHostPorts: [] },
    },
    examples: {
      invalid: 'ports:\n  - containerPort: 80\n    hostPort: 8080',
      valid: 'ports:\n  - containerPort: 80',
    },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    for (const c of containersOf(pod)) {
      for (const port of itemsOf(portsOf(c.node))) {
        if (!isMap(port)) continue;
        const pair = pairOf(port, 'hostPort');
        const value = pair?.value;
        if (!pair || !isScalar(value) || value.value === null || isTemplated(value)) continue;
        const n = numberOf(value);
        if (n === 0) continue;
        if (n !== undefined && allowed(n, ctx.options.allowedHostPorts ?? [])) continue;
        ctx.report({
          messageId: 'hostPort',
          data: { target: workloadContainer(c), port: ctx.text.slice(ctx.doc.span(value).start, ctx.doc.span(value).end) },
          span: ctx.doc.span(value),
          related: [{ span: ctx.doc.span(pair.key), message: '`hostPort` is set here' }],
          fixes: [{ title: 'Remove `hostPort`', edits: [ctx.edit.removePair(port as YAMLMap, pair)] }],
        });
      }
    }
  },
});

function portsOf(container: YAMLMap) {
  return pairOf(container, 'ports')?.value;
}

function allowed(port: number, ranges: PortRange[]): boolean {
  return ranges.some((r) => (typeof r === 'number' ? r === port : !!r && typeof r === 'object' && port >= r.min && port <= r.max));
}
