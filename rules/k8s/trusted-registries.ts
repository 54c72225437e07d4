import { parseImageRef } from '../core/image-ref.js';
import { containersOf, podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { workloadContainer } from '../core/pod-security.js';
import { k8sRule } from '../core/rule.js';
import { isScalar, isTemplated, pairOf, stringOf } from '../core/yaml-model.js';
import { firstMatch, imagePatternListSchema, listForMessage, registryOf } from '../templates/image-policy.js';

export interface RegistryOptions {
  allowedRegistries: string[];
  deniedRegistries: string[];
}

export default k8sRule<'untrusted' | 'denied', RegistryOptions>({
  meta: {
    id: 'k8s/trusted-registries',
    stage: 'policy',
    severity: 'error',
    enabledByDefault: false,
    title: 'Container images must come from trusted registries',
    rationale: 'Whoever controls a registry decides what runs when a pod starts. Images from registries outside the organisation\'s control (a public hub, a typo-squatted host, the frozen `k8s.gcr.io`) bypass its scanning, signing and retention, and a compromised or abandoned upstream account becomes code execution in the cluster. An allow-list makes the provenance of every image explicit and reviewable.',
    remediation: 'Mirror the image into a trusted registry and reference it there, or add the registry to the policy if it is trusted:\n\n```yaml\n# .palisade.yaml\npolicies:\n  trustedRegistries: [registry.corp.example, ghcr.io/acme]\n```\n\nA pattern is a host (`registry.corp.example`), a host and path prefix (`ghcr.io/acme`) or a glob (`*.dkr.ecr.*.amazonaws.com`). A good first entry for `deniedRegistries` is the frozen `k8s.gcr.io` (use `registry.k8s.io`).\n\nOff by default, and it checks nothing until a list is set: `policies.trustedRegistries` / `deniedRegistries`, or the options of a `rules` entry. With no allowed list, only the denied list applies.',
    references: [
      { title: 'Kubernetes: Images', url: 'https://kubernetes.io/docs/concepts/containers/images/' },
      { title: 'registry.k8s.io replaces k8s.gcr.io', url: 'https://kubernetes.io/blog/2023/02/06/k8s-gcr-io-freeze-announcement/' },
    ],
    equivalents: {
      cis: ['5.5.1'], 'cis-docker': ['4.2'],
      trivy: ['KSV-0125', 'KSV-0032', 'KSV-0033', 'KSV-0034', 'KSV-0035'], kubescape: ['C-0001', 'C-0078', 'C-0253'],
    },
    fix: 'none',
    messages: {
      untrusted: '{{target}} uses image `{{image}}` from registry `{{registry}}`, which is not trusted (trusted: {{allowed}}).',
      denied: '{{target}} uses image `{{image}}` from a denied registry (`{{pattern}}`).',
    },
    options: {
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          allowedRegistries: imagePatternListSchema('Registries (hosts, host/path prefixes or globs) images may come from; empty = no allow-list.'),
          deniedRegistries: imagePatternListSchema('Registries images must not come from.'),
        },
      },
      defaults: { allowedRegistries: [], deniedRegistries: [] },
    },
    examples: {
      invalid: '# policies: {trustedRegistries: [registry.corp.example]}\ncontainers:\n  - name: app\n    image: docker.io/library/nginx:1.27',
      valid: 'containers:\n  - name: app\n    image: registry.corp.example/mirror/nginx:1.27',
    },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const allowed = ctx.options.allowedRegistries ?? [];
    const denied = ctx.options.deniedRegistries ?? [];
    if (!allowed.length && !denied.length) return;
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    for (const c of containersOf(pod)) {
      const value = pairOf(c.node, 'image')?.value;
      const image = stringOf(value)?.trim();
      // empty values, `$(VAR)` references and templates are not images we can judge
      if (!isScalar(value) || !image || isTemplated(value) || image.includes('$(')) continue;
      const ref = parseImageRef(image);
      const deniedBy = firstMatch(denied, ref);
      if (deniedBy !== undefined) {
        ctx.report({ messageId: 'denied', data: { target: workloadContainer(c), image, pattern: deniedBy }, span: ctx.doc.span(value) });
      } else if (allowed.length && firstMatch(allowed, ref) === undefined) {
        ctx.report({
          messageId: 'untrusted',
          data: { target: workloadContainer(c), image, registry: registryOf(ref), allowed: listForMessage(allowed) },
          span: ctx.doc.span(value),
        });
      }
    }
  },
});
