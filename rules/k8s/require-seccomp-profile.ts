import { containersOf, podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import {
  containerNames, exactLevel, podAnchor, PSS_OPTION_DEFAULTS, pssAtLeast, pssOptionsSchema, skipsWindowsPod,
  type PssOptions,
} from '../core/pod-security.js';
import { k8sRule } from '../core/rule.js';
import { scalar } from '../core/yaml-edit.js';
import { isScalar, isTemplated, valueOf } from '../core/yaml-model.js';

/** Set in effect: a value other than null (its validity is `k8s/no-unconfined-seccomp`'s concern). */
function isSet(node: unknown): boolean {
  return node !== undefined && node !== null && !(isScalar(node) && node.value === null);
}

export default k8sRule<'missing', PssOptions>({
  meta: {
    id: 'k8s/require-seccomp-profile',
    stage: 'deploy',
    severity: 'warning',
    title: 'Pods must set a seccomp profile (RuntimeDefault or Localhost)',
    rationale: 'Without a `seccompProfile`, containers run with seccomp disabled unless every node\'s kubelet enables `seccompDefault`. The runtime\'s default profile blocks system calls that ordinary applications never make but kernel exploits and container escapes rely on. Setting it in the manifest makes the protection independent of node configuration.',
    remediation: 'Set it once for the whole pod:\n\n```yaml\nspec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n```\n\nor on every container (init and ephemeral containers included). `Localhost` profiles are accepted too.',
    references: [
      { title: 'Pod Security Standards: restricted, Seccomp', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted' },
      { title: 'Restrict a Container\'s Syscalls with seccomp', url: 'https://kubernetes.io/docs/tutorials/security/seccomp/' },
    ],
    equivalents: {
      pss: ['seccompProfile_restricted'], cis: ['5.6.2'], nsa: ['seccomp'],
      trivy: ['KSV-0030'], checkov: ['CKV_K8S_31', 'CKV_K8S_32 (PSP)'], 'kube-score': ['container-seccomp-profile'],
      polaris: ['linuxHardening'],
    },
    profiles: ['pss-restricted', 'cis', 'nsa'],
    fix: 'suggestion',
    messages: { missing: '{{target}}: {{containers}} run without a seccomp profile: neither the pod nor the container sets `seccompProfile`.' },
    options: { schema: pssOptionsSchema(), defaults: { ...PSS_OPTION_DEFAULTS } },
    examples: {
      invalid: 'spec:\n  containers:\n    - name: app\n      image: nginx:1.27',
      valid: 'spec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n  containers:\n    - name: app\n      image: nginx:1.27',
    },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    if (!pod || skipsWindowsPod(pod, ctx.options)) return;
    // the restricted seccomp control exists from policy 1.19
    if (exactLevel(ctx.options) && !pssAtLeast(ctx.options, 19)) return;
    const podProfile = valueOf(pod.securityContext, 'seccompProfile');
    if (isSet(podProfile) || isTemplated(podProfile)) return;
    const missing = containersOf(pod).filter((c) => {
      const own = valueOf(c.securityContext, 'seccompProfile');
      return !isSet(own) && !isTemplated(own);
    });
    if (!missing.length) return;
    const insert = ctx.edit.insertPath(pod.spec, ['securityContext', 'seccompProfile', 'type'], scalar('RuntimeDefault'));
    ctx.report({
      messageId: 'missing',
      data: { target: pod.object.resource, containers: containerNames(missing) },
      span: podAnchor(ctx.doc, pod),
      fixes: insert ? [{ title: 'Set `seccompProfile.type: RuntimeDefault` for the pod', edits: insert }] : [],
      missing: true,
    });
  },
});
