import { podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { k8sRule } from '../core/rule.js';
import { isMap, isScalar, itemsOf, stringOf, valueOf, type Node } from '../core/yaml-model.js';

/** Volume sources the restricted level forbids (`hostPath` is left to `k8s/no-host-path`). */
const FORBIDDEN = new Set([
  'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'flexVolume', 'cinder',
  'cephfs', 'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'portworxVolume',
  'photonPersistentDisk', 'scaleIO', 'storageos',
]);

export default k8sRule<'volume' | 'gitRepo'>({
  meta: {
    id: 'k8s/restricted-volume-types',
    stage: 'deploy',
    severity: 'warning',
    title: 'Pods may use only the volume types the restricted standard allows',
    rationale: 'In-tree volume plugins (NFS, iSCSI, RBD, cloud disks, FlexVolume, …) are mounted by the node on the pod\'s behalf with settings the pod author chooses: they can attach storage that belongs to other tenants, pass credentials around the Secret machinery, or run node-side helpers. `gitRepo` even runs `git` on the node as root with a repository the pod names. The restricted standard allows only volume types whose access is mediated by Kubernetes objects.',
    remediation: 'Use `configMap`, `csi`, `downwardAPI`, `emptyDir`, `ephemeral`, `image`, `persistentVolumeClaim`, `projected` or `secret`. Provision network storage as a PersistentVolume (cluster administrators) and claim it; replace `gitRepo` with an init container that clones into an `emptyDir`.',
    references: [
      { title: 'Pod Security Standards: restricted, Volume Types', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted' },
      { title: 'Kubernetes volumes: gitRepo (deprecated)', url: 'https://kubernetes.io/docs/concepts/storage/volumes/#gitrepo' },
    ],
    equivalents: { pss: ['restrictedVolumes'], trivy: ['KSV-0028'] },
    profiles: ['pss-restricted'],
    fix: 'none',
    messages: {
      volume: '{{resource}} uses a `{{type}}` volume ("{{volume}}"), which the restricted standard does not allow.',
      gitRepo: '{{resource}} uses a `gitRepo` volume ("{{volume}}"): the node runs git as root for it; clone in an init container instead.',
    },
    examples: {
      invalid: 'volumes:\n  - name: data\n    nfs:\n      server: nfs.example.com\n      path: /exports',
      valid: 'volumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: data',
    },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    for (const volume of itemsOf(valueOf(pod.spec, 'volumes'))) {
      if (!isMap(volume)) continue;
      for (const pair of volume.items) {
        const type = stringOf(pair.key);
        // a null source is absent: the API fills in an emptyDir
        if (type === undefined || !FORBIDDEN.has(type) || pair.value === null || (isScalar(pair.value) && pair.value.value === null)) continue;
        const gitRepo = type === 'gitRepo';
        ctx.report({
          messageId: gitRepo ? 'gitRepo' : 'volume',
          data: { resource: ctx.object.resource, type, volume: stringOf(valueOf(volume, 'name')) ?? '?' },
          severity: gitRepo ? 'error' : 'warning',
          span: ctx.doc.span(pair.key as Node),
        });
      }
    }
  },
});
