import { podSpecOf, type K8sObject } from './k8s.js';
import { serviceAccountOf } from './service-accounts.js';
import type { Severity, Span } from './types.js';
import type { WorkspaceView } from './workspace.js';
import {
  isMap, isScalar, isTemplated, itemsOf, mapAt, stringOf, valueOf,
  type Node, type Scalar, type YAMLMap,
} from './yaml-model.js';

/**
 * The RBAC model shared by every `k8s/rbac-*` rule (RULES.md §3.0): the entries of a Role/ClusterRole, what an entry
 * grants, the bindings and their subjects. Everything takes the candidate objects as an argument, so the same walkers
 * serve the single-file rules now and the workspace rules (binding → role → subject graph) later.
 */

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** One string item of an RBAC list (`verbs`, `resources` …) with its node, the anchor of findings. */
export interface RbacItem {
  value: string;
  node: Scalar;
}

/** One entry of a role's `rules` list. */
export interface PolicyRule {
  role: K8sObject;
  /** Position in `rules`, for messages: `rules[2]`. */
  index: number;
  node: YAMLMap;
  apiGroups: RbacItem[];
  resources: RbacItem[];
  verbs: RbacItem[];
  resourceNames: RbacItem[];
  nonResourceURLs: RbacItem[];
}

/** Role kinds of the RBAC API (the kinds {@link isRoleObject} accepts). */
export const ROLE_KINDS: readonly string[] = ['Role', 'ClusterRole'];

export function isRoleObject(object: K8sObject): boolean {
  return (object.kind === 'Role' || object.kind === 'ClusterRole') && object.apiVersion.startsWith(`${RBAC_GROUP}/`);
}

/** Binding kinds of the RBAC API (the kinds {@link isBindingObject} accepts). */
export const BINDING_KINDS: readonly string[] = ['RoleBinding', 'ClusterRoleBinding'];

export function isBindingObject(object: K8sObject): boolean {
  return (object.kind === 'RoleBinding' || object.kind === 'ClusterRoleBinding') && object.apiVersion.startsWith(`${RBAC_GROUP}/`);
}

/** Default ClusterRoles shipped by Kubernetes (user-facing ones; `system:*` covers the rest). */
const BOOTSTRAP_CLUSTER_ROLES = new Set(['cluster-admin', 'admin', 'edit', 'view']);

/**
 * Roles Kubernetes itself creates and reconciles: their content is not the user's to change, so they are not judged.
 * ClusterRoles `cluster-admin`, `admin`, `edit`, `view`; any role named `system:*`.
 */
export function isBootstrapRole(kind: string, name: string | undefined): boolean {
  if (!name) return false;
  if (name.startsWith('system:')) return true;
  return kind === 'ClusterRole' && BOOTSTRAP_CLUSTER_ROLES.has(name);
}

/** Whether a ClusterRole is aggregated: its rules are filled in by the controller, so the written ones mean nothing. */
export function isAggregated(role: K8sObject): boolean {
  return role.kind === 'ClusterRole' && isMap(valueOf(role.node, 'aggregationRule'));
}

/** The string items of a list; templated and non-string items are left out (their value is unknown). */
function itemsAt(map: unknown, key: string): RbacItem[] {
  const out: RbacItem[] = [];
  for (const item of itemsOf(valueOf(map, key))) {
    if (!isScalar(item) || isTemplated(item)) continue;
    const value = stringOf(item);
    if (value === undefined) continue;
    out.push({ value, node: item as Scalar });
  }
  return out;
}

/** Every entry of a role's `rules`, in order. */
export function policyRulesOf(role: K8sObject): PolicyRule[] {
  const out: PolicyRule[] = [];
  itemsOf(valueOf(role.node, 'rules')).forEach((node, index) => {
    if (!isMap(node)) return;
    out.push({
      role, index, node: node as YAMLMap,
      apiGroups: itemsAt(node, 'apiGroups'),
      resources: itemsAt(node, 'resources'),
      verbs: itemsAt(node, 'verbs'),
      resourceNames: itemsAt(node, 'resourceNames'),
      nonResourceURLs: itemsAt(node, 'nonResourceURLs'),
    });
  });
  return out;
}

/**
 * Names a managed platform gives its own roles and bindings, exempt like the bootstrap ones (RULES.md §3.0: GKE's
 * `gce:podsecuritypolicy:calico-sa`, the name Polaris exempts besides Kubernetes' own).
 */
const PLATFORM_MANAGED_NAMES = new Set(['gce:podsecuritypolicy:calico-sa']);

