import { containersOf, type K8sObject, type PodSpec } from './k8s.js';
import {
  isMap, isScalar, isTemplated, itemsOf, pairOf, stringOf, valueOf,
  type Node, type Pair, type Scalar,
} from './yaml-model.js';

/**
 * ServiceAccounts as pods use them: which account a pod runs as, where its ServiceAccount object is, and whether an
 * API token ends up mounted. Lookups take the candidate objects as an argument: the objects of the file today, the
 * workspace's objects once the workspace index feeds the rules (RULES.md §6).
 */

/** Where the kubelet mounts the ServiceAccount token. */
export const SERVICE_ACCOUNT_TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface ServiceAccountRef {
  /** The account the pod runs as: `serviceAccountName`, else the deprecated `serviceAccount`, else `default`. */
  name: string;
  /** The value naming it (possibly `""`), when the pod writes one: the anchor for "uses default" findings. */
  node: Scalar | undefined;
  field: 'serviceAccountName' | 'serviceAccount' | undefined;
  /** The name comes from a template expression: unknown until rendered. */
  templated: boolean;
}

/** The ServiceAccount a pod runs as, following the API's defaulting (an empty name means "not set"). */
export function serviceAccountOf(pod: PodSpec): ServiceAccountRef {
  for (const field of ['serviceAccountName', 'serviceAccount'] as const) {
    const node = valueOf(pod.spec, field);
    if (!isScalar(node)) continue;
    if (isTemplated(node)) return { name: '', node: node as Scalar, field, templated: true };
    const name = stringOf(node);
    if (name === undefined || name === '') continue;
    return { name, node: node as Scalar, field, templated: false };
  }
  // an explicit `serviceAccountName: ""` is still worth pointing at
  for (const field of ['serviceAccountName', 'serviceAccount'] as const) {
    const node = valueOf(pod.spec, field);
    if (isScalar(node) && node.value === '') return { name: 'default', node: node as Scalar, field, templated: false };
  }
  return { name: 'default', node: undefined, field: undefined, templated: false };
}

/**
 * The ServiceAccount object named `name` in `namespace` among candidates. A manifest without `metadata.namespace`
 * lands in whatever namespace it is applied to, so two objects match when they state the same namespace or both
 * leave it out.
 */
export function findServiceAccount(candidates: Iterable<K8sObject>, name: string, namespace: string | undefined): K8sObject | undefined {
  for (const c of candidates) {
    if (c.kind === 'ServiceAccount' && c.apiVersion === 'v1' && c.name === name && (c.namespace ?? '') === (namespace ?? '')) return c;
  }
  return undefined;
}

/** A boolean field: its value, `'unknown'` when templated or not a boolean, undefined when absent or null. */
export function booleanField(map: unknown, key: string): { value: boolean | 'unknown'; node: Scalar } | undefined {
  const node = valueOf(map, key);
  if (node === undefined || (isScalar(node) && node.value === null)) return undefined;
  if (isScalar(node) && typeof node.value === 'boolean' && !isTemplated(node)) return { value: node.value, node: node as Scalar };
  return isScalar(node) ? { value: 'unknown', node: node as Scalar } : undefined;
}

/** Whether a token gets mounted into a pod, and what decided it (RULES.md §3.1; the pod's field wins). */
export interface AutomountDecision {
  value: boolean | 'unknown';
  source: 'pod' | 'service-account' | 'default';
  /** The deciding `automountServiceAccountToken` value, when one was written. */
  node?: Scalar;
  account: ServiceAccountRef;
  /** The ServiceAccount object consulted, when one was found among the candidates. */
  serviceAccount?: K8sObject;
}

export function effectiveAutomount(pod: PodSpec, candidates: Iterable<K8sObject>): AutomountDecision {
  const account = serviceAccountOf(pod);
  const own = booleanField(pod.spec, 'automountServiceAccountToken');
  if (own) return { value: own.value, source: 'pod', node: own.node, account };
  if (account.templated) return { value: 'unknown', source: 'default', account };
  const sa = findServiceAccount(candidates, account.name, pod.object.namespace);
  if (sa) {
    const field = booleanField(sa.node, 'automountServiceAccountToken');
    return { value: field ? field.value : true, source: 'service-account', node: field?.node, account, serviceAccount: sa };
  }
  return { value: true, source: 'default', account };
}

/**
 * A projected volume with a `serviceAccountToken` source: the pod asks for a token explicitly (audience, expiry,
 * path of its choosing). That is a deliberate opt-in, not an accidental mount.
 */
export function projectedTokenSource(pod: PodSpec): Node | undefined {
  for (const volume of itemsOf(valueOf(pod.spec, 'volumes'))) {
    for (const source of itemsOf(valueOf(valueOf(volume, 'projected'), 'sources'))) {
      const token = pairOf(source, 'serviceAccountToken');
      if (token && isMap(token.value)) return token.key as Node;
    }
  }
  return undefined;
}

/** `volumeMounts` entries that mount something at the token directory (the explicit form of the automount). */
export function tokenPathMounts(pod: PodSpec): Pair<Scalar, Node | null>[] {
  const out: Pair<Scalar, Node | null>[] = [];
  for (const c of containersOf(pod, ['initContainers', 'containers'])) {
    for (const mount of itemsOf(valueOf(c.node, 'volumeMounts'))) {
      const path = pairOf(mount, 'mountPath');
      const value = stringOf(path?.value)?.replace(/\/+$/, '');
      if (path && value === SERVICE_ACCOUNT_TOKEN_PATH) out.push(path);
    }
  }
  return out;
}
