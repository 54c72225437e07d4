import { requiredMetadataRule } from '../templates/required-metadata.js';

export default requiredMetadataRule({
  id: 'k8s/required-annotations',
  field: 'annotations',
  option: 'requiredAnnotations',
  title: 'Objects must carry the annotations the organisation requires',
  rationale: 'Organisations record accountability in annotations: an owner e-mail, an on-call rotation, a data-classification level, the ticket that approved an exception. Admission policies and incident tooling read them; an object without them has no known owner and no recorded risk decision.',
  remediation: 'Add the required annotations under `metadata.annotations`:\n\n```yaml\nmetadata:\n  annotations:\n    owner: payments-team@example.com\n```\n\nThe list is set in `.palisade.yaml`: `policies.requiredAnnotations` (keys, or keys with a regular expression for the value, e.g. `{owner: "^[^@\\\\s]+@[^@\\\\s]+$"}`). Off by default; the quick fix inserts the key with an empty value to fill in.',
  references: [
    { title: 'Kubernetes: Annotations', url: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations/' },
  ],
  equivalents: { 'kube-linter': ['required-annotation-email'] },
});
