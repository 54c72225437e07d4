import { containersOf, labelsOf, podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { workloadContainer } from '../core/pod-security.js';
import { k8sRule, type K8sContext } from '../core/rule.js';
import { isMap, isScalar, isTemplated, itemsOf, pairOf, stringOf, valueOf, type Node } from '../core/yaml-model.js';

type Messages = 'dashboard' | 'tiller' | 'tillerService' | 'dashboardLabel' | 'tillerLabel';

export default k8sRule<Messages>({
  meta: {
    id: 'k8s/no-legacy-admin-components',
    stage: 'deploy',
    severity: 'warning',
    title: 'Do not deploy the Kubernetes Dashboard or Helm v2 Tiller',
    rationale: 'Both are well-known cluster takeover paths. Tiller (Helm v2, end of life since 2020) accepts unauthenticated gRPC requests on port 44134 and installs anything with its usually cluster-admin service account. The Kubernetes Dashboard has been exposed with powerful service accounts in many breaches; anyone who reaches it acts with its permissions.',
    remediation: 'Remove Tiller and use Helm 3, which has no in-cluster component. Instead of the Dashboard, use `kubectl` or a client that authenticates as the user; if the Dashboard stays, give it no cluster-wide permissions and never expose it outside the cluster.',
    references: [
      { title: 'Helm: changes since Helm 2 (removal of Tiller)', url: 'https://helm.sh/docs/faq/changes_since_helm2/#removal-of-tiller' },
      { title: 'Kubernetes Dashboard: access control', url: 'https://github.com/kubernetes/dashboard/blob/master/docs/user/access-control/README.md' },
    ],
    equivalents: { checkov: ['CKV_K8S_33', 'CKV_K8S_34', 'CKV_K8S_44', 'CKV_K8S_45'], trivy: ['KSV-0102'] },
    fix: 'none',
    messages: {
      dashboard: '{{target}} runs the Kubernetes Dashboard (`{{image}}`).',
      tiller: '{{target}} runs Helm v2 Tiller (`{{image}}`){{listener}}.',
      tillerService: '{{resource}} exposes Helm v2 Tiller.',
      dashboardLabel: '{{resource}} is labelled as the Kubernetes Dashboard.',
      tillerLabel: '{{resource}} is labelled as Helm v2 Tiller.',
    },
    examples: {
      invalid: 'containers:\n  - name: tiller\n    image: gcr.io/kubernetes-helm/tiller:v2.16.1',
      valid: 'containers:\n  - name: app\n    image: nginx:1.27',
    },
  },
  kinds: ['Service', ...WORKLOAD_KINDS],
  check(ctx) {
    if (ctx.object.kind === 'Service') {
      const name = pairOf(valueOf(ctx.object.node, 'metadata'), 'name')?.value;
      if (stringOf(name) === 'tiller-deploy') ctx.report({ messageId: 'tillerService', data: { resource: ctx.object.resource }, span: ctx.doc.span(name as Node) });
      return;
    }
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    let found = false;
    for (const c of containersOf(pod)) {
      const image = pairOf(c.node, 'image')?.value;
      const ref = stringOf(image);
      if (!isScalar(image) || ref === undefined || isTemplated(image)) continue;
      const lower = ref.toLowerCase();
      if (lower.includes('kubernetes-dashboard') || lower.includes('kubernetesui/')) {
        found = true;
        ctx.report({ messageId: 'dashboard', data: { target: workloadContainer(c), image: ref }, span: ctx.doc.span(image) });
      } else if (/(^|\/)tiller(:|@|$)/.test(lower) || lower.includes('kubernetes-helm/tiller')) {
        found = true;
        const localOnly = [...itemsOf(valueOf(c.node, 'args')), ...itemsOf(valueOf(c.node, 'command'))]
          .some((a) => /^--listen=(localhost|127\.0\.0\.1):44134$/.test(stringOf(a) ?? ''));
        ctx.report({
          messageId: 'tiller',
          data: { target: workloadContainer(c), image: ref, listener: localOnly ? '' : ', listening on all interfaces (no `--listen=localhost:44134`)' },
          span: ctx.doc.span(image),
        });
      }
    }
    if (!found) checkLabels(ctx, pod.meta);
  },
});

function checkLabels(ctx: K8sContext<Messages>, meta: unknown): void {
  const labels = labelsOf(meta);
  const labelsNode = valueOf(meta, 'labels');
  if (!isMap(labelsNode)) return;
  const anchor = (key: string) => ctx.doc.span(pairOf(labelsNode, key)!.value as Node);
  for (const key of ['app', 'k8s-app']) {
    if (labels[key] === 'kubernetes-dashboard') {
      ctx.report({ messageId: 'dashboardLabel', data: { resource: ctx.object.resource }, span: anchor(key) });
      return;
    }
  }
  if (labels.app === 'helm' && labels.name === 'tiller') {
    ctx.report({ messageId: 'tillerLabel', data: { resource: ctx.object.resource }, span: anchor('name') });
  }
}
