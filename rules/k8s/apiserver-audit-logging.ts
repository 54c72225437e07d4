import { COMPONENT_KINDS, componentsIn, type ComponentFlags } from '../core/control-plane.js';
import { componentSettingRule } from '../templates/component-setting.js';

interface Options {
  /** Written by the fix for `--audit-policy-file`. */
  policyFile: string;
  /** Written by the fix for `--audit-log-path`. */
  logPath: string;
}

/** A flag that is set to something (an empty value turns the feature off). */
function setValue(component: ComponentFlags, name: string): boolean {
  const f = component.get(name);
  return f !== undefined && (f.templated || (f.value ?? '').trim() !== '');
}

export default componentSettingRule<'noAudit' | 'noPolicy' | 'noBackend', Options>({
  meta: {
    id: 'k8s/apiserver-audit-logging',
    severity: 'warning',
    title: 'kube-apiserver must write an audit log with an audit policy',
    rationale: 'The audit log is the only record of who did what through the API: which identity read a Secret, created a privileged pod or changed a RoleBinding. kube-apiserver writes none by default. It needs a backend (`--audit-log-path` for a file, or `--audit-webhook-config-file`) **and** a policy (`--audit-policy-file`): without a policy nothing is logged even when a backend is set.',
    remediation: 'Write an audit policy (see `k8s/audit-policy-coverage`), mount it and the log directory into the static pod, and point the API server at them:\n\n```yaml\n    - --audit-policy-file=/etc/kubernetes/audit-policy.yaml\n    - --audit-log-path=/var/log/kubernetes/audit/audit.log\n```\n\nThe fix adds the flags with the paths from the rule options; the API server does not start until the policy file exists and both paths are mounted (`hostPath` volumes, or `apiServer.extraVolumes` with kubeadm).',
    references: [
      { title: 'CIS Kubernetes Benchmark 1.2.16, 3.2.1', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'Kubernetes: auditing', url: 'https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/' },
    ],
    equivalents: { cis: ['1.2.16', '3.2.1'], nsa: ['8.0', '8.1'], kubescape: ['C-0067'], checkov: ['CKV_K8S_91'], trivy: ['KCV-0019'] },
    profiles: ['cis', 'nsa'],
    fix: 'suggestion',
    messages: {
      noAudit: '{{where}} writes no audit log (neither `--audit-log-path` nor `--audit-webhook-config-file`, and no `--audit-policy-file`): API activity leaves no record.',
      noPolicy: '{{where}} has an audit backend but no `--audit-policy-file`: without a policy nothing is logged.',
      noBackend: '{{where}} has an audit policy but no backend (`--audit-log-path` or `--audit-webhook-config-file`): audit events go nowhere.',
    },
    options: {
      schema: {
        type: 'object',
        properties: {
          policyFile: { type: 'string', description: 'Audit policy path written by the fix.' },
          logPath: { type: 'string', description: 'Audit log path written by the fix.' },
        },
        additionalProperties: false,
      },
      defaults: { policyFile: '/etc/kubernetes/audit-policy.yaml', logPath: '/var/log/kubernetes/audit/audit.log' },
    },
    examples: {
      invalid: 'command:\n- kube-apiserver\n- --audit-log-path=/var/log/kubernetes/audit/audit.log',
      valid: 'command:\n- kube-apiserver\n- --audit-log-path=/var/log/kubernetes/audit/audit.log\n- --audit-policy-file=/etc/kubernetes/audit-policy.yaml',
    },
  },
  checkKinds: COMPONENT_KINDS,
  check(ctx) {
    for (const component of componentsIn(ctx.object, ctx.edit, ['kube-apiserver'])) {
      const backend = setValue(component, 'audit-log-path') || setValue(component, 'audit-webhook-config-file');
      const policy = setValue(component, 'audit-policy-file');
      if (backend && policy) continue;
      const add: [string, string][] = [];
      if (!policy) add.push(['audit-policy-file', ctx.options.policyFile]);
      if (!backend) add.push(['audit-log-path', ctx.options.logPath]);
      const edit = component.appendFlags(add);
      ctx.report({
        messageId: !backend && !policy ? 'noAudit' : !policy ? 'noPolicy' : 'noBackend',
        data: { where: component.where },
        span: component.missingAnchor,
        missing: true,
        fixes: edit ? [{ title: `Add ${add.map(([n, v]) => `\`--${n}=${v}\``).join(' and ')} (mount them into the pod)`, edits: [edit] }] : undefined,
      });
    }
  },
});
