import { labelsOf, podSpecOf, type K8sObject, type PodSpec } from '../core/k8s.js';
import { k8sRule, type K8sFileContext, type RelatedDescriptor } from '../core/rule.js';
import {
  effectiveAutomount, projectedTokenSource, tokenPathMounts, type AutomountDecision,
} from '../core/service-accounts.js';
import { scalar } from '../core/yaml-edit.js';
import { pairOf } from '../core/yaml-model.js';

interface Options {
  /** ServiceAccounts whose pods are meant to call the API (controllers, operators). */
  exemptServiceAccounts: string[];
  /** Pod or workload labels (`key` or `key=value`) that mark API clients. */
  exemptLabels: string[];
}

type Messages = 'explicit' | 'serviceAccount' | 'default';

const FIELD = 'automountServiceAccountToken';

export default k8sRule<Messages, Options>({
  meta: {
    id: 'k8s/no-automount-service-account-token',
    stage: 'access',
    severity: 'warning',
    title: 'Do not mount a ServiceAccount token into pods that do not call the API',
    rationale: 'Unless told otherwise, Kubernetes mounts an API token of the pod\'s ServiceAccount into every container. Most applications never talk to the Kubernetes API, but anyone who gets code execution in the container can read the token and act with the account\'s permissions: list Secrets, create pods, or probe the API for further weaknesses. The pod\'s own `automountServiceAccountToken` wins; when it is not set, the ServiceAccount\'s setting decides, and when neither says `false` the token is mounted.',
    remediation: 'Turn the token off in the pod spec:\n\n```yaml\nspec:\n  automountServiceAccountToken: false\n```\n\nor on the ServiceAccount for every pod using it. Pods that do call the API can request a short-lived token explicitly with a projected `serviceAccountToken` volume (not reported), or be listed in the rule\'s `exemptServiceAccounts` option.',
    references: [
      { title: 'Kubernetes: Configure Service Accounts for Pods (opt out of API credential automounting)', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting' },
      { title: 'CIS Kubernetes Benchmark 5.1.6', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
    ],
    equivalents: {
      cis: ['5.1.6'], nsa: ['C-0034'], polaris: ['automountServiceAccountToken'], checkov: ['CKV_K8S_38'],
      trivy: ['KSV-0036'], kubescape: ['C-0034', 'C-0190'],
    },
    profiles: ['cis', 'nsa'],
    fix: 'suggestion',
    scope: 'file',
    messages: {
      explicit: '{{resource}} sets `automountServiceAccountToken: true`: every container gets an API token of ServiceAccount "{{account}}".',
      serviceAccount: '{{resource}} gets an API token of ServiceAccount "{{account}}" mounted: neither the pod nor that ServiceAccount sets `automountServiceAccountToken: false`.',
      default: '{{resource}} gets an API token of ServiceAccount "{{account}}" mounted: the pod does not set `automountServiceAccountToken: false`{{where}}.',
    },
    options: {
      schema: {
        type: 'object',
        properties: {
          exemptServiceAccounts: { type: 'array', items: { type: 'string' }, description: 'ServiceAccounts whose pods are expected to call the Kubernetes API.' },
          exemptLabels: { type: 'array', items: { type: 'string' }, description: 'Labels (`key` or `key=value`) of pods or workloads that are expected to call the API.' },
        },
        additionalProperties: false,
      },
      defaults: { exemptServiceAccounts: [], exemptLabels: [] },
    },
    examples: {
      invalid: 'kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: shop:1.4',
      valid: 'kind: Deployment\nspec:\n  template:\n    spec:\n      automountServiceAccountToken: false\n      containers:\n        - name: app\n          image: shop:1.4',
    },
  },
  checkFile(ctx) {
    // Single-file view: the ServiceAccount is looked up among the objects of this file. The workspace view
    // (RULES.md §6) plugs in here by widening the candidates.
    const candidates = ctx.objects;
    for (const object of ctx.objects) {
      const pod = podSpecOf(object);
      if (!pod) continue;
      const decision = effectiveAutomount(pod, candidates);
      if (decision.value !== true || projectedTokenSource(pod)) continue;
      if (isExempt(object, pod, decision, ctx.options)) continue;
      report(ctx, object, pod, decision);
    }
  },
});

function report(ctx: K8sFileContext<Messages, Options>, object: K8sObject, pod: PodSpec, decision: AutomountDecision): void {
  const edit = ctx.editorFor(object.doc);
  const edits = edit.insertPath(pod.spec, [FIELD], scalar('false'));
  const fixes = edits ? [{ title: 'Set `automountServiceAccountToken: false` in the pod spec', edits }] : undefined;
  const related: RelatedDescriptor[] = tokenPathMounts(pod).map((p) => ({ span: object.doc.span(p.value), message: 'a container mounts the token directory' }));
  const data = { resource: object.resource, account: decision.account.name };
  if (decision.source === 'pod' && decision.node) {
    ctx.report({
      messageId: 'explicit', data, resource: object.resource, fixes, related,
      span: object.doc.span(decision.node),
    });
    return;
  }
  const sa = decision.serviceAccount;
  if (sa) {
    const anchor = decision.node ?? pairOf(pairOf(sa.node, 'metadata')?.value, 'name')?.value ?? sa.kindNode;
    related.push({ span: sa.doc.span(anchor), message: decision.node ? 'the ServiceAccount turns automounting on' : 'the ServiceAccount does not turn automounting off' });
  }
  ctx.report({
    messageId: sa ? 'serviceAccount' : 'default',
    data: { ...data, where: ctx.objects.some((o) => o.kind === 'ServiceAccount') ? ' and the ServiceAccount is not in this file' : ' and no ServiceAccount in this file does' },
    resource: object.resource, fixes, related,
    span: object.doc.span(pod.specPair.key),
    missing: true,
  });
}

function isExempt(object: K8sObject, pod: PodSpec, decision: AutomountDecision, options: Options): boolean {
  const accounts = Array.isArray(options.exemptServiceAccounts) ? options.exemptServiceAccounts : [];
  if (accounts.includes(decision.account.name)) return true;
  const wanted = Array.isArray(options.exemptLabels) ? options.exemptLabels.filter((l) => typeof l === 'string') : [];
  if (!wanted.length) return false;
  const labels = { ...labelsOf(pairOf(object.node, 'metadata')?.value), ...labelsOf(pod.meta) };
  return wanted.some((entry) => {
    const eq = entry.indexOf('=');
    return eq < 0 ? entry in labels : labels[entry.slice(0, eq)] === entry.slice(eq + 1);
  });
}
