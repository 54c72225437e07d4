import { containersOf, podSpecOf, WORKLOAD_KINDS, type Container } from '../core/k8s.js';
import {
  canonicalCapability, capabilityItems, containerAnchor, exactLevel, PSS_OPTION_DEFAULTS, pssAtLeast, pssOptionsSchema,
  restrictedContextFix, skipsWindowsPod, workloadContainer, type PssOptions,
} from '../core/pod-security.js';
import { k8sRule, type FixDescriptor, type K8sContext, type SpanEdit } from '../core/rule.js';
import { sequence } from '../core/yaml-edit.js';
import { isSeq, isTemplated, itemsOf, pairOf, valueOf, type Node, type YAMLMap } from '../core/yaml-model.js';

interface Options extends PssOptions {
  /** `all`: drop ALL and add nothing but NET_BIND_SERVICE (PSS restricted). `net-raw`: drop NET_RAW (or ALL). */
  mode: 'all' | 'net-raw';
}

type Messages = 'notDropped' | 'notDroppedPodLevel' | 'spelling' | 'added' | 'netRaw';

export default k8sRule<Messages, Options>({
  meta: {
    id: 'k8s/drop-all-capabilities',
    stage: 'deploy',
    severity: 'warning',
    title: 'Containers must drop ALL capabilities and add back only NET_BIND_SERVICE',
    rationale: 'Container runtimes grant a default set of Linux capabilities (CHOWN, DAC_OVERRIDE, FOWNER, SETUID, SETGID, NET_RAW, KILL and more). Few applications use any of them, and each one widens what an attacker can do after taking over the process: NET_RAW allows packet spoofing on the pod network, DAC_OVERRIDE ignores file permissions, SETUID changes identity. Dropping `ALL` removes them; `NET_BIND_SERVICE` is the one capability the restricted standard lets you add back.',
    remediation: 'Drop everything and add back only what the process needs:\n\n```yaml\nsecurityContext:\n  capabilities:\n    drop: [ALL]\n    add: [NET_BIND_SERVICE]   # only to bind ports below 1024\n```\n\nThe admission compares `ALL` literally: `all` or `CAP_ALL` do not count. A pod-level `capabilities` field does not exist and has no effect. With option `mode: net-raw` the rule only requires `NET_RAW` (or `ALL`) to be dropped, as kube-linter and Checkov CKV_K8S_28 do.',
    references: [
      { title: 'Pod Security Standards: restricted, Capabilities', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted' },
      { title: 'capabilities(7)', url: 'https://man7.org/linux/man-pages/man7/capabilities.7.html' },
    ],
    equivalents: {
      pss: ['capabilities_restricted'], cis: ['5.2.8', '5.2.9'], nsa: ['C-0055'],
      polaris: ['insecureCapabilities', 'linuxHardening'], 'kube-linter': ['drop-net-raw-capability'],
      checkov: ['CKV_K8S_37', 'CKV_K8S_28', 'CKV_K8S_36 (PSP)', 'CKV_K8S_7 (PSP)'], trivy: ['KSV-0003', 'KSV-0004', 'KSV-0106'],
      kubescape: ['C-0055'],
    },
    profiles: ['pss-restricted', 'cis', 'nsa'],
    fix: 'suggestion',
    messages: {
      notDropped: '{{target}} does not drop ALL capabilities (`capabilities.drop: [ALL]`).',
      notDroppedPodLevel: '{{target}} does not drop ALL capabilities; the pod-level `capabilities` has no effect (the field exists only on containers).',
      spelling: '{{target}} drops `{{value}}`: the Pod Security Standards compare the name literally, use `ALL`.',
      added: '{{target}} adds {{capabilities}}: only NET_BIND_SERVICE may be added back after dropping ALL.',
      netRaw: '{{target}} does not drop NET_RAW (or ALL), so it can craft raw packets on the pod network.',
    },
    options: {
      schema: pssOptionsSchema({
        mode: { enum: ['all', 'net-raw'], description: '`all` (Pod Security Standards restricted) or `net-raw` (only NET_RAW must be dropped, kube-linter and Checkov CKV_K8S_28 semantics).' },
      }),
      defaults: { ...PSS_OPTION_DEFAULTS, mode: 'all' },
    },
    examples: {
      invalid: 'securityContext:\n  capabilities:\n    add: [NET_ADMIN]',
      valid: 'securityContext:\n  capabilities:\n    drop: [ALL]',
    },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    if (!pod || skipsWindowsPod(pod, ctx.options)) return;
    // the restricted capabilities control exists from policy 1.22
    if (exactLevel(ctx.options) && !pssAtLeast(ctx.options, 22)) return;
    const podLevel = pairOf(pod.securityContext, 'capabilities');
    for (const c of containersOf(pod)) {
      if (isTemplated(valueOf(valueOf(c.securityContext, 'capabilities'), 'drop'))) continue;
      if (ctx.options.mode === 'net-raw') checkNetRaw(ctx, c);
      else checkAll(ctx, c, podLevel !== undefined && !exactLevel(ctx.options));
    }
  },
});

function checkAll(ctx: K8sContext<Messages, Options>, c: Container, podLevelHint: boolean): void {
  const target = workloadContainer(c);
  const drops = capabilityItems(c, 'drop');
  // the restricted-context fix is worked out only for a container that gets a finding
  const withRestricted = (fixes: FixDescriptor[]): FixDescriptor[] => {
    const restricted = restrictedContextFix(ctx, c, ctx.options);
    return restricted ? [...fixes, restricted] : fixes;
  };
  if (!drops.some((d) => d.value === 'ALL')) {
    const variant = drops.find((d) => canonicalCapability(d.value) === 'ALL');
    if (variant) {
      ctx.report({
        messageId: 'spelling',
        data: { target, value: variant.value },
        span: ctx.doc.span(variant.node),
        fixes: withRestricted([{ title: 'Write `ALL`', edits: [ctx.edit.replace(variant.node, 'ALL')] }]),
      });
      return;
    }
    const insert = dropEdits(ctx, c, 'ALL');
    ctx.report({
      messageId: podLevelHint ? 'notDroppedPodLevel' : 'notDropped',
      data: { target },
      span: dropAnchor(ctx, c),
      fixes: withRestricted(insert ? [{ title: 'Drop ALL capabilities', edits: insert }] : []),
      missing: true,
    });
    return;
  }
  const extra = capabilityItems(c, 'add').filter((a) => a.value !== 'NET_BIND_SERVICE');
  if (!extra.length) return;
  const seq = extra[0].seq;
  const keep = itemsOf(seq).length - extra.length;
  const addPair = pairOf(valueOf(c.securityContext, 'capabilities'), 'add')!;
  let edits: SpanEdit[];
  if (!keep) edits = [ctx.edit.removePair(valueOf(c.securityContext, 'capabilities') as YAMLMap, addPair)];
  else if (seq.flow) edits = [ctx.edit.replace(seq as Node, '[NET_BIND_SERVICE]')];
  else edits = extra.map((x) => ctx.edit.removeItem(seq as Node, x.node)).filter((e): e is SpanEdit => e !== undefined);
  ctx.report({
    messageId: 'added',
    data: { target, capabilities: extra.map((x) => x.value).join(', ') },
    span: ctx.doc.span(extra[0].node),
    fixes: withRestricted([{ title: 'Remove the added capabilities other than NET_BIND_SERVICE', edits }]),
  });
}

function checkNetRaw(ctx: K8sContext<Messages, Options>, c: Container): void {
  const drops = capabilityItems(c, 'drop').map((d) => canonicalCapability(d.value));
  if (drops.includes('ALL') || drops.includes('NET_RAW')) return;
  const insert = dropEdits(ctx, c, 'NET_RAW');
  ctx.report({
    messageId: 'netRaw',
    data: { target: workloadContainer(c) },
    span: dropAnchor(ctx, c),
    fixes: insert ? [{ title: 'Drop NET_RAW', edits: insert }] : [],
    missing: true,
  });
}

/** The `drop` key when present, else the `capabilities` or `securityContext` key, else the container name. */
function dropAnchor(ctx: K8sContext<Messages, Options>, c: Container) {
  const caps = pairOf(c.securityContext, 'capabilities');
  const drop = pairOf(caps?.value, 'drop');
  if (drop) return ctx.doc.span(drop.key);
  if (caps) return ctx.doc.span(caps.key);
  return containerAnchor(ctx.doc, ctx.text, c);
}

/** Add `item` to `capabilities.drop`, creating what is missing. */
function dropEdits(ctx: K8sContext<Messages, Options>, c: Container, item: string): SpanEdit[] | undefined {
  const drop = valueOf(valueOf(c.securityContext, 'capabilities'), 'drop');
  if (isSeq(drop)) {
    const e = itemsOf(drop).length || drop.flow ? ctx.edit.appendItem(drop, item) : undefined;
    return e ? [e] : undefined;
  }
  return ctx.edit.insertPath(c.node, ['securityContext', 'capabilities', 'drop'], sequence(item));
}
