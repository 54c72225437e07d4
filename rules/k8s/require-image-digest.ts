import { parseImageRef } from '../core/image-ref.js';
import { containersOf, podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { workloadContainer } from '../core/pod-security.js';
import { k8sRule } from '../core/rule.js';
import { isScalar, isTemplated, pairOf, stringOf } from '../core/yaml-model.js';
import { firstMatch, imagePatternListSchema } from '../templates/image-policy.js';

const SHA256_DIGEST = /^sha256:[0-9a-f]{64}$/;

export default k8sRule<'unpinned', { exemptRepositories: string[] }>({
  meta: {
    id: 'k8s/require-image-digest',
    stage: 'policy',
    severity: 'warning',
    enabledByDefault: false,
    title: 'Container images must be pinned by digest',
    rationale: 'A tag can be moved to another image at any time, so nodes that pull at different moments can run different code under the same manifest, and a compromised publisher account reaches the cluster at the next pod start. A `@sha256:` digest pins exactly the image that was scanned and approved; admission policies that verify signatures also need it.',
    remediation: 'Reference the image by digest (keeping the tag for readability):\n\n```yaml\nimage: registry.corp.example/api:2.4.1@sha256:<64 hex digits>\n```\n\nLet the CI pipeline or a bot (Renovate) write the digest. Off by default; `policies.requireImageDigests: true` or a `rules` entry turns it on.',
    references: [
      { title: 'Kubernetes: Images, image names and digests', url: 'https://kubernetes.io/docs/concepts/containers/images/#image-names' },
    ],
    equivalents: { checkov: ['CKV_K8S_43'], kubescape: ['C-0306'] },
    fix: 'none',
    messages: { unpinned: '{{target}} uses image `{{image}}` without a `@sha256:` digest.' },
    options: {
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: { exemptRepositories: imagePatternListSchema('Images that need no digest (hosts, prefixes or globs).') },
      },
      defaults: { exemptRepositories: [] },
    },
    examples: { invalid: 'image: nginx:1.27', valid: 'image: nginx:1.27@sha256:<digest>' },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    for (const c of containersOf(pod)) {
      const value = pairOf(c.node, 'image')?.value;
      const image = stringOf(value)?.trim();
      if (!isScalar(value) || !image || isTemplated(value) || image.includes('$(')) continue;
      const ref = parseImageRef(image);
      if (ref.digest !== undefined && SHA256_DIGEST.test(ref.digest)) continue;
      if (firstMatch(ctx.options.exemptRepositories ?? [], ref) !== undefined) continue;
      ctx.report({ messageId: 'unpinned', data: { target: workloadContainer(c), image }, span: ctx.doc.span(value) });
    }
  },
});
