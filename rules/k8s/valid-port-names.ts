import { describeContainer, podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { k8sRule } from '../core/rule.js';
import { sizedContainers } from '../core/workloads.js';
import { isScalar, isTemplated, itemsOf, mapAt, valueOf, type Node } from '../core/yaml-model.js';

/** Why a name is not an IANA_SVC_NAME (container port names, named target ports), or undefined when it is one. */
function ianaServiceNameProblem(name: string): string | undefined {
  if (name.length > 15) return 'longer than 15 characters';
  if (!/^[a-z0-9-]+$/.test(name)) return 'only lowercase letters, digits and `-` are allowed';
  if (!/[a-z]/.test(name)) return 'it needs at least one letter';
  if (name.startsWith('-') || name.endsWith('-')) return 'it must not start or end with `-`';
  if (name.includes('--')) return 'it must not contain `--`';
  return undefined;
}

/** Why a Service port name is not a DNS label. */
function dnsLabelProblem(name: string): string | undefined {
  if (name.length > 63) return 'longer than 63 characters';
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) return 'only lowercase letters, digits and inner `-` are allowed';
  return undefined;
}

export default k8sRule<'containerPort' | 'targetPort' | 'servicePort'>({
  meta: {
    id: 'k8s/valid-port-names',
    stage: 'deploy',
    category: 'best-practice',
    severity: 'warning',
    title: 'Port names must be valid service names',
    rationale: 'Container port names and named `targetPort`s must be IANA service names (at most 15 lowercase letters, digits and single inner dashes, with at least one letter), and Service port names DNS labels. The API server rejects other names, and a Service whose `targetPort` names a port no container can declare never gets endpoints.',
    remediation: 'Rename the port, for example `http-metrics` → `metrics`, and use the same name in `targetPort` and probes.',
    references: [{ title: 'Kubernetes API: ContainerPort', url: 'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports' }],
    equivalents: { 'kube-linter': ['invalid-target-ports'], 'kube-score': ['container-ports-check'] },
    fix: 'none',
    messages: {
      containerPort: '{{resource}}, {{container}}: port name "{{name}}" is not a valid port name ({{problem}}).',
      targetPort: '{{resource}}: targetPort "{{name}}" is not a valid port name ({{problem}}).',
      servicePort: '{{resource}}: port name "{{name}}" is not a valid name ({{problem}}).',
    },
    examples: { invalid: 'ports:\n  - name: http_metrics_port\n    containerPort: 9090', valid: 'ports:\n  - name: metrics\n    containerPort: 9090' },
  },
  kinds: ['Service', ...WORKLOAD_KINDS],
  check(ctx) {
    const o = ctx.object;
    const judge = (node: Node | undefined, check: (s: string) => string | undefined): { name: string; problem: string } | undefined => {
      if (!isScalar(node) || isTemplated(node) || typeof node.value !== 'string') return undefined;
      const problem = check(node.value);
      return problem ? { name: node.value, problem } : undefined;
    };
    if (o.kind === 'Service' && o.apiVersion === 'v1') {
      for (const port of itemsOf(valueOf(mapAt(o.node, ['spec']), 'ports'))) {
        const name = valueOf(port, 'name');
        const bad = judge(name, dnsLabelProblem);
        if (bad) ctx.report({ messageId: 'servicePort', data: { resource: o.resource, ...bad }, span: ctx.doc.span(name!) });
        const target = valueOf(port, 'targetPort');
        const badTarget = judge(target, (s) => (/^\d+$/.test(s) ? undefined : ianaServiceNameProblem(s)));
        if (badTarget) ctx.report({ messageId: 'targetPort', data: { resource: o.resource, ...badTarget }, span: ctx.doc.span(target!) });
      }
      return;
    }
    const pod = podSpecOf(o);
    if (!pod) return;
    for (const c of sizedContainers(pod)) {
      for (const port of itemsOf(valueOf(c.node, 'ports'))) {
        const name = valueOf(port, 'name');
        const bad = judge(name, ianaServiceNameProblem);
        if (bad) ctx.report({ messageId: 'containerPort', data: { resource: o.resource, container: describeContainer(c), ...bad }, span: ctx.doc.span(name!) });
      }
    }
  },
});
