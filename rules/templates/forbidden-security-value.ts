import { containersOf, podSpecOf, WORKLOAD_KINDS, type Container, type PodSpec } from '../core/k8s.js';
import {
  PSS_OPTION_DEFAULTS, pssOptionsSchema, restrictedContextFix, workloadContainer, type PssOptions,
} from '../core/pod-security.js';
import { k8sRule, type FixDescriptor, type K8sContext, type K8sRule } from '../core/rule.js';
import type { Equivalents, Profile, Reference, Severity } from '../core/types.js';
import { isScalar, isTemplated, pairOf, valueOf, type Node } from '../core/yaml-model.js';

/** Where a security field can be written. */
export type SecurityLevel = 'pod' | 'container';

export interface ForbiddenValueSpec<O extends PssOptions> {
  id: string;
  title: string;
  severity: Severity;
  rationale: string;
  remediation: string;
  references: Reference[];
  equivalents: Equivalents;
  profiles?: Profile[];
  /** The levels the field is checked at: `securityContext.<path>` of the pod and/or of ALL_CONTAINERS. */
  levels: readonly SecurityLevel[];
  /** Path under `securityContext`, e.g. `['privileged']` or `['windowsOptions', 'hostProcess']`. */
  path: readonly string[];
  /** Whether a (non-null, non-templated) scalar value is forbidden. */
  forbidden(value: Node, options: O): boolean;
  /** The text the fix writes instead, or undefined for no fix. */
  replacement?(options: O): string;
  /** Exemptions: pods the rule does not judge (user namespaces, Windows, policy versions). */
  skipPod?(pod: PodSpec, options: O): boolean;
  /** Also offer the restricted `securityContext` action on container findings (restricted-profile rules). */
  restrictedAction?: boolean;
  /**
   * `{{target}}` is `Deployment/web, container "app"` or `Deployment/web (pod)`, `{{value}}` the value as written,
   * `{{field}}` the path under `securityContext`.
   */
  message: string;
  /** Rule-specific options (schema properties and defaults), beside the PSS ones. */
  options?: { properties: Record<string, unknown>; defaults: Omit<O, keyof PssOptions> };
  examples: { invalid: string; valid: string };
}

/**
 * A security-context field that must not hold certain values (`privileged: true`, `procMount: Unmasked`,
 * `runAsUser: 0`). Each explicit setter is a finding on the value itself, at pod and container level alike (PSS
 * semantics: a bad value is a violation even when the other level overrides it); the fix replaces the value.
 */
export function forbiddenSecurityValueRule<O extends PssOptions>(spec: ForbiddenValueSpec<O>): K8sRule<'forbidden', O> {
  const fieldName = spec.path.join('.');
  return k8sRule<'forbidden', O>({
    meta: {
      id: spec.id,
      stage: 'deploy',
      severity: spec.severity,
      title: spec.title,
      rationale: spec.rationale,
      remediation: spec.remediation,
      references: spec.references,
      equivalents: spec.equivalents,
      profiles: spec.profiles,
      fix: spec.replacement ? 'suggestion' : 'none',
      messages: { forbidden: spec.message },
      options: {
        schema: pssOptionsSchema(spec.options?.properties),
        defaults: { ...PSS_OPTION_DEFAULTS, ...(spec.options?.defaults ?? {}) } as O,
      },
      examples: spec.examples,
    },
    kinds: WORKLOAD_KINDS,
    check(ctx) {
      const pod = podSpecOf(ctx.object);
      if (!pod || spec.skipPod?.(pod, ctx.options)) return;
      if (spec.levels.includes('pod')) {
        checkAt(ctx, spec, fieldName, pod.securityContext, `${pod.object.resource} (pod)`, undefined);
      }
      if (spec.levels.includes('container')) {
        for (const c of containersOf(pod)) checkAt(ctx, spec, fieldName, c.securityContext, workloadContainer(c), c);
      }
    },
  });
}

/** A value as written (`yes`, not `true`). */
function sourceText(ctx: K8sContext<string, unknown>, node: Node): string {
  const s = ctx.doc.span(node);
  return ctx.text.slice(s.start, s.end);
}

function checkAt<O extends PssOptions>(ctx: K8sContext<'forbidden', O>, spec: ForbiddenValueSpec<O>, fieldName: string,
  securityContext: unknown, target: string, container: Container | undefined): void {
  let parent: unknown = securityContext;
  for (const step of spec.path.slice(0, -1)) parent = valueOf(parent, step);
  const pair = pairOf(parent, spec.path[spec.path.length - 1]);
  const value = pair?.value;
  if (!pair || !isScalar(value) || value.value === null || isTemplated(value)) return;
  if (!spec.forbidden(value, ctx.options)) return;
  const fixes: FixDescriptor[] = [];
  const replacement = spec.replacement?.(ctx.options);
  if (replacement !== undefined) {
    fixes.push({ title: `Set \`${fieldName}: ${replacement}\``, edits: [ctx.edit.replace(value, replacement)] });
  }
  if (container && spec.restrictedAction) {
    const action = restrictedContextFix(ctx as K8sContext<string, unknown>, container, ctx.options);
    if (action) fixes.push(action);
  }
  ctx.report({
    messageId: 'forbidden',
    data: { target, value: sourceText(ctx, value), field: fieldName },
    span: ctx.doc.span(value),
    related: [{ span: ctx.doc.span(pair.key), message: `\`${fieldName}\` is set here` }],
    fixes,
  });
}
