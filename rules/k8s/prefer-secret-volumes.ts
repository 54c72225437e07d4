import { containersOf, podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { workloadContainer } from '../core/pod-security.js';
import { k8sRule } from '../core/rule.js';
import { isMap, itemsOf, pairOf, stringOf, valueOf, type Node } from '../core/yaml-model.js';

export default k8sRule<'secretKeyRef' | 'secretRef'>({
  meta: {
    id: 'k8s/prefer-secret-volumes',
    stage: 'deploy',
    severity: 'info',
    title: 'Prefer mounting Secrets as files over environment variables',
    rationale: 'Environment variables leak more easily than files: every child process inherits them, they appear in `/proc/<pid>/environ`, in crash reports and debug dumps, and applications and frameworks log them on errors. A Secret mounted as a volume stays a file with its own permissions, and the kubelet updates it when the Secret changes.',
    remediation: 'Mount the Secret and point the application at the file:\n\n```yaml\nvolumeMounts:\n  - name: db\n    mountPath: /run/secrets/db\n    readOnly: true\nvolumes:\n  - name: db\n    secret:\n      secretName: web-secrets\n```\n\nMany images read `<NAME>_FILE` variables for this purpose.',
    references: [
      { title: 'Kubernetes: Secrets, using Secrets as files from a Pod', url: 'https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod' },
      { title: 'CIS Kubernetes Benchmark 5.4.1', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
    ],
    equivalents: { cis: ['5.4.1'], 'kube-linter': ['read-secret-from-env-var'], checkov: ['CKV_K8S_35'] },
    profiles: ['cis'],
    fix: 'none',
    messages: {
      secretKeyRef: '{{target}} reads the Secret "{{secret}}" into the environment variable `{{name}}`; mount it as a file instead.',
      secretRef: '{{target}} loads the whole Secret "{{secret}}" into its environment; mount it as a file instead.',
    },
    examples: {
      invalid: 'env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef: {name: web-secrets, key: db}',
      valid: 'volumeMounts:\n  - name: db\n    mountPath: /run/secrets/db\n    readOnly: true',
    },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    for (const c of containersOf(pod)) {
      for (const env of itemsOf(valueOf(c.node, 'env'))) {
        const ref = pairOf(valueOf(env, 'valueFrom'), 'secretKeyRef');
        if (!ref || !isMap(ref.value)) continue;
        ctx.report({
          messageId: 'secretKeyRef',
          data: { target: workloadContainer(c), name: stringOf(valueOf(env, 'name')) ?? '?', secret: stringOf(valueOf(ref.value, 'name')) ?? '?' },
          span: ctx.doc.span(ref.key as Node),
        });
      }
      for (const source of itemsOf(valueOf(c.node, 'envFrom'))) {
        const ref = pairOf(source, 'secretRef');
        if (!ref || !isMap(ref.value)) continue;
        ctx.report({
          messageId: 'secretRef',
          data: { target: workloadContainer(c), secret: stringOf(valueOf(ref.value, 'name')) ?? '?' },
          span: ctx.doc.span(ref.key as Node),
        });
      }
    }
  },
});
