/**
 * Pod Security Standards helpers shared by the Deploy rules (RULES.md §0.3, §2): policy versions and levels, the
 * exemptions the PodSecurity admission builds in (Windows pods, `hostUsers: false`), diagnostic anchors, capability
 * names, and the quick fix that gives a container a complete restricted `securityContext`.
 *
 * Two modes. Without `pssLevel` a rule follows the catalog (hints included). With `pssLevel` (set by the `pss-baseline`
 * and `pss-restricted` presets) it answers exactly what the PodSecurity admission answers at that level and
 * `pssVersion`: a pod the admission admits gets no finding, a rejected pod gets at least one from the preset.
 */
import { describeContainer, type Container, type PodSpec } from './k8s.js';
import { ObjectSlot } from './object-slot.js';
import type { FixDescriptor, K8sContext, OptionsSchema, SpanEdit } from './rule.js';
import type { Span } from './types.js';
import {
  mapping, renderFlow, renderPath, scalar, sequence, type LeafValue, type YamlEditor,
} from './yaml-edit.js';
import {
  isFalse, isMap, isScalar, isSeq, isTemplated, isTrue, itemsOf, numberOf, pairOf, stringOf, valueOf,
  type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq, type YamlDoc,
} from './yaml-model.js';

// ---------------------------------------------------------------------------------------------------------------------
// Policy version and level

export type PssLevel = 'baseline' | 'restricted';

/** Options understood by every rule that implements a Pod Security Standards control. */
export interface PssOptions {
  /** Policy version to follow, as in `pod-security.kubernetes.io/enforce-version`: `latest` or `v1.NN`. */
  pssVersion?: string;
  /** Answer exactly as the PodSecurity admission at this level (set by the `pss-*` presets). */
  pssLevel?: PssLevel;
}

/**
 * The newest policy version with a versioned check in the admission code the catalog was written from (sysctls gained
 * entries at 1.37). Like the admission, newer versions (and `latest`) clamp to it.
 */
export const PSS_LATEST_MINOR = 37;

/** JSON Schema properties of the PSS options, spread into each rule's options schema. */
export const PSS_OPTION_PROPERTIES: Record<string, unknown> = {
  pssVersion: {
    type: 'string',
    pattern: '^(latest|v?1\\.[0-9]+)$',
    description: 'Pod Security Standards policy version to follow (`latest` or `v1.NN`, as in the `pod-security.kubernetes.io/enforce-version` namespace label).',
  },
  pssLevel: {
    enum: ['baseline', 'restricted'],
    description: 'Answer exactly as the PodSecurity admission does at this level, without extra hints. Set by the `pss-baseline` and `pss-restricted` presets.',
  },
};

export const PSS_OPTION_DEFAULTS: PssOptions = { pssVersion: 'latest' };

/** An options schema: the PSS options plus the rule's own properties. */
export function pssOptionsSchema(own: Record<string, unknown> = {}): OptionsSchema {
  return { type: 'object', properties: { ...PSS_OPTION_PROPERTIES, ...own }, additionalProperties: false };
}

/** The minor version of the policy (1.NN → NN); `latest`, unknown and newer versions give the newest known. */
export function pssMinor(options: PssOptions | undefined): number {
  const v = options?.pssVersion;
  if (!v || v === 'latest') return PSS_LATEST_MINOR;
  const m = /^v?1\.(\d+)$/.exec(v.trim());
  return m ? Math.min(Number(m[1]), PSS_LATEST_MINOR) : PSS_LATEST_MINOR;
}

export function pssAtLeast(options: PssOptions | undefined, minor: number): boolean {
  return pssMinor(options) >= minor;
}

/** The level the rule must answer exactly for, or undefined in catalog mode. */
export function exactLevel(options: PssOptions | undefined): PssLevel | undefined {
  const l = options?.pssLevel;
  return l === 'baseline' || l === 'restricted' ? l : undefined;
}

/**
 * Rules for Linux-only fields (privilege escalation, capabilities, seccomp, read-only root) skip Windows pods: the API
 * rejects those fields on them, and the admission exempts Windows pods from the restricted checks from policy 1.25.
 */
export function skipsWindowsPod(pod: PodSpec, options: PssOptions | undefined): boolean {
  return pod.isWindows && (exactLevel(options) === undefined || pssAtLeast(options, 25));
}

