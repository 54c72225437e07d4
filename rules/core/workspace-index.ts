import { describeRequirement, requirementMet, type SelectorOperator } from './label-selector.js';
import type { WorkspaceFixDescriptor } from './rule.js';
import type { Suppression } from './suppressions.js';
import type { Range, TextEdit } from './types.js';
import type { WorkspaceView } from './workspace.js';

/**
 * The workspace index: a compact, plain-data summary of every file (no YAML nodes, no text), and the lookups the
 * cross-file rules run on. Summaries are made by `Engine.analyze` from the documents it parses anyway
 * (`workspace-summary.ts`), so no file is ever parsed twice; ranges are LSP ranges of the summarised file, ready for
 * findings and related information.
 */

// ---------------------------------------------------------------------------------------------------------------------
// Summaries

/** A label selector reduced to data: `matchLabels`/`matchExpressions`, or the plain map of a Service. */
export interface PlainSelector {
  requirements: { key: string; operator: SelectorOperator; values: string[] }[];
  /** A template expression or something not understood: the selector cannot be evaluated. */
  opaque: boolean;
  /** The selector's key (`podSelector:`, `selector:`), where findings about it point. */
  range: Range;
}

/** A name another object refers to, with where the reference is written. */
export interface NamedRef {
  name: string;
  range: Range;
}

/** A ConfigMap or Secret a pod reads. */
export interface ConfigRef {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  /** The key read (`configMapKeyRef.key`, `secretKeyRef.key`); absent for `envFrom` and whole volumes. */
  key?: string;
  /** `optional: true`: the pod starts without it. */
  optional: boolean;
  /** The name value. */
  range: Range;
  keyRange?: Range;
  via: 'env' | 'envFrom' | 'volume';
  /** The container that reads it (`env`, `envFrom`); absent for volumes. */
  container?: string;
}

/** What the index knows of a pod template (RULES.md §0.3 POD_SPEC / POD_META). */
export interface PodFacts {
  /** POD_META labels. */
  labels: Record<string, string>;
  /** Labels may hold more than written (template expressions, a partial document): selectors cannot be judged. */
  labelsOpaque: boolean;
  /** The POD_META `labels` key, when written. */
  labelsRange?: Range;
  /** The key holding POD_SPEC: the anchor of pod-level findings. */
  specRange: Range;
  /** The ServiceAccount the pod runs as (`default` when unset); `range` is the value naming it, when written. */
  serviceAccount: { name: string; range?: Range; templated: boolean };
  /** The pod's own `automountServiceAccountToken`. */
  automount?: { value: boolean | 'unknown'; range: Range };
  /** A projected `serviceAccountToken` volume: an explicit opt-in to a token. */
  projectedToken: boolean;
  /** `volumeMounts` at the token directory. */
  tokenMounts: Range[];
  /** Edits that set `automountServiceAccountToken: false` in POD_SPEC (absent when it is already false). */
  automountFix?: TextEdit[];
  /** ConfigMaps and Secrets read through `env`, `envFrom` and volumes. */
  refs: ConfigRef[];
}

/** `spec.replicas` of a scalable workload. */
export interface ReplicaFacts {
  /** `absent` also covers `replicas:` with no value (the API then uses 1). */
  state: 'absent' | 'number' | 'unknown';
  value?: number;
  /** The value, when written. */
  range?: Range;
  /** The `spec` key (else the `kind` value): where a missing `replicas` is reported. */
  specRange: Range;
}

export interface NetworkPolicyFacts {
  /** `spec.podSelector`; an absent one selects every pod, like `{}`. */
  podSelector: PlainSelector;
  /** Directions the policy isolates (`policyTypes`, else Ingress plus Egress when `egress` is written). */
  types: ('Ingress' | 'Egress')[];
  /** `policyTypes` could not be read (template expression): the directions are unknown. */
  typesOpaque: boolean;
  /** Number of `ingress` and `egress` rules (`-1`: not readable). */
  ingressRules: number;
  egressRules: number;
  /** Peers of the rules that select pods. */
  peers: { selector: PlainSelector; direction: 'ingress' | 'egress'; acrossNamespaces: boolean }[];
}

/** The flags of a control-plane component that cross-file rules compare. */
export interface ComponentFacts {
  component: 'etcd' | 'kube-apiserver';
  /** Names the place in messages: `Pod/etcd, container "etcd"`. */
  where: string;
  flags: Record<string, { value: string; range: Range }>;
}

