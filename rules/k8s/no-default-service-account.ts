import { podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { k8sRule } from '../core/rule.js';
import { serviceAccountOf } from '../core/service-accounts.js';

export default k8sRule<'unset' | 'explicit'>({
  meta: {
    id: 'k8s/no-default-service-account',
    stage: 'access',
    severity: 'warning',
    title: 'Pods should run with their own ServiceAccount',
    rationale: 'A pod without `serviceAccountName` runs as its namespace\'s `default` ServiceAccount, shared by every other pod that did not choose one. Any permission granted to `default` for one application silently applies to all of them, and audit logs cannot tell them apart.',
    remediation: 'Create a ServiceAccount per application (with `automountServiceAccountToken: false` unless it calls the API) and name it in the pod spec:\n\n```yaml\nspec:\n  serviceAccountName: billing-api\n```',
    references: [
      { title: 'Kubernetes: Service accounts', url: 'https://kubernetes.io/docs/concepts/security/service-accounts/' },
      { title: 'CIS Kubernetes Benchmark 5.1.5', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
    ],
    equivalents: { cis: ['5.1.5'], 'kube-linter': ['default-service-account'], kubescape: ['C-0189'] },
    profiles: ['cis'],
    fix: 'none',
    messages: {
      unset: '{{resource}} does not set `serviceAccountName`, so it runs as the namespace\'s shared `default` ServiceAccount.',
      explicit: '{{resource}} runs as the namespace\'s shared `default` ServiceAccount (`{{field}}: {{value}}`).',
    },
    examples: {
      invalid: 'kind: Pod\nspec:\n  containers:\n    - name: app\n      image: shop:1.4',
      valid: 'kind: Pod\nspec:\n  serviceAccountName: shop\n  containers:\n    - name: app\n      image: shop:1.4',
    },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    const account = serviceAccountOf(pod);
    if (account.templated || account.name !== 'default') return;
    if (account.node) {
      ctx.report({
        messageId: 'explicit',
        data: { resource: ctx.object.resource, field: account.field ?? 'serviceAccountName', value: account.node.value === '' ? '""' : 'default' },
        span: ctx.doc.span(account.node),
      });
      return;
    }
    ctx.report({ messageId: 'unset', data: { resource: ctx.object.resource }, span: ctx.doc.span(pod.specPair.key), missing: true });
  },
});