/**
 * At the restricted level a baseline check can be overridden by a restricted one that exempts Windows pods
 * (capabilities from 1.22, seccomp from 1.19; the exemption from 1.25). A baseline rule answering for `restricted`
 * skips a Windows pod exactly when that happens.
 */
export function overriddenForWindows(pod: PodSpec, options: PssOptions | undefined, overrideSince: number): boolean {
  return exactLevel(options) === 'restricted' && pod.isWindows && pssAtLeast(options, Math.max(25, overrideSince));
}

/** `hostUsers: false` relaxes the restricted runAsNonRoot and runAsUser checks from policy 1.35. */
export function userNamespaceRelaxed(pod: PodSpec, options: PssOptions | undefined): boolean {
  return pod.userNamespaces && pssAtLeast(options, 35);
}

// ---------------------------------------------------------------------------------------------------------------------
// Messages and anchors (RULES.md §0.3 "Diagnostic anchoring")

/** `Deployment/web, container "app"`. */
export function workloadContainer(c: Container): string {
  return `${c.pod.object.resource}, ${describeContainer(c)}`;
}

/** `containers "a", "b"` / `container "a"` for a list of containers. */
export function containerNames(cs: readonly Container[]): string {
  const names = cs.map((c) => (c.name !== undefined ? `"${c.name}"` : c.label));
  return `${cs.length === 1 ? 'container' : 'containers'} ${names.join(', ')}`;
}

/** The container's `name` value; for an unnamed container the `-` of its sequence item. */
export function containerNameAnchor(doc: YamlDoc, text: string, c: Container): Span {
  if (c.nameNode?.range && c.nameNode.range[1] > c.nameNode.range[0]) return doc.span(c.nameNode);
  const start = doc.span(c.node).start;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const dash = /-[ \t]*$/.exec(text.slice(lineStart, start));
  const at = dash ? lineStart + dash.index : start;
  return { start: at, end: at + 1 };
}

/** A field missing on a container: the `securityContext` key when there is one, else the container's name. */
export function containerAnchor(doc: YamlDoc, text: string, c: Container): Span {
  if (c.securityContextPair) return doc.span(c.securityContextPair.key as Node);
  return containerNameAnchor(doc, text, c);
}

/** A field missing at pod level: the key holding POD_SPEC (`spec:` of a Pod, `spec:` under `template:`). */
export function podAnchor(doc: YamlDoc, pod: PodSpec): Span {
  return doc.span(pod.specPair.key as Node);
}

/** A pod-level security field: the pod's `securityContext` key when present, else the POD_SPEC key. */
export function podSecurityContextAnchor(doc: YamlDoc, pod: PodSpec): Span {
  const pair = pairOf(pod.spec, 'securityContext');
  return pair ? doc.span(pair.key as Node) : podAnchor(doc, pod);
}

/** A scalar value that is absent in effect (`key:`, `key: ~`). */
export function isNullNode(node: unknown): boolean {
  return node === undefined || node === null || (isScalar(node) && node.value === null);
}

/** The pair `securityContext.<path>` of a container (undefined when any step is missing). */
export function containerSecurityPair(c: Container, ...path: string[]): Pair<Scalar, Node | null> | undefined {
  let cur: unknown = c.securityContext;
  for (let i = 0; i < path.length - 1; i++) cur = valueOf(cur, path[i]);
  return pairOf(cur, path[path.length - 1]);
}

// ---------------------------------------------------------------------------------------------------------------------
// Capabilities

/** The PSS baseline `capabilities.add` allow-list (exact, case-sensitive, as the admission compares). */
export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID',
  'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

/** Capabilities that give a container a route to the node (union of Polaris, Trivy and Kubescape lists). */
export const DANGEROUS_CAPABILITIES: ReadonlySet<string> = new Set([
  'ALL', 'SYS_ADMIN', 'NET_ADMIN', 'SYS_MODULE', 'SYS_PTRACE', 'SYS_RAWIO', 'SYS_BOOT', 'BPF', 'PERFMON', 'MAC_ADMIN',
  'MAC_OVERRIDE', 'NET_RAW', 'DAC_READ_SEARCH',
]);

/** `cap_sys_admin` → `SYS_ADMIN`: how the kernel and most tools read a capability name. */
export function canonicalCapability(name: string): string {
  return name.trim().toUpperCase().replace(/^CAP_/, '');
}

export interface CapabilityItem {
  node: Scalar;
  /** The item as written. */
  value: string;
  seq: YAMLSeq;
}

