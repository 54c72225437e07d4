import { componentsIn } from './control-plane.js';
import { heredocsOf, type DockerfileModel } from './dockerfile-model.js';
import { parseDockerignore } from './dockerignore.js';
import { containersOf, describeContainer, labelsOf, podSpecOf, type K8sObject } from './k8s.js';
import { parseSelector } from './label-selector.js';
import { bindingOf } from './rbac.js';
import {
  booleanField, projectedTokenSource, serviceAccountOf, tokenPathMounts,
} from './service-accounts.js';
import type { LineIndex } from './text.js';
import type { Range } from './types.js';
import type {
  ComponentFacts, ConfigRef, CopySource, FileSummary, IndexedObject, NamedRef, NetworkPolicyFacts, PlainSelector,
  PodFacts, ReplicaFacts,
} from './workspace-index.js';
import { scalar, YamlEditor } from './yaml-edit.js';
import {
  isMap, isScalar, isSeq, isTemplated, isTrue, itemsOf, nodeAt, numberOf, pairOf, stringOf, valueOf, TEMPLATE_MARK,
  type Node, type Pair, type YAMLMap,
} from './yaml-model.js';

/**
 * Summaries for the workspace index, made from what the engine has already parsed: Kubernetes objects (YAML nodes in,
 * plain data out), Dockerfile models and `.dockerignore` texts. Only facts some cross-file rule reads are kept, with
 * the ranges its findings and related information point at.
 */

/** Where the summarised text lives: the text the nodes were parsed from (masked for Helm) and its line index. */
interface Source {
  text: string;
  lines: LineIndex;
}

/** Summaries of Kubernetes objects (of one YAML chunk or file); objects too odd to summarise are left out. */
export function summarizeObjects(objects: readonly K8sObject[], text: string, lines: LineIndex, partial: boolean): IndexedObject[] {
  const source: Source = { text, lines };
  const out: IndexedObject[] = [];
  for (const object of objects) {
    try {
      out.push(summarizeObject(object, source, partial));
    } catch {
      // left out of the index rather than failing the lint
    }
  }
  return out;
}

/** Summary of a Dockerfile: the sources it copies from the build context. */
export function summarizeDockerfile(fileName: string, model: DockerfileModel, lines: LineIndex): FileSummary {
  const copies: CopySource[] = [];
  for (const ins of model.instructions) {
    if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || !ins.stage || heredocsOf(ins).length) continue;
    if (model.flag(ins, 'from')) continue;
    const words = model.execForm(ins) ?? model.args(ins);
    for (const w of words.slice(0, -1)) {
      const resolved = model.resolve(w.text, ins);
      if (resolved === undefined || resolved === '') continue;
      if (ins.keyword === 'ADD' && /^([a-z][a-z0-9+.-]*:\/\/|git@)/i.test(resolved)) continue;
      copies.push({ keyword: ins.keyword, source: resolved, range: lines.rangeOf(w.span), resource: model.resource(ins.stage) });
    }
  }
  return { fileName, kind: 'dockerfile', objects: [], copies };
}

/** `.dockerignore`, and `<Dockerfile>.dockerignore` next to a Dockerfile. */
export function isDockerignoreName(fileName: string): boolean {
  return /(^|[\\/])\.dockerignore$|\.dockerignore$/i.test(fileName);
}

export function summarizeDockerignore(fileName: string, text: string): FileSummary {
  return { fileName, kind: 'dockerignore', objects: [], dockerignore: parseDockerignore(text) };
}

// ---------------------------------------------------------------------------------------------------------------------
// Kubernetes objects

