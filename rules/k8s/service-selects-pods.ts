import { k8sRule } from '../core/rule.js';
import {
  assumeCompleteSchema, describeNamespace, describeSelector, namedIn, namespaceOf, podsIn, podsSelectedBy, selectorSelects,
  type IndexedEntry, type WorkspaceLookup,
} from '../core/workspace-index.js';

interface Options {
  assumeCompleteWorkspace: boolean;
}

type Messages = 'noPods' | 'noService' | 'noMonitoredService' | 'statefulSetService' | 'notHeadless';

export default k8sRule<Messages, Options>({
  meta: {
    id: 'k8s/service-selects-pods',
    stage: 'deploy',
    category: 'best-practice',
    severity: 'warning',
    title: 'Services, Ingresses and monitors should point at something that exists',
    rationale: 'The links between objects are plain strings: a Service selects pods by labels, an Ingress names its backend Service, a ServiceMonitor selects Services by labels, a StatefulSet names its headless Service. When one side is renamed the link silently breaks: the Service has no endpoints, the Ingress answers 503, metrics stop, StatefulSet pods get no stable DNS names.',
    remediation: 'Make the names and labels agree:\n\n```yaml\nkind: Service\nspec:\n  selector:\n    app: web      # = the pod template labels of the Deployment\n```\n\nA Service without `selector` (endpoints managed by hand) and `ExternalName` Services are not checked. The rule judges selectors once the workspace holds at least one workload (Ingress and monitor references once it holds a Service), or always with `assumeCompleteWorkspace: true`.',
    references: [
      { title: 'Kubernetes: Service', url: 'https://kubernetes.io/docs/concepts/services-networking/service/' },
      { title: 'Kubernetes: StatefulSet, stable network identity', url: 'https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-network-id' },
    ],
    equivalents: {
      'kube-linter': ['dangling-service', 'dangling-ingress', 'dangling-servicemonitor'],
      'kube-score': ['service-targets-pod', 'ingress-targets-service', 'statefulset-has-servicename'],
    },
    fix: 'none',
    scope: 'workspace',
    messages: {
      noPods: '{{resource}} selects no pods: no workload in {{namespace}} has pod labels matching `{{selector}}`, so the Service has no endpoints.',
      noService: '{{resource}} routes to Service "{{service}}", which is not defined in {{namespace}} in the workspace: requests get an error.',
      noMonitoredService: '{{resource}} selects no Service: none in {{where}} has labels matching `{{selector}}`, so nothing is scraped.',
      statefulSetService: '{{resource}} names Service "{{service}}" in `serviceName`, which is not defined in {{namespace}} in the workspace: its pods get no stable DNS names.',
      notHeadless: '{{resource}} names Service "{{service}}" in `serviceName`, but that Service is not headless (`clusterIP: None`): its pods get no stable DNS names.',
    },
    options: {
      schema: { type: 'object', additionalProperties: false, properties: { assumeCompleteWorkspace: assumeCompleteSchema('workload or Service') } },
      defaults: { assumeCompleteWorkspace: false },
    },
    examples: {
      invalid: 'kind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n---\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: wbe}',
      valid: 'kind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n---\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}',
    },
  },
  checkWorkspace(ctx) {
    const index = ctx.index;
    const assume = ctx.options.assumeCompleteWorkspace;
    const workloads = podsIn(index, undefined);
    const services = index.byKind('Service').filter((e) => e.object.service);
    const servicesIn = (namespace: string): IndexedEntry[] => index.inNamespace('Service', namespace).filter((e) => e.object.service);

    if (workloads.length || assume) {
      for (const entry of ctx.subjects(['Service'])) {
        const { object, fileName } = entry;
        const selector = object.service?.selector;
        if (!selector || selector.opaque || object.service!.type === 'ExternalName' || object.templated) continue;
        const namespace = namespaceOf(object);
        if (podsSelectedBy(index, namespace, selector).length) continue;
        const pods = podsIn(index, namespace);
        ctx.report({
          messageId: 'noPods', fileName, range: selector.range, resource: object.resource,
          data: { resource: object.resource, namespace: describeNamespace(namespace), selector: describeSelector(selector) },
          related: pods.slice(0, 3).map((w) => ({
            fileName: w.fileName, range: w.object.pod!.labelsRange ?? w.object.nameRange,
            message: `${w.object.resource} has other pod labels`,
          })),
        });
      }
    }
    if (!services.length && !assume) return;
    for (const entry of ctx.subjects(['Ingress'])) {
      const { object, fileName } = entry;
      if (object.templated) continue;
      const namespace = namespaceOf(object);
      for (const backend of object.backends ?? []) {
        if (namedIn(index, 'Service', namespace, backend.name).some((s) => s.object.service)) continue;
        ctx.report({
          messageId: 'noService', fileName, range: backend.range, resource: object.resource,
          data: { resource: object.resource, service: backend.name, namespace: describeNamespace(namespace) },
          related: sameName(index, backend.name),
        });
      }
    }
    for (const entry of ctx.subjects(['ServiceMonitor'])) {
      const { object, fileName } = entry;
      const selector = object.selector;
      if (!selector || selector.opaque || object.templated) continue;
      const scope = object.monitorNamespaces;
      const candidates = scope === 'any' ? services : (scope ?? [namespaceOf(object)]).flatMap(servicesIn);
      if (candidates.some((s) => s.partial || selectorSelects(selector, s.object.labels))) continue;
      ctx.report({
        messageId: 'noMonitoredService', fileName, range: selector.range, resource: object.resource,
        data: {
          resource: object.resource, selector: describeSelector(selector),
          where: scope === 'any' ? 'any namespace' : scope ? scope.map((n) => describeNamespace(n)).join(', ') || 'no namespace' : describeNamespace(namespaceOf(object)),
        },
      });
    }
    for (const entry of ctx.subjects(['StatefulSet'])) {
      const { object, fileName } = entry;
      const ref = object.serviceName;
      if (!ref || object.templated) continue;
      const namespace = namespaceOf(object);
      const service = namedIn(index, 'Service', namespace, ref.name).find((s) => s.object.service);
      if (!service) {
        ctx.report({
          messageId: 'statefulSetService', fileName, range: ref.range, resource: object.resource,
          data: { resource: object.resource, service: ref.name, namespace: describeNamespace(namespace) },
          related: sameName(index, ref.name),
        });
      } else if (!service.object.service!.headless) {
        ctx.report({
          messageId: 'notHeadless', fileName, range: ref.range, resource: object.resource,
          data: { resource: object.resource, service: ref.name },
          related: [{ fileName: service.fileName, range: service.object.nameRange, message: 'the Service has a cluster IP' }],
        });
      }
    }
  },
});

/** Services of that name in other namespaces: the likely intended target. */
function sameName(index: WorkspaceLookup, name: string) {
  return index.named('Service', name).filter((s) => s.object.service).slice(0, 3).map((s) => ({
    fileName: s.fileName, range: s.object.namespaceRange ?? s.object.nameRange,
    message: `a Service "${name}" is defined in ${describeNamespace(namespaceOf(s.object))}`,
  }));
}
