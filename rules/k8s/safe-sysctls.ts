import { podSpecOf, WORKLOAD_KINDS } from '../core/k8s.js';
import { PSS_OPTION_DEFAULTS, pssAtLeast, pssOptionsSchema, type PssOptions } from '../core/pod-security.js';
import { k8sRule } from '../core/rule.js';
import { isMap, isScalar, isTemplated, itemsOf, pairOf, stringOf, valueOf, type Node } from '../core/yaml-model.js';

interface Options extends PssOptions {
  /** kube-linter's stricter reading: also flag safe names under its unsafe prefixes (every `net.*`, `kernel.shm*`, …). */
  strict: boolean;
}

type Messages = 'unsafe' | 'slash' | 'strict';

/** The PSS safe sysctls and the policy version each became safe in. */
const SAFE_SYSCTLS: readonly [string, number][] = [
  ['kernel.shm_rmid_forced', 0], ['net.ipv4.ip_local_port_range', 0], ['net.ipv4.tcp_syncookies', 0],
  ['net.ipv4.ping_group_range', 0], ['net.ipv4.ip_unprivileged_port_start', 0],
  ['net.ipv4.ip_local_reserved_ports', 27],
  ['net.ipv4.tcp_keepalive_time', 29], ['net.ipv4.tcp_fin_timeout', 29], ['net.ipv4.tcp_keepalive_intvl', 29],
  ['net.ipv4.tcp_keepalive_probes', 29],
  ['net.ipv4.tcp_rmem', 32], ['net.ipv4.tcp_wmem', 32],
  ['net.ipv4.tcp_slow_start_after_idle', 37], ['net.ipv4.tcp_notsent_lowat', 37],
];

/** kube-linter's default unsafe prefixes. */
const STRICT_PREFIXES = ['kernel.msg', 'kernel.sem', 'kernel.shm', 'fs.mqueue.', 'net.'];

export default k8sRule<Messages, Options>({
  meta: {
    id: 'k8s/safe-sysctls',
    stage: 'deploy',
    severity: 'warning',
    title: 'Pods may set only the sysctls the baseline standard marks safe',
    rationale: 'Sysctls outside the safe set are not namespaced, or are namespaced but let one pod exhaust or reconfigure resources shared with the node and other pods (kernel memory, network buffers, routing, module loading). Setting them can destabilise the node or weaken its isolation. The safe set is namespaced per pod and harmless to its neighbours.',
    remediation: 'Remove the sysctl, or tune the node instead. Safe names: `kernel.shm_rmid_forced`, `net.ipv4.ip_local_port_range`, `net.ipv4.tcp_syncookies`, `net.ipv4.ping_group_range`, `net.ipv4.ip_unprivileged_port_start`, `net.ipv4.ip_local_reserved_ports` (policy 1.27+), `net.ipv4.tcp_keepalive_time`, `tcp_fin_timeout`, `tcp_keepalive_intvl`, `tcp_keepalive_probes` (1.29+), `net.ipv4.tcp_rmem`, `tcp_wmem` (1.32+), `net.ipv4.tcp_slow_start_after_idle`, `tcp_notsent_lowat` (1.37+). Write names with dots: the admission compares them literally, so `net/ipv4/…` is rejected even where the API accepts it.',
    references: [
      { title: 'Pod Security Standards: baseline, Sysctls', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline' },
      { title: 'Using sysctls in a Kubernetes Cluster', url: 'https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/' },
    ],
    equivalents: { pss: ['sysctls'], 'kube-linter': ['unsafe-sysctls'], trivy: ['KSV-0026'] },
    profiles: ['pss-baseline'],
    fix: 'suggestion',
    messages: {
      unsafe: '{{resource}} sets the sysctl `{{name}}`, which is not in the safe set{{version}}.',
      slash: '{{resource}} writes the sysctl as `{{name}}`: the standard compares names literally, write `{{dotted}}`.',
      strict: '{{resource}} sets the sysctl `{{name}}`, which the strict setting treats as unsafe.',
    },
    options: {
      schema: pssOptionsSchema({ strict: { type: 'boolean', description: 'Also flag safe names under kube-linter\'s unsafe prefixes (`net.`, `kernel.shm`, `kernel.msg`, `kernel.sem`, `fs.mqueue.`).' } }),
      defaults: { ...PSS_OPTION_DEFAULTS, strict: false },
    },
    examples: {
      invalid: 'securityContext:\n  sysctls:\n    - name: kernel.msgmax\n      value: "65536"',
      valid: 'securityContext:\n  sysctls:\n    - name: net.ipv4.ip_local_port_range\n      value: "1024 65535"',
    },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    if (!pod) return;
    const safe = new Set(SAFE_SYSCTLS.filter(([, since]) => pssAtLeast(ctx.options, since)).map(([n]) => n));
    const seq = valueOf(pod.securityContext, 'sysctls');
    for (const item of itemsOf(seq)) {
      if (!isMap(item)) continue;
      const nameNode = pairOf(item, 'name')?.value;
      const name = stringOf(nameNode);
      if (name === undefined || !isScalar(nameNode) || isTemplated(nameNode)) continue;
      const remove = ctx.edit.removeItem(seq as Node, item as Node);
      const removal = remove ? [{ title: `Remove the sysctl \`${name}\``, edits: [remove] }] : [];
      if (safe.has(name)) {
        if (ctx.options.strict && STRICT_PREFIXES.some((p) => name.startsWith(p))) {
          ctx.report({ messageId: 'strict', data: { resource: pod.object.resource, name }, span: ctx.doc.span(nameNode), fixes: removal });
        }
        continue;
      }
      const dotted = name.replace(/\//g, '.');
      if (name.includes('/') && safe.has(dotted)) {
        ctx.report({
          messageId: 'slash',
          data: { resource: pod.object.resource, name, dotted },
          span: ctx.doc.span(nameNode),
          fixes: [{ title: `Write \`${dotted}\``, edits: [ctx.edit.replace(nameNode, dotted)] }],
        });
        continue;
      }
      const newer = SAFE_SYSCTLS.find(([n]) => n === name || n === dotted);
      ctx.report({
        messageId: 'unsafe',
        data: { resource: pod.object.resource, name, version: newer ? ` of policy version ${ctx.options.pssVersion ?? 'latest'} (safe from 1.${newer[1]})` : '' },
        span: ctx.doc.span(nameNode),
        fixes: removal,
      });
    }
  },
});
