import { containersOf, podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { PSS_OPTION_DEFAULTS, pssAtLeast, pssOptionsSchema, workloadContainer, type PssOptions } from '../core/pod-security.js';
import { k8sRule, type K8sContext } from '../core/rule.js';
import { isMap, isScalar, isTemplated, pairOf, stringOf, type YAMLMap } from '../core/yaml-model.js';

type Messages = 'type' | 'userRole';

const TYPES_1_0 = ['container_t', 'container_init_t', 'container_kvm_t'];

/** The SELinux types the baseline standard allows at a policy version (`container_engine_t` from 1.31). */
function allowedTypes(options: PssOptions): Set<string> {
  return new Set(['', ...TYPES_1_0, ...(pssAtLeast(options, 31) ? ['container_engine_t'] : [])]);
}

export default k8sRule<Messages, PssOptions>({
  meta: {
    id: 'k8s/restrict-selinux-options',
    stage: 'deploy',
    severity: 'warning',
    title: 'SELinux options must not set a custom user, role or privileged type',
    rationale: 'On SELinux nodes the container type (`container_t`) confines what the process may touch on the host. A custom `type` such as `spc_t` (super-privileged container) or `unconfined_t`, or a custom SELinux `user` or `role`, lifts that confinement and can give the container access to host files and processes.',
    remediation: 'Keep the runtime\'s labels; set only the MCS `level` when you need it:\n\n```yaml\nsecurityContext:\n  seLinuxOptions:\n    level: "s0:c123,c456"\n```\n\nAllowed types: `container_t`, `container_init_t`, `container_kvm_t`, and `container_engine_t` (policy 1.31 and later).',
    references: [
      { title: 'Pod Security Standards: baseline, SELinux', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline' },
      { title: 'Assign SELinux labels to a container', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#assign-selinux-labels-to-a-container' },
    ],
    equivalents: { pss: ['seLinuxOptions'], nsa: ['SELinux'], trivy: ['KSV-0025'], polaris: ['linuxHardening'] },
    profiles: ['pss-baseline', 'nsa'],
    fix: 'suggestion',
    messages: {
      type: '{{target}} sets `seLinuxOptions.type: {{value}}`, which is not a confined container type.',
      userRole: '{{target}} sets `seLinuxOptions.{{field}}: {{value}}`: custom SELinux users and roles are not allowed.',
    },
    options: { schema: pssOptionsSchema(), defaults: { ...PSS_OPTION_DEFAULTS } },
    examples: {
      invalid: 'securityContext:\n  seLinuxOptions:\n    type: spc_t',
      valid: 'securityContext:\n  seLinuxOptions:\n    level: "s0:c123,c456"',
    },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    const types = allowedTypes(ctx.options);
    checkOptions(ctx, pod.securityContext, `${pod.object.resource} (pod)`, types);
    for (const c of containersOf(pod)) checkOptions(ctx, c.securityContext, workloadContainer(c), types);
  },
});

function checkOptions(ctx: K8sContext<Messages, PssOptions>, securityContext: unknown, target: string, types: Set<string>): void {
  const options = pairOf(securityContext, 'seLinuxOptions')?.value;
  if (!isMap(options)) return;
  for (const field of ['type', 'user', 'role']) {
    const pair = pairOf(options, field);
    const value = pair?.value;
    if (!pair || !isScalar(value) || value.value === null || isTemplated(value)) continue;
    const v = stringOf(value) ?? '';
    if (field === 'type' ? types.has(v) : v === '') continue;
    ctx.report({
      messageId: field === 'type' ? 'type' : 'userRole',
      data: { target, field, value: v },
      span: ctx.doc.span(value),
      related: [{ span: ctx.doc.span(pair.key), message: `\`${field}\` is set here` }],
      fixes: [{ title: `Remove \`seLinuxOptions.${field}\``, edits: [ctx.edit.removePair(options as YAMLMap, pair)] }],
    });
  }
}
