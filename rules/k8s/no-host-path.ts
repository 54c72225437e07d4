import { containersOf, podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { k8sRule } from '../core/rule.js';
import { isMap, isTrue, itemsOf, pairOf, stringOf, valueOf } from '../core/yaml-model.js';
import {
  hostPathVolumes, normalizeHostPath, runtimeSocketReason, sensitiveHostPathReason,
} from '../templates/host-path.js';

interface AllowedHostPath {
  pathPrefix: string;
  /** When true, the path is allowed only if every container mounts it read-only. */
  readOnly?: boolean;
}

interface Options {
  allowedHostPaths: AllowedHostPath[];
}

export default k8sRule<'volume' | 'persistentVolume', Options>({
  meta: {
    id: 'k8s/no-host-path',
    stage: 'deploy',
    severity: 'warning',
    title: 'Pods must not mount hostPath volumes',
    rationale: 'A `hostPath` volume mounts a file or directory of the node into the pod. It bypasses every storage abstraction: the pod reads and writes node files as the container user, can follow symlinks out of the intended directory, and data written there survives the pod and is visible to the next workload scheduled on the node. Writable host paths are a classic first step of a node takeover.',
    remediation: 'Use a volume type made for the job: `emptyDir` for scratch space, a `configMap`, `secret` or `projected` volume for configuration, a PersistentVolumeClaim for data, a CSI driver for node resources. When a node agent truly needs a host path, mount the narrowest path read-only and allow it with the `allowedHostPaths` option:\n\n```yaml\nrules:\n  k8s/no-host-path:\n    options:\n      allowedHostPaths:\n        - {pathPrefix: /var/log, readOnly: true}\n```\n\nPaths that expose the node or the container runtime are reported by `k8s/no-sensitive-host-mount` and `k8s/no-runtime-socket-mount` instead. A PersistentVolume of type `hostPath` is reported at `info`: it reaches the node the same way.',
    references: [
      { title: 'Pod Security Standards: baseline, HostPath Volumes', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline' },
      { title: 'Kubernetes volumes: hostPath', url: 'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath' },
    ],
    equivalents: { pss: ['hostPathVolumes'], cis: ['5.2.11'], nsa: ['hostPath'], polaris: ['hostPathSet'], trivy: ['KSV-0023'] },
    profiles: ['pss-baseline', 'cis', 'nsa'],
    fix: 'none',
    messages: {
      volume: '{{resource}} mounts {{path}} from the node (volume "{{volume}}").',
      persistentVolume: '{{resource}} is a hostPath PersistentVolume on `{{path}}`: pods that claim it mount the node\'s filesystem.',
    },
    options: {
      schema: {
        type: 'object',
        properties: {
          allowedHostPaths: {
            type: 'array',
            description: 'Host paths allowed anyway (PodSecurityPolicy style): a path prefix matched on whole path segments, optionally only when every mount is read-only.',
            items: {
              type: 'object',
              properties: { pathPrefix: { type: 'string' }, readOnly: { type: 'boolean' } },
              required: ['pathPrefix'],
              additionalProperties: false,
            },
          },
        },
        additionalProperties: false,
      },
      defaults: { allowedHostPaths: [] },
    },
    examples: {
      invalid: 'volumes:\n  - name: logs\n    hostPath:\n      path: /var/log',
      valid: 'volumes:\n  - name: scratch\n    emptyDir: {}',
    },
  },
  kinds: ['PersistentVolume', ...WORKLOAD_KINDS],
  check(ctx) {
    if (ctx.object.kind === 'PersistentVolume') {
      const pair = pairOf(valueOf(ctx.object.node, 'spec'), 'hostPath');
      if (!pair || !isMap(pair.value)) return;
      ctx.report({
        messageId: 'persistentVolume',
        data: { resource: ctx.object.resource, path: stringOf(valueOf(pair.value, 'path')) ?? '?' },
        severity: 'info',
        span: ctx.doc.span(pair.key),
      });
      return;
    }
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    for (const v of hostPathVolumes(pod.spec)) {
      // one finding per volume: the sensitive and socket rules report these with a sharper message
      if (v.path !== undefined && (sensitiveHostPathReason(v.path) || runtimeSocketReason(v.path))) continue;
      if (v.path !== undefined && allowed(v.path, v.name, ctx.options.allowedHostPaths ?? [], pod)) continue;
      ctx.report({
        messageId: 'volume',
        data: { resource: ctx.object.resource, path: v.path !== undefined ? `the host path \`${v.path}\`` : 'a host path', volume: v.name ?? '?' },
        span: ctx.doc.span(v.pair.key),
        related: v.pathNode ? [{ span: ctx.doc.span(v.pathNode), message: 'the host path' }] : undefined,
      });
    }
  },
});

function allowed(path: string, volume: string | undefined, rules: AllowedHostPath[], pod: NonNullable<ReturnType<typeof podSpecOf>>): boolean {
  const p = normalizeHostPath(path);
  for (const rule of rules) {
    if (typeof rule?.pathPrefix !== 'string') continue;
    const prefix = normalizeHostPath(rule.pathPrefix);
    const under = p === prefix || prefix === '/' || p.startsWith(prefix + '/');
    if (!under) continue;
    if (!rule.readOnly) return true;
    const mounts = containersOf(pod).flatMap((c) => itemsOf(valueOf(c.node, 'volumeMounts')))
      .filter((m) => stringOf(valueOf(m, 'name')) === volume);
    if (mounts.every((m) => isTrue(valueOf(m, 'readOnly')))) return true;
  }
  return false;
}
