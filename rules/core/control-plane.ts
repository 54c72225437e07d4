/**
 * Control-plane components and their command-line flags (RULES.md §4.0).
 *
 * A component is found in three places: a container of a static pod (or any pod template) whose command runs the
 * binary, a kubeadm `ClusterConfiguration` (`apiServer`, `controllerManager`, `scheduler`, `etcd.local` extra args)
 * and a kubeadm `InitConfiguration` / `JoinConfiguration` (`nodeRegistration.kubeletExtraArgs`). Every place is read
 * into the same {@link ComponentFlags}: the flags in order, with exact spans for findings, and edits that add, change or
 * remove a flag in the style the file already uses.
 */
import { parse as parseYamlValue } from 'yaml';
import { imageBaseName, parseImageRef } from './image-ref.js';
import { ObjectSlot } from './object-slot.js';
import { containersOf, describeContainer, podSpecOf, WORKLOAD_KINDS, type Container, type K8sObject } from './k8s.js';
import type { SpanEdit } from './rule.js';
import type { Span } from './types.js';
import { mapping, scalar, sequence, type LeafValue, type YamlEditor } from './yaml-edit.js';
import {
  isMap, isScalar, isSeq, mapAt, pairOf, stringOf, valueOf, TEMPLATE_MARK,
  type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq,
} from './yaml-model.js';

/** The binaries whose flags the platform rules read. */
export const COMPONENTS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd', 'kubelet', 'kube-proxy'] as const;
export type Component = (typeof COMPONENTS)[number];

/** Where the flags were read: a container's command line, or a kubeadm configuration's extra arguments. */
export type FlagOrigin = 'container' | 'kubeadm';

/** How a flag is written. */
export type FlagForm =
  /** `--name=value` in one sequence item */
  | 'inline'
  /** `--name` followed by a `value` item */
  | 'separate'
  /** `--name` alone (a boolean set to true) */
  | 'bare'
  /** kubeadm v1beta3 and older: `extraArgs: {name: value}` */
  | 'map'
  /** kubeadm v1beta4: `extraArgs: [{name, value}]` */
  | 'list';

export interface Flag {
  /** Name without the leading dashes. */
  name: string;
  /** The value the component reads; `undefined` for a bare flag (which sets a boolean to true). */
  value: string | undefined;
  form: FlagForm;
  /** The sequence item that names the flag, the mapping key (v1beta3) or the `name` value (v1beta4). */
  nameNode: Node;
  /** The node that carries the value: the same item for `--x=y`, the next item, the mapping value, the `value` value. */
  valueNode: Node | undefined;
  /** Exact span of the value's characters when they can be located in the source (no escapes, no line folding). */
  valueSpan: Span | undefined;
  /** Where a finding about this flag points (RULES.md §4.0): the sequence item `--x=y`, else the value itself. */
  anchor: Span;
  /** The sequence or mapping that holds the flag. */
  holder: YAMLSeq | YAMLMap;
  /** The `{name, value}` item of a v1beta4 list, or the mapping pair of v1beta3. */
  entry: Node | Pair | undefined;
  /** A template expression hides (part of) the flag: its value cannot be judged. */
  templated: boolean;
}

/** One entry of a comma-separated flag value (`--enable-admission-plugins=A,B`), with its exact span when known. */
export interface ListEntry {
  value: string;
  span: Span;
  /** Whether `span` covers exactly this entry (false: the span is the whole flag, the source could not be mapped). */
  exact: boolean;
  index: number;
}

/** Where new flags go. */
type AppendTarget =
  | { kind: 'sequence'; seq: YAMLSeq }
  | { kind: 'map'; map: YAMLMap }
  | { kind: 'list'; seq: YAMLSeq }
  | { kind: 'absent'; path: readonly string[]; style: 'map' | 'list' }
  | { kind: 'none' };