/** The four user-facing ClusterRoles Kubernetes ships (`cluster-admin`, `admin`, `edit`, `view`). */
export function isBuiltInClusterRole(kind: string | undefined, name: string | undefined): boolean {
  return kind === 'ClusterRole' && name !== undefined && BOOTSTRAP_CLUSTER_ROLES.has(name);
}

/**
 * Roles whose content is not judged (RULES.md §3.0): the bootstrap roles ({@link isBootstrapRole}) and the roles a
 * managed platform creates under a known name.
 */
export function isExemptRole(kind: string, name: string | undefined): boolean {
  return isBootstrapRole(kind, name) || (name !== undefined && PLATFORM_MANAGED_NAMES.has(name));
}

/**
 * Bindings the platform creates and reconciles: `cluster-admin` (to `system:masters`), `system:*`, and the managed
 * platform names of {@link isExemptRole}. They are never judged; a user-created binding to a role of those names is.
 */
export function isPlatformBinding(name: string | undefined): boolean {
  if (!name) return false;
  return name === 'cluster-admin' || name.startsWith('system:') || PLATFORM_MANAGED_NAMES.has(name);
}

/**
 * The entries a rule should judge: undefined for objects that are not roles, for exempt roles ({@link isExemptRole})
 * and for aggregated ClusterRoles (RULES.md §3.0). The role's bindings do not matter here: a role bound only by
 * platform-managed bindings is still judged (its content is the manifest author's, and any later binding inherits it).
 */
export function judgedPolicyRulesOf(object: K8sObject): PolicyRule[] | undefined {
  if (!isRoleObject(object)) return undefined;
  if (isExemptRole(object.kind, object.name) || isAggregated(object)) return undefined;
  return policyRulesOf(object);
}

// ---------------------------------------------------------------------------------------------------------------------
// What an entry grants

/**
 * A resource of an API group. `resource` is `name` or `name/subresource`; `name/*` stands for every subresource of
 * `name` (used for `userextras/*`, whose subresources are free-form).
 */
export interface ResourceTarget {
  group: string;
  resource: string;
}

/** Several resources of the same groups: `targets(['apps', 'extensions'], 'deployments', 'daemonsets')`. */
export function targets(groups: readonly string[], ...resources: string[]): ResourceTarget[] {
  return groups.flatMap((group) => resources.map((resource) => ({ group, resource })));
}

/** Write verbs of the API (everything that changes state). */
export const WRITE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'] as const;

/** What one entry grants of a set of (resource, verb) pairs. */
export interface Grant {
  rule: PolicyRule;
  /** Resource items that matched, in document order (`*`, `*\/exec` and exact names). */
  resourceItems: RbacItem[];
  /** Verb items that matched, in document order. */
  verbItems: RbacItem[];
  /** The target resources granted (names as given to the matcher). */
  resources: string[];
  /** The asked-for verbs granted. */
  verbs: string[];
}

/** Whether an item of `apiGroups` covers a group. */
function groupMatches(item: string, group: string): boolean {
  return item === '*' || item === group;
}

/**
 * Whether an item of `resources` covers a target resource, as the RBAC authorizer decides: `*` covers everything,
 * `*\/sub` covers subresource `sub` of any resource, otherwise the text must be equal. `pods/*` is not a wildcard in
 * RBAC (it covers nothing real), so it never matches.
 */
function resourceMatches(item: string, target: string): boolean {
  if (item === '*') return true;
  const slash = target.indexOf('/');
  const base = slash < 0 ? target : target.slice(0, slash);
  const sub = slash < 0 ? undefined : target.slice(slash + 1);
  if (sub === undefined) return item === target;
  if (item.startsWith('*/')) return sub === '*' ? item.length > 2 : item.slice(2) === sub;
  if (sub === '*') return item.startsWith(`${base}/`) && item.length > base.length + 1 && !item.endsWith('/*');
  return item === target;
}

/**
 * What an entry grants of `verbs` on `resources` (RULES.md §3.0: every entry, `*` in any list, `*\/sub` subresource
 * wildcards; the core group is `""`). Undefined when it grants none of them.
 */
