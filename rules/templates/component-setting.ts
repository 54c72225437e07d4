import {
  COMPONENT_KINDS, componentsOf, describeObject, isConfigKind, type Component, type ComponentFlags, type Flag,
} from '../core/control-plane.js';
import { k8sRule, type FixDescriptor, type K8sContext, type K8sRule, type RuleMeta } from '../core/rule.js';
import type { Severity, Span } from '../core/types.js';
import { scalar } from '../core/yaml-edit.js';
import { isMap, isScalar, isTemplated, nodeAt, pairOf, stringOf, type Node, type YAMLMap } from '../core/yaml-model.js';

/**
 * Platform rules (RULES.md §4) mostly say "this flag must have a safe value" or "this config field must": the
 * factory below turns a list of such settings into a rule, with the defaults of §4.0 applied the same way everywhere.
 * A rule adds its own `check` for what does not fit (list-valued flags, either-or requirements, other kinds).
 */

/** One command-line flag a component must set, or must not set to an insecure value. */
export interface FlagSetting {
  /** The binaries that take this flag. */
  components: readonly Component[];
  /** Flag name without dashes. */
  flag: string;
  /** What the binary uses when the flag is absent; an absent flag is judged by this value. */
  default?: string;
  /** The flag must be present (a certificate, a file): an absent flag is a finding whatever the default. */
  required?: boolean;
  /** Whether a value is acceptable (a bare `--flag` reads as `true`). Without it any present value passes. */
  isSecure?(value: string): boolean;
  /**
   * Report an absent flag in a kubeadm configuration too. kubeadm writes many flags itself (authorization mode, client
   * CA, etcd TLS…), so there only explicit insecure values are reported, except for settings kubeadm never writes
   * (profiling, audit, encryption, the kubelet CA).
   */
  reportMissingInKubeadm?: boolean;
  /** A setting the kubelet/kube-proxy config file can hold: with `--config` on the command line an absent flag is unknown. */
  configFileSetting?: boolean;
  /** Flags that replace this one (structured configuration files): when present the setting is not judged. */
  supersededBy?: readonly string[];
  /** Only judge the setting when this holds (e.g. retention only when the audit log is a file). */
  when?(component: ComponentFlags): boolean;
  /** The fix: write this value (computed from the current one when a function), or remove the flag. None when absent. */
  fix?: { value: string | ((current: string | undefined) => string) } | 'remove';
  severity?: Severity;
  /** The consequence, one clause for messages: "the /debug/pprof endpoints reveal internals". */
  risk: string;
}

/** One field of a kubelet or kube-proxy configuration file. */
export interface FieldSetting {
  kind: 'KubeletConfiguration' | 'KubeProxyConfiguration';
  path: readonly string[];
  /** The config-file default used when the field is absent (RULES.md §4.0: not the flag's default). */
  default?: string | number | boolean;
  required?: boolean;
  /** Whether a value (stringified scalar) is acceptable. */
  isSecure?(value: string): boolean;
  /** Only judge the field when this holds for the configuration's root mapping. */
  when?(root: YAMLMap): boolean;
  /** The YAML text the fix writes. */
  fix?: { value: string | ((current: string | undefined) => string) };
  /** Fields the fix also corrects when they are written with another value (absent ones keep their default). */
  companions?: readonly { path: readonly string[]; value: string }[];
  severity?: Severity;
  risk: string;
}

export type SettingMessageId = 'flagMissing' | 'flagInsecure' | 'fieldMissing' | 'fieldInsecure';

export const SETTING_MESSAGES: Record<SettingMessageId, string> = {
  flagMissing: '{{where}} does not set `--{{flag}}`{{fallback}}: {{risk}}.',
  flagInsecure: '{{where}} sets `{{setting}}`: {{risk}}.',
  fieldMissing: '{{where}} does not set `{{field}}`{{fallback}}: {{risk}}.',
  fieldInsecure: '{{where}} sets `{{field}}: {{value}}`: {{risk}}.',
};

type SettingList<T, O> = readonly T[] | ((options: O) => readonly T[]);

export interface ComponentSettingSpec<X extends string, O> {
  meta: Omit<RuleMeta<SettingMessageId | X, O>, 'stage' | 'messages'> & { messages?: Record<X, string> };
  flags?: SettingList<FlagSetting, O>;
  fields?: SettingList<FieldSetting, O>;
  /** Checks that do not fit a setting; they may use the shared messages too. */
  check?(ctx: K8sContext<SettingMessageId | X, O>): void;
  /**
   * The kinds `check` reports on, when it has one (`COMPONENT_KINDS` for a check that reads the components); without
   * them a rule with a check of its own runs on every object.
   */
  checkKinds?: readonly string[];
}

