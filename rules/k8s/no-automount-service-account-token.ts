import { WORKLOAD_KINDS } from '../core/k8s.js';
import { k8sRule, type WorkspaceContext } from '../core/rule.js';
import type { Range } from '../core/types.js';
import {
  namedIn, namespaceOf, type IndexedEntry, type IndexedObject, type PodFacts, type WorkspaceLookup,
} from '../core/workspace-index.js';

interface Options {
  /** ServiceAccounts whose pods are meant to call the API (controllers, operators). */
  exemptServiceAccounts: string[];
  /** Pod or workload labels (`key` or `key=value`) that mark API clients. */
  exemptLabels: string[];
}

type Messages = 'explicit' | 'serviceAccount' | 'default';

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
    scope: 'workspace',
    messages: {
      explicit: '{{resource}} sets `automountServiceAccountToken: true`: every container gets an API token of ServiceAccount "{{account}}".',
      serviceAccount: '{{resource}} gets an API token of ServiceAccount "{{account}}" mounted: neither the pod nor that ServiceAccount sets `automountServiceAccountToken: false`.',
      default: '{{resource}} gets an API token of ServiceAccount "{{account}}" mounted: the pod does not set `automountServiceAccountToken: false` and no definition of that ServiceAccount in the analysed files turns it off.',
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
  checkWorkspace(ctx) {
    // The ServiceAccount may be defined in any file: the decision is made on the workspace index, which is this file
    // alone when there is no workspace.
    for (const entry of ctx.subjects(WORKLOAD_KINDS)) {
      const pod = entry.object.pod;
      if (!pod || pod.projectedToken) continue;
      const decision = decide(ctx.index, entry, pod);
      if (!decision || isExempt(entry.object, pod, ctx.options)) continue;
      report(ctx, entry, pod, decision);
    }
  },
});

interface Decision {
  source: 'pod' | 'service-account' | 'default';
  /** The ServiceAccount definition consulted. */
  serviceAccount?: IndexedEntry;
}

/** Whether a token gets mounted (RULES.md §3.1: the pod's field wins, then the ServiceAccount's, else true). */
function decide(index: WorkspaceLookup, entry: IndexedEntry, pod: PodFacts): Decision | undefined {
  if (pod.automount) return pod.automount.value === true ? { source: 'pod' } : undefined;
  if (pod.serviceAccount.templated) return undefined;
  const candidates = namedIn(index, 'ServiceAccount', namespaceOf(entry.object), pod.serviceAccount.name)
    .filter((e) => e.object.apiVersion === 'v1');
  // a definition in the pod's own file is the one meant when the name is defined twice
  const sa = candidates.find((e) => e.fileName === entry.fileName) ?? candidates[0];
  if (!sa) return { source: 'default' };
  const value = sa.object.automount?.value;
  return value === false || value === 'unknown' ? undefined : { source: 'service-account', serviceAccount: sa };
}

function report(ctx: WorkspaceContext<Messages, Options>, entry: IndexedEntry, pod: PodFacts, decision: Decision): void {
  const object = entry.object;
  const fixes = pod.automountFix ? [{ title: 'Set `automountServiceAccountToken: false` in the pod spec', edits: pod.automountFix }] : undefined;
  const related: { fileName: string; range: Range; message: string }[] = pod.tokenMounts.map((range) => ({
    fileName: entry.fileName, range, message: 'a container mounts the token directory',
  }));
  const data = { resource: object.resource, account: pod.serviceAccount.name };
  const base = { fileName: entry.fileName, resource: object.resource, fixes, related };
  if (decision.source === 'pod') {
    ctx.report({ ...base, messageId: 'explicit', data, range: pod.automount!.range });
    return;
  }
  const sa = decision.serviceAccount;
  if (sa) {
    const own = sa.object.automount;
    related.push({
      fileName: sa.fileName, range: own?.range ?? sa.object.nameRange,
      message: own ? 'the ServiceAccount turns automounting on' : 'the ServiceAccount does not turn automounting off',
    });
  }
  ctx.report({
    ...base,
    messageId: sa ? 'serviceAccount' : 'default',
    data,
    range: pod.specRange,
    missing: true,
  });
}

function isExempt(object: IndexedObject, pod: PodFacts, options: Options): boolean {
  const accounts = Array.isArray(options.exemptServiceAccounts) ? options.exemptServiceAccounts : [];
  if (accounts.includes(pod.serviceAccount.name)) return true;
  const wanted = Array.isArray(options.exemptLabels) ? options.exemptLabels.filter((l) => typeof l === 'string') : [];
  if (!wanted.length) return false;
  const labels = { ...object.labels, ...pod.labels };
  return wanted.some((entry) => {
    const eq = entry.indexOf('=');
    return eq < 0 ? entry in labels : labels[entry.slice(0, eq)] === entry.slice(eq + 1);
  });
}