/** The flags one component runs with, and edits that change them in the file's own style. */
export class ComponentFlags {
  constructor(
    readonly component: Component,
    readonly origin: FlagOrigin,
    readonly object: K8sObject,
    /** Names the place in messages: `Pod/kube-apiserver, container "kube-apiserver"`, `ClusterConfiguration, apiServer.extraArgs`. */
    readonly where: string,
    readonly flags: readonly Flag[],
    /** Anchor for a missing flag: the container's `command` key, or the component's `extraArgs` key (RULES.md §4.0). */
    readonly missingAnchor: Span,
    /** The Kubernetes version when the image tag or `kubernetesVersion` tells it. */
    readonly version: { major: number; minor: number } | undefined,
    private readonly editor: YamlEditor,
    private readonly target: AppendTarget,
    /** The container, for flags read from a pod. */
    readonly container?: Container,
  ) {}

  /** The occurrence that wins (the last one), if the flag is set at all. */
  get(name: string): Flag | undefined {
    for (let i = this.flags.length - 1; i >= 0; i--) if (this.flags[i].name === name) return this.flags[i];
    return undefined;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /**
   * The command line names a configuration file (`--config`, kubelet and kube-proxy): a setting that file can hold is
   * unknown when its flag is absent, rather than the binary's default.
   */
  get readsConfigFile(): boolean {
    return this.origin === 'container' && this.has('config');
  }

  /** The version is known and older than `major.minor`. */
  olderThan(major: number, minor: number): boolean {
    const v = this.version;
    return v !== undefined && (v.major < major || (v.major === major && v.minor < minor));
  }

  /** The comma-separated entries of a flag's value, each with its own span when the source maps exactly. */
  entries(flag: Flag): ListEntry[] {
    const value = flag.value ?? '';
    const out: ListEntry[] = [];
    let pos = 0;
    let index = 0;
    for (const part of value.split(',')) {
      const lead = part.length - part.trimStart().length;
      const trimmed = part.trim();
      if (trimmed) {
        const start = pos + lead;
        const exact = flag.valueSpan !== undefined;
        out.push({
          value: trimmed,
          span: exact ? { start: flag.valueSpan!.start + start, end: flag.valueSpan!.start + start + trimmed.length } : flag.anchor,
          exact,
          index: index++,
        });
      }
      pos += part.length + 1;
    }
    return out;
  }

  /** Add flags after the last one, in the list's style (one edit, so several flags land together and in order). */
  appendFlags(pairs: readonly (readonly [string, string])[]): SpanEdit | undefined {
    if (!pairs.length) return undefined;
    const t = this.target;
    const e = this.editor;
    if (t.kind === 'sequence') {
      const style = quoteStyleOf(lastScalar(t.seq));
      const edits = pairs.map(([n, v]) => e.appendItem(t.seq, renderItem(`--${n}=${v}`, style)));
      return joinInsertions(edits);
    }
    if (t.kind === 'map') {
      const quoted = usesQuotes(t.map);
      const edits = pairs.map(([n, v]) => e.insertIntoMap(t.map, [n], scalar(renderKubeadmValue(v, quoted)))[0]);
      return joinInsertions(edits);
    }
    if (t.kind === 'list') {
      const quoted = usesQuotes(t.seq);
      const edits = pairs.map(([n, v]) => e.appendItem(t.seq, t.seq.flow
        ? `{name: ${renderKubeadmValue(n, false)}, value: ${renderKubeadmValue(v, quoted)}}`
        : `name: ${renderKubeadmValue(n, false)}\nvalue: ${renderKubeadmValue(v, quoted)}`));
      return joinInsertions(edits);
    }
    if (t.kind === 'absent' && isMap(this.object.node)) {
      const leaf: LeafValue = t.style === 'map'
        ? mapping(...pairs.map(([n, v]): [string, LeafValue] => [n, scalar(renderKubeadmValue(v, false))]))
        : sequence(...pairs.map(([n, v]) => `name: ${renderKubeadmValue(n, false)}\nvalue: ${renderKubeadmValue(v, false)}`));
      const edits = e.insertPath(this.object.node, [...t.path, 'extraArgs'], leaf);
      return edits && edits.length === 1 ? edits[0] : undefined;
    }
    return undefined;
  }

  /** Change a flag's value in place (only the value's characters when they map exactly). */
  setValue(flag: Flag, value: string): SpanEdit | undefined {
    const e = this.editor;
    switch (flag.form) {
      case 'inline':
        if (flag.valueSpan) return { start: flag.valueSpan.start, end: flag.valueSpan.end, text: value };
        return e.replace(flag.nameNode, renderItem(`--${flag.name}=${value}`, quoteStyleOf(flag.nameNode)));
      case 'bare':
        return e.replace(flag.nameNode, renderItem(`--${flag.name}=${value}`, quoteStyleOf(flag.nameNode)));
      case 'separate':
        if (!flag.valueNode) return undefined;
        if (flag.valueSpan) return { start: flag.valueSpan.start, end: flag.valueSpan.end, text: value };
        return e.replace(flag.valueNode, renderItem(value, quoteStyleOf(flag.valueNode)));
      case 'map':
      case 'list': {
        const v = flag.valueNode;
        if (!isScalar(v) || !v.range || v.range[0] === v.range[1]) return undefined;
        const style = quoteStyleOf(v);
        if (style !== 'plain' && flag.valueSpan) return { start: flag.valueSpan.start, end: flag.valueSpan.end, text: value };
        return e.replace(v, renderKubeadmValue(value, style !== 'plain'));
      }
    }
  }

  /** Delete a flag (both items of `--name value`, the pair of a map, the `{name, value}` item of a list). */
  remove(flag: Flag): SpanEdit[] | undefined {
    const e = this.editor;
    const holder = flag.holder;
    if (flag.form === 'map') {
      return isMap(holder) && flag.entry ? [e.removePair(holder, flag.entry as Pair)] : undefined;
    }
    if (flag.form === 'list') {
      const edit = flag.entry ? e.removeItem(holder, flag.entry as Node) : undefined;
      return edit ? [edit] : undefined;
    }
    if (!isSeq(holder)) return undefined;
    if (flag.form !== 'separate' || !flag.valueNode) {
      const edit = e.removeItem(holder, flag.nameNode);
      return edit ? [edit] : undefined;
    }
    if (!holder.flow) {
      const a = e.removeItem(holder, flag.nameNode);
      const b = e.removeItem(holder, flag.valueNode);
      return a && b ? [a, b] : undefined;
    }
    // flow style: cut from the flag to the item after the value (or from the item before the flag to the value)
    const items = holder.items as Node[];
    const i = items.indexOf(flag.valueNode);
    const doc = e.doc;
    if (i >= 0 && i < items.length - 1) return [{ start: doc.span(flag.nameNode).start, end: doc.span(items[i + 1]).start, text: '' }];
    const j = items.indexOf(flag.nameNode);
    if (j > 0) return [{ start: doc.span(items[j - 1]).end, end: doc.span(flag.valueNode).end, text: '' }];
    return [{ start: doc.span(flag.nameNode).start, end: doc.span(flag.valueNode).end, text: '' }];
  }

  /** Rewrite a list-valued flag with the given entries. */
  setEntries(flag: Flag, entries: readonly string[]): SpanEdit | undefined {
    return this.setValue(flag, entries.join(','));
  }

  /** Add entries at the end of a list-valued flag (`,B`), keeping the rest of the text as written. */
  appendEntries(flag: Flag, values: readonly string[]): SpanEdit | undefined {
    const current = this.entries(flag);
    if (flag.valueSpan && current.length) {
      const at = current[current.length - 1].span.end;
      return { start: at, end: at, text: values.map((v) => ',' + v).join('') };
    }
    return this.setEntries(flag, [...current.map((c) => c.value), ...values]);
  }

  /** Remove one entry of a list-valued flag; the flag itself when it was the only entry. */
  removeEntry(flag: Flag, entry: ListEntry): SpanEdit[] | undefined {
    const all = this.entries(flag);
    if (all.length <= 1) return this.remove(flag);
    if (entry.exact && flag.valueSpan) {
      const i = all.findIndex((x) => x.index === entry.index);
      if (i < 0) return undefined;
      // drop the entry with the comma after it, or the comma before it for the last entry
      if (i < all.length - 1) return [{ start: entry.span.start, end: all[i + 1].span.start, text: '' }];
      return [{ start: all[i - 1].span.end, end: entry.span.end, text: '' }];
    }
    const edit = this.setEntries(flag, all.filter((x) => x.index !== entry.index).map((x) => x.value));
    return edit ? [edit] : undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Detection

const cache = new ObjectSlot<K8sObject, ComponentFlags[]>('control-plane components');

/**
 * The components an object configures: one per container that runs a control-plane binary (init and regular
 * containers of any pod template), the four components of a kubeadm `ClusterConfiguration`, the kubelet of a kubeadm
 * `InitConfiguration` / `JoinConfiguration`. Empty for everything else, so ordinary workloads cost one pass over
 * their containers' commands.
 */
export function componentsOf(object: K8sObject, editor: YamlEditor): ComponentFlags[] {
  let found = cache.get(object);
  if (!found) {
    found = detect(object, editor);
    cache.set(object, found);
  }
  return found;
}

/** The components of an object that are one of `wanted`. */
export function componentsIn(object: K8sObject, editor: YamlEditor, wanted: readonly Component[]): ComponentFlags[] {
  return componentsOf(object, editor).filter((c) => wanted.includes(c.component));
}

/** The kinds {@link componentsOf} finds components in: kubeadm's configurations and the workloads (static pods). */
export const COMPONENT_KINDS: readonly string[] = ['ClusterConfiguration', 'InitConfiguration', 'JoinConfiguration', ...WORKLOAD_KINDS];

function detect(object: K8sObject, editor: YamlEditor): ComponentFlags[] {
  if (object.apiVersion.startsWith('kubeadm.k8s.io/')) {
    if (object.kind === 'ClusterConfiguration') return clusterConfigurationComponents(object, editor);
    if (object.kind === 'InitConfiguration' || object.kind === 'JoinConfiguration') return kubeletExtraArgs(object, editor);
    return [];
  }
  const pod = podSpecOf(object);
  if (!pod) return [];
  const out: ComponentFlags[] = [];
  for (const c of containersOf(pod, ['initContainers', 'containers'])) {
    const found = containerComponent(object, c, editor);
    if (found) out.push(found);
  }
  return out;
}

/** Old all-in-one `hyperkube <name>` sub-commands. */
const HYPERKUBE: Record<string, Component> = {
  apiserver: 'kube-apiserver', 'kube-apiserver': 'kube-apiserver',
  'controller-manager': 'kube-controller-manager', 'kube-controller-manager': 'kube-controller-manager',
  scheduler: 'kube-scheduler', 'kube-scheduler': 'kube-scheduler',
  proxy: 'kube-proxy', 'kube-proxy': 'kube-proxy',
  kubelet: 'kubelet',
};

/** Registries that publish the Kubernetes component images; an image from elsewhere is recognised by its command only. */
const KUBERNETES_REGISTRIES = ['registry.k8s.io/', 'k8s.gcr.io/', 'gcr.io/google-containers/', 'gcr.io/google_containers/'];

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'busybox']);

function isComponent(name: string): name is Component {
  return (COMPONENTS as readonly string[]).includes(name);
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

interface Token {
  node: Scalar;
  text: string;
  seq: YAMLSeq;
}

function tokensOf(seq: Node | undefined | null): Token[] {
  if (!isSeq(seq)) return [];
  const out: Token[] = [];
  for (const item of seq.items) {
    if (!isScalar(item)) continue;
    const text = stringOf(item);
    if (text !== undefined) out.push({ node: item as Scalar, text, seq: seq as YAMLSeq });
  }
  return out;
}

function containerComponent(object: K8sObject, c: Container, editor: YamlEditor): ComponentFlags | undefined {
  const commandPair = pairOf(c.node, 'command');
  const argsPair = pairOf(c.node, 'args');
  const command = tokensOf(commandPair?.value);
  const args = tokensOf(argsPair?.value);
  const tokens = [...command, ...args];
  let component: Component | undefined;
  let start = 0;
  const first = tokens[0] && !tokens[0].text.startsWith('-') ? basename(tokens[0].text.trim()) : undefined;
  if (first && SHELLS.has(first)) return undefined; // `sh -c "kube-apiserver …"`: one opaque string
  if (first && isComponent(first)) {
    component = first;
    start = 1;
  } else if (first === 'hyperkube' && tokens[1] && HYPERKUBE[tokens[1].text.trim()]) {
    component = HYPERKUBE[tokens[1].text.trim()];
    start = 2;
  } else {
    component = componentOfImage(stringOf(valueOf(c.node, 'image')));
    // an entrypoint path before the flags is not a flag
    while (start < tokens.length && !tokens[start].text.startsWith('-')) start++;
  }
  if (!component) return undefined;
  const flags = parseCommandLine(tokens.slice(start), editor);
  const doc = editor.doc;
  const missingAnchor = commandPair ? doc.span(commandPair.key) : argsPair ? doc.span(argsPair.key)
    : c.nameNode ? doc.span(c.nameNode) : doc.span(c.node);
  const lastFlag = flags[flags.length - 1];
  const seq = lastFlag && isSeq(lastFlag.holder) ? lastFlag.holder
    : isSeq(argsPair?.value) && (argsPair!.value as YAMLSeq).items.length ? argsPair!.value as YAMLSeq
      : isSeq(commandPair?.value) && (commandPair!.value as YAMLSeq).items.length ? commandPair!.value as YAMLSeq : undefined;
  const target: AppendTarget = seq ? { kind: 'sequence', seq } : { kind: 'none' };
  const where = `${object.resource}, ${describeContainer(c)}`;
  return new ComponentFlags(component, 'container', object, where, flags, missingAnchor,
    versionOf(imageTag(stringOf(valueOf(c.node, 'image')))), editor, target, c);
}

function componentOfImage(image: string | undefined): Component | undefined {
  if (!image || image.includes(TEMPLATE_MARK)) return undefined;
  const ref = parseImageRef(image.trim());
  const full = `${ref.registry}/${ref.repository}`.toLowerCase();
  if (!KUBERNETES_REGISTRIES.some((r) => full.startsWith(r))) return undefined;
  const base = imageBaseName(ref).replace(/-(amd64|arm64|arm|ppc64le|s390x)$/, '');
  return isComponent(base) ? base : undefined;
}

function imageTag(image: string | undefined): string | undefined {
  return image ? parseImageRef(image.trim()).tag : undefined;
}

/** `v1.30.2`, `1.29`, `stable-1.30` → {1, 30}. */
export function versionOf(text: string | undefined): { major: number; minor: number } | undefined {
  const m = text ? /(?:^|[^0-9.])v?(\d+)\.(\d+)/.exec(text) : null;
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]) };
}

