import { podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { k8sRule, type K8sRule } from '../core/rule.js';
import type { Equivalents, Profile, Reference, Severity } from '../core/types.js';
import {
  isMap, isScalar, isTemplated, itemsOf, pairOf, stringOf, valueOf, type Node, type Pair, type Scalar, type YAMLMap,
} from '../core/yaml-model.js';

/** `//etc/./kubernetes/../kubernetes/` → `/etc/kubernetes`: what the kubelet will mount. */
export function normalizeHostPath(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') { out.pop(); continue; }
    out.push(part);
  }
  return (absolute ? '/' : '') + out.join('/');
}

/** Host directories whose exposure gives away the node (kube-linter's list, Trivy's `/var/lib/docker`). */
const SENSITIVE_EXACT = new Set(['/', '/boot', '/dev', '/etc', '/lib', '/proc', '/sys', '/usr', '/var/lib/docker']);
/** Trees holding cluster credentials and state: anything under them is sensitive. */
const SENSITIVE_TREES = ['/etc/kubernetes', '/var/lib/kubelet', '/var/lib/etcd', '/root'];

/** Container runtime sockets, and the directories that hold them. */
const SOCKET_FILES = /(^|\/)(docker|containerd|crio|podman|cri-dockerd)\.sock$/;
const SOCKET_DIRECTORIES = new Set(['/var/run', '/run', '/run/containerd', '/var/run/containerd', '/run/crio', '/var/run/crio', '/run/docker', '/var/run/docker']);

/** Why a runtime socket path is dangerous, or undefined. */
export function runtimeSocketReason(path: string): string | undefined {
  const p = normalizeHostPath(path);
  if (SOCKET_FILES.test(p)) return 'it is the container runtime socket, which starts containers on the node';
  if (SOCKET_DIRECTORIES.has(p)) return 'the directory holds the container runtime socket, which starts containers on the node';
  return undefined;
}

/** Why a host path is sensitive (runtime sockets excluded: they have their own rule), or undefined. */
export function sensitiveHostPathReason(path: string): string | undefined {
  const p = normalizeHostPath(path);
  if (runtimeSocketReason(p)) return undefined;
  if (p === '/') return 'it is the node\'s whole filesystem';
  if (SENSITIVE_EXACT.has(p)) return `it exposes the node's \`${p}\``;
  const tree = SENSITIVE_TREES.find((t) => p === t || p.startsWith(t + '/'));
  return tree ? `\`${tree}\` holds the node's cluster credentials and state` : undefined;
}

export interface HostPathVolume {
  /** The volume item. */
  volume: YAMLMap;
  name: string | undefined;
  /** The `hostPath` pair. */
  pair: Pair<Scalar, Node | null>;
  /** The `path` value, when it is a plain (untemplated) string. */
  pathNode: Scalar | undefined;
  path: string | undefined;
}

/** `POD_SPEC.volumes[*]` with a non-null `hostPath`. */
export function hostPathVolumes(podSpec: YAMLMap): HostPathVolume[] {
  const out: HostPathVolume[] = [];
  for (const volume of itemsOf(valueOf(podSpec, 'volumes'))) {
    if (!isMap(volume)) continue;
    const pair = pairOf(volume, 'hostPath');
    if (!pair || pair.value === null || (isScalar(pair.value) && pair.value.value === null)) continue;
    const pathNode = valueOf(pair.value, 'path');
    const path = isScalar(pathNode) && !isTemplated(pathNode) ? stringOf(pathNode) : undefined;
    out.push({
      volume: volume as YAMLMap, name: stringOf(valueOf(volume, 'name')), pair,
      pathNode: isScalar(pathNode) ? (pathNode as Scalar) : undefined, path,
    });
  }
  return out;
}

export interface DangerousHostPathSpec {
  id: string;
  title: string;
  rationale: string;
  remediation: string;
  references: Reference[];
  equivalents: Equivalents;
  profiles?: Profile[];
  severity: Severity;
  /** Why the (normalised) path is dangerous, or undefined. */
  reason(path: string): string | undefined;
  examples: { invalid: string; valid: string };
}

/** A `hostPath` volume whose path is dangerous: the finding sits on the path value; no fix (the workload needs it). */
export function dangerousHostPathRule(spec: DangerousHostPathSpec): K8sRule<'mounted'> {
  return k8sRule({
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
      fix: 'none',
      messages: { mounted: '{{resource}} mounts the host path `{{path}}` (volume "{{volume}}"): {{what}}.' },
      examples: spec.examples,
    },
    kinds: WORKLOAD_KINDS,
    check(ctx) {
      const pod = podSpecOf(ctx.object);
      if (!pod) return;
      for (const v of hostPathVolumes(pod.spec)) {
        if (v.path === undefined || !v.pathNode) continue;
        const what = spec.reason(v.path);
        if (!what) continue;
        ctx.report({
          messageId: 'mounted',
          data: { resource: ctx.object.resource, what, path: v.path, volume: v.name ?? '?' },
          span: ctx.doc.span(v.pathNode),
          related: [{ span: ctx.doc.span(v.pair.key), message: 'the hostPath volume is declared here' }],
        });
      }
    },
  });
}
