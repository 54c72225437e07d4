import { dangerousHostPathRule, sensitiveHostPathReason } from '../templates/host-path.js';

export default dangerousHostPathRule({
  id: 'k8s/no-sensitive-host-mount',
  title: 'Pods must not mount sensitive host directories',
  severity: 'error',
  rationale: 'Mounting the node\'s `/`, `/etc`, `/proc`, `/sys`, `/dev`, `/boot`, `/usr`, `/lib` or the Docker data root hands the pod the node itself: it can read `/etc/shadow` and kubelet credentials, change system binaries and configuration, reach devices and kernel tunables. The kubelet, etcd and `/etc/kubernetes` trees hold the cluster\'s certificates and keys, so mounting them leaks cluster-admin level credentials.',
  remediation: 'Remove the volume. Read what the workload needs through the Kubernetes API, a ConfigMap or Secret, or the Downward API; node agents that must inspect the host should mount the narrowest path, read-only, in a dedicated namespace, with a suppression that explains why.',
  references: [
    { title: 'Pod Security Standards: baseline, HostPath Volumes', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline' },
    { title: 'Kubernetes volumes: hostPath', url: 'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath' },
  ],
  equivalents: { pss: ['hostPathVolumes'], 'kube-linter': ['sensitive-host-mounts'], trivy: ['KSV-0121'] },
  // a subset of hostPath volumes, which the baseline level forbids: every finding is a baseline violation
  profiles: ['pss-baseline'],
  reason: sensitiveHostPathReason,
  examples: {
    invalid: 'volumes:\n  - name: etc\n    hostPath:\n      path: /etc',
    valid: 'volumes:\n  - name: config\n    configMap:\n      name: app-config',
  },
});
