import { describeContainer, podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { k8sRule } from '../core/rule.js';
import { missingFieldAnchor, sizedContainers } from '../core/workloads.js';
import { scalar } from '../core/yaml-edit.js';
import { isScalar, isTemplated, pairOf, stringOf } from '../core/yaml-model.js';

export default k8sRule<'missing' | 'other'>({
  meta: {
    id: 'k8s/image-pull-policy-always',
    stage: 'deploy',
    category: 'best-practice',
    severity: 'info',
    enabledByDefault: false,
    title: 'Containers should pull their image every time',
    rationale: 'With `IfNotPresent` a node reuses an image it already has: a pod can start from a private image that another tenant pulled with their credentials, without presenting any itself, and a mutable tag keeps running its old content. `Always` makes the kubelet check with the registry (a cheap digest lookup when the image is cached). The `AlwaysPullImages` admission plugin (CIS 1.2.11) enforces the same cluster-wide.',
    remediation: '```yaml\ncontainers:\n  - name: app\n    image: registry.example.com/shop:1.4\n    imagePullPolicy: Always\n```',
    references: [{ title: 'Kubernetes: Image pull policy', url: 'https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy' }],
    equivalents: { polaris: ['pullPolicyNotAlways'], 'kube-score': ['container-image-pull-policy'], checkov: ['CKV_K8S_15'] },
    fix: 'safe',
    messages: {
      missing: '{{resource}}, {{container}} does not set `imagePullPolicy: Always`.',
      other: '{{resource}}, {{container}} uses `imagePullPolicy: {{policy}}`; a cached image is used without asking the registry.',
    },
    examples: {
      invalid: 'containers:\n  - name: app\n    imagePullPolicy: IfNotPresent',
      valid: 'containers:\n  - name: app\n    imagePullPolicy: Always',
    },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    for (const c of sizedContainers(pod)) {
      const pair = pairOf(c.node, 'imagePullPolicy');
      const value = pair?.value;
      if (value && (!isScalar(value) || isTemplated(value))) continue;
      const policy = stringOf(value);
      if (policy === 'Always') continue;
      const edits = ctx.edit.insertPath(c.node, ['imagePullPolicy'], scalar('Always'));
      const fixes = edits ? [{ title: 'Set `imagePullPolicy: Always`', edits, isPreferred: true }] : undefined;
      const data = { resource: ctx.object.resource, container: describeContainer(c), policy: policy ?? '' };
      if (policy === undefined) {
        ctx.report({ messageId: 'missing', data, span: ctx.doc.span(missingFieldAnchor(c, [])), fixes, missing: true });
      } else {
        ctx.report({ messageId: 'other', data, span: ctx.doc.span(value!), fixes });
      }
    }
  },
});
