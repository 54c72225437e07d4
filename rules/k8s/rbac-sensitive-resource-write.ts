import { WRITE_VERBS, codeList, grantOf, targets, type Grant } from '../core/rbac.js';
import { rbacRule } from '../templates/rbac-permission.js';

const CONFIGMAPS = targets([''], 'configmaps');
const POD_LOGS = targets([''], 'pods/log');

export default rbacRule({
  id: 'k8s/rbac-sensitive-resource-write',
  severity: 'info',
  title: 'Review roles that can change ConfigMaps or delete pod logs',
  rationale: 'ConfigMaps carry configuration that workloads trust: changing them changes what applications do. On EKS the `aws-auth` ConfigMap in `kube-system` maps IAM identities to Kubernetes users and groups, so write access to it (or to every ConfigMap of `kube-system`) is cluster-admin (reported as an error). Deleting `pods/log` removes evidence of what a container did.',
  remediation: 'Limit ConfigMap writes to the pipeline that owns them and narrow them with `resourceNames`; never grant writes in `kube-system` to workloads. Manage EKS access entries instead of editing `aws-auth` by hand.',
  equivalents: { trivy: ['KSV-0049', 'KSV-0115', 'KSV-0042'] },
  message: '{{role}} {{entry}} grants {{verbs}} on {{resources}}: {{consequence}}.{{narrowed}}',
  examples: {
    invalid: 'kind: Role\nmetadata:\n  namespace: kube-system\nrules:\n  - apiGroups: [""]\n    resources: ["configmaps"]\n    verbs: ["update"]',
    valid: 'rules:\n  - apiGroups: [""]\n    resources: ["configmaps"]\n    verbs: ["get", "list"]',
  },
  inspect(rule) {
    const configs = grantOf(rule, CONFIGMAPS, WRITE_VERBS);
    const logs = grantOf(rule, POD_LOGS, ['delete', 'deletecollection']);
    const grant: Grant | undefined = configs ?? logs;
    if (!grant) return undefined;
    const awsAuth = rule.resourceNames.some((n) => n.value === 'aws-auth');
    const kubeSystem = rule.role.kind === 'Role' && rule.role.namespace === 'kube-system';
    const critical = !!configs && (awsAuth || kubeSystem);
    const consequence = !configs
      ? 'its holder can erase the logs of containers'
      : awsAuth
        ? 'the `aws-auth` ConfigMap maps IAM identities to cluster users, so this is cluster-admin on EKS'
        : kubeSystem
          ? 'ConfigMaps of `kube-system` include `aws-auth` and control-plane configuration, so this is close to cluster-admin'
          : 'its holder can change the configuration that workloads trust';
    return {
      anchor: grant.resourceItems[0],
      severity: critical ? 'error' : 'info',
      data: {
        verbs: codeList([...(configs?.verbs ?? []), ...(logs?.verbs ?? []).filter((v) => !configs?.verbs.includes(v))]),
        resources: codeList([...(configs?.resources ?? []), ...(logs?.resources ?? [])]),
        consequence,
      },
      related: [{ item: grant.verbItems[0], message: 'with this verb' }],
      // naming `aws-auth` makes it worse, not better
      lowerWhenNarrowed: false,
    };
  },
});