const FLAG = /^--?([A-Za-z0-9][A-Za-z0-9._-]*)(?:=([\s\S]*))?$/;

/** `--a=b`, `--a b`, `--a`, in order; items that are neither flags nor values are skipped. */
function parseCommandLine(tokens: readonly Token[], editor: YamlEditor): Flag[] {
  const out: Flag[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    const text = tok.text.trim();
    const m = FLAG.exec(text);
    if (!m) continue;
    const name = m[1];
    const itemSpan = editor.doc.span(tok.node);
    const templated = text.includes(TEMPLATE_MARK);
    if (m[2] !== undefined) {
      const value = m[2];
      const literal = literalSpan(editor, tok.node);
      // the value follows `=`; map it only when the item's source is the text itself
      const lead = tok.text.length - tok.text.trimStart().length;
      const valueSpan = literal ? { start: literal.start + lead + text.indexOf('=') + 1, end: literal.start + lead + text.length } : undefined;
      out.push({ name, value, form: 'inline', nameNode: tok.node, valueNode: tok.node, valueSpan, anchor: itemSpan, holder: tok.seq, entry: undefined, templated });
      continue;
    }
    const next = tokens[i + 1];
    if (next && next.seq === tok.seq && isValueToken(next.text)) {
      const valueSpan = literalSpan(editor, next.node);
      out.push({
        name, value: next.text, form: 'separate', nameNode: tok.node, valueNode: next.node, valueSpan,
        anchor: editor.doc.span(next.node), holder: tok.seq, entry: undefined, templated: templated || next.text.includes(TEMPLATE_MARK),
      });
      i++;
      continue;
    }
    out.push({ name, value: undefined, form: 'bare', nameNode: tok.node, valueNode: undefined, valueSpan: undefined, anchor: itemSpan, holder: tok.seq, entry: undefined, templated });
  }
  return out;
}

