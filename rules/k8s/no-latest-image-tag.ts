import { parseImageRef } from '../core/image-ref.js';
import { containersOf, podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { workloadContainer } from '../core/pod-security.js';
import { k8sRule } from '../core/rule.js';
import { isScalar, isTemplated, pairOf, stringOf } from '../core/yaml-model.js';

export default k8sRule<'untagged' | 'latest'>({
  meta: {
    id: 'k8s/no-latest-image-tag',
    stage: 'deploy',
    severity: 'warning',
    title: 'Container images must be pinned to a tag other than latest, or a digest',
    rationale: 'An untagged image means `:latest`, and `latest` moves: every node that pulls it may run different code, a rollback restores nothing, and whoever can push to the repository decides what runs in the cluster the next time a pod starts. A tampered or broken push reaches production without any change to the manifest.',
    remediation: 'Pin an immutable version, best a digest:\n\n```yaml\nimage: nginx:1.27.2@sha256:<digest>\n```\n\nA port in the registry name is not a tag: `localhost:5000/app` is untagged.',
    references: [
      { title: 'Kubernetes: Images, image names and tags', url: 'https://kubernetes.io/docs/concepts/containers/images/#image-names' },
      { title: 'Configuration best practices: container images', url: 'https://kubernetes.io/docs/concepts/configuration/overview/#container-images' },
    ],
    equivalents: {
      'kube-linter': ['latest-tag'], polaris: ['tagNotSpecified'], 'kube-score': ['container-image-tag'],
      checkov: ['CKV_K8S_14'], trivy: ['KSV-0013'],
    },
    fix: 'none',
    messages: {
      untagged: '{{target}} uses image `{{image}}` without a tag, which means the moving `latest`.',
      latest: '{{target}} uses image `{{image}}` with the moving tag `latest`.',
    },
    examples: { invalid: 'containers:\n  - name: app\n    image: nginx:latest', valid: 'containers:\n  - name: app\n    image: nginx:1.27.2' },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    for (const c of containersOf(pod)) {
      const value = pairOf(c.node, 'image')?.value;
      const image = stringOf(value);
      if (!isScalar(value) || image === undefined || isTemplated(value)) continue;
      const trimmed = image.trim();
      // `$(VAR)` references and empty values are not images we can judge
      if (!trimmed || trimmed.includes('$(')) continue;
      const ref = parseImageRef(trimmed);
      if (ref.digest) continue;
      if (ref.tag === undefined || ref.tag === '') {
        ctx.report({ messageId: 'untagged', data: { target: workloadContainer(c), image: trimmed }, span: ctx.doc.span(value) });
      } else if (ref.tag === 'latest') {
        ctx.report({ messageId: 'latest', data: { target: workloadContainer(c), image: trimmed }, span: ctx.doc.span(value) });
      }
    }
  },
});
