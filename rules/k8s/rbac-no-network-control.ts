import { WRITE_VERBS, targets } from '../core/rbac.js';
import { permissionInspector, rbacRule } from '../templates/rbac-permission.js';

export default rbacRule({
  id: 'k8s/rbac-no-network-control',
  severity: 'info',
  title: 'Review roles that can change Services and network policy',
  rationale: 'Services, Endpoints, EndpointSlices, Ingresses and NetworkPolicies decide where traffic goes and who may connect. Changing them can redirect another application\'s traffic to an attacker\'s pod or remove isolation. Writing `services/status` (reported as a warning) lets the holder set a LoadBalancer ingress IP and intercept cluster traffic to that address (CVE-2020-8554).',
  remediation: 'Keep write access to networking objects with the deployment pipeline; remove `update`/`patch` on `services/status` from everything but load-balancer controllers.',
  equivalents: { trivy: ['KSV-0056'], checkov: ['CKV2_K8S_4'] },
  message: '{{role}} {{entry}} grants {{verbs}} on {{resources}}: {{consequence}}.{{narrowed}}',
  examples: {
    invalid: 'rules:\n  - apiGroups: [""]\n    resources: ["services/status"]\n    verbs: ["patch"]',
    valid: 'rules:\n  - apiGroups: [""]\n    resources: ["services"]\n    verbs: ["get", "list"]',
  },
  inspect: permissionInspector([
    {
      resources: [
        ...targets([''], 'services', 'endpoints'),
        ...targets(['discovery.k8s.io'], 'endpointslices'),
        ...targets(['networking.k8s.io', 'extensions'], 'networkpolicies', 'ingresses'),
      ],
      verbs: WRITE_VERBS,
      severity: 'info',
      consequence: 'its holder can redirect traffic or remove network isolation',
    },
    {
      resources: targets([''], 'services/status'), verbs: ['update', 'patch'], severity: 'warning',
      consequence: 'its holder can set a LoadBalancer ingress IP and intercept traffic to that address (CVE-2020-8554)',
    },
  ]),
});
