import { k8sRule, type SpanEdit, type WorkspaceContext } from '../core/rule.js';
import { BUILTIN_NAMESPACES, RUNNING_POD_KINDS, type IndexedEntry } from '../core/workspace-index.js';
import { mapping, scalar, type YamlEditor } from '../core/yaml-edit.js';
import { isMap, isScalar, isTemplated, pairOf, stringOf, type Node, type YAMLMap } from '../core/yaml-model.js';

type Level = 'baseline' | 'restricted';

export interface PodSecurityLabelOptions {
  requiredPodSecurityLevel: Level;
  /** Also require `pod-security.kubernetes.io/enforce-version` pinned to a release (not `latest`), reported as info. */
  requirePinnedVersion: boolean;
}

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const VERSION = 'pod-security.kubernetes.io/enforce-version';
const RANK: Record<string, number> = { privileged: 0, baseline: 1, restricted: 2 };

export default k8sRule<'missing' | 'weaker' | 'invalid' | 'versionLatest' | 'versionMissing' | 'undefinedNamespace', PodSecurityLabelOptions>({
  meta: {
    id: 'k8s/namespace-pod-security-label',
    stage: 'policy',
    severity: 'warning',
    enabledByDefault: false,
    title: 'Namespaces must enforce the required Pod Security level',
    rationale: 'The Pod Security admission controller enforces the Pod Security Standards per namespace, through the `pod-security.kubernetes.io/enforce` label. A namespace without it (or at `privileged`) admits privileged pods, host namespaces and hostPath mounts: every workload-level rule is then advisory only. Pinning `enforce-version` keeps a cluster upgrade from silently changing what is admitted.',
    remediation: 'Label the namespace with the required level (and `warn`/`audit` at the same level to see violations before enforcing):\n\n```yaml\nmetadata:\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n    pod-security.kubernetes.io/enforce-version: v1.33\n    pod-security.kubernetes.io/warn: restricted\n    pod-security.kubernetes.io/audit: restricted\n```\n\nThe level is set in `.palisade.yaml`: `policies.podSecurityLevel: restricted` (default baseline once enabled); the option `requirePinnedVersion: true` also reports a missing or `latest` `enforce-version` (info). Off by default. Namespaces used by workloads but not defined in the workspace are reported by the workspace analysis.',
    references: [
      { title: 'Kubernetes: Pod Security Admission', url: 'https://kubernetes.io/docs/concepts/security/pod-security-admission/' },
      { title: 'Enforce Pod Security Standards with namespace labels', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-namespace-labels/' },
    ],
    equivalents: { cis: ['5.2.1'], pss: ['pod-security.kubernetes.io/enforce'] },
    fix: 'suggestion',
    messages: {
      missing: '{{resource}} has no `pod-security.kubernetes.io/enforce` label, so the Pod Security admission enforces nothing; the policy requires `{{level}}`.',
      weaker: '{{resource}} enforces Pod Security `{{actual}}`; the policy requires at least `{{level}}`.',
      invalid: '{{resource}} has an unknown Pod Security level `{{actual}}` (use privileged, baseline or restricted); the policy requires `{{level}}`.',
      versionLatest: '{{resource}} enforces the `latest` Pod Security policy version, which changes with every cluster upgrade; pin a release (e.g. `v1.33`).',
      versionMissing: '{{resource}} does not pin `pod-security.kubernetes.io/enforce-version`, so the policy version changes with every cluster upgrade.',
      undefinedNamespace: 'Namespace "{{namespace}}" is used by {{resource}} but not defined in the workspace, so nothing here sets its Pod Security level (`pod-security.kubernetes.io/enforce`).',
    },
    options: {
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          requiredPodSecurityLevel: { enum: ['baseline', 'restricted'], description: 'The minimum level every Namespace must enforce.' },
          requirePinnedVersion: { type: 'boolean', description: 'Also report (info) an `enforce-version` that is missing or `latest`. Off by default: the fix cannot know the cluster version.' },
        },
      },
      defaults: { requiredPodSecurityLevel: 'baseline', requirePinnedVersion: false },
    },
    examples: {
      invalid: 'kind: Namespace\nmetadata:\n  name: payments',
      valid: 'kind: Namespace\nmetadata:\n  name: payments\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n    pod-security.kubernetes.io/enforce-version: v1.33',
    },
  },
  kinds: ['Namespace'],
  check(ctx) {
    if (ctx.object.kind !== 'Namespace') return;
    const level: Level = ctx.options.requiredPodSecurityLevel === 'restricted' ? 'restricted' : 'baseline';
    const resource = ctx.object.resource;
    const metaPair = pairOf(ctx.object.node, 'metadata');
    const meta = metaPair?.value;
    const labelsPair = pairOf(meta, 'labels');
    const labels = labelsPair?.value;
    if ((meta && !isMap(meta) && !isNull(meta)) || (labels && !isMap(labels) && !isNull(labels))) return;
    const enforce = pairOf(labels, ENFORCE);
    if (!enforce || isNull(enforce.value)) {
      const edits = isMap(meta) && (meta as YAMLMap).flow ? undefined
        : isMap(labels) ? addLabels(ctx.edit, labels as YAMLMap, level)
          : isMap(meta) ? ctx.edit.insertPath(meta as YAMLMap, ['labels'], labelsLeaf(level))
            : ctx.edit.insertPath(ctx.object.node, ['metadata'], mapping(['labels', labelsLeaf(level)]));
      ctx.report({
        messageId: 'missing',
        data: { resource, level },
        span: ctx.doc.span((enforce?.key ?? labelsPair?.key ?? metaPair?.key ?? ctx.object.kindNode) as Node),
        missing: true,
        fixes: edits ? [{ title: `Enforce Pod Security \`${level}\` (with warn and audit)`, edits }] : undefined,
      });
      return;
    }
    const value = enforce.value as Node;
    if (isTemplated(value)) return;
    const actual = stringOf(value) ?? '';
    if (!(actual in RANK) || RANK[actual] < RANK[level]) {
      ctx.report({
        messageId: actual in RANK ? 'weaker' : 'invalid',
        data: { resource, level, actual },
        span: ctx.doc.span(value),
        fixes: isScalar(value) ? [{ title: `Enforce \`${level}\``, edits: [ctx.edit.replace(value, level)] }] : undefined,
      });
      return;
    }
    if (!ctx.options.requirePinnedVersion) return;
    const version = pairOf(labels, VERSION);
    const versionText = version ? stringOf(version.value) : undefined;
    if (version && isTemplated(version.value)) return;
    if (!version || versionText === undefined) {
      ctx.report({ messageId: 'versionMissing', data: { resource }, span: ctx.doc.span(enforce.key as Node), severity: 'info', missing: true });
    } else if (versionText === 'latest') {
      ctx.report({ messageId: 'versionLatest', data: { resource }, span: ctx.doc.span(version.value as Node), severity: 'info' });
    }
  },
  checkWorkspace(ctx) {
    checkUndefinedNamespaces(ctx);
  },
});

