import { requiredMetadataRule } from '../templates/required-metadata.js';

export default requiredMetadataRule({
  id: 'k8s/required-labels',
  field: 'labels',
  option: 'requiredLabels',
  title: 'Objects must carry the labels the organisation requires',
  rationale: 'Labels are how people and tools find the owner of a workload during an incident, how cost and alerts are routed, and how network policies, PodDisruptionBudgets and quotas select what they govern. An object without its `team` or `app.kubernetes.io/name` label is invisible to those controls: nobody is paged, no policy selects it.',
  remediation: 'Add the required labels under `metadata.labels` (and, with `podTemplate: true`, under the pod template):\n\n```yaml\nmetadata:\n  labels:\n    app.kubernetes.io/name: web\n    team: payments\n```\n\nThe list is set in `.palisade.yaml`: `policies.requiredLabels` (keys, or keys with a regular expression for the value). Off by default; the quick fix inserts the key with an empty value to fill in.',
  references: [
    { title: 'Kubernetes: Recommended labels', url: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/' },
    { title: 'Kubernetes: Labels and selectors', url: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/' },
  ],
  equivalents: { 'kube-linter': ['required-label-owner'], kubescape: ['C-0076', 'C-0077'] },
});