/** The kinds a field setting can judge (see `isConfigKind`). */
const CONFIG_KINDS: ReadonlySet<string> = new Set<FieldSetting['kind']>(['KubeletConfiguration', 'KubeProxyConfiguration']);

/** A platform rule (stage `platform`) from flag and config-field settings plus an optional custom check. */
export function componentSettingRule<X extends string = never, O = Record<string, never>>(
  spec: ComponentSettingSpec<X, O>,
): K8sRule<SettingMessageId | X, O> {
  const messages = { ...SETTING_MESSAGES, ...(spec.meta.messages ?? {}) } as Record<SettingMessageId | X, string>;
  return k8sRule<SettingMessageId | X, O>({
    meta: { ...spec.meta, stage: 'platform', messages },
    // the rule looks only at components and configuration files, and at what its own check names
    ...(spec.check && !spec.checkKinds ? {} : {
      kinds: [...new Set([...(spec.flags ? COMPONENT_KINDS : []), ...(spec.fields ? CONFIG_KINDS : []), ...(spec.checkKinds ?? [])])],
    }),
    check(ctx) {
      const preferred = spec.meta.fix === 'safe';
      // most objects are neither a component nor a component's configuration file: settle that before anything else
      const components = spec.flags ? componentsOf(ctx.object, ctx.edit) : [];
      if (components.length) {
        const flags = typeof spec.flags === 'function' ? spec.flags(ctx.options) : spec.flags ?? [];
        for (const component of components) {
          for (const setting of flags) {
            if (setting.components.includes(component.component)) checkFlagSetting(ctx, component, setting, preferred);
          }
        }
      }
      if (spec.fields && CONFIG_KINDS.has(ctx.object.kind)) {
        const fields = typeof spec.fields === 'function' ? spec.fields(ctx.options) : spec.fields;
        for (const setting of fields) checkFieldSetting(ctx, setting, preferred);
      }
      spec.check?.(ctx);
    },
  });
}

/** Title and edits of a fix, or nothing when no edit could be built. Safe fixes are preferred (fix-all applies them);
 *  suggestions stay unpreferred (RULES.md §0.2). */
function fixOf(title: string, edits: readonly ({ start: number; end: number; text: string } | undefined)[] | undefined, safe: boolean): FixDescriptor[] | undefined {
  if (!edits || !edits.length || edits.some((e) => !e)) return undefined;
  return [{ title, edits: edits as FixDescriptor['edits'], ...(safe ? { isPreferred: true } : {}) }];
}

function resolveFixValue(fix: { value: string | ((current: string | undefined) => string) }, current: string | undefined): string {
  return typeof fix.value === 'function' ? fix.value(current) : fix.value;
}

/** `--name=value` for messages (long values shortened). */
export function describeFlag(flag: Flag): string {
  if (flag.value === undefined) return `--${flag.name}`;
  const v = flag.value.length > 80 ? flag.value.slice(0, 77) + '...' : flag.value;
  return `--${flag.name}=${v}`;
}