/**
 * Cross-file part (RULES.md §5): namespaces that workloads name but no Namespace object of the workspace defines
 * cannot be checked, which is worth knowing (info), once the workspace defines Namespaces at all. Reported once per
 * namespace, at the first workload naming it.
 */
function checkUndefinedNamespaces(ctx: WorkspaceContext<'undefinedNamespace', PodSecurityLabelOptions>): void {
  const index = ctx.index;
  if (!index.byKind('Namespace').length) return;
  const users = index.memo('namespace-pod-security-label:undefined', () => {
    const defined = new Set(index.byKind('Namespace').map((e) => e.object.name ?? ''));
    const seen = new Map<string, IndexedEntry[]>();
    for (const e of index.byKinds(RUNNING_POD_KINDS)) {
      const ns = e.object.namespace;
      if (!ns || e.object.templated || !e.object.namespaceRange || defined.has(ns) || BUILTIN_NAMESPACES.includes(ns)) continue;
      const list = seen.get(ns);
      if (list) list.push(e);
      else seen.set(ns, [e]);
    }
    return seen;
  }, ['Namespace', ...RUNNING_POD_KINDS]);
  for (const [namespace, [first, ...others]] of users) {
    if (!ctx.wants(first.fileName)) continue;
    ctx.report({
      messageId: 'undefinedNamespace', severity: 'info', fileName: first.fileName, range: first.object.namespaceRange!,
      resource: first.object.resource, data: { namespace, resource: first.object.resource },
      related: others.slice(0, 3).map((o) => ({ fileName: o.fileName, range: o.object.namespaceRange!, message: `${o.object.resource} uses it too` })),
    });
  }
}

function isNull(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null);
}

/** enforce, warn and audit labels at the required level. */
function labelsLeaf(level: Level) {
  return mapping([ENFORCE, scalar(level)], ['pod-security.kubernetes.io/warn', scalar(level)], ['pod-security.kubernetes.io/audit', scalar(level)]);
}

/** Add enforce (and warn/audit where absent) to an existing labels mapping. */
function addLabels(edit: YamlEditor, labels: YAMLMap, level: Level): SpanEdit[] | undefined {
  const edits: SpanEdit[] = [];
  for (const key of [ENFORCE, 'pod-security.kubernetes.io/warn', 'pod-security.kubernetes.io/audit']) {
    if (key !== ENFORCE && pairOf(labels, key)) continue;
    const e = edit.insertPath(labels, [key], scalar(level));
    if (!e) return undefined;
    edits.push(...e);
  }
  return edits;
}
