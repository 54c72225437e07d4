import { containersOf, podSpecOf, WORKLOAD_KINDS, type Container, type ContainerList } from '../core/k8s.js';
import { containerAnchor, mergeInsertions, skipsWindowsPod, workloadContainer } from '../core/pod-security.js';
import { k8sRule, type FixDescriptor, type K8sContext, type SpanEdit } from '../core/rule.js';
import { mapping, renderFlowIn, scalar, type LeafValue } from '../core/yaml-edit.js';
import {
  isMap, isScalar, isSeq, isTemplated, isTrue, itemsOf, pairOf, stringOf, valueOf, type Node, type YAMLMap,
} from '../core/yaml-model.js';

interface Options {
  /** Also check ephemeral (debug) containers. */
  includeEphemeral: boolean;
}

type Messages = 'notTrue' | 'missing' | 'missingPodLevel';

export default k8sRule<Messages, Options>({
  meta: {
    id: 'k8s/read-only-root-filesystem',
    stage: 'deploy',
    severity: 'warning',
    title: 'Containers should run with a read-only root filesystem',
    rationale: 'A writable root filesystem lets an attacker who gets code execution drop tools and payloads, replace binaries and libraries the application loads later, or plant a web shell, and the changes stay until the container is replaced. With `readOnlyRootFilesystem: true` the image is immutable at run time; the application writes only to the volumes you give it.',
    remediation: 'Set it on each container and mount writable scratch space where the application needs it:\n\n```yaml\ncontainers:\n  - name: app\n    securityContext:\n      readOnlyRootFilesystem: true\n    volumeMounts:\n      - name: tmp\n        mountPath: /tmp\nvolumes:\n  - name: tmp\n    emptyDir: {}\n```\n\nThe field exists only on containers: a pod-level `readOnlyRootFilesystem` has no effect.',
    references: [
      { title: 'Configure a Security Context for a Pod or Container', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/' },
      { title: 'NSA/CISA Kubernetes Hardening Guide: immutable container file systems', url: 'https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF' },
    ],
    equivalents: {
      cis: ['5.6.3'], nsa: ['C-0017'],
      'kube-linter': ['no-read-only-root-fs'], polaris: ['notReadOnlyRootFilesystem'],
      'kube-score': ['container-security-context-readonlyrootfilesystem'], checkov: ['CKV_K8S_22'], trivy: ['KSV-0014'],
      kubescape: ['C-0017'],
    },
    profiles: ['nsa'],
    fix: 'suggestion',
    messages: {
      notTrue: '{{target}} sets `readOnlyRootFilesystem: {{value}}`: its root filesystem is writable.',
      missing: '{{target}} does not set `readOnlyRootFilesystem: true`: its root filesystem is writable.',
      missingPodLevel: '{{target}} does not set `readOnlyRootFilesystem: true`; the pod-level `readOnlyRootFilesystem` has no effect (the field exists only on containers).',
    },
    options: {
      schema: { type: 'object', properties: { includeEphemeral: { type: 'boolean', description: 'Also check ephemeral (debug) containers.' } }, additionalProperties: false },
      defaults: { includeEphemeral: false },
    },
    examples: {
      invalid: 'containers:\n  - name: app\n    image: nginx:1.27',
      valid: 'containers:\n  - name: app\n    image: nginx:1.27\n    securityContext:\n      readOnlyRootFilesystem: true',
    },
  },
  kinds: WORKLOAD_KINDS,
  check(ctx) {
    const pod = podSpecOf(ctx.object);
    if (!pod || skipsWindowsPod(pod, undefined)) return;
    const lists: ContainerList[] = ctx.options.includeEphemeral
      ? ['initContainers', 'containers', 'ephemeralContainers'] : ['initContainers', 'containers'];
    const podLevel = pairOf(pod.securityContext, 'readOnlyRootFilesystem');
    for (const c of containersOf(pod, lists)) {
      const pair = pairOf(c.securityContext, 'readOnlyRootFilesystem');
      const value = pair?.value;
      if (isTrue(value) || isTemplated(value)) continue;
      const target = workloadContainer(c);
      if (pair && isScalar(value) && value.value !== null) {
        const flip = [ctx.edit.replace(value as Node, 'true')];
        ctx.report({
          messageId: 'notTrue',
          data: { target, value: ctx.text.slice(ctx.doc.span(value).start, ctx.doc.span(value).end) },
          span: ctx.doc.span(value),
          related: [{ span: ctx.doc.span(pair.key), message: '`readOnlyRootFilesystem` is set here' }],
          fixes: withTmpAction(ctx, c, flip, false),
        });
        continue;
      }
      const insert = insertKeyPath(ctx, c.node, ['securityContext', 'readOnlyRootFilesystem'], scalar('true'), styleOf(ctx, c), false);
      ctx.report({
        messageId: podLevel ? 'missingPodLevel' : 'missing',
        data: { target },
        span: containerAnchor(ctx.doc, ctx.text, c),
        related: podLevel ? [{ span: ctx.doc.span(podLevel.key), message: 'a pod-level `readOnlyRootFilesystem` has no effect' }] : undefined,
        fixes: insert ? withTmpAction(ctx, c, insert, true) : [],
        missing: true,
      });
    }
  },
});

/**
 * The plain fix, and a second action that also gives the container a writable `emptyDir` at `/tmp`. `readOnly` is
 * the plain fix's edit of `readOnlyRootFilesystem`; `insertReadOnly` says it is an insertion (not a replaced value),
 * which the second action re-does in flow style when the container is a flow mapping, so that all of its edits are
 * insertions at distinct points or merged ones (rewriting a flow mapping in block style would overlap the others).
 */
function withTmpAction(ctx: K8sContext<Messages, Options>, c: Container, readOnly: SpanEdit[], insertReadOnly: boolean): FixDescriptor[] {
  const fixes: FixDescriptor[] = [{ title: 'Set `readOnlyRootFilesystem: true`', edits: readOnly }];
  const style = styleOf(ctx, c);
  const first = insertReadOnly ? insertKeyPath(ctx, c.node, ['securityContext', 'readOnlyRootFilesystem'], scalar('true'), style, true) : readOnly;
  const tmp = first && tmpVolumeEdits(ctx, c, style);
  if (!first || !tmp) return fixes;
  const edits = mergeInsertions([...first, ...tmp]);
  // never offer edits that overlap: an editor rejects them, and applying them one by one would corrupt the file
  if (!overlapping(edits)) fixes.push({ title: 'Set `readOnlyRootFilesystem: true` and mount an emptyDir at /tmp', edits });
  return fixes;
}

/**
 * How new entries are written: JSON (quoted keys and strings) in a JSON document, and in a container written as JSON
 * inside YAML (a flow mapping with double-quoted keys); else YAML.
 */
interface Style {
  json: boolean;
}

function styleOf(ctx: K8sContext<Messages, Options>, c: Container): Style {
  const firstKey = c.node.items[0]?.key;
  return { json: ctx.edit.json || /\.json$/i.test(ctx.fileName) || (c.node.flow === true && isScalar(firstKey) && firstKey.type === 'QUOTE_DOUBLE') };
}

/**
 * Edits that mount an `emptyDir` volume at `/tmp` in the container (nothing when something is already mounted there).
 * The volume is named `tmp`, or `tmp-<n>` when that name is taken.
 */
function tmpVolumeEdits(ctx: K8sContext<Messages, Options>, c: Container, style: Style): SpanEdit[] | undefined {
  const mounts = valueOf(c.node, 'volumeMounts');
  if (itemsOf(mounts).some((m) => stringOf(valueOf(m, 'mountPath'))?.replace(/\/+$/, '') === '/tmp')) return undefined;
  const volumes = valueOf(c.pod.spec, 'volumes');
  // another container's fix may have added the emptyDir already: share it
  const shared = itemsOf(volumes).find((v) => stringOf(valueOf(v, 'name')) === 'tmp' && isMap(valueOf(v, 'emptyDir')));
  const taken = new Set(itemsOf(volumes).map((v) => stringOf(valueOf(v, 'name'))));
  let name = 'tmp';
  for (let i = 2; !shared && taken.has(name); i++) name = `tmp-${i}`;
  const mount: LeafValue = mapping(['name', scalar(name)], ['mountPath', scalar('/tmp')]);
  const volume: LeafValue = mapping(['name', scalar(name)], ['emptyDir', scalar('{}')]);
  const mountEdit = appendOrCreate(ctx, c.node, 'volumeMounts', mounts, mount, style);
  const volumeEdit = shared ? [] : appendOrCreate(ctx, c.pod.spec, 'volumes', volumes, volume, style);
  if (!mountEdit || !volumeEdit) return undefined;
  return [...mountEdit, ...volumeEdit];
}

/** Append `item` to the sequence under `key`, or create `key` with a one-item sequence. */
function appendOrCreate(ctx: K8sContext<Messages, Options>, map: YAMLMap, key: string, seq: Node | undefined, item: LeafValue, style: Style): SpanEdit[] | undefined {
  if (isSeq(seq) && (itemsOf(seq).length || seq.flow)) {
    const e = seq.flow && style.json ? ctx.edit.appendItem(seq, renderFlowIn(item, style.json)) : ctx.edit.appendLeafItem(seq, item);
    return e ? [e] : undefined;
  }
  if (seq !== undefined && !(isScalar(seq) && seq.value === null)) return undefined;
  if (map.flow) return insertKeyPath(ctx, map, [key], scalar(`[${renderFlowIn(item, style.json)}]`), style, true);
  const text = item.kind === 'map' ? item.entries.map(([k, v]) => `${k}: ${v.kind === 'scalar' ? v.text : ''}`).join('\n') : '';
  return ctx.edit.insertPath(map, [key], { kind: 'sequence', items: [text] });
}

/**
 * Insert `path: leaf` into `map` through existing mappings. Where the entry lands in a flow mapping and `inFlow` is
 * set (or the style is JSON), it is appended in flow style (`, key: {…}`), a single insertion point; otherwise the
 * YAML editor decides (block lines, or a flow mapping rewritten in block style).
 */
function insertKeyPath(ctx: K8sContext<Messages, Options>, map: YAMLMap, path: readonly string[], leaf: LeafValue, style: Style, inFlow: boolean): SpanEdit[] | undefined {
  let cur = map;
  let i = 0;
  for (; i < path.length - 1; i++) {
    const v = valueOf(cur, path[i]);
    if (v === undefined) break;
    if (!isMap(v)) return ctx.edit.insertPath(map, path, leaf);
    cur = v;
  }
  if (!cur.flow || !(inFlow || style.json) || valueOf(cur, path[i]) !== undefined) return ctx.edit.insertPath(map, path, leaf);
  const value = path.slice(i + 1).reduceRight<LeafValue>((acc, key) => mapping([key, acc]), leaf);
  const entry = `${quoteKey(path[i], style)}: ${renderFlowIn(value, style.json)}`;
  const last = cur.items[cur.items.length - 1];
  if (last) {
    const at = ctx.doc.span(last).end;
    return [{ start: at, end: at, text: `, ${entry}` }];
  }
  const open = ctx.doc.span(cur as Node).start;
  if (ctx.text[open] !== '{') return undefined;
  return [{ start: open + 1, end: open + 1, text: entry }];
}

function quoteKey(key: string, style: Style): string {
  return style.json ? JSON.stringify(key) : key;
}

function overlapping(edits: readonly SpanEdit[]): boolean {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1];
    const b = sorted[i];
    // two insertions at one point are left in an order no editor promises to keep
    if (b.start < a.end || (a.start === a.end && b.start === b.end && a.start === b.start)) return true;
  }
  return false;
}
