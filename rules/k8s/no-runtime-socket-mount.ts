import { dangerousHostPathRule, runtimeSocketReason } from '../templates/host-path.js';

export default dangerousHostPathRule({
  id: 'k8s/no-runtime-socket-mount',
  title: 'Pods must not mount the container runtime socket',
  severity: 'error',
  rationale: 'The Docker, containerd, CRI-O or Podman socket is the API that starts containers on the node. Whoever can write to it can start a privileged container with the node\'s root filesystem mounted: full control of the node and of every pod on it, including their secrets. Mounting `/var/run` or `/run` exposes the same sockets.',
  remediation: 'Remove the volume. Build images with a rootless builder (BuildKit rootless, kaniko, buildah) instead of the node\'s daemon, and read container metadata through the Kubernetes API or the kubelet\'s authenticated endpoints.',
  references: [
    { title: 'Pod Security Standards: baseline, HostPath Volumes', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline' },
    { title: 'Docker security: the daemon attack surface', url: 'https://docs.docker.com/engine/security/#docker-daemon-attack-surface' },
  ],
  equivalents: {
    pss: ['hostPathVolumes'], 'cis-docker': ['5.31'],
    'kube-linter': ['docker-sock'], checkov: ['CKV_K8S_27'], trivy: ['KSV-0006'],
  },
  // a subset of hostPath volumes, which the baseline level forbids: every finding is a baseline violation
  profiles: ['pss-baseline'],
  reason: runtimeSocketReason,
  examples: {
    invalid: 'volumes:\n  - name: docker\n    hostPath:\n      path: /var/run/docker.sock',
    valid: 'volumes:\n  - name: scratch\n    emptyDir: {}',
  },
});