/** A token that is the value of the flag before it: anything but another flag (a negative number is a value). */
function isValueToken(text: string): boolean {
  const t = text.trim();
  return !t.startsWith('-') || /^-\d/.test(t);
}

/**
 * The span of a scalar's characters when its source is exactly its value (plain, or quoted without escapes), so an
 * edit can touch part of it; undefined for block scalars, folded lines and escapes.
 */
function literalSpan(editor: YamlEditor, node: Scalar): Span | undefined {
  const s = editor.doc.span(node);
  const src = editor.text.slice(s.start, s.end);
  const v = node.value;
  const str = typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);
  switch (node.type) {
    case 'PLAIN':
      return typeof v !== 'string' || src === str ? s : undefined;
    case 'QUOTE_DOUBLE':
    case 'QUOTE_SINGLE':
      return src.length >= 2 && src.slice(1, -1) === str ? { start: s.start + 1, end: s.end - 1 } : undefined;
    default:
      return undefined;
  }
}

// kubeadm ----------------------------------------------------------------------------------------------------------

const KUBEADM_PATHS: readonly (readonly [Component, readonly string[]])[] = [
  ['kube-apiserver', ['apiServer']],
  ['kube-controller-manager', ['controllerManager']],
  ['kube-scheduler', ['scheduler']],
  ['etcd', ['etcd', 'local']],
];

