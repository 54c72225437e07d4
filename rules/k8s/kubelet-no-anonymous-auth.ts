import { parseBool } from '../core/control-plane.js';
import { componentSettingRule } from '../templates/component-setting.js';

export default componentSettingRule({
  meta: {
    id: 'k8s/kubelet-no-anonymous-auth',
    severity: 'error',
    title: 'The kubelet must not accept anonymous requests',
    rationale: 'The kubelet API on port 10250 runs commands in containers, streams logs and lists every pod on the node. With anonymous authentication on, a request without credentials is served as `system:anonymous`; combined with a permissive authorization mode that is remote code execution on every node for anyone who reaches the port. The kubelet *flag* defaults to `true`; the KubeletConfiguration file defaults to `false`, so only an explicit `true` is reported there.',
    remediation: 'In the KubeletConfiguration:\n\n```yaml\nauthentication:\n  anonymous:\n    enabled: false\n```\n\nor pass `--anonymous-auth=false` on the command line.',
    references: [
      { title: 'CIS Kubernetes Benchmark 4.2.1', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'Kubernetes: kubelet authentication/authorization', url: 'https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/' },
    ],
    equivalents: { cis: ['4.2.1'], nsa: ['kubelet hardening'], kubescape: ['C-0069'], checkov: ['CKV_K8S_138'], trivy: ['KCV-0079'] },
    profiles: ['cis', 'nsa'],
    fix: 'suggestion',
    examples: {
      invalid: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true',
      valid: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false',
    },
  },
  flags: [{
    components: ['kubelet'],
    flag: 'anonymous-auth',
    default: 'true',
    isSecure: (v) => parseBool(v) === false,
    configFileSetting: true,
    fix: { value: 'false' },
    risk: 'requests without credentials reach the kubelet API (exec, logs, pods)',
  }],
  fields: [{
    kind: 'KubeletConfiguration',
    path: ['authentication', 'anonymous', 'enabled'],
    default: false,
    isSecure: (v) => parseBool(v) !== true,
    fix: { value: 'false' },
    risk: 'requests without credentials reach the kubelet API (exec, logs, pods)',
  }],
});
