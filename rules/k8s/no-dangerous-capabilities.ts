import { canonicalCapability, DANGEROUS_CAPABILITIES } from '../core/pod-security.js';
import { addedCapabilityRule } from '../templates/added-capability.js';

/** What each capability gives an attacker, for the message. */
const WHY: Record<string, string> = {
  ALL: 'every capability, root on the node in all but name',
  SYS_ADMIN: 'mounts, namespaces and most of the kernel\'s admin interfaces, a known container escape',
  NET_ADMIN: 'control of the pod network: interfaces, routes, firewall rules, traffic interception',
  SYS_MODULE: 'loading kernel modules, i.e. code in the node\'s kernel',
  SYS_PTRACE: 'tracing and injecting code into other processes',
  SYS_RAWIO: 'raw access to devices and I/O ports',
  SYS_BOOT: 'rebooting the node and loading a new kernel',
  BPF: 'loading eBPF programs into the kernel',
  PERFMON: 'kernel performance monitoring that exposes kernel memory layout',
  MAC_ADMIN: 'changing the mandatory access control (AppArmor, SELinux) policy',
  MAC_OVERRIDE: 'bypassing the mandatory access control policy',
  NET_RAW: 'raw sockets: packet spoofing and ARP poisoning on the pod network',
  DAC_READ_SEARCH: 'reading any file by handle, the capability behind the "shocker" escape',
};

export default addedCapabilityRule({
  id: 'k8s/no-dangerous-capabilities',
  title: 'Containers must not add dangerous capabilities',
  severity: 'error',
  rationale: 'Some Linux capabilities are close to root on the node: `SYS_ADMIN` allows mounting file systems and is the usual ingredient of container escapes, `SYS_MODULE` loads kernel code, `SYS_PTRACE` injects into other processes, `NET_ADMIN` and `NET_RAW` take over or spoof the pod network, `DAC_READ_SEARCH` reads host files by handle. Adding any of them, or `ALL`, removes most of what isolates the container.',
  remediation: 'Remove the capability and find the narrow mechanism the workload needs (a device plugin, a CSI driver, a dedicated node agent). Names are compared case-insensitively and with or without the `CAP_` prefix.\n\n```yaml\nsecurityContext:\n  capabilities:\n    drop: [ALL]\n```',
  references: [
    { title: 'Pod Security Standards: baseline, Capabilities', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline' },
    { title: 'capabilities(7)', url: 'https://man7.org/linux/man-pages/man7/capabilities.7.html' },
  ],
  equivalents: {
    pss: ['capabilities_baseline'], cis: ['5.2.8', '5.2.9'], nsa: ['C-0046'],
    polaris: ['dangerousCapabilities'], checkov: ['CKV_K8S_39'], trivy: ['KSV-0005', 'KSV-0119', 'KSV-0120'],
    'kube-linter': ['privilege-escalation-container'], kubescape: ['C-0046'],
  },
  // every capability flagged here is outside the baseline allow-list, so a finding is always a baseline violation
  profiles: ['pss-baseline', 'cis', 'nsa'],
  judge(item) {
    const name = canonicalCapability(item);
    return DANGEROUS_CAPABILITIES.has(name) ? { reason: `it grants ${WHY[name] ?? 'a route to the node'}` } : undefined;
  },
  examples: {
    invalid: 'securityContext:\n  capabilities:\n    add: [SYS_ADMIN]',
    valid: 'securityContext:\n  capabilities:\n    drop: [ALL]',
  },
});