function labelOf(object: K8sObject): string {
  return object.name !== undefined ? object.resource : object.kind;
}

/** kubeadm v1beta4 and later write extra arguments as a list of `{name, value}`; older versions as a map. */
function kubeadmStyle(object: K8sObject): 'map' | 'list' {
  const v = /\/v1beta(\d+)$/.exec(object.apiVersion);
  return v && Number(v[1]) <= 3 ? 'map' : 'list';
}

function clusterConfigurationComponents(object: K8sObject, editor: YamlEditor): ComponentFlags[] {
  const out: ComponentFlags[] = [];
  const version = versionOf(stringOf(valueOf(object.node, 'kubernetesVersion')));
  for (const [component, path] of KUBEADM_PATHS) {
    // an external etcd is not run by kubeadm: there are no etcd flags to judge
    if (component === 'etcd' && valueOf(valueOf(object.node, 'etcd'), 'external') !== undefined) continue;
    out.push(kubeadmComponent(object, editor, component, path, 'extraArgs', version));
  }
  return out;
}

function kubeletExtraArgs(object: K8sObject, editor: YamlEditor): ComponentFlags[] {
  const reg = valueOf(object.node, 'nodeRegistration');
  if (!isMap(reg) || !pairOf(reg, 'kubeletExtraArgs')) return [];
  return [kubeadmComponent(object, editor, 'kubelet', ['nodeRegistration'], 'kubeletExtraArgs', undefined)];
}

