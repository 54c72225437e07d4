import { exactLevel, pssAtLeast, userNamespaceRelaxed, type PssOptions } from '../core/pod-security.js';
import { numberOf } from '../core/yaml-model.js';
import { forbiddenSecurityValueRule } from '../templates/forbidden-security-value.js';

interface Options extends PssOptions {
  /** The UID the fix writes instead of 0. */
  defaultUid: number;
}

export default forbiddenSecurityValueRule<Options>({
  id: 'k8s/no-run-as-root-uid',
  title: 'Pods and containers must not set runAsUser: 0',
  severity: 'error',
  rationale: '`runAsUser: 0` explicitly runs the container as root, overriding a non-root `USER` in the image. Root inside the container owns its filesystem and keeps every capability the runtime grants; an escape then lands as root on the node. Each explicit setter is a violation, even one that another level overrides, because the value takes effect again as soon as the override is removed.',
  remediation: 'Use a non-zero UID, ideally one above 10000 that no host account uses:\n\n```yaml\nsecurityContext:\n  runAsUser: 65532\n  runAsNonRoot: true\n```\n\nPods with `hostUsers: false` run in a user namespace where UID 0 maps to an unprivileged host UID; the rule does not apply to them.',
  references: [
    { title: 'Pod Security Standards: restricted, Running as Non-root user', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted' },
    { title: 'User namespaces', url: 'https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/' },
  ],
  equivalents: {
    pss: ['runAsUser'], cis: ['5.2.7'], nsa: ['C-0013'],
    'kube-linter': ['run-as-non-root'], polaris: ['runAsRootAllowed'], trivy: ['KSV-0105'],
  },
  profiles: ['pss-restricted', 'cis', 'nsa'],
  levels: ['pod', 'container'],
  path: ['runAsUser'],
  forbidden: (v) => numberOf(v) === 0,
  replacement: (o) => String(o.defaultUid ?? 65532),
  // user namespaces relax the check from policy 1.35; the check itself exists from policy 1.23
  skipPod: (pod, o) => userNamespaceRelaxed(pod, o) || (exactLevel(o) !== undefined && !pssAtLeast(o, 23)),
  restrictedAction: true,
  message: '{{target}} runs as root (`runAsUser: {{value}}`).',
  options: {
    properties: { defaultUid: { type: 'integer', minimum: 1, description: 'UID written by the fix.' } },
    defaults: { defaultUid: 65532 },
  },
  examples: {
    invalid: 'securityContext:\n  runAsUser: 0',
    valid: 'securityContext:\n  runAsUser: 65532\n  runAsNonRoot: true',
  },
});