export function grantOf(rule: PolicyRule, resources: readonly ResourceTarget[], verbs: readonly string[]): Grant | undefined {
  const verbItems = rule.verbs.filter((v) => v.value === '*' || verbs.includes(v.value));
  if (!verbItems.length) return undefined;
  const grantedVerbs = verbItems.some((v) => v.value === '*') ? [...verbs] : verbs.filter((v) => verbItems.some((i) => i.value === v));
  const resourceItems = new Set<RbacItem>();
  const grantedResources: string[] = [];
  for (const t of resources) {
    if (!rule.apiGroups.some((g) => groupMatches(g.value, t.group))) continue;
    const hits = rule.resources.filter((r) => resourceMatches(r.value, t.resource));
    if (!hits.length) continue;
    for (const h of hits) resourceItems.add(h);
    if (!grantedResources.includes(t.resource)) grantedResources.push(t.resource);
  }
  if (!grantedResources.length) return undefined;
  const ordered = rule.resources.filter((r) => resourceItems.has(r));
  return { rule, resourceItems: ordered, verbItems, resources: grantedResources, verbs: grantedVerbs };
}

/** The `*` item of a list, if any. */
export function wildcardItem(items: readonly RbacItem[]): RbacItem | undefined {
  return items.find((i) => i.value === '*');
}

/**
 * `apiGroups: ["*"]`, `resources: ["*"]`, `verbs: ["*"]`: the entry grants everything (cluster-admin in a ClusterRole).
 * `k8s/rbac-no-wildcard-admin` reports it; the narrower rules skip it rather than repeat the same fact ten times.
 */
export function isFullWildcard(rule: PolicyRule): boolean {
  return !!wildcardItem(rule.apiGroups) && !!wildcardItem(rule.resources) && !!wildcardItem(rule.verbs);
}

/** The verbs that, listed together, Polaris reads as `*` on resources (read, write and delete). */
export const EVERY_STANDARD_VERB = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] as const;

/** The item that makes an entry grant every verb: `*`, or the first item of a list holding every standard verb. */
export function everyVerbItem(rule: PolicyRule): RbacItem | undefined {
  const star = wildcardItem(rule.verbs);
  if (star) return star;
  return EVERY_STANDARD_VERB.every((v) => rule.verbs.some((i) => i.value === v)) ? rule.verbs[0] : undefined;
}

/**
 * An entry granting every verb ({@link everyVerbItem}) on every resource of every API group: `k8s/rbac-no-wildcard-admin`
 * reports it, and `k8s/rbac-no-wildcards` leaves it alone.
 */
export function isAdminEntry(rule: PolicyRule): boolean {
  return !!wildcardItem(rule.apiGroups) && !!wildcardItem(rule.resources) && !!everyVerbItem(rule);
}

/** Whether the entry is narrowed to named objects (`resourceNames`). */
export function isNarrowed(rule: PolicyRule): boolean {
  return rule.resourceNames.length > 0;
}

/** One step less severe: error → warning → info. */
export function lowerSeverity(severity: Severity): Severity {
  return severity === 'error' ? 'warning' : 'info';
}

