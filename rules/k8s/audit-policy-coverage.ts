import { describeObject } from '../core/control-plane.js';
import type { Span } from '../core/types.js';
import { componentSettingRule } from '../templates/component-setting.js';
import {
  isMap, isScalar, isSeq, isTemplated, itemsOf, pairOf, stringOf, valueOf, type Node,
} from '../core/yaml-model.js';

type Level = 'None' | 'Metadata' | 'Request' | 'RequestResponse';
const RANK: Record<Level, number> = { None: 0, Metadata: 1, Request: 2, RequestResponse: 3 };

interface GroupResources {
  group: string;
  resources: string[];
  resourceNames: string[];
}

/** One policy rule with the selectors that decide whether it matches a request. */
interface PolicyRule {
  level: Level;
  levelNode: Node;
  users: string[];
  userGroups: string[];
  verbs: string[];
  namespaces: string[];
  nonResourceURLs: string[];
  resources: GroupResources[];
}

/** A request the policy must handle: an ordinary authenticated user acting in an application namespace. */
interface Probe {
  label: string;
  group: string;
  resource: string;
  subresource: string;
  namespace: string;
  verbs: string[];
}

const PROBE_USER = 'jane@example.com';
const PROBE_GROUPS = ['system:authenticated'];
const APP_NAMESPACE = 'team-a';
const READ_WRITE = ['get', 'list', 'create', 'update', 'patch', 'delete'];
const WRITE = ['create', 'update', 'patch', 'delete'];

/** Secret-bearing requests: logged at Metadata, never with bodies. */
const SENSITIVE: Probe[] = [
  { label: 'secrets', group: '', resource: 'secrets', subresource: '', namespace: APP_NAMESPACE, verbs: READ_WRITE },
  { label: 'configmaps', group: '', resource: 'configmaps', subresource: '', namespace: APP_NAMESPACE, verbs: READ_WRITE },
  { label: 'tokenreviews', group: 'authentication.k8s.io', resource: 'tokenreviews', subresource: '', namespace: '', verbs: ['create'] },
];

/** Requests that must be logged at Metadata or more. */
const MUST_LOG: Probe[] = [
  ...['exec', 'attach', 'portforward'].map((s): Probe => ({ label: `pods/${s}`, group: '', resource: 'pods', subresource: s, namespace: APP_NAMESPACE, verbs: ['create', 'get'] })),
  ...['roles', 'rolebindings'].map((r): Probe => ({ label: r, group: 'rbac.authorization.k8s.io', resource: r, subresource: '', namespace: APP_NAMESPACE, verbs: WRITE })),
  ...['clusterroles', 'clusterrolebindings'].map((r): Probe => ({ label: r, group: 'rbac.authorization.k8s.io', resource: r, subresource: '', namespace: '', verbs: WRITE })),
  ...['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'].map((r): Probe => ({ label: r, group: 'admissionregistration.k8s.io', resource: r, subresource: '', namespace: '', verbs: WRITE })),
];

function strings(node: unknown): string[] | undefined {
  if (node === undefined || (isScalar(node) && node.value === null)) return [];
  if (!isSeq(node)) return undefined;
  const out: string[] = [];
  for (const item of node.items) {
    if (!isScalar(item) || isTemplated(item)) return undefined;
    out.push(stringOf(item) ?? '');
  }
  return out;
}

/** Read the rules; undefined when something cannot be judged (a template, an unknown level, an odd shape). */
function readRules(rules: readonly Node[]): PolicyRule[] | undefined {
  const out: PolicyRule[] = [];
  for (const r of rules) {
    if (!isMap(r)) return undefined;
    const levelNode = valueOf(r, 'level');
    const level = stringOf(levelNode);
    if (!levelNode || !level || !(level in RANK)) return undefined;
    const fields = ['users', 'userGroups', 'verbs', 'namespaces', 'nonResourceURLs'].map((k) => strings(valueOf(r, k)));
    if (fields.some((f) => f === undefined)) return undefined;
    const resources: GroupResources[] = [];
    for (const gr of itemsOf(valueOf(r, 'resources'))) {
      if (!isMap(gr)) return undefined;
      const group = valueOf(gr, 'group');
      const names = strings(valueOf(gr, 'resources'));
      const resourceNames = strings(valueOf(gr, 'resourceNames'));
      if (!names || !resourceNames || isTemplated(group)) return undefined;
      resources.push({ group: stringOf(group) ?? '', resources: names, resourceNames });
    }
    const [users, userGroups, verbs, namespaces, nonResourceURLs] = fields as string[][];
    out.push({ level: level as Level, levelNode, users, userGroups, verbs, namespaces, nonResourceURLs, resources });
  }
  return out;
}

/** The API server's rule matching (first match wins), for one resource request. */
function matches(rule: PolicyRule, p: Probe, verb: string): boolean {
  if (rule.users.length && !rule.users.includes(PROBE_USER)) return false;
  if (rule.userGroups.length && !rule.userGroups.some((g) => PROBE_GROUPS.includes(g))) return false;
  if (rule.verbs.length && !rule.verbs.includes(verb)) return false;
  if (rule.namespaces.length || rule.resources.length) {
    if (rule.namespaces.length && !rule.namespaces.includes(p.namespace)) return false;
    if (!rule.resources.length) return true;
    const combined = p.subresource ? `${p.resource}/${p.subresource}` : p.resource;
    return rule.resources.some((gr) => gr.group === p.group && (!gr.resources.length || gr.resources.some((res) =>
      // a rule restricted to named objects does not cover requests in general
      !gr.resourceNames.length && (res === combined || res === '*'
        || (p.subresource !== '' && res === `*/${p.subresource}`)
        || (res.endsWith('/*') && res.slice(0, -2) === p.resource)))));
  }
  // a rule for non-resource URLs never matches a resource request
  return rule.nonResourceURLs.length === 0;
}

