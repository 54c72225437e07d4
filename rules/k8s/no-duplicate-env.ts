import { describeContainer, podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { k8sRule } from '../core/rule.js';
import { sizedContainers } from '../core/workloads.js';
import { isScalar, isTemplated, itemsOf, stringOf, valueOf, type Node } from '../core/yaml-model.js';

export default k8sRule<'duplicate'>({
  meta: {
    id: 'k8s/no-duplicate-env',
    stage: 'deploy',
    category: 'best-practice',
    severity: 'warning',
    title: 'Environment variables should be defined once per container',
    rationale: 'When `env` lists the same name twice, the last entry silently wins. Reviewers read the first one, merges and patches (`kubectl apply`, Kustomize) may keep either, and a secret reference can be overridden by a literal without anyone noticing.',
    remediation: 'Keep one entry per name and delete the others.',
    references: [{ title: 'Kubernetes: Define environment variables for a container', url: 'https://kubernetes.io/docs/tasks/inject-data-application/define-environment-variable-container/' }],
    equivalents: { 'kube-linter': ['duplicate-env-var'], 'kube-score': ['environment-variable-key-duplication'] },
    fix: 'none',
    messages: { duplicate: '{{resource}}, {{container}} defines `{{name}}` more than once; the last definition wins.' },
    examples: {
      invalid: 'env:\n  - {name: MODE, value: safe}\n  - {name: MODE, value: fast}',
      valid: 'env:\n  - {name: MODE, value: fast}',
    },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    for (const c of sizedContainers(pod)) {
      const seen = new Map<string, Node>();
      for (const entry of itemsOf(valueOf(c.node, 'env'))) {
        const nameNode = valueOf(entry, 'name');
        if (!isScalar(nameNode) || isTemplated(nameNode)) continue;
        const name = stringOf(nameNode);
        if (name === undefined) continue;
        const first = seen.get(name);
        if (!first) { seen.set(name, nameNode); continue; }
        ctx.report({
          messageId: 'duplicate',
          data: { resource: ctx.object.resource, container: describeContainer(c), name },
          span: ctx.doc.span(nameNode),
          related: [{ span: ctx.doc.span(first), message: 'first defined here' }],
        });
      }
    }
  },
});
