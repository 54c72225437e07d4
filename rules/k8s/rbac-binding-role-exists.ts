import { isBootstrapRole, RBAC_GROUP } from '../core/rbac.js';
import { k8sRule } from '../core/rule.js';
import { assumeCompleteSchema, describeNamespace, namedIn, namespaceOf, type IndexedEntry } from '../core/workspace-index.js';

interface Options {
  assumeCompleteWorkspace: boolean;
}

const isRbac = (e: IndexedEntry): boolean => e.object.apiVersion.startsWith(`${RBAC_GROUP}/`);

export default k8sRule<'missing', Options>({
  meta: {
    id: 'k8s/rbac-binding-role-exists',
    stage: 'access',
    severity: 'info',
    title: 'A binding\'s role should be defined in the workspace',
    rationale: 'A RoleBinding or ClusterRoleBinding whose `roleRef` names a role that does not exist grants nothing today, but it is a loaded gun: whoever later creates a role with that name (by mistake or on purpose) instantly hands its permissions to the binding\'s subjects, and reviewers of that role will not see who holds it. It is usually a typo or a leftover of a renamed role.',
    remediation: 'Correct `roleRef.name` (and `roleRef.kind`), define the role next to the binding, or delete the binding. A `Role` must be in the binding\'s namespace; a `ClusterRole` is cluster-wide. Built-in roles (`cluster-admin`, `admin`, `edit`, `view`, `system:*`) are always there. The rule runs once the workspace defines at least one Role or ClusterRole, or always with `assumeCompleteWorkspace: true`.',
    references: [
      { title: 'Kubernetes: Using RBAC Authorization, RoleBinding and ClusterRoleBinding', url: 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#rolebinding-and-clusterrolebinding' },
    ],
    equivalents: {},
    fix: 'none',
    scope: 'workspace',
    messages: {
      missing: '{{resource}} refers to {{kind}} "{{role}}", which is not defined {{where}} in the workspace: the binding grants nothing now, but will grant whatever a {{kind}} created later under that name allows.',
    },
    options: {
      schema: { type: 'object', additionalProperties: false, properties: { assumeCompleteWorkspace: assumeCompleteSchema('Role or ClusterRole') } },
      defaults: { assumeCompleteWorkspace: false },
    },
    examples: {
      invalid: 'kind: ClusterRole\nmetadata:\n  name: reader\n---\nkind: ClusterRoleBinding\nroleRef:\n  kind: ClusterRole\n  name: raeder',
      valid: 'kind: ClusterRole\nmetadata:\n  name: reader\n---\nkind: ClusterRoleBinding\nroleRef:\n  kind: ClusterRole\n  name: reader',
    },
  },
  checkWorkspace(ctx) {
    const anyRole = ctx.index.byKind('Role').some(isRbac) || ctx.index.byKind('ClusterRole').some(isRbac);
    if (!anyRole && !ctx.options.assumeCompleteWorkspace) return;
    for (const entry of ctx.subjects(['RoleBinding', 'ClusterRoleBinding'])) {
      const { object, fileName } = entry;
      const ref = object.roleRef;
      if (!isRbac(entry) || !ref?.name || object.templated || (ref.kind !== 'Role' && ref.kind !== 'ClusterRole')) continue;
      if (isBootstrapRole(ref.kind, ref.name)) continue;
      const namespace = namespaceOf(object);
      const exists = ref.kind === 'ClusterRole'
        ? ctx.index.named('ClusterRole', ref.name).some(isRbac)
        : namedIn(ctx.index, 'Role', namespace, ref.name).some(isRbac);
      if (exists) continue;
      ctx.report({
        messageId: 'missing', fileName, range: ref.range, resource: object.resource,
        data: { resource: object.resource, kind: ref.kind, role: ref.name, where: ref.kind === 'Role' ? `in ${describeNamespace(namespace)}` : 'anywhere' },
        related: [...ctx.index.named('Role', ref.name), ...ctx.index.named('ClusterRole', ref.name)].filter(isRbac).slice(0, 3).map((r) => ({
          fileName: r.fileName, range: r.object.nameRange,
          message: r.object.kind === ref.kind
            ? `a ${r.object.kind} "${ref.name}" is defined in ${describeNamespace(namespaceOf(r.object))}`
            : `a ${r.object.kind} "${ref.name}" is defined here: set \`roleRef.kind: ${r.object.kind}\` if it is the one meant`,
        })),
      });
    }
  },
});