/** One Kubernetes object of a file. */
export interface IndexedObject {
  apiVersion: string;
  kind: string;
  /** Absent when unset or a template expression (see `templated`). */
  name?: string;
  namespace?: string;
  /** The name or namespace is a template expression: the object cannot be looked up by them. */
  templated?: boolean;
  /** `Kind/name` for messages. */
  resource: string;
  /** `metadata.labels` (template expressions left out). */
  labels: Record<string, string>;
  /** The `metadata.name` value, else the `kind` value. */
  nameRange: Range;
  /** The `metadata.namespace` value, when written. */
  namespaceRange?: Range;
  pod?: PodFacts;
  /** Workload `spec.selector`, PodDisruptionBudget and ServiceMonitor `spec.selector`. */
  selector?: PlainSelector;
  replicas?: ReplicaFacts;
  networkPolicy?: NetworkPolicyFacts;
  /** A Service: its selector (absent: endpoints managed by hand) and whether it is headless. */
  service?: { selector?: PlainSelector; type: string; headless: boolean };
  /** Services an Ingress routes to. */
  backends?: NamedRef[];
  /** A ServiceMonitor's `namespaceSelector`: `any`, a list of names, or absent (its own namespace). */
  monitorNamespaces?: 'any' | string[];
  /** A StatefulSet's `serviceName`. */
  serviceName?: NamedRef;
  /** A HorizontalPodAutoscaler's target; `range` is the name value (else the `scaleTargetRef` key). */
  scaleTarget?: { kind?: string; name?: string; range: Range; minReplicas?: number; maxReplicas?: number };
  /** A RoleBinding/ClusterRoleBinding; `range` is the `roleRef.name` value (else the `kind` value). */
  roleRef?: { kind?: string; name?: string; range: Range };
  subjects?: { kind?: string; name?: string; namespace?: string; range?: Range }[];
  /** A ServiceAccount's own `automountServiceAccountToken`. */
  automount?: { value: boolean | 'unknown'; range: Range };
  /** Keys of a ConfigMap (`data`, `binaryData`) or Secret (`data`, `stringData`); absent when they cannot be read. */
  dataKeys?: string[];
  /** The Secret another object makes (SealedSecret, ExternalSecret). */
  providesSecret?: string;
  /** Control-plane components (static pods, kubeadm configuration). */
  components?: ComponentFacts[];
}

/** A `COPY`/`ADD` source taken from the build context. */
export interface CopySource {
  keyword: 'COPY' | 'ADD';
  /** After ARG/ENV substitution, as written otherwise. */
  source: string;
  range: Range;
  /** The stage, for messages. */
  resource?: string;
}

/** One pattern line of a `.dockerignore` file. */
export interface DockerignorePattern {
  /** Cleaned pattern, without the `!`. */
  pattern: string;
  negated: boolean;
  /** 0-based line, and the columns of the pattern as written. */
  line: number;
  start: number;
  end: number;
}

/** Everything the workspace keeps of one file. Plain data: it can be cached, compared and sent anywhere. */
export interface FileSummary {
  fileName: string;
  kind: 'yaml' | 'dockerfile' | 'dockerignore' | 'unknown';
  /** Helm template or Kustomize patch: values may be injected, so absent fields prove nothing. */
  partial?: boolean;
  objects: IndexedObject[];
  /** Dockerfiles: sources copied from the build context. */
  copies?: CopySource[];
  /** `.dockerignore` files. */
  dockerignore?: DockerignorePattern[];
  /**
   * The file's suppressions (comments, annotations, peers' pragmas) with positions encoded by {@link positionKey},
   * so that findings of cross-file rules are filtered without the file's text, exactly as the others.
   */
  suppressions?: Suppression[];
  /** The analysis that made this summary left cross-file findings (and their unused-suppression check) to later. */
  workspaceDeferred?: boolean;
}

/** Summary of a file with nothing to index. */
export function emptySummary(fileName: string, kind: FileSummary['kind'] = 'unknown'): FileSummary {
  return { fileName, kind, objects: [] };
}

// ---------------------------------------------------------------------------------------------------------------------
// Positions without text

/** Characters per line the key can hold: more than the largest file the engine reads. */
const LINE_SPAN = 2 ** 23;

/**
 * A number that orders positions like the text does, without the text: lets the suppression code (which works in
 * offsets) run on summaries. Decoded by {@link KEY_LINES}.
 */
export function positionKey(p: { line: number; character: number }): number {
  return p.line * LINE_SPAN + Math.min(p.character, LINE_SPAN - 1);
}

/** The `LineIndex` subset the suppression and finishing code uses, for offsets that are {@link positionKey}s. */
export const KEY_LINES = {
  positionAt(key: number): { line: number; character: number } {
    const line = Math.floor(key / LINE_SPAN);
    return { line, character: key - line * LINE_SPAN };
  },
  rangeOf(span: { start: number; end: number }): Range {
    return { start: KEY_LINES.positionAt(span.start), end: KEY_LINES.positionAt(span.end) };
  },
};

