import { BASELINE_CAPABILITIES, canonicalCapability, DANGEROUS_CAPABILITIES } from '../core/pod-security.js';
import { addedCapabilityRule } from '../templates/added-capability.js';

export default addedCapabilityRule({
  id: 'k8s/capabilities-baseline',
  title: 'Containers may add only the capabilities the baseline standard allows',
  severity: 'warning',
  rationale: 'The Pod Security Standards baseline level lets a container add back only the capabilities container runtimes grant by default (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT). Anything else widens the kernel attack surface beyond what an ordinary container has, and a namespace labelled `enforce: baseline` rejects the pod.',
  remediation: 'Remove the capability, or use one of the allowed names. The admission compares names literally: `CAP_CHOWN` and `chown` are rejected, write `CHOWN`.\n\n```yaml\nsecurityContext:\n  capabilities:\n    drop: [ALL]\n    add: [NET_BIND_SERVICE]\n```\n\nCapabilities that `k8s/no-dangerous-capabilities` reports are not reported again here.',
  references: [
    { title: 'Pod Security Standards: baseline, Capabilities', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline' },
  ],
  equivalents: {
    pss: ['capabilities_baseline'], cis: ['5.2.9'],
    trivy: ['KSV-0022'], checkov: ['CKV_K8S_25', 'CKV_K8S_24 (PSP)'],
  },
  profiles: ['pss-baseline', 'cis'],
  judge(item) {
    if (BASELINE_CAPABILITIES.has(item)) return undefined;
    const name = canonicalCapability(item);
    // one finding per item: the dangerous ones belong to k8s/no-dangerous-capabilities
    if (DANGEROUS_CAPABILITIES.has(name)) return undefined;
    if (BASELINE_CAPABILITIES.has(name)) return { reason: `the standard compares names literally, write \`${name}\``, rewrite: name };
    return { reason: 'it is not in the baseline allow-list' };
  },
  examples: {
    invalid: 'securityContext:\n  capabilities:\n    add: [SYS_TIME]',
    valid: 'securityContext:\n  capabilities:\n    add: [NET_BIND_SERVICE]',
  },
});
