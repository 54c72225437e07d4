import { parseBool } from '../core/control-plane.js';
import { componentSettingRule } from '../templates/component-setting.js';

export default componentSettingRule({
  meta: {
    id: 'k8s/control-plane-no-profiling',
    severity: 'warning',
    title: 'kube-apiserver, kube-controller-manager and kube-scheduler must run with `--profiling=false`',
    rationale: 'Profiling is on by default and serves `/debug/pprof` on the component\'s secure port. The profiles reveal the program\'s internals (goroutines, heap contents, command line) to anyone authorised for that path, and a CPU or heap profile request is an easy way to slow a control-plane component down. Clusters do not need it in production.',
    remediation: 'Add the flag to each static pod\'s command:\n\n```yaml\n    - --profiling=false\n```\n\nWith kubeadm, set it under `apiServer`, `controllerManager` and `scheduler` `extraArgs` (`profiling: "false"`). The fix only disables the profiling endpoints, so it is safe to apply.',
    references: [
      { title: 'CIS Kubernetes Benchmark 1.2.15, 1.3.2, 1.4.1', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'kube-apiserver flags', url: 'https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/' },
    ],
    equivalents: {
      cis: ['1.2.15', '1.3.2', '1.4.1'],
      checkov: ['CKV_K8S_90', 'CKV_K8S_107', 'CKV_K8S_114'],
      trivy: ['KCV-0018', 'KCV-0034', 'KCV-0040'],
    },
    profiles: ['cis'],
    fix: 'safe',
    examples: {
      invalid: 'command:\n- kube-scheduler\n- --kubeconfig=/etc/kubernetes/scheduler.conf',
      valid: 'command:\n- kube-scheduler\n- --kubeconfig=/etc/kubernetes/scheduler.conf\n- --profiling=false',
    },
  },
  flags: [{
    components: ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'],
    flag: 'profiling',
    default: 'true',
    isSecure: (v) => parseBool(v) === false,
    reportMissingInKubeadm: true,
    fix: { value: 'false' },
    risk: 'the `/debug/pprof` endpoints expose the component\'s internals and can be used to slow it down',
  }],
});
