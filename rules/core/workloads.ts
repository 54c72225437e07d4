import { containersOf, type Container, type K8sObject, type PodSpec } from './k8s.js';
import { isMap, isTemplated, nodeAt, numberOf, pairOf, type Node } from './yaml-model.js';

/**
 * Workload facts used by the best-practice rules (RULES.md §7): which objects run forever, which containers count,
 * where a "missing field" finding points.
 */

/** Controllers whose pods are meant to keep running (probes apply). Pods, Jobs and CronJobs run to completion or are bare. */
export const LONG_RUNNING_KINDS: readonly string[] = [
  'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'DeploymentConfig', 'Rollout',
];

export function isLongRunning(object: K8sObject): boolean {
  return LONG_RUNNING_KINDS.includes(object.kind);
}

/** Regular containers plus native sidecars (init containers with `restartPolicy: Always`): what probes apply to. */
export function longRunningContainers(pod: PodSpec): Container[] {
  return containersOf(pod, ['initContainers', 'containers']).filter((c) => c.list === 'containers' || c.isSidecar);
}

/** Init and regular containers: everything the scheduler sizes. Ephemeral containers cannot declare resources. */
export function sizedContainers(pod: PodSpec): Container[] {
  return containersOf(pod, ['initContainers', 'containers']);
}

/**
 * Where a "field missing on a container" finding points (RULES.md §0.3): the deepest key of `path` that exists
 * (`resources`, then `requests` …), else the container's `name` value, else its first key.
 */
export function missingFieldAnchor(c: Container, path: readonly string[]): Node {
  let map: unknown = c.node;
  let anchor: Node | undefined;
  for (const key of path) {
    const pair = pairOf(map, key);
    if (!pair) break;
    anchor = pair.key as Node;
    if (!isMap(pair.value)) break;
    map = pair.value;
  }
  return anchor ?? c.nameNode ?? (c.node.items[0]?.key as Node | undefined) ?? c.node;
}

/** `spec.replicas` as written: the number and its node; undefined when absent, templated or not a number. */
export function replicasOf(object: K8sObject): { value: number; node: Node } | undefined {
  const node = nodeAt(object.node, ['spec', 'replicas']);
  if (!node || isTemplated(node)) return undefined;
  const value = numberOf(node);
  return value === undefined ? undefined : { value, node };
}

/** A container's `resources.requests` and `resources.limits` entries. */
export interface ContainerResources {
  /** `resources`, `requests` or `limits` is something other than a mapping (a template, a typo): do not judge. */
  opaque: boolean;
  requests: Map<string, Node>;
  limits: Map<string, Node>;
}

export function resourcesOf(c: Container): ContainerResources {
  const out: ContainerResources = { opaque: false, requests: new Map(), limits: new Map() };
  const resources = pairOf(c.node, 'resources');
  if (!resources || resources.value === null || isNullScalar(resources.value)) return out;
  if (!isMap(resources.value)) return { ...out, opaque: true };
  for (const kind of ['requests', 'limits'] as const) {
    const pair = pairOf(resources.value, kind);
    if (!pair || pair.value === null || isNullScalar(pair.value)) continue;
    if (!isMap(pair.value)) return { ...out, opaque: true };
    for (const entry of pair.value.items) {
      const key = (entry.key as { value?: unknown } | null)?.value;
      if (typeof key !== 'string') { out.opaque = true; continue; }
      if (entry.value && !isNullScalar(entry.value)) out[kind].set(key, entry.value as Node);
    }
  }
  return out;
}

function isNullScalar(node: unknown): boolean {
  return (node as { value?: unknown } | null)?.value === null && !isMap(node);
}
