import { containersOf, podSpecOf, WORKLOAD_KINDS, type Container } from '../core/k8s.js';
import { containerAnchor, workloadContainer } from '../core/pod-security.js';
import { k8sRule } from '../core/rule.js';
import { isTemplated, numberOf, pairOf, type Node } from '../core/yaml-model.js';

interface Options {
  /** The lowest UID and GID accepted. */
  minimumId: number;
}

export default k8sRule<'low' | 'missing', Options>({
  meta: {
    id: 'k8s/high-uid-gid',
    stage: 'deploy',
    severity: 'info',
    enabledByDefault: false,
    title: 'Containers should run with a UID and GID of 10000 or more',
    rationale: 'Low UIDs and GIDs usually belong to real accounts on the node (system services, administrators). If a process escapes the container without user namespaces, it keeps its numeric IDs on the host and gets whatever those accounts own. IDs of 10000 and above are very unlikely to collide with a host account.',
    remediation: 'Pick high IDs for the pod (containers inherit them):\n\n```yaml\nsecurityContext:\n  runAsUser: 10001\n  runAsGroup: 10001\n```\n\nPods with `hostUsers: false` run in a user namespace and pass.',
    references: [
      { title: 'Configure a Security Context for a Pod or Container', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/' },
    ],
    equivalents: {
      'kube-score': ['container-security-context-user-group-id'], checkov: ['CKV_K8S_40'], trivy: ['KSV-0020', 'KSV-0021'],
    },
    fix: 'none',
    messages: {
      low: '{{target}} runs with `{{field}}: {{value}}`, below {{minimum}}: it may share an ID with an account on the node.',
      missing: '{{target}} does not set {{fields}} (at pod or container level); the image\'s user and group may collide with accounts on the node.',
    },
    options: {
      schema: { type: 'object', properties: { minimumId: { type: 'integer', minimum: 1, description: 'Lowest accepted UID and GID.' } }, additionalProperties: false },
      defaults: { minimumId: 10000 },
    },
    examples: {
      invalid: 'securityContext:\n  runAsUser: 1000',
      valid: 'securityContext:\n  runAsUser: 10001\n  runAsGroup: 10001',
    },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    if (!pod || pod.userNamespaces) return;
    const minimum = ctx.options.minimumId ?? 10000;
    for (const c of containersOf(pod)) {
      const missing: string[] = [];
      let reported = false;
      for (const field of ['runAsUser', 'runAsGroup']) {
        const node = effective(c, field);
        if (node === undefined) { missing.push(`\`${field}\``); continue; }
        if (isTemplated(node)) continue;
        const n = numberOf(node);
        if (n === undefined || n >= minimum || reported) continue;
        reported = true;
        ctx.report({ messageId: 'low', data: { target: workloadContainer(c), field, value: n, minimum }, span: ctx.doc.span(node) });
      }
      if (!reported && missing.length) {
        ctx.report({
          messageId: 'missing',
          data: { target: workloadContainer(c), fields: missing.join(' and ') },
          span: containerAnchor(ctx.doc, ctx.text, c),
          missing: true,
        });
      }
    }
  },
});

/** The container's value of a field valid at both levels, else the pod's. */
function effective(c: Container, field: string): Node | undefined {
  for (const sc of [c.securityContext, c.pod.securityContext]) {
    const v = pairOf(sc, field)?.value;
    // a number or a template counts as set; null and non-numbers fall through to the next level
    if (v && (numberOf(v) !== undefined || isTemplated(v))) return v as Node;
  }
  return undefined;
}
