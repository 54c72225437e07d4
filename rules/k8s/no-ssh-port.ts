import { containersOf, podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { workloadContainer } from '../core/pod-security.js';
import { k8sRule } from '../core/rule.js';
import { itemsOf, numberOf, pairOf, stringOf, valueOf } from '../core/yaml-model.js';

export default k8sRule<'ssh'>({
  meta: {
    id: 'k8s/no-ssh-port',
    stage: 'deploy',
    severity: 'info',
    title: 'Containers should not expose SSH (port 22)',
    rationale: 'An SSH server in a container is a second, long-lived way in with its own credentials and keys to manage, usually outside the cluster\'s audit trail. `kubectl exec` and ephemeral debug containers give the same access through the API server\'s authentication, authorisation and audit logging.',
    remediation: 'Remove the SSH server and port; use `kubectl exec` or `kubectl debug` for interactive access.',
    references: [{ title: 'Debug running pods', url: 'https://kubernetes.io/docs/tasks/debug/debug-application/debug-running-pod/' }],
    equivalents: { 'kube-linter': ['ssh-port'] },
    fix: 'none',
    messages: { ssh: '{{target}} exposes port 22 (SSH).' },
    examples: { invalid: 'ports:\n  - containerPort: 22', valid: 'ports:\n  - containerPort: 8080' },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    for (const c of containersOf(pod, ['initContainers', 'containers'])) {
      for (const port of itemsOf(valueOf(c.node, 'ports'))) {
        const value = pairOf(port, 'containerPort')?.value;
        const protocol = stringOf(valueOf(port, 'protocol'));
        if (numberOf(value) !== 22 || (protocol !== undefined && protocol.toUpperCase() !== 'TCP')) continue;
        ctx.report({ messageId: 'ssh', data: { target: workloadContainer(c) }, span: ctx.doc.span(value!) });
      }
    }
  },
});
