import { parseInteger, type ComponentFlags } from '../core/control-plane.js';
import { componentSettingRule, type FlagSetting } from '../templates/component-setting.js';

interface Options {
  /** Days to keep old audit log files (`--audit-log-maxage`). */
  maxAge: number;
  /** Number of old audit log files to keep (`--audit-log-maxbackup`). */
  maxBackup: number;
  /** Size in megabytes at which the log is rotated (`--audit-log-maxsize`). */
  maxSize: number;
}

/** Retention matters only for a file backend (`-` is standard output). */
function writesAuditFile(component: ComponentFlags): boolean {
  const path = component.get('audit-log-path');
  if (!path || path.templated) return false;
  const v = (path.value ?? '').trim();
  return v !== '' && v !== '-';
}

function atLeast(name: string, minimum: number, risk: string): FlagSetting {
  return {
    components: ['kube-apiserver'],
    flag: name,
    default: '0',
    isSecure: (v) => (parseInteger(v) ?? -1) >= minimum,
    reportMissingInKubeadm: true,
    when: writesAuditFile,
    fix: { value: String(minimum) },
    risk,
  };
}

export default componentSettingRule<never, Options>({
  meta: {
    id: 'k8s/apiserver-audit-log-retention',
    severity: 'info',
    title: 'The audit log file must be rotated and kept long enough',
    rationale: 'An audit log is only useful if it still holds the events when an incident is investigated, and if it cannot fill the control-plane disk. With a file backend, kube-apiserver keeps old files by age (`--audit-log-maxage`, days), by count (`--audit-log-maxbackup`) and rotates at a size (`--audit-log-maxsize`, MB). The CIS Benchmark asks for at least 30 days, 10 files and 100 MB; adjust the thresholds in the rule options to your retention policy.',
    remediation: 'Set the three flags next to `--audit-log-path`:\n\n```yaml\n    - --audit-log-maxage=30\n    - --audit-log-maxbackup=10\n    - --audit-log-maxsize=100\n```\n\nShip the log to central storage as well: files on a control-plane node go with the node.',
    references: [
      { title: 'CIS Kubernetes Benchmark 1.2.17–1.2.19', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'Kubernetes: audit log backend', url: 'https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/#log-backend' },
    ],
    equivalents: {
      cis: ['1.2.17', '1.2.18', '1.2.19'], nsa: ['8.2'],
      checkov: ['CKV_K8S_92', 'CKV_K8S_93', 'CKV_K8S_94'], trivy: ['KCV-0020', 'KCV-0021', 'KCV-0022'],
    },
    profiles: ['cis', 'nsa'],
    fix: 'suggestion',
    options: {
      schema: {
        type: 'object',
        properties: {
          maxAge: { type: 'integer', minimum: 1, description: 'Minimum --audit-log-maxage (days).' },
          maxBackup: { type: 'integer', minimum: 1, description: 'Minimum --audit-log-maxbackup (files).' },
          maxSize: { type: 'integer', minimum: 1, description: 'Minimum --audit-log-maxsize (MB).' },
        },
        additionalProperties: false,
      },
      defaults: { maxAge: 30, maxBackup: 10, maxSize: 100 },
    },
    examples: {
      invalid: 'command:\n- kube-apiserver\n- --audit-log-path=/var/log/kubernetes/audit/audit.log\n- --audit-log-maxage=7',
      valid: 'command:\n- kube-apiserver\n- --audit-log-path=/var/log/kubernetes/audit/audit.log\n- --audit-log-maxage=30\n- --audit-log-maxbackup=10\n- --audit-log-maxsize=100',
    },
  },
  flags: (o) => [
    atLeast('audit-log-maxage', o.maxAge, `audit files are not kept for ${o.maxAge} days`),
    atLeast('audit-log-maxbackup', o.maxBackup, `fewer than ${o.maxBackup} rotated audit files are kept`),
    atLeast('audit-log-maxsize', o.maxSize, `the audit log is rotated below ${o.maxSize} MB (or never), so it either grows without bound or old events are lost quickly`),
  ],
});
