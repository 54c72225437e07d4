import { exactLevel, pssAtLeast } from '../core/pod-security.js';
import { stringOf } from '../core/yaml-model.js';
import { forbiddenSecurityValueRule } from '../templates/forbidden-security-value.js';

export default forbiddenSecurityValueRule({
  id: 'k8s/default-proc-mount',
  title: 'Containers must use the default /proc mount',
  severity: 'error',
  rationale: 'The container runtime masks and makes read-only parts of `/proc` and `/sys` (`/proc/kcore`, `/proc/sysrq-trigger`, `/proc/sys`, …) that leak host information or control the kernel. `procMount: Unmasked` removes that protection; it is meant for nested container runtimes inside user namespaces. Outside a user namespace an unmasked `/proc` exposes the node\'s kernel.',
  remediation: 'Remove `procMount` or set it to `Default`:\n\n```yaml\nsecurityContext:\n  procMount: Default\n```\n\nThe baseline standard (policy 1.35 and later) accepts `Unmasked` for pods with `hostUsers: false`; the restricted standard never does, and neither does this rule unless it runs for the `pss-baseline` preset.',
  references: [
    { title: 'Pod Security Standards: baseline and restricted, /proc Mount Type', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/' },
    { title: 'User namespaces', url: 'https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/' },
  ],
  equivalents: {
    pss: ['procMount', 'procMount_restricted'],
    'kube-linter': ['unsafe-proc-mount'], polaris: ['procMount'], trivy: ['KSV-0027'],
  },
  profiles: ['pss-baseline', 'pss-restricted'],
  levels: ['container'],
  path: ['procMount'],
  forbidden: (v) => stringOf(v) !== 'Default',
  replacement: () => 'Default',
  // only the baseline check (policy >= 1.35) relaxes for user namespaces; restricted re-tightens it
  skipPod: (pod, o) => pod.userNamespaces && exactLevel(o) === 'baseline' && pssAtLeast(o, 35),
  restrictedAction: true,
  message: '{{target}} sets `{{field}}: {{value}}`: the runtime\'s masking of /proc is off.',
  examples: {
    invalid: 'securityContext:\n  procMount: Unmasked',
    valid: 'securityContext:\n  procMount: Default',
  },
});