function kubeadmComponent(object: K8sObject, editor: YamlEditor, component: Component, path: readonly string[],
  key: string, version: { major: number; minor: number } | undefined): ComponentFlags {
  const doc = editor.doc;
  const parent = mapAt(object.node, path);
  const pair = pairOf(parent, key);
  const where = `${labelOf(object)}, ${[...path, key].join('.')}`;
  const flags: Flag[] = [];
  let target: AppendTarget;
  if (pair && isMap(pair.value)) {
    const map = pair.value as YAMLMap;
    for (const item of map.items) {
      const name = stringOf(item.key);
      if (name === undefined || !isScalar(item.key)) continue;
      flags.push(kubeadmFlag(editor, name, item.key as Scalar, item.value as Node | null, map, item as Pair));
    }
    target = { kind: 'map', map };
  } else if (pair && isSeq(pair.value)) {
    const seq = pair.value as YAMLSeq;
    for (const item of seq.items) {
      const nameNode = valueOf(item, 'name');
      const name = stringOf(nameNode);
      if (name === undefined || !isScalar(nameNode)) continue;
      flags.push(kubeadmFlag(editor, name, nameNode as Scalar, valueOf(item, 'value') ?? null, seq, item as Node));
    }
    target = { kind: 'list', seq };
  } else if (pair) {
    target = { kind: 'none' };
  } else {
    target = key === 'extraArgs' ? { kind: 'absent', path, style: kubeadmStyle(object) } : { kind: 'none' };
  }
  // anchor: the extraArgs key, else the deepest key of the component's path that exists, else `kind`
  let missingAnchor = pair ? doc.span(pair.key) : doc.span(object.kindNode);
  if (!pair) {
    let cur: unknown = object.node;
    for (const p of path) {
      const pp = pairOf(cur, p);
      if (!pp) break;
      missingAnchor = doc.span(pp.key);
      cur = pp.value;
    }
  }
  return new ComponentFlags(component, 'kubeadm', object, where, flags, missingAnchor, version, editor, target);
}

