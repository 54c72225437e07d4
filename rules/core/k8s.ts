import { ObjectSlot } from './object-slot.js';
import {
  isMap, isScalar, isSeq, itemsOf, mapAt, nodeAt, pairOf, readableTemplates, stringOf, valueOf,
  type Node, type Pair, type Scalar, type YAMLMap, type YamlDoc,
} from './yaml-model.js';

/** A Kubernetes object found in a YAML document (a top-level object or an item of a `List`). */
export interface K8sObject {
  doc: YamlDoc;
  node: YAMLMap;
  apiVersion: string;
  kind: string;
  name: string | undefined;
  namespace: string | undefined;
  /** `Kind/name` for messages (a template expression in the name shows as `{{…}}`). */
  resource: string;
  /** The `kind` value node (anchor of last resort). */
  kindNode: Scalar;
}

/** Find the Kubernetes objects of a document: its root when it has `apiVersion` and `kind`, and `List` items. */
export function objectsOf(doc: YamlDoc): K8sObject[] {
  const out: K8sObject[] = [];
  collect(doc, doc.root, out, 0);
  return out;
}

function collect(doc: YamlDoc, node: unknown, out: K8sObject[], depth: number): void {
  if (!isMap(node) || depth > 4) return;
  const apiVersion = stringOf(valueOf(node, 'apiVersion'));
  const kindNode = valueOf(node, 'kind');
  const kind = stringOf(kindNode);
  if (!apiVersion || !kind || !isScalar(kindNode)) return;
  if (kind === 'List' || (kind.endsWith('List') && isSeq(valueOf(node, 'items')))) {
    for (const item of itemsOf(valueOf(node, 'items'))) collect(doc, item, out, depth + 1);
    return;
  }
  const name = stringOf(nodeAt(node, ['metadata', 'name']));
  const namespace = stringOf(nodeAt(node, ['metadata', 'namespace']));
  out.push({
    doc, node: node as YAMLMap, apiVersion, kind, name, namespace,
    resource: readableTemplates(`${kind}/${name ?? '<unnamed>'}`),
    kindNode: kindNode as Scalar,
  });
}

// ---------------------------------------------------------------------------------------------------------------------
// POD_SPEC (RULES.md §0.3)

/** Where the pod spec and pod metadata live for each workload kind. */
const POD_SPEC_PATHS: Record<string, { spec: string[]; meta: string[] }> = {
  Pod: { spec: ['spec'], meta: ['metadata'] },
  Deployment: { spec: ['spec', 'template', 'spec'], meta: ['spec', 'template', 'metadata'] },
  StatefulSet: { spec: ['spec', 'template', 'spec'], meta: ['spec', 'template', 'metadata'] },
  DaemonSet: { spec: ['spec', 'template', 'spec'], meta: ['spec', 'template', 'metadata'] },
  ReplicaSet: { spec: ['spec', 'template', 'spec'], meta: ['spec', 'template', 'metadata'] },
  ReplicationController: { spec: ['spec', 'template', 'spec'], meta: ['spec', 'template', 'metadata'] },
  Job: { spec: ['spec', 'template', 'spec'], meta: ['spec', 'template', 'metadata'] },
  CronJob: {
    spec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
    meta: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
  },
  PodTemplate: { spec: ['template', 'spec'], meta: ['template', 'metadata'] },
  DeploymentConfig: { spec: ['spec', 'template', 'spec'], meta: ['spec', 'template', 'metadata'] },
  Rollout: { spec: ['spec', 'template', 'spec'], meta: ['spec', 'template', 'metadata'] },
  ScaledJob: {
    spec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
    meta: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
  },
};

/** Kinds that carry a pod template. */
export const WORKLOAD_KINDS: readonly string[] = Object.keys(POD_SPEC_PATHS);

export interface PodSpec {
  object: K8sObject;
  /** The POD_SPEC mapping. */
  spec: YAMLMap;
  /** The pair whose value is POD_SPEC (`spec:` of a Pod, `spec:` under `template:`): the anchor for pod-level findings. */
  specPair: Pair<Scalar, Node | null>;
  /** POD_META (labels, annotations), when present. */
  meta: YAMLMap | undefined;
  /** The mapping that holds POD_META's key (to insert metadata when missing). */
  metaParent: YAMLMap | undefined;
  /** `securityContext` of the pod, when present and a mapping. */
  securityContext: YAMLMap | undefined;
  /** `os.name: windows`. */
  isWindows: boolean;
  /** `hostUsers: false` (user namespaces). */
  userNamespaces: boolean;
}

// Most rules start from the pod spec and its containers: computed once per object, not once per rule.
const podSpecs = new ObjectSlot<K8sObject, PodSpec | null>('pod spec');
const containerLists = new ObjectSlot<PodSpec, Container[]>('containers');

/** The pod spec of a workload object, or undefined for other kinds (and for an Argo Rollout with `workloadRef`). */
export function podSpecOf(object: K8sObject): PodSpec | undefined {
  const known = podSpecs.get(object);
  if (known !== undefined) return known ?? undefined;
  const pod = readPodSpec(object);
  podSpecs.set(object, pod ?? null);
  return pod;
}

