import { containersOf, podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { workloadContainer } from '../core/pod-security.js';
import { k8sRule } from '../core/rule.js';
import { CREDENTIAL_LABELS, findCredentials, isSecretName } from '../core/secrets.js';
import { renderPath, mapping, scalar, type YamlEditor } from '../core/yaml-edit.js';
import { isMap, isScalar, isTemplated, itemsOf, pairOf, stringOf, valueOf, type YAMLMap } from '../core/yaml-model.js';

interface Options {
  /** Name suffixes that mark a reference, not a secret (`DB_PASSWORD_FILE`, `TOKEN_URL`). */
  allowedNameSuffixes: string[];
  /** Names never flagged by name alone. */
  allowedNames: string[];
}

/**
 * Secret-looking names: BuildKit's token list and well-known names (shared with the Dockerfile rules), the substrings
 * kube-linter (`secret`) and Polaris (`password`, `token`, `bearer`, `secret`) match, Polaris' exact names, and
 * Kubescape's short tokens (`pwd`, `jwt`, `credential`).
 */
const POLARIS_SUBSTRINGS = /password|token|bearer|secret/i;
const POLARIS_EXACT = /^(AWS_SECRET_ACCESS_KEY|AZURE_.+KEY|OCI_CLI_KEY_CONTENT)$/i;
const SHORT_TOKENS = /(?:^|[_.-])(?:pwd|passwd|jwt|credentials?|api[_-]?key|private[_-]?key|access[_-]?key|secret[_-]?key)(?:$|[_.-])/i;

/** Polaris' private-key marker: looser than a PEM header (any run of dashes), as Polaris matches it. */
const PRIVATE_KEY_MARKER = /-+\s*BEGIN\s+[A-Z0-9 ]*PRIVATE KEY\s*-+/i;

/** Values that cannot be a credential: booleans and absolute file paths. */
const HARMLESS_VALUE = /^(?:true|false|yes|no|on|off|enabled?|disabled?|\/[\w.\-/]*)$/i;

/** `$(VAR)` references: the kubelet expands them from other variables, they are not literals. */
const VAR_REFERENCE = /\$\([A-Za-z_][A-Za-z0-9_]*\)/g;

/** A URL with `user:password@`. */
const URL_USERINFO = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:[^/@\s]+@/i;

export default k8sRule<'name' | 'value', Options>({
  meta: {
    id: 'k8s/no-hardcoded-env-secrets',
    stage: 'deploy',
    severity: 'error',
    title: 'Secrets must not be written as literal environment variable values',
    rationale: 'A password, token or key written into a manifest is stored in Git, in every CI log and artifact that prints the manifest, and in the object that anyone with `get` on the workload can read, with no rotation and no access control of its own. It also ends up in the container environment, where child processes, crash dumps and `/proc/<pid>/environ` expose it.',
    remediation: 'Put the value in a Secret (created out of band, or through an external secrets operator) and reference it:\n\n```yaml\nenv:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: web-secrets\n        key: db_password\n```\n\nBetter still, mount the Secret as a file (see `k8s/prefer-secret-volumes`). Names ending in `_FILE`, `_PATH`, `_DIR`, `_NAME`, `_ID` or `_URL` (without a password in the URL) are references and are not flagged.',
    references: [
      { title: 'Kubernetes: Secrets, using Secrets as environment variables', url: 'https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables' },
      { title: 'CIS Kubernetes Benchmark 5.4.1: prefer secrets as files', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
    ],
    equivalents: {
      cis: ['5.4.1'], nsa: ['C-0012'],
      'kube-linter': ['env-var-secret'], polaris: ['sensitiveContainerEnvVar'], kubescape: ['C-0012'],
    },
    profiles: ['nsa'],
    fix: 'suggestion',
    messages: {
      name: '{{target}} sets `{{name}}` to a literal value; a variable with this name holds a secret, reference a Secret instead.',
      value: '{{target}} sets `{{name}}` to a value that contains {{what}}; reference a Secret instead.',
    },
    options: {
      schema: {
        type: 'object',
        properties: {
          allowedNameSuffixes: { type: 'array', items: { type: 'string' }, description: 'Name suffixes that mark a reference to a secret, not the secret (case-insensitive).' },
          allowedNames: { type: 'array', items: { type: 'string' }, description: 'Variable names never flagged by their name alone.' },
        },
        additionalProperties: false,
      },
      defaults: {
        allowedNameSuffixes: ['_FILE', '_PATH', '_DIR', '_URL', '_NAME', '_ID'],
        allowedNames: ['GOOGLE_APPLICATION_CREDENTIALS'],
      },
    },
    examples: {
      invalid: 'env:\n  - name: DB_PASSWORD\n    value: hunter2',
      valid: 'env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: web-secrets\n        key: db_password',
    },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    for (const c of containersOf(pod)) {
      for (const item of itemsOf(valueOf(c.node, 'env'))) {
        if (!isMap(item)) continue;
        const name = stringOf(valueOf(item, 'name'));
        const pair = pairOf(item, 'value');
        const value = pair?.value;
        if (name === undefined || !pair || !isScalar(value) || isTemplated(value) || isTemplated(valueOf(item, 'name'))) continue;
        const text = stringOf(value);
        if (text === undefined || !text.replace(VAR_REFERENCE, '').trim()) continue;
        const credential = findCredentials(text)[0];
        const what = credential ? CREDENTIAL_LABELS[credential.kind] : PRIVATE_KEY_MARKER.test(text) ? CREDENTIAL_LABELS['private-key'] : undefined;
        const byName = !what && secretByName(name, text, ctx.options);
        if (!what && !byName) continue;
        const secretName = `${ctx.object.name ?? 'app'}-secrets`;
        const key = name.toLowerCase().replace(/[^a-z0-9._-]/g, '-');
        ctx.report({
          messageId: what ? 'value' : 'name',
          data: { target: workloadContainer(c), name, what: what ?? '' },
          span: trimmedSpan(ctx.text, ctx.doc.span(value)),
          related: [{ span: ctx.doc.span(pair.key), message: 'the literal value is set here' }],
          fixes: [{
            title: `Read \`${name}\` from the Secret \`${secretName}\``,
            edits: [replaceWithSecretRef(ctx.text, ctx.doc.span(pair.key).start, ctx.doc.span(value).end, item as YAMLMap, secretName, key, ctx.edit)],
          }],
        });
      }
    }
  },
});

/** A block scalar's span ends after its last line break; the finding ends with its text. */
function trimmedSpan(text: string, span: { start: number; end: number }) {
  let end = span.end;
  while (end > span.start + 1 && /\s/.test(text[end - 1])) end--;
  return { start: span.start, end };
}

function secretByName(name: string, value: string, options: Options): boolean {
  const upper = name.toUpperCase();
  if ((options.allowedNames ?? []).some((n) => n.toUpperCase() === upper)) return false;
  if ((options.allowedNameSuffixes ?? []).some((s) => upper.endsWith(s.toUpperCase()))) {
    // a URL suffix is only a reference when the URL carries no password
    if (!(upper.endsWith('_URL') && URL_USERINFO.test(value.trim()))) return false;
  }
  if (HARMLESS_VALUE.test(value.trim())) return false;
  return POLARIS_EXACT.test(name) || POLARIS_SUBSTRINGS.test(name) || SHORT_TOKENS.test(name) || isSecretName(name);
}

/**
 * Replace `value: <literal>` (from the key to the end of the value) with a `valueFrom.secretKeyRef`, in block style
 * under the key's column, or in flow style when the env item is a flow mapping.
 */
function replaceWithSecretRef(text: string, start: number, valueEnd: number, item: YAMLMap, secret: string, key: string, edit: YamlEditor) {
  // a block scalar's range ends after its last line break: keep the line break
  let end = valueEnd;
  while (end > start && /\s/.test(text[end - 1])) end--;
  const ref = mapping(['secretKeyRef', mapping(['name', scalar(secret)], ['key', scalar(key)])]);
  if (item.flow) return { start, end, text: edit.flowEntry('valueFrom', ref) };
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const col = start - lineStart;
  const block = renderPath(['valueFrom'], ref, col, edit.indentUnit(), edit.eol).slice(col);
  return { start, end, text: block };
}

