import { containersOf, podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { PSS_OPTION_DEFAULTS, pssAtLeast, pssOptionsSchema, workloadContainer, type PssOptions } from '../core/pod-security.js';
import { k8sRule } from '../core/rule.js';
import { isMap, isScalar, isTemplated, pairOf, stringOf, valueOf, type YAMLMap } from '../core/yaml-model.js';

const HANDLERS: readonly (readonly string[])[] = [
  ['livenessProbe'], ['readinessProbe'], ['startupProbe'], ['lifecycle', 'postStart'], ['lifecycle', 'preStop'],
];

export default k8sRule<'host', PssOptions>({
  meta: {
    id: 'k8s/no-probe-host',
    stage: 'deploy',
    severity: 'warning',
    title: 'Probes and lifecycle hooks must not target another host',
    rationale: 'The kubelet runs `httpGet` and `tcpSocket` probes and lifecycle hooks from the node. With a `host` set, the pod author makes the kubelet connect to any address the node can reach, a server-side request forgery from the node\'s network position (cloud metadata endpoints, node-local services, other networks). Without `host`, the kubelet targets the pod\'s own IP.',
    remediation: 'Delete `host` so the probe targets the pod; use `httpHeaders` with a `Host` header when the application needs a virtual host name:\n\n```yaml\nreadinessProbe:\n  httpGet:\n    path: /healthz\n    port: 8080\n    httpHeaders:\n      - name: Host\n        value: app.example.com\n```',
    references: [
      { title: 'Pod Security Standards: baseline, Host Probes / Lifecycle Hooks', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline' },
      { title: 'Configure Liveness, Readiness and Startup Probes', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/' },
    ],
    equivalents: { pss: ['hostProbesAndHostLifecycle'] },
    profiles: ['pss-baseline'],
    fix: 'suggestion',
    messages: { host: '{{target}}: `{{handler}}.{{action}}` connects to the host `{{host}}` instead of the pod.' },
    options: { schema: pssOptionsSchema(), defaults: { ...PSS_OPTION_DEFAULTS } },
    examples: {
      invalid: 'livenessProbe:\n  httpGet:\n    host: 169.254.169.254\n    path: /\n    port: 80',
      valid: 'livenessProbe:\n  httpGet:\n    path: /healthz\n    port: 8080',
    },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    // the control exists from policy 1.34
    if (!pssAtLeast(ctx.options, 34)) return;
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    for (const c of containersOf(pod)) {
      for (const path of HANDLERS) {
        let handler: unknown = c.node;
        for (const step of path) handler = valueOf(handler, step);
        if (!isMap(handler)) continue;
        for (const action of ['httpGet', 'tcpSocket']) {
          const target = valueOf(handler, action);
          const pair = pairOf(target, 'host');
          const value = pair?.value;
          if (!pair || !isScalar(value) || isTemplated(value)) continue;
          const host = stringOf(value);
          if (host === undefined || host === '') continue;
          ctx.report({
            messageId: 'host',
            data: { target: workloadContainer(c), handler: path.join('.'), action, host },
            span: ctx.doc.span(value),
            related: [{ span: ctx.doc.span(pair.key), message: '`host` is set here' }],
            fixes: [{ title: 'Remove `host` (target the pod)', edits: [ctx.edit.removePair(target as YAMLMap, pair)] }],
          });
        }
      }
    }
  },
});
