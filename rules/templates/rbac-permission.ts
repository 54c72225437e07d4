import type { K8sObject } from '../core/k8s.js';
import {
  bindingOf, bindingSeverity, codeList, describePolicyRule, describeReach, describeSubjects, grantOf, isAggregated,
  isBuiltInClusterRole, isFullWildcard, isNarrowed, isPlatformBinding, judgedPolicyRulesOf, lowerSeverity, policyRulesOf,
  rbacViewOf, reachRelated, ROLE_KINDS, roleRefAnchor, severityRank, subjectReachOf,
  type Grant, type PolicyRule, type RbacItem, type RbacView, type ResourceTarget, type RoleBinding,
} from '../core/rbac.js';
import { k8sRule, type K8sRule, type ReportDescriptor, type RuleMeta } from '../core/rule.js';
import type { Reference, Severity } from '../core/types.js';

/** What a role-content rule found in one entry of `rules`. */
export interface RbacHit {
  /** The offending verb or resource item (RULES.md §3.0). */
  anchor: RbacItem;
  severity: Severity;
  /** Filled into the message: `verbs`, `resources` and any rule-specific placeholder. */
  data: Record<string, string>;
  related?: { item: RbacItem; message: string }[];
  /** `resourceNames` lowers the severity one step unless the rule says otherwise. Default true. */
  lowerWhenNarrowed?: boolean;
}

/**
 * Effective-permission mode (RULES.md §3.0 cross-file mode, §6): besides the roles, the rule judges each
 * RoleBinding/ClusterRoleBinding through the role it refers to, when that role is known. The finding sits on the
 * binding's `roleRef.name`, with related information on the role's offending items. Platform-managed bindings
 * (`system:*`, `cluster-admin`, GKE's) are not judged; a user-created binding to an exempt role is, by what the role
 * is written to grant (a `system:` name does not make a role's content harmless).
 */
export interface BindingMode {
  /**
   * The message. Placeholders: `{{binding}}` (`RoleBinding/ops`), `{{role}}`, `{{subjects}}`, `{{entry}}`,
   * `{{narrowed}}`, `{{reach}}` (a sentence when broad subjects or workloads raised the severity, else empty) and the
   * `inspect` data of the most severe entry.
   */
  message: string;
  /** Entries whose grant through this binding another rule reports (or that the binding cannot grant). */
  leaves?(binding: RoleBinding, role: K8sObject, rule: PolicyRule): boolean;
}

export interface RbacRuleSpec {
  id: string;
  severity: Severity;
  title: string;
  rationale: string;
  remediation: string;
  references?: Reference[];
  equivalents: RuleMeta['equivalents'];
  profiles?: RuleMeta['profiles'];
  /**
   * The message. Placeholders: `{{role}}` (`ClusterRole/ops`), `{{entry}}` (`rules[0]`), `{{narrowed}}` (a sentence
   * when `resourceNames` lowered the severity, else empty) and whatever `inspect` puts in `data`.
   */
  message: string;
  examples?: { invalid: string; valid: string };
  /**
   * Whether the rule judges `*`/`*`/`*` entries (default true). RULES.md only lets `k8s/rbac-no-wildcards` skip what
   * `k8s/rbac-no-wildcard-admin` reports: a full wildcard really does grant exec, secrets, escalate…, and each of
   * those rules must answer for it on its own (a user may disable any one of them).
   */
  judgesFullWildcard?: boolean;
  /** Judge one entry; `all` holds every entry of the role for checks that span entries. */
  inspect(rule: PolicyRule, all: readonly PolicyRule[]): RbacHit | undefined;
  /** Also judge bindings through their role (the rule then needs the whole file: `scope: 'file'`). */
  throughBindings?: BindingMode;
}

