import { k8sRule } from '../core/rule.js';
import { CREDENTIAL_LABELS, findCredentials } from '../core/secrets.js';
import { isMap, isScalar, isTemplated, stringOf, valueOf, type Node } from '../core/yaml-model.js';

/** Polaris' sensitive key names. */
const SENSITIVE_KEY = /^(AWS_SECRET_ACCESS_KEY|AZURE_.+KEY|OCI_CLI_KEY_CONTENT)$|password|token|bearer|secret/i;
/** Keys that name a reference, not a secret. */
const REFERENCE_SUFFIX = /[_.-](file|path|dir|url|name|id)$/i;
/** Polaris' private-key marker (any run of dashes). */
const PRIVATE_KEY_MARKER = /-+\s*BEGIN\s+[A-Z0-9 ]*PRIVATE KEY\s*-+/i;
/** `password=…` or `password: …` with a literal value in embedded `.properties`, `.env` or YAML content. */
const EMBEDDED_PASSWORD = /(?:^|[\s;,{"'])[\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key)["']?[ \t]*[=:][ \t]*["']?(?![\s"']|\$|\{\{|%\(|<|\/|[a-z]+:\/\/)[^\s"'#]{3,}/im;

export default k8sRule<'key' | 'value'>({
  meta: {
    id: 'k8s/no-secrets-in-configmap',
    stage: 'deploy',
    severity: 'error',
    title: 'ConfigMaps must not hold secrets',
    rationale: 'ConfigMaps are not meant for secrets: they are readable by anyone with `get` on ConfigMaps in the namespace (a much wider group than Secret readers), they are never encrypted at rest by the API server\'s encryption configuration for Secrets, and they are printed freely by tools and dashboards. A password or key in a ConfigMap is as good as public inside the cluster.',
    remediation: 'Move the value to a Secret (created out of band or by an external secrets operator) and mount or reference it from the workload; keep only non-sensitive settings in the ConfigMap.',
    references: [
      { title: 'Kubernetes: ConfigMaps', url: 'https://kubernetes.io/docs/concepts/configuration/configmap/' },
      { title: 'Kubernetes: Secrets', url: 'https://kubernetes.io/docs/concepts/configuration/secret/' },
    ],
    equivalents: { nsa: ['C-0012'], polaris: ['sensitiveConfigmapContent'], trivy: ['KSV-0109', 'KSV-01010'], kubescape: ['C-0012'] },
    profiles: ['nsa'],
    fix: 'none',
    messages: {
      key: '{{resource}} has the key `{{key}}`, which names a secret: keep it in a Secret.',
      value: '{{resource}}: the value of `{{key}}` contains {{what}}: keep it in a Secret.',
    },
    examples: {
      invalid: 'kind: ConfigMap\ndata:\n  db_password: hunter2',
      valid: 'kind: ConfigMap\ndata:\n  db_user: app',
    },
  },
  kinds: ['ConfigMap'],
  check(ctx) {
    if (ctx.object.kind !== 'ConfigMap') return;
    for (const section of ['data', 'binaryData']) {
      const data = valueOf(ctx.object.node, section);
      if (!isMap(data)) continue;
      for (const pair of data.items) {
        const key = stringOf(pair.key);
        if (key === undefined || isTemplated(pair.key)) continue;
        const value = pair.value;
        const text = section === 'data' && isScalar(value) && !isTemplated(value) ? stringOf(value) : undefined;
        const what = text !== undefined ? credentialIn(text) : undefined;
        if (what) {
          ctx.report({ messageId: 'value', data: { resource: ctx.object.resource, key, what }, span: ctx.doc.span(pair.key as Node) });
        } else if (SENSITIVE_KEY.test(key) && !REFERENCE_SUFFIX.test(key) && !(text !== undefined && !text.trim())) {
          ctx.report({ messageId: 'key', data: { resource: ctx.object.resource, key }, span: ctx.doc.span(pair.key as Node) });
        }
      }
    }
  },
});

function credentialIn(text: string): string | undefined {
  const found = findCredentials(text)[0];
  if (found) return CREDENTIAL_LABELS[found.kind];
  if (PRIVATE_KEY_MARKER.test(text)) return CREDENTIAL_LABELS['private-key'];
  if (EMBEDDED_PASSWORD.test(text)) return 'a password assignment';
  return undefined;
}