/** Items of `securityContext.capabilities.add|drop` (templated and non-string items skipped). */
export function capabilityItems(c: Container, list: 'add' | 'drop'): CapabilityItem[] {
  const seq = valueOf(valueOf(c.securityContext, 'capabilities'), list);
  if (!isSeq(seq)) return [];
  const out: CapabilityItem[] = [];
  for (const item of itemsOf(seq)) {
    const value = stringOf(item);
    if (value === undefined || isTemplated(item)) continue;
    out.push({ node: item as Scalar, value, seq: seq as YAMLSeq });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------------
// Seccomp

const SECCOMP_ALLOWED = new Set(['RuntimeDefault', 'Localhost']);

/** A `seccompProfile` mapping whose `type` the restricted level accepts. */
export function isAllowedSeccomp(profile: unknown): boolean {
  return isMap(profile) && SECCOMP_ALLOWED.has(stringOf(valueOf(profile, 'type')) ?? '');
}

// ---------------------------------------------------------------------------------------------------------------------
// The restricted securityContext quick fix

const DEFAULT_UID = '65532';

/**
 * One action for every restricted-profile container finding: give the container a complete restricted
 * `securityContext`, merged with what is there (existing keys and comments stay; bad values are corrected; missing
 * ones are added): `allowPrivilegeEscalation: false`, `privileged` off, `capabilities.drop: [ALL]` with only
 * `NET_BIND_SERVICE` added, `runAsNonRoot: true` (unless the pod sets it or user namespaces relax it), no
 * `runAsUser: 0`, `procMount: Default`, and `seccompProfile.type: RuntimeDefault` unless the pod sets a valid one.
 * Windows pods only get the fields that apply to them. Undefined when the shape cannot be edited safely.
 */
export function restrictedContextFix(ctx: K8sContext<string, unknown>, c: Container, options: PssOptions | undefined): FixDescriptor | undefined {
  // several rules offer it for the same container (it depends on the options only through the user-namespace
  // relaxation): worked out once per container and analysis, and shared (findings copy a fix's edits)
  const relaxed = userNamespaceRelaxed(c.pod, options);
  const known = restrictedFixes.get(c) ?? [];
  const index = relaxed ? 1 : 0;
  if (!(index in known)) {
    known[index] = buildRestrictedContextFix(ctx, c, relaxed);
    restrictedFixes.set(c, known);
  }
  return known[index];
}

/** Per container: the restricted-context fix without and with the user-namespace relaxation, once worked out. */
const restrictedFixes = new ObjectSlot<Container, (FixDescriptor | undefined)[]>('restricted-context fix');

function buildRestrictedContextFix(ctx: K8sContext<string, unknown>, c: Container, relaxed: boolean): FixDescriptor | undefined {
  const edit = ctx.edit;
  const pod = c.pod;
  const linux = !pod.isWindows;
  const podNonRoot = isTrue(valueOf(pod.securityContext, 'runAsNonRoot'));
  const wantNonRoot = !relaxed && !podNonRoot;
  const podSeccomp = isAllowedSeccomp(valueOf(pod.securityContext, 'seccompProfile'));
  const title = `Apply the restricted security context to ${describeContainer(c)}`;
  const done = (edits: SpanEdit[] | undefined): FixDescriptor | undefined =>
    edits && edits.length ? { title, edits: mergeInsertions(edits) } : undefined;

  const full: [string, LeafValue][] = [];
  if (linux) full.push(['allowPrivilegeEscalation', scalar('false')]);
  if (wantNonRoot) full.push(['runAsNonRoot', scalar('true')]);
  if (linux) full.push(['capabilities', mapping(['drop', sequence('ALL')])]);
  if (linux && !podSeccomp) full.push(['seccompProfile', mapping(['type', scalar('RuntimeDefault')])]);

  const scPair = c.securityContextPair;
  if (!scPair) return full.length ? done(edit.insertIntoMap(c.node, ['securityContext'], mapping(...full))) : undefined;
  const sc = scPair.value;
  if (isNullNode(sc)) return full.length ? done(edit.insertPath(c.node, ['securityContext'], mapping(...full))) : undefined;
  if (!isMap(sc)) return undefined;
  if (!sc.items.length) return full.length ? done(edit.insertEntries(sc as YAMLMap, full)) : undefined;

  const plan = new MapPlan(sc as YAMLMap);
  if (linux) {
    plan.ensure('allowPrivilegeEscalation', 'false', (v) => isFalse(v));
    if (isTrue(valueOf(sc, 'privileged'))) plan.ensure('privileged', 'false', (v) => !isTrue(v));
    const procMount = valueOf(sc, 'procMount');
    if (!isNullNode(procMount) && stringOf(procMount) !== 'Default') plan.ensure('procMount', 'Default', () => false);
  }
  if (pairOf(sc, 'runAsNonRoot') || wantNonRoot) plan.ensure('runAsNonRoot', 'true', (v) => isTrue(v) || (isNullNode(v) && !wantNonRoot));
  if (numberOf(valueOf(sc, 'runAsUser')) === 0) plan.ensure('runAsUser', DEFAULT_UID, () => false);
  if (linux) {
    plan.nested('capabilities', (caps) => planCapabilities(caps), mapping(['drop', sequence('ALL')]));
    const own = valueOf(sc, 'seccompProfile');
    if (own !== undefined || !podSeccomp) {
      plan.nested('seccompProfile', (profile) => {
        profile.ensure('type', 'RuntimeDefault', (v) => SECCOMP_ALLOWED.has(stringOf(v) ?? ''));
      }, mapping(['type', scalar('RuntimeDefault')]));
    }
  }
  return done(plan.edits(edit, ctx.doc, ctx.text));
}

function planCapabilities(caps: MapPlan): void {
  const drop = valueOf(caps.map, 'drop');
  const dropItems = itemsOf(drop);
  if (!dropItems.some((i) => stringOf(i) === 'ALL')) {
    const variant = dropItems.find((i) => canonicalCapability(stringOf(i) ?? '') === 'ALL' && isScalar(i));
    if (variant) caps.replaceNode(variant, 'ALL');
    else if (isSeq(drop)) caps.appendTo(drop as YAMLSeq, 'ALL');
    else caps.ensure('drop', sequence('ALL'), () => false);
  }
  const addPair = pairOf(caps.map, 'add');
  const add = addPair?.value;
  if (isSeq(add)) {
    const items = itemsOf(add);
    const keep = items.filter((i) => stringOf(i) === 'NET_BIND_SERVICE');
    if (keep.length < items.length) {
      if (!keep.length) caps.removePair(addPair!);
      else if (add.flow) caps.replaceNode(add, '[NET_BIND_SERVICE]');
      else for (const i of items) if (!keep.includes(i)) caps.removeItem(add, i);
    }
  }
}

type Ensure = { key: string; value: string | LeafValue; ok: (v: Node | null | undefined) => boolean };

/**
 * Planned changes to one mapping: values to correct, entries to add, nested mappings to plan, sequence items to add
 * or remove. Block mappings become text edits (new entries go above the first key, so they never touch lines that
 * other edits remove); flow mappings are re-rendered whole in flow style.
 */
class MapPlan {
  private readonly ensures: Ensure[] = [];
  private readonly children: { key: string; plan: (p: MapPlan) => void; whenMissing: LeafValue }[] = [];
  private readonly raw: ((edit: YamlEditor) => SpanEdit | SpanEdit[] | undefined)[] = [];
  /** Flow mappings are rendered whole; raw edits on their items are expressed as replacement texts instead. */
  private readonly flowOverrides = new Map<Node, string | null>();

  constructor(readonly map: YAMLMap) {}

  ensure(key: string, value: string | LeafValue, ok: Ensure['ok']): void {
    this.ensures.push({ key, value, ok });
  }

  nested(key: string, plan: (p: MapPlan) => void, whenMissing: LeafValue): void {
    this.children.push({ key, plan, whenMissing });
  }

  replaceNode(node: Node, text: string): void {
    this.flowOverrides.set(node, text);
    this.raw.push((edit) => edit.replace(node, text));
  }

  appendTo(seq: YAMLSeq, item: string): void {
    this.flowOverrides.set(seq as Node, renderFlow(sequence(...itemsOf(seq).map((i) => stringOf(i) ?? ''), item)));
    this.raw.push((edit) => edit.appendItem(seq as Node, item));
  }

  removeItem(seq: Node, item: Node): void {
    this.raw.push((edit) => edit.removeItem(seq, item));
  }

  removePair(pair: Pair): void {
    this.flowOverrides.set(pair.key as Node, null);
    this.raw.push((edit) => edit.removePair(this.map, pair));
  }

  edits(edit: YamlEditor, doc: YamlDoc, text: string): SpanEdit[] | undefined {
    if (this.map.flow) {
      const rendered = this.renderFlowMap(doc, text);
      return rendered === undefined ? undefined : [edit.replace(this.map as Node, rendered)];
    }
    const out: SpanEdit[] = [];
    const added: [string, LeafValue][] = [];
    for (const e of this.ensures) {
      const pair = pairOf(this.map, e.key);
      if (!pair) { added.push([e.key, typeof e.value === 'string' ? scalar(e.value) : e.value]); continue; }
      if (isTemplated(pair.value) || e.ok(pair.value)) continue;
      const leaf = typeof e.value === 'string' ? scalar(e.value) : e.value;
      if (isNullNode(pair.value)) {
        const r = edit.insertPath(this.map, [e.key], leaf);
        if (!r) return undefined;
        out.push(...r);
      } else if (isScalar(pair.value) && leaf.kind === 'scalar') {
        out.push(edit.replace(pair.value as Node, leaf.text));
      } else return undefined;
    }
    for (const child of this.children) {
      const pair = pairOf(this.map, child.key);
      if (!pair) { added.push([child.key, child.whenMissing]); continue; }
      if (isNullNode(pair.value)) {
        const r = edit.insertPath(this.map, [child.key], child.whenMissing);
        if (!r) return undefined;
        out.push(...r);
        continue;
      }
      if (!isMap(pair.value)) return undefined;
      if (!(pair.value as YAMLMap).items.length) {
        // `{}`: nothing to merge with, write the whole value in block style
        if (child.whenMissing.kind !== 'map') return undefined;
        out.push(...edit.insertEntries(pair.value as YAMLMap, child.whenMissing.entries));
        continue;
      }
      const sub = new MapPlan(pair.value as YAMLMap);
      child.plan(sub);
      const r = sub.edits(edit, doc, text);
      if (!r) return undefined;
      out.push(...r);
    }
    for (const r of this.raw) {
      const e = r(edit);
      if (!e) return undefined;
      out.push(...(Array.isArray(e) ? e : [e]));
    }
    if (added.length) {
      const top = insertAboveFirstKey(edit, doc, text, this.map, added);
      out.push(...(top ?? edit.insertEntries(this.map, added)));
    }
    return out;
  }

  /** The whole mapping in flow style with the planned changes (existing values keep their source text). */
  private renderFlowMap(doc: YamlDoc, text: string): string | undefined {
    const parts: string[] = [];
    const src = (n: Node): string => {
      const s = doc.span(n);
      return text.slice(s.start, s.end);
    };
    const valueText = (n: Node | null | undefined): string => {
      if (!n) return '';
      if (this.flowOverrides.has(n)) return this.flowOverrides.get(n) ?? '';
      return src(n).replace(/\s*\n\s*/g, ' ');
    };
    const seen = new Set<string>();
    for (const item of this.map.items) {
      const key = stringOf(item.key);
      if (key === undefined) return undefined;
      if (this.flowOverrides.get(item.key as Node) === null) continue;
      seen.add(key);
      const e = this.ensures.find((x) => x.key === key);
      const child = this.children.find((x) => x.key === key);
      let v = valueText(item.value as Node | null);
      if (e && !isTemplated(item.value) && !e.ok(item.value as Node | null)) v = renderFlow(typeof e.value === 'string' ? scalar(e.value) : e.value);
      else if (child) {
        if (isMap(item.value) && (item.value as YAMLMap).items.length) {
          const sub = new MapPlan(item.value as YAMLMap);
          child.plan(sub);
          const r = sub.renderFlowMap(doc, text);
          if (r === undefined) return undefined;
          v = r;
        } else if (isNullNode(item.value) || (isMap(item.value) && !(item.value as YAMLMap).items.length)) v = renderFlow(child.whenMissing);
        else return undefined;
      } else if (isSeq(item.value) && this.flowOverrides.has(item.value as Node)) v = this.flowOverrides.get(item.value as Node) ?? '';
      else if (isSeq(item.value)) {
        // item-level changes inside a sequence
        const seq = item.value as YAMLSeq;
        if (itemsOf(seq).some((i) => this.flowOverrides.has(i))) {
          v = `[${itemsOf(seq).map((i) => (this.flowOverrides.has(i) ? this.flowOverrides.get(i) : valueText(i))).filter((x) => x).join(', ')}]`;
        }
      }
      parts.push(`${src(item.key as Node)}: ${v}`);
    }
    for (const e of this.ensures) if (!seen.has(e.key)) parts.push(`${e.key}: ${renderFlow(typeof e.value === 'string' ? scalar(e.value) : e.value)}`);
    for (const c of this.children) if (!seen.has(c.key)) parts.push(`${c.key}: ${renderFlow(c.whenMissing)}`);
    return `{${parts.join(', ')}}`;
  }
}

/**
 * Insert entries above the first key of a block mapping whose keys sit on their own lines; undefined when the first
 * key shares its line with something else (a sequence dash), so the caller appends instead.
 */
function insertAboveFirstKey(edit: YamlEditor, doc: YamlDoc, text: string, map: YAMLMap, entries: [string, LeafValue][]): SpanEdit[] | undefined {
  const first = map.items[0]?.key as Node | undefined;
  if (!first) return undefined;
  const keyStart = doc.span(first).start;
  const lineStart = edit.lineStart(keyStart);
  if (text.slice(lineStart, keyStart).trim() !== '') return undefined;
  const col = keyStart - lineStart;
  const unit = edit.indentUnit();
  const lines = entries.map(([k, v]) => renderPath([k], v, col, unit, edit.eol)).join(edit.eol);
  return [{ start: lineStart, end: lineStart, text: lines + edit.eol }];
}

/**
 * Sort edits and join insertions at the same offset, so that a fix never carries two edits the editor would have to
 * order by itself. Insertions at one offset go deepest first: text that continues the line, then lines indented more
 * (an item appended to a sequence that ends there; at equal indentation, a sequence item before a key), then lines
 * indented less (a key of the enclosing mapping); in the order they were planned otherwise.
 */
export function mergeInsertions(edits: SpanEdit[]): SpanEdit[] {
  const depth = (e: SpanEdit): number => {
    if (e.start !== e.end) return 0;
    const m = /^(?:\r?\n)+( *)(- )?/.exec(e.text);
    // an item of a sequence indented like its key (`key:\n- item`) still belongs deeper than the key's siblings
    return m ? m[1]!.length * 2 + (m[2] ? 1 : 0) : Number.MAX_SAFE_INTEGER;
  };
  const sorted = edits.map((e, i) => ({ e, i, d: depth(e) }))
    .sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || b.d - a.d || a.i - b.i).map((x) => x.e);
  const out: SpanEdit[] = [];
  for (const e of sorted) {
    const prev = out[out.length - 1];
    if (prev && prev.start === prev.end && e.start === e.end && prev.start === e.start) {
      out[out.length - 1] = { start: prev.start, end: prev.end, text: prev.text + e.text };
    } else out.push(e);
  }
  return out;
}

const PROFILE_TYPES = new Set(['RuntimeDefault', 'Localhost']);

/**
 * Judge a `seccompProfile` / `appArmorProfile` pair (pod or container): a missing `type`, a type other than
 * `RuntimeDefault`/`Localhost` (fix: `RuntimeDefault`), and — outside the exact preset mode, since it is an API error
 * rather than a standard violation — `Localhost` without `localhostProfile`. Shared by the seccomp and AppArmor rules.
 */
export function checkProfileType(
  ctx: K8sContext<'type' | 'noType' | 'localhostProfile', PssOptions>,
  pair: Pair<Scalar, Node | null> | undefined,
  target: string,
): void {
  const profile = pair?.value;
  if (!pair || !isMap(profile)) return;
  const typePair = pairOf(profile, 'type');
  const type = typePair?.value;
  if (isTemplated(type)) return;
  if (!typePair || !isScalar(type) || type.value === null) {
    ctx.report({ messageId: 'noType', data: { target }, span: ctx.doc.span(pair.key) });
    return;
  }
  const value = stringOf(type) ?? '';
  if (!PROFILE_TYPES.has(value)) {
    ctx.report({
      messageId: 'type',
      data: { target, value },
      span: ctx.doc.span(type),
      fixes: [{ title: 'Use `RuntimeDefault`', edits: [ctx.edit.replace(type, 'RuntimeDefault')] }],
    });
  } else if (value === 'Localhost' && !exactLevel(ctx.options) && !stringOf(valueOf(profile, 'localhostProfile'))) {
    ctx.report({ messageId: 'localhostProfile', data: { target }, span: ctx.doc.span(type) });
  }
}