export const RBAC_REFERENCES: Reference[] = [
  { title: 'Kubernetes: RBAC good practices', url: 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/' },
  { title: 'Kubernetes: Using RBAC authorization', url: 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/' },
];

type RbacMessage = 'grant' | 'binding';
type Report = (descriptor: ReportDescriptor<RbacMessage>) => void;

/** One judged entry: the hit, its severity after `resourceNames`, and the sentence saying so. */
interface JudgedEntry {
  rule: PolicyRule;
  hit: RbacHit;
  severity: Severity;
  narrowed: string;
}

function judgeEntries(spec: RbacRuleSpec, rules: readonly PolicyRule[]): JudgedEntry[] {
  const out: JudgedEntry[] = [];
  for (const rule of rules) {
    if (spec.judgesFullWildcard === false && isFullWildcard(rule)) continue;
    const hit = spec.inspect(rule, rules);
    if (!hit) continue;
    const narrowed = hit.lowerWhenNarrowed !== false && isNarrowed(rule);
    const severity = narrowed ? lowerSeverity(hit.severity) : hit.severity;
    const names = `The entry is limited to \`resourceNames\` (${codeList(rule.resourceNames.map((r) => r.value))})`;
    out.push({
      rule, hit, severity,
      narrowed: !narrowed ? '' : severity !== hit.severity ? ` ${names}, so the severity is one step lower.` : ` ${names}.`,
    });
  }
  return out;
}

/** Role content: one finding per offending entry, on the offending item. */
function reportRoleContent(spec: RbacRuleSpec, role: K8sObject, report: Report): void {
  const rules = judgedPolicyRulesOf(role);
  if (!rules) return;
  for (const { rule, hit, severity, narrowed } of judgeEntries(spec, rules)) {
    report({
      messageId: 'grant',
      data: { role: role.resource, entry: describePolicyRule(rule), narrowed, ...hit.data },
      span: role.doc.span(hit.anchor.node),
      severity,
      related: hit.related?.map((r) => ({ span: role.doc.span(r.item.node), message: r.message })),
    });
  }
}

/**
 * Effective permission: one finding per binding whose known role grants what the rule looks for. The built-in
 * user-facing ClusterRoles are left out (Kubernetes defines their content whatever a file says, and
 * `k8s/rbac-no-cluster-admin-binding` reports bindings to them by name), and so are aggregated ClusterRoles (their
 * rules are filled in by the controller).
 */
function reportBinding(spec: RbacRuleSpec, mode: BindingMode, object: K8sObject, view: RbacView, report: Report): void {
  const binding = bindingOf(object);
  if (!binding || isPlatformBinding(object.name)) return;
  const role = view.roleOf(binding);
  if (!role || isAggregated(role) || isBuiltInClusterRole(role.kind, role.name)) return;
  const entries = judgeEntries(spec, policyRulesOf(role)).filter((e) => !mode.leaves?.(binding, role, e.rule));
  if (!entries.length) return;
  const worst = entries.reduce((a, b) => (severityRank(b.severity) > severityRank(a.severity) ? b : a));
  const reach = subjectReachOf(binding, view);
  report({
    messageId: 'binding',
    data: {
      ...worst.hit.data,
      binding: object.resource, role: role.resource, subjects: describeSubjects(binding),
      entry: describePolicyRule(worst.rule), narrowed: worst.narrowed, reach: describeReach(reach),
    },
    span: object.doc.span(roleRefAnchor(binding)),
    severity: bindingSeverity(worst.severity, reach),
    related: [
      ...entries.map((e) => ({ span: role.doc.span(e.hit.anchor.node), message: `${role.resource} ${describePolicyRule(e.rule)} grants it` })),
      ...reachRelated(reach, object),
    ],
  });
}

/**
 * A rule over the content of Roles and ClusterRoles (RULES.md §3.0): every entry of `rules` is judged, one finding per
 * entry on the offending item; exempt roles and aggregated ClusterRoles are skipped; `resourceNames` lowers the
 * severity one step. With `throughBindings`, bindings are judged too (see {@link BindingMode}).
 */
export function rbacRule(spec: RbacRuleSpec): K8sRule<string> {
  const mode = spec.throughBindings;
  const meta: RuleMeta<string, Record<string, never>> = {
    id: spec.id,
    stage: 'access',
    severity: spec.severity,
    title: spec.title,
    rationale: spec.rationale,
    remediation: spec.remediation,
    references: [...RBAC_REFERENCES, ...(spec.references ?? [])],
    equivalents: spec.equivalents,
    profiles: spec.profiles,
    fix: 'none',
    messages: mode ? { grant: spec.message, binding: mode.message } : { grant: spec.message },
    examples: spec.examples,
  };
  if (!mode) {
    return k8sRule<string>({
      meta,
      kinds: ROLE_KINDS,
      check(ctx) {
        reportRoleContent(spec, ctx.object, (d) => ctx.report(d));
      },
    });
  }
  return k8sRule<string>({
    meta: { ...meta, scope: 'file' },
    checkFile(ctx) {
      const view = rbacViewOf(ctx);
      for (const object of ctx.objects) {
        reportRoleContent(spec, object, (d) => ctx.report(d));
        reportBinding(spec, mode, object, view, (d) => ctx.report(d));
      }
    },
  });
}

/** One permission a rule looks for, with the severity of granting it. */
export interface PermissionCheck {
  resources: readonly ResourceTarget[];
  verbs: readonly string[];
  severity: Severity;
  /** What the grant allows, for the message's `{{consequence}}` (the most severe check granted wins). */
  consequence?: string;
}

/**
 * The usual inspection: the entry grants one of `checks`. The finding takes the most severe check it grants, points at
 * the matching resource item (or verb item for `anchor: 'verb'`), and lists every verb and resource granted.
 */
export function permissionInspector(checks: readonly PermissionCheck[], anchor: 'resource' | 'verb' = 'resource'): RbacRuleSpec['inspect'] {
  return (rule) => {
    let best: { grant: Grant; severity: Severity; check: PermissionCheck } | undefined;
    const verbs: string[] = [];
    const resources: string[] = [];
    for (const check of checks) {
      const grant = grantOf(rule, check.resources, check.verbs);
      if (!grant) continue;
      if (!best || severityRank(check.severity) > severityRank(best.severity)) best = { grant, severity: check.severity, check };
      for (const v of grant.verbs) if (!verbs.includes(v)) verbs.push(v);
      for (const r of grant.resources) if (!resources.includes(r)) resources.push(r);
    }
    if (!best) return undefined;
    const { grant } = best;
    const primary = anchor === 'verb' ? grant.verbItems[0] : grant.resourceItems[0];
    const other = anchor === 'verb' ? grant.resourceItems[0] : grant.verbItems[0];
    return {
      anchor: primary,
      severity: best.severity,
      data: { verbs: codeList(verbs), resources: codeList(resources), consequence: best.check.consequence ?? '' },
      related: other ? [{ item: other, message: anchor === 'verb' ? 'on this resource' : 'with this verb' }] : undefined,
    };
  };
}