function summarizeObject(object: K8sObject, source: Source, partial: boolean): IndexedObject {
  const at = (node: Node | Pair | null | undefined): Range => source.lines.rangeOf(object.doc.span(node));
  const node = object.node;
  const meta = valueOf(node, 'metadata');
  const nameNode = valueOf(meta, 'name');
  const namespaceNode = valueOf(meta, 'namespace');
  const templated = isTemplated(nameNode) || isTemplated(namespaceNode);
  const out: IndexedObject = {
    apiVersion: object.apiVersion,
    kind: object.kind,
    resource: object.resource,
    labels: plainLabels(meta),
    nameRange: at(isScalar(nameNode) ? nameNode : object.kindNode),
  };
  if (object.name !== undefined && !isTemplated(nameNode)) out.name = object.name;
  if (object.namespace !== undefined && !isTemplated(namespaceNode)) out.namespace = object.namespace;
  if (templated) out.templated = true;
  if (isScalar(namespaceNode)) out.namespaceRange = at(namespaceNode);

  const pod = podSpecOf(object);
  if (pod) out.pod = podFacts(object, source, partial, at);
  const spec = valueOf(node, 'spec');
  const kind = object.kind;

  if (pod || kind === 'PodDisruptionBudget' || (kind === 'ServiceMonitor' && object.apiVersion.startsWith('monitoring.coreos.com/'))) {
    const selectorPair = pairOf(spec, 'selector');
    const selector = selectorPair && plainSelector(selectorPair, kind === 'ReplicationController' ? 'map' : 'labelSelector', at);
    if (selector) out.selector = selector;
  }
  if (['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'Rollout', 'DeploymentConfig'].includes(kind)) {
    out.replicas = replicaFacts(object, at);
  }
  if (kind === 'StatefulSet') {
    const serviceName = valueOf(spec, 'serviceName');
    const name = stringOf(serviceName);
    if (name && !isTemplated(serviceName)) out.serviceName = { name, range: at(serviceName) };
  }
  if (kind === 'NetworkPolicy' && object.apiVersion.startsWith('networking.k8s.io/')) out.networkPolicy = networkPolicyFacts(object, at);
  if (kind === 'Service' && object.apiVersion === 'v1') {
    const selectorPair = pairOf(spec, 'selector');
    const selector = selectorPair && !isNull(selectorPair.value) ? plainSelector(selectorPair, 'map', at) : undefined;
    const type = stringOf(valueOf(spec, 'type')) ?? 'ClusterIP';
    out.service = { ...(selector && (selector.requirements.length || selector.opaque) ? { selector } : {}), type, headless: stringOf(valueOf(spec, 'clusterIP')) === 'None' };
  }
  if (kind === 'Ingress') out.backends = ingressBackends(spec, at);
  if (kind === 'ServiceMonitor') {
    const ns = valueOf(spec, 'namespaceSelector');
    if (isTrue(valueOf(ns, 'any'))) out.monitorNamespaces = 'any';
    else if (isSeq(valueOf(ns, 'matchNames'))) out.monitorNamespaces = itemsOf(valueOf(ns, 'matchNames')).map(stringOf).filter((s): s is string => !!s);
  }
  if (kind === 'HorizontalPodAutoscaler' && object.apiVersion.startsWith('autoscaling/')) {
    const refPair = pairOf(spec, 'scaleTargetRef');
    const ref = refPair?.value;
    const refName = valueOf(ref, 'name');
    out.scaleTarget = {
      ...(stringOf(valueOf(ref, 'kind')) && !isTemplated(valueOf(ref, 'kind')) ? { kind: stringOf(valueOf(ref, 'kind')) } : {}),
      ...(stringOf(refName) && !isTemplated(refName) ? { name: stringOf(refName) } : {}),
      range: at(isScalar(refName) ? refName : refPair?.key ?? object.kindNode),
      ...optionalNumber('minReplicas', valueOf(spec, 'minReplicas')),
      ...optionalNumber('maxReplicas', valueOf(spec, 'maxReplicas')),
    };
  }
  const binding = bindingOf(object);
  if (binding) {
    out.roleRef = {
      ...(binding.roleRef.kind ? { kind: binding.roleRef.kind } : {}),
      ...(binding.roleRef.name ? { name: binding.roleRef.name } : {}),
      range: at(binding.roleRef.nameNode ?? object.kindNode),
    };
    out.subjects = binding.subjects.map((s) => ({
      ...(s.kind ? { kind: s.kind } : {}), ...(s.name ? { name: s.name } : {}), ...(s.namespace ? { namespace: s.namespace } : {}),
      ...(s.nameNode ? { range: at(s.nameNode) } : {}),
    }));
  }
  if (kind === 'ServiceAccount' && object.apiVersion === 'v1') {
    const field = booleanField(node, 'automountServiceAccountToken');
    if (field) out.automount = { value: field.value, range: at(field.node) };
  }
  if (kind === 'ConfigMap' && object.apiVersion === 'v1') {
    const keys = dataKeys(node, ['data', 'binaryData']);
    if (keys) out.dataKeys = keys;
  }
  if (kind === 'Secret' && object.apiVersion === 'v1') {
    const keys = dataKeys(node, ['data', 'stringData']);
    if (keys) out.dataKeys = keys;
  }
  if (kind === 'SealedSecret' && object.apiVersion.startsWith('bitnami.com/')) {
    const name = stringOf(nodeAt(spec, ['template', 'metadata', 'name'])) ?? out.name;
    if (name) out.providesSecret = name;
  }
  if (kind === 'ExternalSecret' && object.apiVersion.startsWith('external-secrets.io/')) {
    const name = stringOf(nodeAt(spec, ['target', 'name'])) ?? out.name;
    if (name) out.providesSecret = name;
  }
  if (kind === 'Pod' || (kind === 'ClusterConfiguration' && object.apiVersion.startsWith('kubeadm.k8s.io/'))) {
    const components = componentFacts(object, source);
    if (components.length) out.components = components;
  }
  return out;
}

function podFacts(object: K8sObject, source: Source, partial: boolean, at: (n: Node | Pair | null | undefined) => Range): PodFacts {
  const pod = podSpecOf(object)!;
  const labelsPair = pairOf(pod.meta, 'labels');
  const labelsNode = labelsPair?.value;
  const labelsOpaque = partial || (labelsNode !== undefined && labelsNode !== null && !isMap(labelsNode) && !isNull(labelsNode))
    || (isMap(labelsNode) && labelsNode.items.some((p) => isTemplated(p.key) || isTemplated(p.value) || !isScalar(p.key)));
  const account = serviceAccountOf(pod);
  const own = booleanField(pod.spec, 'automountServiceAccountToken');
  const facts: PodFacts = {
    labels: plainLabels(pod.meta),
    labelsOpaque,
    specRange: at(pod.specPair.key),
    serviceAccount: { name: account.name, templated: account.templated, ...(account.node ? { range: at(account.node) } : {}) },
    projectedToken: projectedTokenSource(pod) !== undefined,
    tokenMounts: tokenPathMounts(pod).map((p) => at(p.value)),
    refs: configRefs(object, at),
  };
  if (labelsPair) facts.labelsRange = at(labelsPair.key);
  if (own) facts.automount = { value: own.value, range: at(own.node) };
  if (!own || own.value !== false) {
    const edits = new YamlEditor(source.text, object.doc).insertPath(pod.spec, ['automountServiceAccountToken'], scalar('false'));
    if (edits) facts.automountFix = edits.map((e) => ({ range: source.lines.rangeOf(e), newText: e.text }));
  }
  return facts;
}

function configRefs(object: K8sObject, at: (n: Node | Pair | null | undefined) => Range): ConfigRef[] {
  const pod = podSpecOf(object)!;
  const out: ConfigRef[] = [];
  const add = (kind: ConfigRef['kind'], ref: unknown, nameKey: string, via: ConfigRef['via'], container: string | undefined, withKey: boolean): void => {
    const nameNode = valueOf(ref, nameKey);
    const name = stringOf(nameNode);
    if (!name || isTemplated(nameNode)) return;
    const keyNode = withKey ? valueOf(ref, 'key') : undefined;
    const key = stringOf(keyNode);
    out.push({
      kind, name, via, optional: stringOf(valueOf(ref, 'optional')) === 'true', range: at(nameNode),
      ...(key !== undefined && !isTemplated(keyNode) ? { key, keyRange: at(keyNode) } : {}),
      ...(container !== undefined ? { container } : {}),
    });
  };
  for (const c of containersOf(pod)) {
    const label = describeContainer(c);
    for (const env of itemsOf(valueOf(c.node, 'env'))) {
      const from = valueOf(env, 'valueFrom');
      add('ConfigMap', valueOf(from, 'configMapKeyRef'), 'name', 'env', label, true);
      add('Secret', valueOf(from, 'secretKeyRef'), 'name', 'env', label, true);
    }
    for (const env of itemsOf(valueOf(c.node, 'envFrom'))) {
      add('ConfigMap', valueOf(env, 'configMapRef'), 'name', 'envFrom', label, false);
      add('Secret', valueOf(env, 'secretRef'), 'name', 'envFrom', label, false);
    }
  }
  for (const volume of itemsOf(valueOf(pod.spec, 'volumes'))) {
    add('ConfigMap', valueOf(volume, 'configMap'), 'name', 'volume', undefined, false);
    add('Secret', valueOf(volume, 'secret'), 'secretName', 'volume', undefined, false);
    for (const s of itemsOf(valueOf(valueOf(volume, 'projected'), 'sources'))) {
      add('ConfigMap', valueOf(s, 'configMap'), 'name', 'volume', undefined, false);
      add('Secret', valueOf(s, 'secret'), 'name', 'volume', undefined, false);
    }
  }
  return out;
}

function replicaFacts(object: K8sObject, at: (n: Node | Pair | null | undefined) => Range): ReplicaFacts {
  const specPair = pairOf(object.node, 'spec');
  const pair = pairOf(specPair?.value, 'replicas');
  const specRange = at((specPair?.key ?? object.kindNode) as Node);
  if (!pair || isNull(pair.value)) return { state: 'absent', specRange };
  const value = numberOf(pair.value);
  if (value === undefined || isTemplated(pair.value)) return { state: 'unknown', range: at(pair.value as Node), specRange };
  return { state: 'number', value, range: at(pair.value as Node), specRange };
}

function networkPolicyFacts(object: K8sObject, at: (n: Node | Pair | null | undefined) => Range): NetworkPolicyFacts {
  const specPair = pairOf(object.node, 'spec');
  const spec = specPair?.value;
  const selectorPair = pairOf(spec, 'podSelector');
  const anchor = (selectorPair?.key ?? specPair?.key ?? object.kindNode) as Node;
  const podSelector: PlainSelector = selectorPair && !isNull(selectorPair.value)
    ? plainSelector(selectorPair, 'labelSelector', at) ?? { requirements: [], opaque: true, range: at(anchor) }
    : { requirements: [], opaque: false, range: at(anchor) };
  const typesNode = valueOf(spec, 'policyTypes');
  let types: ('Ingress' | 'Egress')[] = [];
  let typesOpaque = false;
  if (typesNode !== undefined && !isNull(typesNode)) {
    if (!isSeq(typesNode)) typesOpaque = true;
    for (const item of itemsOf(typesNode)) {
      const t = stringOf(item);
      if (isTemplated(item) || t === undefined) typesOpaque = true;
      else if ((t === 'Ingress' || t === 'Egress') && !types.includes(t)) types.push(t);
    }
  } else {
    types = pairOf(spec, 'egress') ? ['Ingress', 'Egress'] : ['Ingress'];
  }
  const peers: NetworkPolicyFacts['peers'] = [];
  const count = (key: string, peerKey: string, direction: 'ingress' | 'egress'): number => {
    const list = valueOf(spec, key);
    if (list === undefined || isNull(list)) return 0;
    if (!isSeq(list)) return -1;
    for (const rule of list.items) {
      for (const peer of itemsOf(valueOf(rule, peerKey))) {
        const pair = pairOf(peer, 'podSelector');
        if (!pair || isNull(pair.value)) continue;
        const selector = plainSelector(pair, 'labelSelector', at);
        if (selector) peers.push({ selector, direction, acrossNamespaces: pairOf(peer, 'namespaceSelector') !== undefined });
      }
    }
    return list.items.length;
  };
  const ingressRules = count('ingress', 'from', 'ingress');
  const egressRules = count('egress', 'to', 'egress');
  return { podSelector, types, typesOpaque, ingressRules, egressRules, peers };
}

function ingressBackends(spec: unknown, at: (n: Node | Pair | null | undefined) => Range): NamedRef[] {
  const out: NamedRef[] = [];
  const add = (backend: unknown): void => {
    const node = valueOf(valueOf(backend, 'service'), 'name') ?? valueOf(backend, 'serviceName');
    const name = stringOf(node);
    if (name && !isTemplated(node)) out.push({ name, range: at(node) });
  };
  add(valueOf(spec, 'defaultBackend'));
  add(valueOf(spec, 'backend'));
  for (const rule of itemsOf(valueOf(spec, 'rules'))) {
    for (const path of itemsOf(nodeAt(rule, ['http', 'paths']))) add(valueOf(path, 'backend'));
  }
  return out;
}

/** The CA flags `k8s/etcd-unique-ca` compares. */
const COMPONENT_FLAGS: Record<ComponentFacts['component'], readonly string[]> = {
  etcd: ['trusted-ca-file', 'peer-trusted-ca-file'],
  'kube-apiserver': ['client-ca-file'],
};

function componentFacts(object: K8sObject, source: Source): ComponentFacts[] {
  const out: ComponentFacts[] = [];
  const editor = new YamlEditor(source.text, object.doc);
  for (const c of componentsIn(object, editor, ['etcd', 'kube-apiserver'])) {
    const component = c.component as ComponentFacts['component'];
    const flags: ComponentFacts['flags'] = {};
    for (const name of COMPONENT_FLAGS[component]) {
      const flag = c.get(name);
      if (!flag || flag.templated || flag.value === undefined) continue;
      flags[name] = { value: flag.value, range: source.lines.rangeOf(flag.valueSpan ?? flag.anchor) };
    }
    out.push({ component, where: c.where, flags });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------------

function plainSelector(pair: Pair, form: 'labelSelector' | 'map', at: (n: Node | Pair | null | undefined) => Range): PlainSelector | undefined {
  const value = pair.value;
  const range = at(pair.key as Node);
  if (isNull(value)) return { requirements: [], opaque: false, range };
  const parsed = parseSelector(value, form);
  if (!parsed) return { requirements: [], opaque: true, range };
  return {
    requirements: parsed.requirements.map((r) => ({ key: r.key, operator: r.operator, values: r.values })),
    opaque: parsed.opaque,
    range,
  };
}

/** Labels without template expressions. */
function plainLabels(meta: unknown): Record<string, string> {
  const labels = labelsOf(meta);
  for (const [k, v] of Object.entries(labels)) if (k.includes(TEMPLATE_MARK) || v.includes(TEMPLATE_MARK)) delete labels[k];
  return labels;
}

function dataKeys(node: YAMLMap, sections: readonly string[]): string[] | undefined {
  const keys: string[] = [];
  for (const section of sections) {
    const map = valueOf(node, section);
    if (map === undefined || isNull(map)) continue;
    if (!isMap(map)) return undefined;
    for (const p of map.items) {
      const k = stringOf(p.key);
      if (k === undefined || isTemplated(p.key)) return undefined;
      keys.push(k);
    }
  }
  return keys;
}

function optionalNumber<K extends string>(key: K, node: unknown): Partial<Record<K, number>> {
  const n = numberOf(node);
  return n === undefined || isTemplated(node) ? {} : ({ [key]: n } as Record<K, number>);
}

function isNull(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null);
}
