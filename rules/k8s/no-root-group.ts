import { containersOf, podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { workloadContainer } from '../core/pod-security.js';
import { k8sRule } from '../core/rule.js';
import { isScalar, isTemplated, itemsOf, numberOf, pairOf, valueOf, type Node } from '../core/yaml-model.js';

export default k8sRule<'group'>({
  meta: {
    id: 'k8s/no-root-group',
    stage: 'deploy',
    severity: 'warning',
    title: 'Pods must not run with the root group (GID 0)',
    rationale: 'Group 0 owns many files and directories on a typical system image and on the node (`/etc`, device nodes, runtime state). A process with GID 0, a root supplemental group or files created with `fsGroup: 0` can read or write whatever is group-accessible to root, which widens the damage of a compromise and of a container escape.',
    remediation: 'Use a non-zero group for `runAsGroup`, `fsGroup` and `supplementalGroups`:\n\n```yaml\nsecurityContext:\n  runAsUser: 65532\n  runAsGroup: 65532\n  fsGroup: 65532\n```',
    references: [
      { title: 'Configure a Security Context for a Pod or Container', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/' },
    ],
    equivalents: { nsa: ['root group'], trivy: ['KSV-0116'], 'kube-linter': ['run-as-non-root'] },
    profiles: ['nsa'],
    fix: 'none',
    messages: { group: '{{target}} sets `{{field}}` to the root group (0).' },
    examples: { invalid: 'securityContext:\n  runAsGroup: 0', valid: 'securityContext:\n  runAsGroup: 65532' },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    const report = (node: Node | null | undefined, target: string, field: string): void => {
      if (!isScalar(node) || isTemplated(node) || numberOf(node) !== 0) return;
      ctx.report({ messageId: 'group', data: { target, field }, span: ctx.doc.span(node) });
    };
    const podTarget = `${pod.object.resource} (pod)`;
    report(pairOf(pod.securityContext, 'runAsGroup')?.value, podTarget, 'runAsGroup');
    report(pairOf(pod.securityContext, 'fsGroup')?.value, podTarget, 'fsGroup');
    for (const g of itemsOf(valueOf(pod.securityContext, 'supplementalGroups'))) report(g, podTarget, 'supplementalGroups');
    for (const c of containersOf(pod)) report(pairOf(c.securityContext, 'runAsGroup')?.value, workloadContainer(c), 'runAsGroup');
  },
});
