import { containersOf, podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { workloadContainer } from '../core/pod-security.js';
import { k8sRule } from '../core/rule.js';
import { scalar } from '../core/yaml-edit.js';
import { isMap, isScalar, isTemplated, isTrue, itemsOf, pairOf, stringOf, valueOf, type YAMLMap } from '../core/yaml-model.js';
import { hostPathVolumes } from '../templates/host-path.js';

export default k8sRule<'writable' | 'missing'>({
  meta: {
    id: 'k8s/host-path-read-only',
    stage: 'deploy',
    severity: 'warning',
    title: 'hostPath volumes must be mounted read-only',
    rationale: 'A writable host path lets the container change files on the node: plant binaries or cron jobs, rewrite configuration other pods and node daemons read, fill the node\'s disk, or leave data behind for the next workload. Most agents that mount host paths only need to read them (logs, metrics, certificates).',
    remediation: 'Mount the volume read-only in every container that uses it:\n\n```yaml\nvolumeMounts:\n  - name: logs\n    mountPath: /var/log\n    readOnly: true\n```',
    references: [
      { title: 'Kubernetes volumes: hostPath', url: 'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath' },
    ],
    equivalents: { 'kube-linter': ['writable-host-mount'] },
    fix: 'suggestion',
    messages: {
      writable: '{{target}} mounts the hostPath volume "{{volume}}" writable (`readOnly: {{value}}`).',
      missing: '{{target}} mounts the hostPath volume "{{volume}}" without `readOnly: true`.',
    },
    examples: {
      invalid: 'volumeMounts:\n  - name: logs\n    mountPath: /var/log',
      valid: 'volumeMounts:\n  - name: logs\n    mountPath: /var/log\n    readOnly: true',
    },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    const hostVolumes = new Set(hostPathVolumes(pod.spec).map((v) => v.name).filter((n): n is string => n !== undefined));
    if (!hostVolumes.size) return;
    for (const c of containersOf(pod)) {
      for (const mount of itemsOf(valueOf(c.node, 'volumeMounts'))) {
        if (!isMap(mount)) continue;
        const nameNode = valueOf(mount, 'name');
        const volume = stringOf(nameNode);
        if (volume === undefined || !hostVolumes.has(volume) || !isScalar(nameNode)) continue;
        const pair = pairOf(mount, 'readOnly');
        const value = pair?.value;
        if (isTrue(value) || isTemplated(value)) continue;
        const target = workloadContainer(c);
        if (pair && isScalar(value) && value.value !== null) {
          ctx.report({
            messageId: 'writable',
            data: { target, volume, value: ctx.text.slice(ctx.doc.span(value).start, ctx.doc.span(value).end) },
            span: ctx.doc.span(value),
            fixes: [{ title: 'Mount it read-only', edits: [ctx.edit.replace(value, 'true')] }],
          });
          continue;
        }
        const insert = ctx.edit.insertPath(mount as YAMLMap, ['readOnly'], scalar('true'));
        ctx.report({
          messageId: 'missing',
          data: { target, volume },
          span: ctx.doc.span(nameNode),
          fixes: insert ? [{ title: 'Mount it read-only', edits: insert }] : [],
          missing: true,
        });
      }
    }
  },
});
