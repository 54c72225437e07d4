import { describeContainer, podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { k8sRule } from '../core/rule.js';
import { longRunningContainers } from '../core/workloads.js';
import { isScalar, isTemplated, itemsOf, nodeAt, numberOf, stringOf, valueOf, type Node } from '../core/yaml-model.js';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const HANDLERS = ['httpGet', 'tcpSocket', 'grpc'] as const;

export default k8sRule<'unknownName' | 'undeclaredNumber'>({
  meta: {
    id: 'k8s/probe-port-exists',
    stage: 'deploy',
    category: 'best-practice',
    severity: 'warning',
    title: 'Probe ports should be ports the container declares',
    rationale: 'A probe aimed at a port name the container does not declare cannot be resolved, so the probe fails on every attempt: liveness failures restart the container in a loop, readiness failures keep it out of service. A numeric port that is not among the declared `ports` usually means a copy-paste mistake after the port changed.',
    remediation: 'Point the probe at a declared port, preferably by name:\n\n```yaml\nports:\n  - name: http\n    containerPort: 8080\nreadinessProbe:\n  httpGet:\n    port: http\n```',
    references: [{ title: 'Kubernetes: Configure liveness, readiness and startup probes', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/' }],
    equivalents: { 'kube-linter': ['liveness-port', 'readiness-port', 'startup-port'] },
    fix: 'none',
    messages: {
      unknownName: '{{resource}}, {{container}}: the {{probe}} uses port "{{port}}", but the container declares no port with that name{{known}}.',
      undeclaredNumber: '{{resource}}, {{container}}: the {{probe}} uses port {{port}}, which is not among the declared container ports ({{known}}).',
    },
    examples: {
      invalid: 'ports:\n  - name: http\n    containerPort: 8080\nlivenessProbe:\n  httpGet: {path: /healthz, port: metrics}',
      valid: 'ports:\n  - name: http\n    containerPort: 8080\nlivenessProbe:\n  httpGet: {path: /healthz, port: http}',
    },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    for (const c of longRunningContainers(pod)) {
      const names: string[] = [];
      const numbers: number[] = [];
      let opaquePorts = false;
      for (const p of itemsOf(valueOf(c.node, 'ports'))) {
        const name = valueOf(p, 'name');
        const number = valueOf(p, 'containerPort');
        if (isTemplated(name) || isTemplated(number)) opaquePorts = true;
        const n = stringOf(name);
        if (n) names.push(n);
        const num = numberOf(number);
        if (num !== undefined) numbers.push(num);
      }
      if (opaquePorts) continue;
      for (const probe of PROBES) {
        for (const handler of HANDLERS) {
          const port = nodeAt(c.node, [probe, handler, 'port']);
          if (!port || !isScalar(port) || isTemplated(port)) continue;
          report(port, probe);
        }
      }

      function report(port: Node, probe: string): void {
        const number = numberOf(port);
        const text = stringOf(port);
        if (text === undefined) return;
        const data = { resource: ctx.object.resource, container: describeContainer(c), probe, port: text };
        if (number === undefined && !/^\d+$/.test(text)) {
          if (names.includes(text)) return;
          ctx.report({
            messageId: 'unknownName',
            data: { ...data, known: names.length ? ` (declared: ${names.join(', ')})` : '' },
            span: ctx.doc.span(port),
          });
          return;
        }
        // a number: only judged when the container lists its ports at all
        const value = number ?? Number(text);
        if (!numbers.length || numbers.includes(value)) return;
        ctx.report({ messageId: 'undeclaredNumber', data: { ...data, known: numbers.join(', ') }, span: ctx.doc.span(port) });
      }
    }
  },
});