function readPodSpec(object: K8sObject): PodSpec | undefined {
  // an own key only: a kind such as `constructor` or `toString` is not a workload
  const paths = Object.hasOwn(POD_SPEC_PATHS, object.kind) ? POD_SPEC_PATHS[object.kind] : undefined;
  if (!paths) return undefined;
  if (object.kind === 'Rollout' && valueOf(valueOf(object.node, 'spec'), 'workloadRef')) return undefined;
  const parent = mapAt(object.node, paths.spec.slice(0, -1));
  const specPair = parent ? pairOf(parent, paths.spec[paths.spec.length - 1]) : undefined;
  if (!specPair || !isMap(specPair.value)) return undefined;
  const spec = specPair.value as YAMLMap;
  const metaParent = mapAt(object.node, paths.meta.slice(0, -1));
  const meta = metaParent ? mapAt(metaParent, [paths.meta[paths.meta.length - 1]]) : undefined;
  const sc = valueOf(spec, 'securityContext');
  const osName = stringOf(nodeAt(spec, ['os', 'name']));
  const hostUsers = valueOf(spec, 'hostUsers');
  return {
    object, spec, specPair, meta, metaParent,
    securityContext: isMap(sc) ? (sc as YAMLMap) : undefined,
    isWindows: osName === 'windows',
    userNamespaces: isScalar(hostUsers) && hostUsers.value === false,
  };
}

export type ContainerList = 'initContainers' | 'containers' | 'ephemeralContainers';

export interface Container {
  pod: PodSpec;
  list: ContainerList;
  index: number;
  node: YAMLMap;
  name: string | undefined;
  nameNode: Scalar | undefined;
  /** `securityContext` mapping, when present. */
  securityContext: YAMLMap | undefined;
  /** The `securityContext` pair (even when its value is not a mapping). */
  securityContextPair: Pair<Scalar, Node | null> | undefined;
  /** An init container with `restartPolicy: Always` (native sidecar, K8s ≥ 1.28): long-running. */
  isSidecar: boolean;
  /** `containers[0]`, `initContainers[2]` … for messages. */
  label: string;
}

const LISTS: readonly ContainerList[] = ['initContainers', 'containers', 'ephemeralContainers'];

/** ALL_CONTAINERS: init, regular and ephemeral containers, in that order. */
export function containersOf(pod: PodSpec, lists: readonly ContainerList[] = LISTS): Container[] {
  if (lists === LISTS) {
    let all = containerLists.get(pod);
    if (!all) containerLists.set(pod, (all = readContainers(pod, LISTS)));
    return all.slice();
  }
  return readContainers(pod, lists);
}

function readContainers(pod: PodSpec, lists: readonly ContainerList[]): Container[] {
  const out: Container[] = [];
  for (const list of lists) {
    const items = itemsOf(valueOf(pod.spec, list));
    items.forEach((node, index) => {
      if (!isMap(node)) return;
      const nameNode = valueOf(node, 'name');
      const scPair = pairOf(node, 'securityContext');
      out.push({
        pod, list, index, node: node as YAMLMap,
        name: stringOf(nameNode),
        nameNode: isScalar(nameNode) ? (nameNode as Scalar) : undefined,
        securityContext: scPair && isMap(scPair.value) ? (scPair.value as YAMLMap) : undefined,
        securityContextPair: scPair,
        isSidecar: list === 'initContainers' && stringOf(valueOf(node, 'restartPolicy')) === 'Always',
        label: `${list}[${index}]`,
      });
    });
  }
  return out;
}

/** How a container is named in messages: `container "app"`, or `initContainers[1]` when unnamed. */
export function describeContainer(c: Container): string {
  const kind = c.list === 'initContainers' ? 'init container' : c.list === 'ephemeralContainers' ? 'ephemeral container' : 'container';
  return c.name !== undefined ? `${kind} "${c.name}"` : c.label;
}

/** The effective value of a field valid at both levels: the container's when set, else the pod's. */
export function effectiveSecurityField(c: Container, field: string): { node: Node; level: 'container' | 'pod' } | undefined {
  const own = valueOf(c.securityContext, field);
  if (own !== undefined && !(isScalar(own) && own.value === null)) return { node: own, level: 'container' };
  const pod = valueOf(c.pod.securityContext, field);
  if (pod !== undefined && !(isScalar(pod) && pod.value === null)) return { node: pod, level: 'pod' };
  return undefined;
}

/** Labels of a metadata mapping as a plain record (non-string values skipped). */
export function labelsOf(meta: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const labels = valueOf(meta, 'labels');
  if (!isMap(labels)) return out;
  for (const item of labels.items) {
    const k = stringOf(item.key);
    const v = stringOf(item.value);
    if (k !== undefined && v !== undefined) out[k] = v;
  }
  return out;
}

/** Annotations of an object's `metadata` as a plain record. */
export function annotationsOf(meta: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const a = valueOf(meta, 'annotations');
  if (!isMap(a)) return out;
  for (const item of a.items) {
    const k = stringOf(item.key);
    const v = stringOf(item.value);
    if (k !== undefined && v !== undefined) out[k] = v;
  }
  return out;
}

export { nodeAt };