function kubeadmFlag(editor: YamlEditor, rawName: string, nameNode: Scalar, valueNode: Node | null,
  holder: YAMLMap | YAMLSeq, entry: Node | Pair): Flag {
  const name = rawName.replace(/^--?/, '');
  const value = isScalar(valueNode) ? stringOf(valueNode) ?? '' : '';
  const valueSpan = isScalar(valueNode) && valueNode.range && valueNode.range[0] !== valueNode.range[1]
    ? literalSpan(editor, valueNode as Scalar) : undefined;
  const anchor = valueNode && isScalar(valueNode) && valueNode.range && valueNode.range[0] !== valueNode.range[1]
    ? editor.doc.span(valueNode) : editor.doc.span(nameNode);
  return {
    name, value, form: isMap(holder) ? 'map' : 'list', nameNode, valueNode: valueNode ?? undefined, valueSpan, anchor,
    holder, entry, templated: value.includes(TEMPLATE_MARK) || rawName.includes(TEMPLATE_MARK),
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Rendering

type QuoteStyle = 'plain' | 'double' | 'single';

function quoteStyleOf(node: unknown): QuoteStyle {
  if (!isScalar(node)) return 'plain';
  return node.type === 'QUOTE_DOUBLE' ? 'double' : node.type === 'QUOTE_SINGLE' ? 'single' : 'plain';
}

function lastScalar(seq: YAMLSeq): Scalar | undefined {
  for (let i = seq.items.length - 1; i >= 0; i--) if (isScalar(seq.items[i])) return seq.items[i] as Scalar;
  return undefined;
}

/** A command-line item in the list's quoting; plain only when YAML reads it back as the same string. */
function renderItem(text: string, style: QuoteStyle): string {
  if (style === 'double' || (style === 'plain' && !readsBackAsString(text))) return JSON.stringify(text);
  if (style === 'single') return `'${text.replace(/'/g, "''")}'`;
  return text;
}

/** kubeadm extra arguments are strings: quote anything YAML would read as a boolean, number or null. */
function renderKubeadmValue(text: string, quoted: boolean): string {
  return quoted || !readsBackAsString(text) ? JSON.stringify(text) : text;
}

function readsBackAsString(text: string): boolean {
  if (text === '' || /^\s|\s$|[\n\r]/.test(text)) return false;
  try {
    return parseYamlValue(text, { version: '1.1' }) === text;
  } catch {
    return false;
  }
}

/** Whether the values of a kubeadm map or list are written quoted (new values follow suit). */
function usesQuotes(holder: YAMLMap | YAMLSeq): boolean {
  for (const item of holder.items) {
    const v = isMap(holder) ? (item as Pair).value : valueOf(item, 'value');
    if (isScalar(v)) return v.type === 'QUOTE_DOUBLE' || v.type === 'QUOTE_SINGLE';
  }
  return false;
}

/** Several insertions at the same point become one edit, in order. */
function joinInsertions(edits: readonly (SpanEdit | undefined)[]): SpanEdit | undefined {
  if (!edits.length || edits.some((x) => !x)) return undefined;
  const first = edits[0]!;
  if (edits.some((x) => x!.start !== first.start || x!.end !== first.end)) return undefined;
  return { start: first.start, end: first.end, text: edits.map((x) => x!.text).join('') };
}

// ---------------------------------------------------------------------------------------------------------------------
// Value helpers shared by the platform rules

/** Go's `strconv.ParseBool`: `1 t T TRUE true True` / `0 f F FALSE false False`; undefined otherwise. */
export function parseBool(value: string | undefined): boolean | undefined {
  if (value === undefined) return true; // a bare boolean flag
  const v = value.trim();
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

/** An integer flag value, or undefined. */
export function parseInteger(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*[-+]?\d+\s*$/.test(value)) return undefined;
  return Number(value.trim());
}

/** A Go duration (`300s`, `1h30m`, `1.5h`, `500ms`, `0`) in seconds; undefined when it does not parse. */
export function parseDuration(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^[-+]?0$/.test(v)) return 0;
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))*$/.test(v)) return undefined;
  const unit: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  let total = 0;
  for (const m of v.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) total += Number(m[1]) * unit[m[2]];
  return v.startsWith('-') ? -total : total;
}