// ---------------------------------------------------------------------------------------------------------------------
// Lookups

/** An object with the file it lives in. */
export interface IndexedEntry {
  fileName: string;
  object: IndexedObject;
  /** The object comes from a partial file (Helm template, Kustomize patch). */
  partial: boolean;
  /** Position among the file's objects. */
  order: number;
}

/** What cross-file rules query. Every list is sorted by file name, then position in the file (deterministic). */
export interface WorkspaceLookup {
  readonly complete: boolean;
  files(): Iterable<FileSummary>;
  file(fileName: string): FileSummary | undefined;
  /** Objects of a kind. */
  byKind(kind: string): readonly IndexedEntry[];
  /** Objects of any of several kinds. */
  byKinds(kinds: readonly string[]): readonly IndexedEntry[];
  /** Objects of a kind in a namespace (`''`: manifests that leave the namespace to `kubectl apply -n`). */
  inNamespace(kind: string, namespace: string): readonly IndexedEntry[];
  /** Objects of a kind with a name, in any namespace. */
  named(kind: string, name: string): readonly IndexedEntry[];
  /** The `.dockerignore` that applies to a Dockerfile's build context (its folder), if the workspace has one. */
  dockerignoreFor(dockerfileName: string): FileSummary | undefined;
  /**
   * A structure derived from the index, built once and kept until the index changes: lets a rule index what it looks
   * up repeatedly (selectors by label, objects by name) so that a workspace scan stays linear. `key` must name
   * everything `build` depends on; `kinds`, the kinds of objects it reads, lets the view of a file being edited reuse
   * the index's structure when that file changed none of them.
   */
  memo<T>(key: string, build: () => T, kinds?: readonly string[]): T;
}

function compareEntries(a: IndexedEntry, b: IndexedEntry): number {
  return a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : a.order - b.order;
}

function entriesOf(summary: FileSummary): Map<string, IndexedEntry[]> {
  const out = new Map<string, IndexedEntry[]>();
  const partial = !!summary.partial;
  summary.objects.forEach((object, order) => {
    const list = out.get(object.kind);
    const entry: IndexedEntry = { fileName: summary.fileName, object, partial, order };
    if (list) list.push(entry);
    else out.set(object.kind, [entry]);
  });
  return out;
}

