import { isTrue } from '../core/yaml-model.js';
import { forbiddenSecurityValueRule } from '../templates/forbidden-security-value.js';

export default forbiddenSecurityValueRule({
  id: 'k8s/no-windows-host-process',
  title: 'Windows pods must not run as HostProcess containers',
  severity: 'error',
  rationale: 'A Windows HostProcess container runs directly on the node as a host process, with the node\'s network and filesystem and, typically, as `NT AUTHORITY\\SYSTEM`. It is the Windows equivalent of a privileged container with every host namespace: full control of the node.',
  remediation: 'Remove `windowsOptions.hostProcess: true` (at pod and container level). Node management belongs in a dedicated, tightly controlled namespace with a suppression that explains why.\n\n```yaml\nsecurityContext:\n  windowsOptions:\n    hostProcess: false\n```',
  references: [
    { title: 'Pod Security Standards: baseline, HostProcess', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline' },
    { title: 'Create a Windows HostProcess Pod', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/' },
  ],
  equivalents: { pss: ['windowsHostProcess'], cis: ['5.2.10'], polaris: ['hostProcess'], trivy: ['KSV-0103'] },
  profiles: ['pss-baseline', 'cis'],
  levels: ['pod', 'container'],
  path: ['windowsOptions', 'hostProcess'],
  forbidden: (v) => isTrue(v),
  replacement: () => 'false',
  message: '{{target}} runs as a Windows HostProcess container (`{{field}}: {{value}}`), with full access to the node.',
  examples: {
    invalid: 'securityContext:\n  windowsOptions:\n    hostProcess: true',
    valid: 'securityContext:\n  windowsOptions:\n    hostProcess: false',
  },
});