/** The host part of `host`, `host:port`, `[v6]:port` or a CIDR. */
export function hostOf(address: string): string {
  const a = address.trim();
  if (a.startsWith('[')) return a.slice(1, a.indexOf(']') > 0 ? a.indexOf(']') : undefined);
  const noCidr = a.replace(/\/\d+$/, '');
  const colons = (noCidr.match(/:/g) ?? []).length;
  return colons === 1 ? noCidr.slice(0, noCidr.indexOf(':')) : noCidr;
}

/** The port of `host:port` / `[v6]:port`, if any. */
export function portOf(address: string): string | undefined {
  const a = address.trim();
  const m = a.startsWith('[') ? /\]:(\d+)$/.exec(a) : (a.match(/:/g) ?? []).length === 1 ? /:(\d+)$/.exec(a) : null;
  return m ? m[1] : undefined;
}

/** `127.0.0.0/8`, `::1` and `localhost`. */
export function isLoopback(host: string): boolean {
  const h = host.trim().toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** The `Kind/name` of an object, or just its kind for the nameless configuration files. */
export function describeObject(object: K8sObject): string {
  return labelOf(object);
}

/** Kubelet and kube-proxy configuration files (`KubeletConfiguration`, `KubeProxyConfiguration`). */
export function isConfigKind(object: K8sObject, kind: 'KubeletConfiguration' | 'KubeProxyConfiguration'): boolean {
  if (object.kind !== kind) return false;
  return kind === 'KubeletConfiguration'
    ? object.apiVersion.startsWith('kubelet.config.k8s.io/')
    : object.apiVersion.startsWith('kubeproxy.config.k8s.io/');
}