/** One step more severe: info → warning → error. */
export function raiseSeverity(severity: Severity): Severity {
  return severity === 'info' ? 'warning' : 'error';
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export function maxSeverity(a: Severity, b: Severity): Severity {
  return RANK[a] >= RANK[b] ? a : b;
}

export function severityRank(s: Severity): number {
  return RANK[s];
}

/** `rules[2]` for messages. */
export function describePolicyRule(rule: PolicyRule): string {
  return `rules[${rule.index}]`;
}

/** `` `get`, `list` `` for messages. */
export function codeList(values: readonly string[]): string {
  return values.map((v) => `\`${v}\``).join(', ');
}

// ---------------------------------------------------------------------------------------------------------------------
// Bindings

export interface RoleRef {
  kind: string | undefined;
  name: string | undefined;
  /** The `roleRef.name` value: the anchor of binding findings. */
  nameNode: Scalar | undefined;
  /** The `roleRef` mapping. */
  node: YAMLMap | undefined;
}

export interface Subject {
  kind: string | undefined;
  name: string | undefined;
  namespace: string | undefined;
  nameNode: Scalar | undefined;
  node: YAMLMap;
  index: number;
}

export interface RoleBinding {
  object: K8sObject;
  roleRef: RoleRef;
  subjects: Subject[];
}

/** A RoleBinding/ClusterRoleBinding read into its role reference and subjects; undefined for other objects. */
export function bindingOf(object: K8sObject): RoleBinding | undefined {
  if (!isBindingObject(object)) return undefined;
  const ref = mapAt(object.node, ['roleRef']);
  const refName = valueOf(ref, 'name');
  const subjects: Subject[] = [];
  itemsOf(valueOf(object.node, 'subjects')).forEach((node, index) => {
    if (!isMap(node)) return;
    const nameNode = valueOf(node, 'name');
    const templated = isTemplated(nameNode);
    subjects.push({
      kind: stringOf(valueOf(node, 'kind')),
      name: templated ? undefined : stringOf(nameNode),
      namespace: stringOf(valueOf(node, 'namespace')),
      nameNode: isScalar(nameNode) && !templated ? (nameNode as Scalar) : undefined,
      node: node as YAMLMap, index,
    });
  });
  return {
    object,
    roleRef: {
      kind: stringOf(valueOf(ref, 'kind')),
      name: isTemplated(refName) ? undefined : stringOf(refName),
      nameNode: isScalar(refName) && !isTemplated(refName) ? (refName as Scalar) : undefined,
      node: ref,
    },
    subjects,
  };
}

/** The namespace a namespaced object lands in; undefined when the manifest leaves it to `kubectl -n`. */
function namespaceOf(object: K8sObject): string | undefined {
  return object.namespace;
}

/**
 * The Role/ClusterRole a binding refers to, among candidate objects (the file's objects now, the workspace's later).
 * A RoleBinding's `Role` must live in the binding's namespace; ClusterRoles are cluster-scoped.
 */
export function findReferencedRole(binding: RoleBinding, candidates: Iterable<K8sObject>): K8sObject | undefined {
  const { kind, name } = binding.roleRef;
  if (!kind || !name) return undefined;
  for (const c of candidates) {
    if (c.kind !== kind || c.name !== name || !isRoleObject(c)) continue;
    if (kind === 'Role' && (namespaceOf(c) ?? '') !== (namespaceOf(binding.object) ?? '')) continue;
    return c;
  }
  return undefined;
}

/** The bindings among candidates that refer to a role. */
export function bindingsOfRole(role: K8sObject, candidates: Iterable<K8sObject>): RoleBinding[] {
  const out: RoleBinding[] = [];
  for (const c of candidates) {
    const b = bindingOf(c);
    if (b && findReferencedRole(b, [role]) === role) out.push(b);
  }
  return out;
}

/**
 * Whether a subject is a given ServiceAccount. A ServiceAccount subject without `namespace` is invalid for
 * ClusterRoleBindings; for RoleBindings the API defaults nothing either, so a missing namespace only matches when the
 * binding itself is in the account's namespace.
 */
export function subjectIsServiceAccount(subject: Subject, binding: RoleBinding, name: string, namespace: string | undefined): boolean {
  if (subject.kind !== 'ServiceAccount' || subject.name !== name) return false;
  const ns = subject.namespace ?? namespaceOf(binding.object);
  return (ns ?? '') === (namespace ?? '');
}

/** Node helper for rules: the `roleRef` anchor, falling back to the binding's `kind` value. */
export function roleRefAnchor(binding: RoleBinding): Node {
  return binding.roleRef.nameNode ?? binding.object.kindNode;
}

/** `Group "system:authenticated"`, `ServiceAccount "shop/default"` for messages. */
export function describeSubject(subject: Subject): string {
  const name = subject.kind === 'ServiceAccount' && subject.namespace ? `${subject.namespace}/${subject.name ?? '?'}` : subject.name ?? '?';
  return `${subject.kind ?? 'subject'} "${name}"`;
}

/** Groups that contain every user, every anonymous request, or every ServiceAccount (of a namespace). */
export function isBroadGroup(name: string | undefined): boolean {
  return name === 'system:authenticated' || name === 'system:unauthenticated'
    || name === 'system:serviceaccounts' || (name?.startsWith('system:serviceaccounts:') ?? false);
}

/** A subject that stands for far more than one workload: a broad group, or a namespace's `default` ServiceAccount. */
export function isBroadSubject(subject: Subject): boolean {
  if (subject.kind === 'Group') return isBroadGroup(subject.name);
  return subject.kind === 'ServiceAccount' && subject.name === 'default';
}

/** `ServiceAccount "ci/deployer", Group "ops"` (three at most) for messages; `no subject yet` for an empty list. */
export function describeSubjects(binding: RoleBinding): string {
  const { subjects } = binding;
  if (!subjects.length) return 'no subject yet';
  const shown = subjects.slice(0, 3).map(describeSubject).join(', ');
  return subjects.length > 3 ? `${shown} and ${subjects.length - 3} more` : shown;
}

// ---------------------------------------------------------------------------------------------------------------------
// Effective permissions: binding → role → subjects (RULES.md §3.0 cross-file mode, §6)

/** A workload whose pods run as a binding's ServiceAccount subject. */
export interface SubjectWorkload {
  subject: Subject;
  workload: K8sObject;
  /** The value naming the account in the pod spec (else the workload's `kind` value). */
  node: Node;
}

/**
 * What effective-permission checks can see of the binding ↔ role ↔ subject graph. {@link fileRbacView} answers from
 * the objects of the linted file; a workspace-wide view implements the same two questions over the workspace.
 */
export interface RbacView {
  /** The role a binding refers to, when the view holds it. */
  roleOf(binding: RoleBinding): K8sObject | undefined;
  /** The workloads running as a ServiceAccount subject of the binding. */
  workloadsOf(binding: RoleBinding): SubjectWorkload[];
}

/**
 * The view the effective-permission rules use: the one place where the workspace plugs in. Today it is the linted
 * file's objects ({@link fileRbacView}); once the workspace index carries role contents, a view over the workspace
 * (falling back to the file's objects for what the file itself defines) replaces it here, and every rule follows.
 */
export function rbacViewOf(ctx: { readonly objects: readonly K8sObject[]; readonly workspace: WorkspaceView | undefined }): RbacView {
  return fileRbacView(ctx.objects);
}

/** The binding ↔ role ↔ subject graph as far as one file's objects tell it. */
export function fileRbacView(objects: readonly K8sObject[]): RbacView {
  return {
    roleOf: (binding) => findReferencedRole(binding, objects),
    workloadsOf(binding) {
      const out: SubjectWorkload[] = [];
      for (const subject of binding.subjects) {
        if (subject.kind !== 'ServiceAccount' || !subject.name) continue;
        for (const workload of objects) {
          const pod = podSpecOf(workload);
          if (!pod) continue;
          const account = serviceAccountOf(pod);
          if (account.templated || !subjectIsServiceAccount(subject, binding, account.name, workload.namespace)) continue;
          out.push({ subject, workload, node: account.node ?? workload.kindNode });
        }
      }
      return out;
    },
  };
}

/** Who, beyond the named subjects, holds a binding's permissions: the reasons to raise a binding finding's severity. */
export interface SubjectReach {
  /** Broad subjects ({@link isBroadSubject}): the finding is an error. */
  broad: Subject[];
  /** ServiceAccount subjects that workloads run as: the finding is one step more severe (RULES.md §3.0). */
  workloads: SubjectWorkload[];
}

export function subjectReachOf(binding: RoleBinding, view: RbacView): SubjectReach {
  return { broad: binding.subjects.filter(isBroadSubject), workloads: view.workloadsOf(binding) };
}

/** The severity of a binding finding whose role grants `base`: error for broad subjects, one step up for workloads. */
export function bindingSeverity(base: Severity, reach: SubjectReach): Severity {
  if (reach.broad.length) return 'error';
  return reach.workloads.length ? raiseSeverity(base) : base;
}

/** What {@link SubjectReach} means, one clause per reason (empty when the subjects are single identities). */
export function reachClauses(reach: SubjectReach): string[] {
  const parts: string[] = [];
  if (reach.broad.length) {
    const names = reach.broad.map(describeSubject).join(', ');
    parts.push(`${names} ${reach.broad.length === 1 ? 'is' : 'are'} not one identity but every workload or user in scope`);
  }
  if (reach.workloads.length) {
    const shown = reach.workloads.slice(0, 3).map((w) => `${w.workload.resource} runs as ${describeSubject(w.subject)}`);
    if (reach.workloads.length > 3) shown.push(`${reach.workloads.length - 3} more workloads do too`);
    parts.push(shown.join(', '));
  }
  return parts;
}

/** The sentence a binding finding ends with when its subjects reach further than one identity (else empty). */
export function describeReach(reach: SubjectReach): string {
  const parts = reachClauses(reach);
  return parts.length ? ` ${parts.join('; ')}.` : '';
}

/** Related information for a binding finding: the broad subjects and the workloads running as a subject. */
export function reachRelated(reach: SubjectReach, bindingObject: K8sObject): { span: Span; message: string }[] {
  return [
    ...reach.broad.filter((s) => s.nameNode).map((s) => ({ span: bindingObject.doc.span(s.nameNode!), message: 'broad subject' })),
    ...reach.workloads.map((w) => ({ span: w.workload.doc.span(w.node), message: `${w.workload.resource} runs as this ServiceAccount` })),
  ];
}
