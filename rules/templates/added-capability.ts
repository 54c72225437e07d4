import { containersOf, podSpecOf, WORKLOAD_KINDS, type Container } from '../core/k8s.js';
import {
  capabilityItems, overriddenForWindows, PSS_OPTION_DEFAULTS, pssOptionsSchema, workloadContainer, type CapabilityItem,
  type PssOptions,
} from '../core/pod-security.js';
import { k8sRule, type FixDescriptor, type K8sRule } from '../core/rule.js';
import type { Equivalents, Profile, Reference, Severity } from '../core/types.js';
import type { YamlEditor } from '../core/yaml-edit.js';
import { itemsOf, pairOf, valueOf, type Node, type YAMLMap } from '../core/yaml-model.js';

/** What the rule says about one `capabilities.add` item, or undefined when the item is fine. */
export interface CapabilityVerdict {
  /** Filled into `{{reason}}`. */
  reason: string;
  /** The canonical spelling when the item only differs by case or a `CAP_` prefix: the first fix rewrites it. */
  rewrite?: string;
}

export interface AddedCapabilitySpec {
  id: string;
  title: string;
  severity: Severity;
  rationale: string;
  remediation: string;
  references: Reference[];
  equivalents: Equivalents;
  profiles?: Profile[];
  /** Judge one added capability as written. */
  judge(item: string): CapabilityVerdict | undefined;
  examples: { invalid: string; valid: string };
}

/**
 * A family of rules over `securityContext.capabilities.add` of ALL_CONTAINERS: each offending item is one finding on
 * the item itself; the fix rewrites a misspelt allowed name, else removes the item (the whole `add` key when it was
 * the only one).
 */
export function addedCapabilityRule(spec: AddedCapabilitySpec): K8sRule<'added', PssOptions> {
  return k8sRule<'added', PssOptions>({
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
      fix: 'suggestion',
      messages: { added: '{{target}} adds the capability `{{capability}}`: {{reason}}.' },
      options: { schema: pssOptionsSchema(), defaults: { ...PSS_OPTION_DEFAULTS } },
      examples: spec.examples,
    },
    kinds: WORKLOAD_KINDS,
    check(ctx) {
      const pod = podSpecOf(ctx.object);
      // at the restricted level (policy >= 1.22) the baseline capability check is replaced by one that skips Windows
      if (!pod || overriddenForWindows(pod, ctx.options, 22)) return;
      for (const c of containersOf(pod)) {
        for (const item of capabilityItems(c, 'add')) {
          const verdict = spec.judge(item.value);
          if (!verdict) continue;
          ctx.report({
            messageId: 'added',
            data: { target: workloadContainer(c), capability: item.value, reason: verdict.reason },
            span: ctx.doc.span(item.node),
            fixes: fixesFor(ctx.edit, c, item, verdict),
          });
        }
      }
    },
  });
}

function fixesFor(edit: YamlEditor, c: Container, item: CapabilityItem, verdict: CapabilityVerdict): FixDescriptor[] {
  const fixes: FixDescriptor[] = [];
  if (verdict.rewrite) fixes.push({ title: `Write \`${verdict.rewrite}\``, edits: [edit.replace(item.node, verdict.rewrite)] });
  const caps = valueOf(c.securityContext, 'capabilities') as YAMLMap;
  const addPair = pairOf(caps, 'add');
  const only = itemsOf(item.seq).length === 1;
  const removal = only && addPair ? edit.removePair(caps, addPair) : edit.removeItem(item.seq as Node, item.node);
  if (removal) fixes.push({ title: `Remove the capability \`${item.value}\``, edits: [removal] });
  return fixes;
}