/** Two sorted lists as one, in linear time. */
function mergeSorted(a: readonly IndexedEntry[], b: readonly IndexedEntry[]): IndexedEntry[] {
  const out: IndexedEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(compareEntries(a[i], b[j]) <= 0 ? a[i++] : b[j++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

/** Group entries by a key (entries without one are left out). */
function groupBy(entries: readonly IndexedEntry[], keyOf: (e: IndexedEntry) => string | undefined): Map<string, IndexedEntry[]> {
  const groups = new Map<string, IndexedEntry[]>();
  for (const e of entries) {
    const k = keyOf(e);
    if (k === undefined) continue;
    const list = groups.get(k);
    if (list) list.push(e);
    else groups.set(k, [e]);
  }
  return groups;
}

const NONE: readonly IndexedEntry[] = [];

/** Memoised derived structures, shared by the index and its overlays. */
abstract class LookupBase implements WorkspaceLookup {
  abstract readonly complete: boolean;
  abstract files(): Iterable<FileSummary>;
  abstract file(fileName: string): FileSummary | undefined;
  abstract byKind(kind: string): readonly IndexedEntry[];
  protected derived = new Map<string, unknown>();

  /** The index keeps every memo until it changes, whatever kinds it reads (see the overlay for `kinds`). */
  memo<T>(key: string, build: () => T): T {
    if (this.derived.has(key)) return this.derived.get(key) as T;
    const value = build();
    this.derived.set(key, value);
    return value;
  }

  byKinds(kinds: readonly string[]): readonly IndexedEntry[] {
    if (kinds.length === 1) return this.byKind(kinds[0]);
    return this.memo(`kinds:${kinds.join(',')}`, () => kinds.reduce<readonly IndexedEntry[]>((all, k) => mergeSorted(all, this.byKind(k)), NONE));
  }

  inNamespace(kind: string, namespace: string): readonly IndexedEntry[] {
    // one pass groups the whole kind, so a rule asking for every namespace in turn stays linear
    const groups = this.memo(`ns:${kind}`, () => groupBy(this.byKind(kind), (e) => (e.object.templated ? undefined : e.object.namespace ?? '')));
    return groups.get(namespace) ?? NONE;
  }

  named(kind: string, name: string): readonly IndexedEntry[] {
    const groups = this.memo(`name:${kind}`, () => groupBy(this.byKind(kind), (e) => (e.object.templated ? undefined : e.object.name)));
    return groups.get(name) ?? NONE;
  }

  dockerignoreFor(dockerfileName: string): FileSummary | undefined {
    for (const candidate of dockerignoreCandidates(dockerfileName)) {
      const s = this.file(candidate);
      if (s?.dockerignore) return s;
    }
    return undefined;
  }
}

/**
 * `<Dockerfile>.dockerignore` next to the Dockerfile (BuildKit reads it first), then `.dockerignore` in its folder,
 * the build context assumed by the rules.
 */
export function dockerignoreCandidates(dockerfileName: string): string[] {
  const cut = Math.max(dockerfileName.lastIndexOf('/'), dockerfileName.lastIndexOf('\\'));
  const dir = cut >= 0 ? dockerfileName.slice(0, cut + 1) : '';
  return [`${dockerfileName}.dockerignore`, `${dir}.dockerignore`];
}

/**
 * The index the server and the CLI keep: summaries by file name, updated one file at a time. Each update touches only
 * the kinds of that file's objects, so keeping the index fresh while typing costs next to nothing; derived lists are
 * rebuilt lazily on the next query.
 */
export class WorkspaceIndex extends LookupBase implements WorkspaceView {
  /** Whether every file of the workspace has been summarised. Cross-file rules stay quiet until it is true. */
  complete: boolean;
  private currentVersion = 0;
  private readonly summaries = new Map<string, FileSummary>();
  /** kind → file name → that file's objects of the kind. */
  private readonly kinds = new Map<string, Map<string, IndexedEntry[]>>();
  private readonly sorted = new Map<string, readonly IndexedEntry[]>();
  private readonly partialManifests = new Set<string>();

  constructor(summaries: Iterable<FileSummary> = [], options: { complete?: boolean } = {}) {
    super();
    this.complete = options.complete ?? true;
    for (const s of summaries) this.update(s);
  }

  /** A complete index of one file: what a lint without a workspace sees. */
  static single(summary: FileSummary): WorkspaceIndex {
    return new WorkspaceIndex([summary], { complete: true });
  }

  get version(): number {
    return this.currentVersion;
  }

  get size(): number {
    return this.summaries.size;
  }

  files(): Iterable<FileSummary> {
    return this.summaries.values();
  }

  file(fileName: string): FileSummary | undefined {
    return this.summaries.get(fileName);
  }

  /** Add or replace one file's summary. */
  update(summary: FileSummary): void {
    const previous = this.summaries.get(summary.fileName);
    if (previous === summary) return;
    if (previous) this.detach(previous);
    this.summaries.set(summary.fileName, summary);
    for (const [kind, entries] of entriesOf(summary)) {
      let byFile = this.kinds.get(kind);
      if (!byFile) this.kinds.set(kind, (byFile = new Map()));
      byFile.set(summary.fileName, entries);
      this.sorted.delete(kind);
    }
    this.changed();
  }

  /** Whether the index holds these very objects for the summary's file (an update would change nothing a rule reads). */
  holds(summary: FileSummary): boolean {
    const current = this.summaries.get(summary.fileName);
    return !!current && !!current.partial === !!summary.partial && current.objects.length === summary.objects.length
      && current.objects.every((o, i) => o === summary.objects[i]) && sameItems(current.copies, summary.copies)
      && sameItems(current.dockerignore, summary.dockerignore);
  }

  /** Forget a file (deleted, excluded). Returns whether it was known. */
  remove(fileName: string): boolean {
    const previous = this.summaries.get(fileName);
    if (!previous) return false;
    this.detach(previous);
    this.summaries.delete(fileName);
    this.changed();
    return true;
  }

  /** Mark files as partial manifests (Kustomize patches named by a kustomization), or unmark them. */
  setPartialManifest(fileName: string, partial: boolean): void {
    if (partial === this.partialManifests.has(fileName)) return;
    if (partial) this.partialManifests.add(fileName);
    else this.partialManifests.delete(fileName);
    this.changed();
  }

  isPartialManifest(fileName: string): boolean {
    return this.partialManifests.has(fileName);
  }

  byKind(kind: string): readonly IndexedEntry[] {
    let hit = this.sorted.get(kind);
    if (!hit) {
      const all: IndexedEntry[] = [];
      for (const entries of this.kinds.get(kind)?.values() ?? []) all.push(...entries);
      hit = all.sort(compareEntries);
      this.sorted.set(kind, hit);
    }
    return hit;
  }

  /**
   * The files whose cross-file findings may change when one file's summary went from `before` to `after` (undefined:
   * the file was added or removed), the file itself included; call it after `update` or `remove`, and pass the result
   * to `Engine.lintWorkspace` as the files to recompute. Conservative: files of the namespaces whose pods, policies or
   * budgets changed, files that refer to the changed objects by name, the workloads of a changed autoscaler, files in
   * the same folder when a file is added or removed (fixes that create files pick free names), plus
   * the few cross-namespace links (peer selectors, ServiceMonitors, control-plane flags, `.dockerignore`); every file
   * when a kind appears in or vanishes from the workspace (rules that wait for a kind to exist switch on or off).
   */
  dependantsOf(before: FileSummary | undefined, after: FileSummary | undefined): Set<string> {
    const changed = [before, after].filter((s): s is FileSummary => s !== undefined);
    const out = new Set(changed.map((s) => s.fileName));
    const objects = changed.flatMap((s) => s.objects);
    const countOf = (summary: FileSummary | undefined, kind: string): number => summary?.objects.filter((o) => o.kind === kind).length ?? 0;
    for (const kind of new Set(objects.map((o) => o.kind))) {
      const now = this.byKind(kind).length;
      const then = now - countOf(after, kind) + countOf(before, kind);
      if ((now > 0) !== (then > 0)) return new Set(this.summaries.keys());
    }
    // namespaces whose pods, policies or budgets changed: selectors and per-namespace verdicts there may change
    const namespaces = new Set<string>();
    // objects others name, with the namespaces they are in
    const provided = new Map<string, Set<string>>();
    const provide = (kind: string, name: string, ns: string): void => {
      const key = refKey(kind, name);
      if (!provided.has(key)) provided.set(key, new Set());
      provided.get(key)!.add(ns);
    };
    for (const o of objects) {
      if (o.pod || o.networkPolicy || o.kind === 'PodDisruptionBudget') namespaces.add(namespaceOf(o));
      if (o.kind === 'Namespace' && o.name) namespaces.add(o.name);
      if (o.name) provide(o.kind, o.name, namespaceOf(o));
      if (o.providesSecret) provide('Secret', o.providesSecret, namespaceOf(o));
      // an autoscaler changes the verdicts on the workload it scales
      const t = o.scaleTarget;
      if (t?.kind && t.name) for (const e of this.named(t.kind, t.name)) if (namespaceOf(e.object) === namespaceOf(o)) out.add(e.fileName);
    }
    // fixes that create files pick a name the workspace does not hold yet: adding or removing a file may change it
    const folders = new Set(before && after ? [] : changed.map((s) => folderOf(s.fileName)));
    const ignoreFiles = new Set(changed.filter((s) => s.kind === 'dockerignore').map((s) => s.fileName));
    const workloadsChanged = objects.some((o) => o.pod);
    const servicesChanged = objects.some((o) => o.service);
    const componentsChanged = objects.some((o) => o.components?.length);
    // a reference depends on a same-named object of its own namespace, and, while it finds none there, on the
    // same-named objects elsewhere (its finding lists them)
    const dependsOn = (o: IndexedObject, r: { kind: string; name: string }): boolean => {
      const where = provided.get(refKey(r.kind, r.name));
      return !!where && (where.has(namespaceOf(o)) || this.unresolved(r.kind, r.name, o));
    };
    for (const summary of this.summaries.values()) {
      if (out.has(summary.fileName)) continue;
      const depends = folders.has(folderOf(summary.fileName))
        || (ignoreFiles.size > 0 && !!summary.copies?.length && dockerignoreCandidates(summary.fileName).some((c) => ignoreFiles.has(c)))
        || summary.objects.some((o) => namespaces.has(namespaceOf(o))
          || (o.kind === 'Namespace' && !!o.name && namespaces.has(o.name))
          || (workloadsChanged && !!o.networkPolicy?.peers.some((p) => p.acrossNamespaces))
          || (servicesChanged && o.kind === 'ServiceMonitor')
          || (componentsChanged && !!o.components?.length)
          || referencesOf(o).some((r) => dependsOn(o, r)));
      if (depends) out.add(summary.fileName);
    }
    return out;
  }

  /**
   * Whether a reference finds nothing in its own namespace. Only such references get findings whose related
   * information lists same-named objects of other namespaces, so only they depend on objects there.
   */
  private unresolved(kind: string, name: string, from: IndexedObject): boolean {
    if (kind === 'ClusterRole' || kind === 'Role') return true;
    const ns = namespaceOf(from);
    return !this.named(kind, name).some((e) => namespaceOf(e.object) === ns)
      && !(kind === 'Secret' && ['SealedSecret', 'ExternalSecret'].some((k) => this.byKind(k).some((e) => e.object.providesSecret === name && namespaceOf(e.object) === ns)));
  }

  /** The same lookups with one file's summary replaced (the file being edited), without touching this index. */
  overlay(summary: FileSummary): WorkspaceLookup {
    return new OverlayLookup(this, summary);
  }

  private detach(summary: FileSummary): void {
    for (const object of summary.objects) {
      const byFile = this.kinds.get(object.kind);
      if (!byFile) continue;
      byFile.delete(summary.fileName);
      if (!byFile.size) this.kinds.delete(object.kind);
      this.sorted.delete(object.kind);
    }
  }

  private changed(): void {
    this.currentVersion++;
    this.derived.clear();
  }
}

/**
 * An index seen with one file replaced: the file being edited, as it is now. Kinds whose objects did not change (the
 * same summary instances: the engine reuses them for unchanged YAML chunks) are answered by the index itself, with its
 * memoised structures; only the changed kinds are filtered and merged, on first use.
 */
class OverlayLookup extends LookupBase {
  private readonly own: Map<string, IndexedEntry[]>;
  /** Kinds whose objects in this file differ from the index's. */
  private readonly affected = new Set<string>();
  private readonly cache = new Map<string, readonly IndexedEntry[]>();

  constructor(private readonly base: WorkspaceIndex, private readonly summary: FileSummary) {
    super();
    this.own = entriesOf(summary);
    const previous = base.file(summary.fileName);
    const old = previous ? entriesOf(previous) : new Map<string, IndexedEntry[]>();
    for (const kind of new Set([...old.keys(), ...this.own.keys()])) {
      const a = old.get(kind) ?? [];
      const b = this.own.get(kind) ?? [];
      if (a.length !== b.length || !!previous?.partial !== !!summary.partial || a.some((e, i) => e.object !== b[i].object)) this.affected.add(kind);
    }
  }

  get complete(): boolean {
    return this.base.complete;
  }

  *files(): Iterable<FileSummary> {
    for (const s of this.base.files()) if (s.fileName !== this.summary.fileName) yield s;
    yield this.summary;
  }

  file(fileName: string): FileSummary | undefined {
    return fileName === this.summary.fileName ? this.summary : this.base.file(fileName);
  }

  private unchanged(kinds: readonly string[]): boolean {
    return !kinds.some((k) => this.affected.has(k));
  }

  byKind(kind: string): readonly IndexedEntry[] {
    if (!this.affected.has(kind)) return this.base.byKind(kind);
    let hit = this.cache.get(kind);
    if (!hit) {
      const name = this.summary.fileName;
      hit = mergeSorted(this.base.byKind(kind).filter((e) => e.fileName !== name), this.own.get(kind) ?? []);
      this.cache.set(kind, hit);
    }
    return hit;
  }

  override byKinds(kinds: readonly string[]): readonly IndexedEntry[] {
    return this.unchanged(kinds) ? this.base.byKinds(kinds) : super.byKinds(kinds);
  }

  override inNamespace(kind: string, namespace: string): readonly IndexedEntry[] {
    return this.unchanged([kind]) ? this.base.inNamespace(kind, namespace) : super.inNamespace(kind, namespace);
  }

  override named(kind: string, name: string): readonly IndexedEntry[] {
    return this.unchanged([kind]) ? this.base.named(kind, name) : super.named(kind, name);
  }

  override memo<T>(key: string, build: () => T, kinds?: readonly string[]): T {
    return kinds && this.unchanged(kinds) ? this.base.memo(key, build) : super.memo(key, build);
  }
}

function sameItems<T>(a: readonly T[] | undefined, b: readonly T[] | undefined): boolean {
  return a === b || (!!a && !!b && a.length === b.length && JSON.stringify(a) === JSON.stringify(b));
}

function refKey(kind: string, name: string): string {
  return `${kind}\u0000${name}`;
}

/** The objects an object names: its ServiceAccount, ConfigMaps, Secrets, Services, roles, autoscaled target. */
function referencesOf(o: IndexedObject): { kind: string; name: string }[] {
  const out: { kind: string; name: string }[] = [];
  if (o.pod) {
    out.push({ kind: 'ServiceAccount', name: o.pod.serviceAccount.name });
    for (const r of o.pod.refs) out.push({ kind: r.kind, name: r.name });
  }
  for (const b of o.backends ?? []) out.push({ kind: 'Service', name: b.name });
  if (o.serviceName) out.push({ kind: 'Service', name: o.serviceName.name });
  // related information names roles of either kind with the referenced name
  if (o.roleRef?.name) out.push({ kind: 'Role', name: o.roleRef.name }, { kind: 'ClusterRole', name: o.roleRef.name });
  if (o.scaleTarget?.kind && o.scaleTarget.name) out.push({ kind: o.scaleTarget.kind, name: o.scaleTarget.name });
  return out;
}

/** Lookups for any view: a `WorkspaceIndex` is used as is, other views are indexed once per version. */
const viewIndexes = new WeakMap<object, { version: number | undefined; index: WorkspaceIndex }>();

export function lookupOf(view: WorkspaceView): WorkspaceIndex {
  if (view instanceof WorkspaceIndex) return view;
  const cached = viewIndexes.get(view);
  if (cached && cached.version !== undefined && cached.version === view.version) {
    cached.index.complete = view.complete;
    return cached.index;
  }
  const index = new WorkspaceIndex(view.files(), { complete: view.complete });
  viewIndexes.set(view, { version: view.version, index });
  return index;
}

// ---------------------------------------------------------------------------------------------------------------------
// Helpers for cross-file rules

/** The namespace an object lands in, `''` when the manifest leaves it to `kubectl apply -n`. */
export function namespaceOf(object: IndexedObject): string {
  return object.namespace ?? '';
}

/** `namespace "shop"`, or the unset namespace, for messages. */
export function describeNamespace(namespace: string): string {
  return namespace ? `namespace "${namespace}"` : 'the namespace it is applied to';
}

/** Whether a selector selects a set of labels (an opaque selector never does: use {@link mayMatch} to stay quiet). */
export function selectorSelects(selector: PlainSelector, labels: Readonly<Record<string, string>>): boolean {
  return !selector.opaque && selector.requirements.every((r) => requirementMet(r, labels));
}

/**
 * Whether a selector might select a pod: certainly when it selects its labels, possibly when either side is not
 * fully known (template expressions, partial documents). Rules that report "nothing matches" use this to stay quiet.
 */
export function mayMatch(selector: PlainSelector, pod: Pick<PodFacts, 'labels' | 'labelsOpaque'>): boolean {
  return selector.opaque || pod.labelsOpaque || selectorSelects(selector, pod.labels);
}

/** `app=web, tier in (a, b)`; `{}` for the empty selector. */
export function describeSelector(selector: PlainSelector): string {
  return selector.requirements.length ? selector.requirements.map(describeRequirement).join(', ') : '{}';
}

/** Kinds whose pods actually run (POD_SPEC kinds without `PodTemplate`, which is only a template). */
export const RUNNING_POD_KINDS: readonly string[] = [
  'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob',
  'DeploymentConfig', 'Rollout', 'ScaledJob',
];

/** Namespaces every cluster has and no manifest defines. */
export const BUILTIN_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** The folder part of a file name (with its trailing separator), `''` for a bare name. */
export function folderOf(fileName: string): string {
  const cut = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
  return cut >= 0 ? fileName.slice(0, cut + 1) : '';
}

/** A file name in `folder` that the workspace does not hold yet: `base.yaml`, else `base-2.yaml` … */
export function freeFileName(lookup: WorkspaceLookup, folder: string, base: string): string {
  for (let i = 1; ; i++) {
    const name = `${folder}${base}${i === 1 ? '' : `-${i}`}.yaml`;
    if (!lookup.file(name) || i > 99) return name;
  }
}

/** A YAML scalar for generated manifests: plain when that reads back as the same string, else double-quoted. */
export function yamlScalar(value: string): string {
  return /^[A-Za-z][A-Za-z0-9._/-]*$/.test(value) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(value)
    ? value
    : JSON.stringify(value);
}

/** The HorizontalPodAutoscaler (same namespace) that scales an object, if the workspace has one. */
export function autoscalerOf(index: WorkspaceLookup, object: IndexedObject): IndexedEntry | undefined {
  if (object.templated || object.name === undefined) return undefined;
  const targets = index.memo('hpa-targets', () => {
    const map = new Map<string, IndexedEntry>();
    for (const h of index.byKind('HorizontalPodAutoscaler')) {
      const t = h.object.scaleTarget;
      const key = `${namespaceOf(h.object)}\u0000${t?.kind}\u0000${t?.name}`;
      if (t?.kind && t.name && !h.object.templated && !map.has(key)) map.set(key, h);
    }
    return map;
  }, ['HorizontalPodAutoscaler']);
  return targets.get(`${namespaceOf(object)}\u0000${object.kind}\u0000${object.name}`);
}

/** Objects of a kind with a name in a namespace. */
export function namedIn(index: WorkspaceLookup, kind: string, namespace: string, name: string): IndexedEntry[] {
  return index.named(kind, name).filter((e) => namespaceOf(e.object) === namespace);
}

// ---------------------------------------------------------------------------------------------------------------------
// Label indexes: keep "which pods does this selector select" and "which selectors select this pod" linear

/** Workloads whose pods run, with pod facts, of one namespace (or all with `*`), indexed by their pod labels. */
interface PodLabelIndex {
  all: readonly IndexedEntry[];
  /** Pods whose labels are not fully known: any selector may select them. */
  opaque: readonly IndexedEntry[];
  byLabel: Map<string, IndexedEntry[]>;
}

const labelKey = (key: string, value: string): string => `${key}\u0000${value}`;

function podLabelIndex(index: WorkspaceLookup, namespace: string | undefined): PodLabelIndex {
  return index.memo(`pod-labels:${namespace ?? '\u0000*'}`, () => {
    const all = (namespace === undefined
      ? index.byKinds(RUNNING_POD_KINDS)
      : RUNNING_POD_KINDS.reduce<readonly IndexedEntry[]>((acc, k) => mergeSorted(acc, index.inNamespace(k, namespace)), NONE))
      .filter((e) => e.object.pod);
    const byLabel = new Map<string, IndexedEntry[]>();
    for (const e of all) {
      for (const [k, v] of Object.entries(e.object.pod!.labels)) {
        const list = byLabel.get(labelKey(k, v));
        if (list) list.push(e);
        else byLabel.set(labelKey(k, v), [e]);
      }
    }
    return { all, opaque: all.filter((e) => e.object.pod!.labelsOpaque), byLabel };
  }, RUNNING_POD_KINDS);
}

/** Running workloads of a namespace (every namespace when undefined) that have a pod template. */
export function podsIn(index: WorkspaceLookup, namespace: string | undefined): readonly IndexedEntry[] {
  return podLabelIndex(index, namespace).all;
}

/** The workloads of a namespace (every namespace when undefined) whose pods a selector may select, in index order. */
export function podsSelectedBy(index: WorkspaceLookup, namespace: string | undefined, selector: PlainSelector): IndexedEntry[] {
  const pods = podLabelIndex(index, namespace);
  const pivot = selector.opaque ? undefined : selector.requirements.find((r) => r.operator === 'In');
  if (!pivot) return pods.all.filter((e) => mayMatch(selector, e.object.pod!));
  const found = new Set<IndexedEntry>(pods.opaque);
  for (const v of pivot.values) for (const e of pods.byLabel.get(labelKey(pivot.key, v)) ?? NONE) found.add(e);
  return [...found].filter((e) => mayMatch(selector, e.object.pod!)).sort(compareEntries);
}

/**
 * Selectors (of NetworkPolicies, PodDisruptionBudgets …) indexed by a label they require, so that finding the ones
 * that may select a pod looks at a handful of candidates instead of all of them.
 */
export class SelectorIndex<T> {
  private readonly items: { selector: PlainSelector; item: T }[] = [];
  private readonly byLabel = new Map<string, number[]>();
  /** Selectors without an `In` requirement (select-all, expressions only, opaque): always candidates. */
  private readonly rest: number[] = [];

  add(selector: PlainSelector, item: T): void {
    const i = this.items.push({ selector, item }) - 1;
    const pivot = selector.opaque ? undefined : selector.requirements.find((r) => r.operator === 'In');
    if (!pivot) { this.rest.push(i); return; }
    for (const v of pivot.values) {
      const list = this.byLabel.get(labelKey(pivot.key, v));
      if (list) list.push(i);
      else this.byLabel.set(labelKey(pivot.key, v), [i]);
    }
  }

  /** The items whose selector may select a pod, in the order they were added. */
  selecting(pod: Pick<PodFacts, 'labels' | 'labelsOpaque'>): T[] {
    const found = new Set<number>(this.rest);
    if (pod.labelsOpaque) for (let i = 0; i < this.items.length; i++) found.add(i);
    else for (const [k, v] of Object.entries(pod.labels)) for (const i of this.byLabel.get(labelKey(k, v)) ?? []) found.add(i);
    return [...found].sort((a, b) => a - b).filter((i) => mayMatch(this.items[i].selector, pod)).map((i) => this.items[i].item);
  }
}

/** The option every gated cross-file rule takes (RULES.md §6). */
export interface AssumeCompleteOption {
  /** Report even when the workspace holds no object of the kind the rule looks for (it may live elsewhere). */
  assumeCompleteWorkspace: boolean;
}

/** JSON Schema property of {@link AssumeCompleteOption}. */
export function assumeCompleteSchema(kind: string): Record<string, unknown> {
  return {
    type: 'boolean',
    description: `Report even when the workspace defines no ${kind} at all. Off by default: then the ${kind}s may live in another repository or be created by the cluster, and the rule stays quiet.`,
  };
}

/** A fix that creates a new file (an editor offers it as a workspace edit with a file creation). */
export function createFileFix(title: string, fileName: string, text: string): WorkspaceFixDescriptor {
  const zero = { line: 0, character: 0 };
  return { title, edits: [], files: [{ fileName, create: true, edits: [{ range: { start: zero, end: zero }, newText: text }] }] };
}

/** The last part of a file name, for fix titles. */
export function baseNameOf(fileName: string): string {
  return fileName.slice(folderOf(fileName).length);
}