function isCatchAll(rule: PolicyRule): boolean {
  return !rule.users.length && !rule.userGroups.length && !rule.verbs.length && !rule.namespaces.length
    && !rule.nonResourceURLs.length && !rule.resources.length;
}

export default componentSettingRule<'noRules' | 'catchAllNone' | 'logsBodies' | 'notLogged' | 'notLoggedByDefault'>({
  meta: {
    id: 'k8s/audit-policy-coverage',
    severity: 'info',
    title: 'The audit policy must log security-relevant requests at the right level',
    rationale: 'The audit policy decides, rule by rule with the first match winning, what reaches the audit log. A policy can silently defeat auditing: no rules, or a first rule `level: None` that matches everything, logs nothing. Requests on `secrets`, `configmaps` and `tokenreviews` must be logged at `Metadata` only: at `Request` or `RequestResponse` the secret values and tokens themselves are written to the log. Interactive access (`pods/exec`, `pods/attach`, `pods/portforward`) and changes to RBAC objects and admission webhooks are what an investigation needs first, so they must be logged at `Metadata` or more.\n\nThe rule evaluates the policy like the API server does, for an ordinary authenticated user working in an application namespace.',
    remediation: 'Start from a policy such as:\n\n```yaml\napiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestReceived]\nrules:\n- level: Metadata\n  resources:\n  - group: ""\n    resources: [secrets, configmaps]\n  - group: authentication.k8s.io\n    resources: [tokenreviews]\n- level: RequestResponse\n  resources:\n  - group: ""\n    resources: [pods/exec, pods/attach, pods/portforward]\n  - group: rbac.authorization.k8s.io\n  - group: admissionregistration.k8s.io\n- level: Metadata\n```',
    references: [
      { title: 'CIS Kubernetes Benchmark 3.2.1, 3.2.2', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
      { title: 'Kubernetes: audit policy', url: 'https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/#audit-policy' },
    ],
    equivalents: { cis: ['3.2.1', '3.2.2'], nsa: ['8.0'] },
    profiles: ['cis', 'nsa'],
    fix: 'none',
    messages: {
      noRules: '{{where}} has no rules: nothing is logged.',
      catchAllNone: '{{where}}: the first rule matches every request with `level: None`, so nothing is logged.',
      logsBodies: '{{where}}: this rule logs {{what}} at `{{level}}`, which writes their contents (secret values, tokens) into the audit log; use `Metadata`.',
      notLogged: '{{where}}: this rule stops {{what}} from being logged.',
      notLoggedByDefault: '{{where}}: no rule logs {{what}}.',
    },
    examples: {
      invalid: 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: RequestResponse',
      valid: 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Metadata\n  resources:\n  - group: ""\n    resources: [secrets, configmaps]\n- level: RequestResponse',
    },
  },
  checkKinds: ['Policy'],
  check(ctx) {
    const o = ctx.object;
    if (o.kind !== 'Policy' || !o.apiVersion.startsWith('audit.k8s.io/')) return;
    const where = describeObject(o);
    const rulesPair = pairOf(o.node, 'rules');
    const nodes = itemsOf(rulesPair?.value);
    if (!nodes.length) {
      if (rulesPair && !isSeq(rulesPair.value) && !(isScalar(rulesPair.value) && rulesPair.value.value === null)) return;
      ctx.report({ messageId: 'noRules', data: { where }, span: ctx.doc.span(rulesPair ? rulesPair.key : o.kindNode), missing: !rulesPair });
      return;
    }
    const rules = readRules(nodes);
    if (!rules) return;
    if (rules[0].level === 'None' && isCatchAll(rules[0])) {
      ctx.report({ messageId: 'catchAllNone', data: { where }, span: ctx.doc.span(rules[0].levelNode) });
      return;
    }
    // group findings by the rule that decides them (index -1: no rule matches, the default level None applies)
    const bodies = new Map<number, string[]>();
    const unlogged = new Map<number, string[]>();
    const add = (map: Map<number, string[]>, at: number, label: string) => {
      const list = map.get(at) ?? [];
      if (!list.includes(label)) list.push(label);
      map.set(at, list);
    };
    for (const probe of [...SENSITIVE, ...MUST_LOG]) {
      const sensitive = SENSITIVE.includes(probe);
      const silentVerbs: Record<number, string[]> = {};
      for (const verb of probe.verbs) {
        const at = rules.findIndex((r) => matches(r, probe, verb));
        const level = at < 0 ? 'None' : rules[at].level;
        if (sensitive && RANK[level] >= RANK.Request) add(bodies, at, `\`${probe.label}\``);
        if (level === 'None') (silentVerbs[at] ??= []).push(verb);
      }
      for (const [at, verbs] of Object.entries(silentVerbs)) {
        const label = verbs.length === probe.verbs.length ? `\`${probe.label}\`` : `\`${probe.label}\` (${verbs.join(', ')})`;
        add(unlogged, Number(at), label);
      }
    }
    const levelSpan = (at: number): Span => ctx.doc.span(rules[at].levelNode);
    for (const [at, what] of bodies) {
      ctx.report({ messageId: 'logsBodies', data: { where, what: what.join(', '), level: rules[at].level }, span: levelSpan(at) });
    }
    for (const [at, what] of unlogged) {
      if (at < 0) {
        ctx.report({ messageId: 'notLoggedByDefault', data: { where, what: what.join(', ') }, span: ctx.doc.span(rulesPair!.key), missing: true });
      } else {
        ctx.report({ messageId: 'notLogged', data: { where, what: what.join(', ') }, span: levelSpan(at) });
      }
    }
  },
});