/** Judge one flag setting on one component and report (RULES.md §4.0 defaults). */
export function checkFlagSetting<M extends string, O>(ctx: K8sContext<M | SettingMessageId, O>, component: ComponentFlags,
  setting: FlagSetting, preferred = false): void {
  if (setting.supersededBy?.some((f) => component.has(f))) return;
  if (setting.when && !setting.when(component)) return;
  const safe = preferred;
  const flag = component.get(setting.flag);
  if (!flag) {
    if (component.origin === 'kubeadm' && !setting.reportMissingInKubeadm) return;
    if (setting.configFileSetting && component.readsConfigFile) return;
    const bad = setting.required || (setting.default !== undefined && setting.isSecure !== undefined && !setting.isSecure(setting.default));
    if (!bad) return;
    let fixes: FixDescriptor[] | undefined;
    if (setting.fix && setting.fix !== 'remove') {
      const value = resolveFixValue(setting.fix, undefined);
      fixes = fixOf(`Add \`--${setting.flag}=${value}\``, [component.appendFlags([[setting.flag, value]])], safe);
    }
    ctx.report({
      messageId: 'flagMissing',
      data: {
        where: component.where, flag: setting.flag, risk: setting.risk,
        fallback: setting.default !== undefined ? ` (${component.component} defaults to \`${setting.default}\`)` : '',
      },
      span: component.missingAnchor,
      severity: setting.severity,
      fixes,
      missing: true,
    });
    return;
  }
  if (flag.templated) return;
  const value = flag.value ?? 'true';
  const ok = setting.isSecure ? setting.isSecure(value) : setting.required ? value.trim() !== '' : true;
  if (ok) return;
  let fixes: FixDescriptor[] | undefined;
  if (setting.fix === 'remove') {
    fixes = fixOf(`Remove \`--${setting.flag}\``, component.remove(flag), safe);
  } else if (setting.fix) {
    const next = resolveFixValue(setting.fix, flag.value);
    fixes = fixOf(`Set \`--${setting.flag}=${next}\``, [component.setValue(flag, next)], safe);
  }
  ctx.report({
    messageId: 'flagInsecure',
    data: { where: component.where, setting: describeFlag(flag), risk: setting.risk },
    span: flag.anchor,
    severity: setting.severity,
    // point at the flag's name when the finding sits on a separate value
    related: flag.form === 'inline' || flag.form === 'bare' ? undefined : [{ span: ctx.doc.span(flag.nameNode), message: `\`--${flag.name}\` is set here` }],
    fixes,
  });
}

/** Judge one kubelet / kube-proxy configuration field and report. */
export function checkFieldSetting<M extends string, O>(ctx: K8sContext<M | SettingMessageId, O>, setting: FieldSetting,
  preferred = false): void {
  const object = ctx.object;
  if (!isConfigKind(object, setting.kind)) return;
  if (setting.when && !setting.when(object.node)) return;
  const safe = preferred;
  const field = setting.path.join('.');
  const where = describeObject(object);
  // walk the path; remember the deepest key that exists as the anchor for a missing field
  let anchor: Span = ctx.doc.span(object.kindNode);
  let cur: unknown = object.node;
  let node: Node | undefined;
  for (let i = 0; i < setting.path.length; i++) {
    const pair = pairOf(cur, setting.path[i]);
    if (!pair) break;
    if (i === setting.path.length - 1) {
      node = (pair.value ?? undefined) as Node | undefined;
      if (isScalar(node) && node.value === null) node = undefined;
      if (node === undefined) anchor = ctx.doc.span(pair.key);
      break;
    }
    anchor = ctx.doc.span(pair.key);
    cur = pair.value;
    if (!isMap(cur)) return; // a non-mapping on the way: not something this rule can judge
  }
  if (node === undefined) {
    const fallback = setting.default !== undefined ? String(setting.default) : undefined;
    const bad = setting.required || (fallback !== undefined && setting.isSecure !== undefined && !setting.isSecure(fallback));
    if (!bad) return;
    let fixes: FixDescriptor[] | undefined;
    if (setting.fix) {
      const value = resolveFixValue(setting.fix, undefined);
      fixes = fixOf(`Set \`${field}: ${value}\``, ctx.edit.insertPath(object.node, setting.path, scalar(value)), safe);
    }
    ctx.report({
      messageId: 'fieldMissing',
      data: { where, field, risk: setting.risk, fallback: fallback !== undefined ? ` (the default is \`${fallback}\`)` : '' },
      span: anchor,
      severity: setting.severity,
      fixes,
      missing: true,
    });
    return;
  }
  if (!isScalar(node) || isTemplated(node)) return;
  const value = stringOf(node) ?? '';
  const ok = setting.isSecure ? setting.isSecure(value) : setting.required ? value.trim() !== '' : true;
  if (ok) return;
  let fixes: FixDescriptor[] | undefined;
  if (setting.fix) {
    const next = resolveFixValue(setting.fix, value);
    const edits = [ctx.edit.replace(node, next)];
    for (const c of setting.companions ?? []) {
      const other = nodeAt(object.node, c.path);
      if (isScalar(other) && !isTemplated(other) && stringOf(other) !== c.value) edits.push(ctx.edit.replace(other, c.value));
    }
    const also = edits.length > 1 ? ` (and ${setting.companions!.map((c) => `\`${c.path.join('.')}: ${c.value}\``).join(', ')})` : '';
    fixes = fixOf(`Set \`${field}: ${next}\`${also}`, edits, safe);
  }
  ctx.report({
    messageId: 'fieldInsecure',
    data: { where, field, value, risk: setting.risk },
    span: ctx.doc.span(node),
    severity: setting.severity,
    fixes,
  });
}
