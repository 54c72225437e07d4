import {
  codeList, describePolicyRule, grantOf, isFullWildcard, isNarrowed, judgedPolicyRulesOf, lowerSeverity, severityRank,
  type Grant, type PolicyRule, type RbacItem, type ResourceTarget,
} from '../core/rbac.js';
import { k8sRule, type K8sRule, type RuleMeta } from '../core/rule.js';
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
}

export const RBAC_REFERENCES: Reference[] = [
  { title: 'Kubernetes: RBAC good practices', url: 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/' },
  { title: 'Kubernetes: Using RBAC authorization', url: 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/' },
];

/**
 * A rule over the content of Roles and ClusterRoles (RULES.md §3.0): every entry of `rules` is judged, one finding per
 * entry on the offending item; bootstrap roles and aggregated ClusterRoles are skipped; `resourceNames` lowers the
 * severity one step.
 */
export function rbacRule(spec: RbacRuleSpec): K8sRule<'grant'> {
  return k8sRule({
    meta: {
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
      messages: { grant: spec.message },
      examples: spec.examples,
    },
    check(ctx) {
      const rules = judgedPolicyRulesOf(ctx.object);
      if (!rules) return;
      for (const rule of rules) {
        if (spec.judgesFullWildcard === false && isFullWildcard(rule)) continue;
        const hit = spec.inspect(rule, rules);
        if (!hit) continue;
        const narrowed = hit.lowerWhenNarrowed !== false && isNarrowed(rule);
        const severity = narrowed ? lowerSeverity(hit.severity) : hit.severity;
        const names = `The entry is limited to \`resourceNames\` (${codeList(rule.resourceNames.map((r) => r.value))})`;
        ctx.report({
          messageId: 'grant',
          data: {
            role: ctx.object.resource,
            entry: describePolicyRule(rule),
            narrowed: !narrowed ? '' : severity !== hit.severity ? ` ${names}, so the severity is one step lower.` : ` ${names}.`,
            ...hit.data,
          },
          span: ctx.doc.span(hit.anchor.node),
          severity,
          related: hit.related?.map((r) => ({ span: ctx.doc.span(r.item.node), message: r.message })),
        });
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
