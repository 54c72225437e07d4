import { WORKLOAD_KINDS } from '../core/k8s.js';
import { k8sRule } from '../core/rule.js';
import {
  assumeCompleteSchema, describeNamespace, namedIn, namespaceOf, type ConfigRef, type IndexedEntry, type WorkspaceLookup,
} from '../core/workspace-index.js';

interface Options {
  assumeCompleteWorkspace: boolean;
}

type Messages = 'missingObject' | 'missingKey';

export default k8sRule<Messages, Options>({
  meta: {
    id: 'k8s/env-ref-exists',
    stage: 'deploy',
    category: 'best-practice',
    severity: 'info',
    title: 'Environment variables should read ConfigMaps and Secrets that exist',
    rationale: 'A container whose `env` reads a key of a ConfigMap or Secret that does not exist (or `envFrom` a missing one) does not start: the pod stays in `CreateContainerConfigError`. The cause is usually a renamed object or key, and it only shows at deploy time.',
    remediation: 'Define the ConfigMap or Secret (and the key) in the pod\'s namespace, correct the reference, or mark it `optional: true` when the container copes without it:\n\n```yaml\nenv:\n  - name: DB_HOST\n    valueFrom:\n      configMapKeyRef:\n        name: web-config\n        key: db-host\n```\n\nConfigMap references are judged once the workspace defines at least one ConfigMap, Secret references once it defines at least one Secret (a SealedSecret or ExternalSecret counts), or always with `assumeCompleteWorkspace: true`.',
    references: [
      { title: 'Kubernetes: Configure a Pod to Use a ConfigMap', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-pod-configmap/' },
      { title: 'Kubernetes: Secrets as environment variables', url: 'https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables' },
    ],
    equivalents: { 'kube-linter': ['env-value-from'] },
    fix: 'none',
    scope: 'workspace',
    messages: {
      missingObject: '{{resource}}, {{container}} reads {{what}} {{kind}} "{{name}}", which is not defined in {{namespace}} in the workspace: the container does not start.',
      missingKey: '{{resource}}, {{container}} reads key "{{key}}" of {{kind}} "{{name}}", which has no such key: the container does not start.',
    },
    options: {
      schema: { type: 'object', additionalProperties: false, properties: { assumeCompleteWorkspace: assumeCompleteSchema('ConfigMap or Secret') } },
      defaults: { assumeCompleteWorkspace: false },
    },
    examples: {
      invalid: 'kind: ConfigMap\nmetadata:\n  name: web-config\ndata:\n  db-host: db\n---\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          envFrom:\n            - configMapRef:\n                name: web-confg',
      valid: 'kind: ConfigMap\nmetadata:\n  name: web-config\ndata:\n  db-host: db\n---\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          envFrom:\n            - configMapRef:\n                name: web-config',
    },
  },
  checkWorkspace(ctx) {
    const index = ctx.index;
    const assume = ctx.options.assumeCompleteWorkspace;
    const judged = {
      ConfigMap: assume || index.byKind('ConfigMap').some((e) => e.object.apiVersion === 'v1'),
      Secret: assume || index.byKind('Secret').some((e) => e.object.apiVersion === 'v1') || secretMakers(index).length > 0,
    };
    if (!judged.ConfigMap && !judged.Secret) return;
    for (const entry of ctx.subjects(WORKLOAD_KINDS)) {
      const { object, fileName } = entry;
      if (!object.pod || object.templated) continue;
      const namespace = namespaceOf(object);
      for (const ref of object.pod.refs) {
        if (ref.via === 'volume' || ref.optional || !judged[ref.kind]) continue;
        const targets = definitions(index, ref.kind, namespace, ref.name);
        const container = ref.container ?? 'a container';
        if (!targets.length) {
          ctx.report({
            messageId: 'missingObject', fileName, range: ref.range, resource: object.resource,
            data: {
              resource: object.resource, container, kind: ref.kind, name: ref.name, namespace: describeNamespace(namespace),
              what: ref.via === 'envFrom' ? 'all variables of' : `key "${ref.key ?? '?'}" of`,
            },
            related: elsewhere(index, ref),
          });
          continue;
        }
        if (ref.key === undefined || !ref.keyRange) continue;
        // a definition whose keys are unknown (template expressions, a SealedSecret) may hold the key
        if (targets.some((t) => t.partial || t.object.dataKeys === undefined || t.object.dataKeys.includes(ref.key!))) continue;
        ctx.report({
          messageId: 'missingKey', fileName, range: ref.keyRange, resource: object.resource,
          data: { resource: object.resource, container, kind: ref.kind, name: ref.name, key: ref.key },
          related: targets.slice(0, 3).map((t) => ({
            fileName: t.fileName, range: t.object.nameRange,
            message: `${t.object.resource} has the keys ${t.object.dataKeys!.map((k) => `"${k}"`).join(', ') || '(none)'}`,
          })),
        });
      }
    }
  },
});

/** Objects that make Secrets under another kind (SealedSecret, ExternalSecret). */
function secretMakers(index: WorkspaceLookup): IndexedEntry[] {
  return [...index.byKind('SealedSecret'), ...index.byKind('ExternalSecret')].filter((e) => e.object.providesSecret);
}

/** The ConfigMaps/Secrets named `name` in a namespace, including Secrets made by other kinds. */
function definitions(index: WorkspaceLookup, kind: ConfigRef['kind'], namespace: string, name: string): IndexedEntry[] {
  const own = namedIn(index, kind, namespace, name).filter((e) => e.object.apiVersion === 'v1');
  if (kind === 'ConfigMap') return own;
  const made = index.memo('env-ref-exists:made-secrets', () => {
    const map = new Map<string, IndexedEntry[]>();
    for (const e of secretMakers(index)) {
      const key = `${namespaceOf(e.object)}\u0000${e.object.providesSecret}`;
      map.set(key, [...(map.get(key) ?? []), e]);
    }
    return map;
  }, ['SealedSecret', 'ExternalSecret']).get(`${namespace}\u0000${name}`) ?? [];
  return [...own, ...made];
}

/** Definitions with the same name in other namespaces: the likely intended one. */
function elsewhere(index: WorkspaceLookup, ref: ConfigRef) {
  return index.named(ref.kind, ref.name).slice(0, 3).map((e) => ({
    fileName: e.fileName, range: e.object.namespaceRange ?? e.object.nameRange,
    message: `a ${ref.kind} "${ref.name}" is defined in ${describeNamespace(namespaceOf(e.object))}`,
  }));
}
