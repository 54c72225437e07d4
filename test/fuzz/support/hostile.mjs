// Hostile files, generated: what an attacker (or a broken generator) can commit to a repository to make a linter
// crash, hang, exhaust memory or flood the editor. Every case is deterministic. `expect` says what the engine must
// answer: 'skipped' (one `skipped-file` info finding, nothing else), 'quiet' (no finding: not Kubernetes),
// 'analysed' (no `skipped-file`), or 'any' (either, as long as it is well-formed and in time). `heavy` cases take
// seconds or megabytes; the CLI and server suites run them once rather than in every mode.
//
// Sizes follow the robustness brief: alias bombs, 100,000-deep nesting, 200,000 empty documents, 8 MB scalars, a huge
// `kind: List`, 60,000 continuation lines, unterminated heredocs, odd escape directives, binary.

const POD_HEAD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: hostile\nspec:\n';
const CONFIGMAP_HEAD = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hostile\ndata:\n';

function aliasBomb(levels, width, leaf) {
  let s = `  l0: &l0 ${leaf}\n`;
  for (let i = 1; i <= levels; i++) s += `  l${i}: &l${i} [${Array(width).fill(`*l${i - 1}`).join(', ')}]\n`;
  return s;
}

function list(count, item) {
  let s = 'apiVersion: v1\nkind: List\nitems:\n';
  for (let i = 0; i < count; i++) s += item(i);
  return s;
}

const deployment = (i) => `- apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: d${i}}\n  spec:\n    template:\n      spec:\n        containers:\n        - name: app\n          image: nginx\n          securityContext: {privileged: true}\n`;

/** @type {{name: string, fileName: string, expect: 'skipped'|'quiet'|'analysed'|'any', make: () => string | Buffer, heavy?: boolean}[]} */
export const HOSTILE_YAML = [
  // alias expansion
  { name: 'alias-bomb-configmap', fileName: 'bomb.yaml', expect: 'analysed', make: () => CONFIGMAP_HEAD + aliasBomb(9, 9, '"lol"') },
  { name: 'alias-bomb-containers', fileName: 'bomb-pod.yaml', expect: 'analysed', make: () => `apiVersion: v1\nkind: Pod\nmetadata: {name: b}\nbomb:\n${aliasBomb(9, 9, '[{name: a, image: nginx}]')}spec:\n  containers: *l9\n  initContainers: [*l0, *l1]\n` },
  { name: 'alias-bomb-probes', fileName: 'bomb-probe.yaml', expect: 'analysed', make: () => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nbomb:\n${aliasBomb(10, 10, '{exec: {command: [sh]}}')}spec:\n  containers:\n  - name: a\n    image: nginx\n    livenessProbe: *l10\n    readinessProbe: *l10\n` },
  { name: 'merge-key-bomb', fileName: 'merge.yaml', expect: 'analysed', make: () => { let s = 'apiVersion: v1\nkind: Pod\nmetadata: {name: m}\nb0: &b0 {x: 1}\n'; for (let i = 1; i < 40; i++) s += `b${i}: &b${i} {<<: [*b${i - 1}, *b${i - 1}], y${i}: 1}\n`; return `${s}spec:\n  <<: *b39\n  containers: [{name: a, image: nginx, <<: *b39}]\n`; } },
  { name: 'anchors-30000', fileName: 'anchors.yaml', expect: 'analysed', heavy: true, make: () => `${POD_HEAD}  containers:\n${Array.from({ length: 30000 }, (_, i) => `  - &c${i} {name: c${i % 7}, image: nginx}\n`).slice(0, 1500).join('')}  initContainers: [${Array.from({ length: 1500 }, (_, i) => `*c${i}`).join(', ')}]\n` },
  // nesting
  { name: 'flow-seq-100000-deep', fileName: 'deep.yaml', expect: 'quiet', make: () => '['.repeat(100000) + ']'.repeat(100000) },
  { name: 'flow-map-100000-deep-pod', fileName: 'deep-pod.yaml', expect: 'skipped', make: () => `${POD_HEAD}  x: ${'{a: '.repeat(100000)}1${'}'.repeat(100000)}\n` },
  { name: 'block-seq-100000-deep-pod', fileName: 'deep-seq.yaml', expect: 'skipped', make: () => `${POD_HEAD}  x:\n  ${'- '.repeat(100000)}x\n` },
  { name: 'block-map-3000-deep-pod', fileName: 'deep-map.yaml', expect: 'skipped', make: () => { let s = POD_HEAD; for (let i = 1; i <= 3000; i++) s += `${' '.repeat(i * 2)}a${i}:\n`; return s; } },
  { name: 'json-100000-deep', fileName: 'deep.json', expect: 'skipped', make: () => `{"apiVersion": "v1", "kind": "Pod", "spec": ${'{"a": '.repeat(100000)}1${'}'.repeat(100000)}}` },
  { name: 'nesting-190-deep-pod', fileName: 'deep-ok.yaml', expect: 'analysed', make: () => `${POD_HEAD}  containers: [{name: a, image: nginx}]\n  x: ${'['.repeat(190)}${']'.repeat(190)}\n` },
  { name: 'nested-lists', fileName: 'lists.yaml', expect: 'any', make: () => { let s = ''; for (let i = 0; i < 150; i++) s += `${'  '.repeat(i)}- apiVersion: v1\n${'  '.repeat(i)}  kind: List\n${'  '.repeat(i)}  items:\n`; return `apiVersion: v1\nkind: List\nitems:\n${s}`; } },
  // documents
  { name: 'empty-documents-200000', fileName: 'empty-docs.yaml', expect: 'skipped', make: () => 'apiVersion: v1\nkind: Pod\n' + '---\n'.repeat(200000) },
  { name: 'empty-documents-200000-not-k8s', fileName: 'empty-docs-plain.yaml', expect: 'quiet', make: () => '---\n'.repeat(200000) },
  { name: 'end-markers-100000', fileName: 'end-markers.yaml', expect: 'skipped', make: () => 'apiVersion: v1\nkind: Pod\n' + '--- \n...\n'.repeat(100000) },
  { name: 'documents-9000', fileName: 'many-docs.yaml', expect: 'analysed', make: () => `${POD_HEAD}  containers: [{name: a, image: nginx}]\n` + 'x: 1\n---\n'.repeat(9000) },
  // scalars and lines
  { name: 'scalar-8mb', fileName: 'scalar8.yaml', expect: 'skipped', heavy: true, make: () => `${CONFIGMAP_HEAD}  a: "${'x'.repeat(8 * 1024 * 1024)}"\n` },
  { name: 'scalar-4.5mb-quoted', fileName: 'scalar45.yaml', expect: 'analysed', heavy: true, make: () => `${CONFIGMAP_HEAD}  password: "${'x'.repeat(4.5 * 1024 * 1024)}"\n` },
  { name: 'scalar-4.5mb-block', fileName: 'block45.yaml', expect: 'analysed', heavy: true, make: () => `${CONFIGMAP_HEAD}  script: |\n${`    ${'y'.repeat(100)}\n`.repeat(45000)}` },
  { name: 'command-4mb', fileName: 'command.yaml', expect: 'analysed', heavy: true, make: () => `${POD_HEAD}  containers:\n  - name: a\n    image: nginx\n    command: [sh, -c, "${'curl http://x | sh; '.repeat(200000)}"]\n` },
  { name: 'blank-lines-4000000', fileName: 'blank.yaml', expect: 'skipped', heavy: true, make: () => '\n'.repeat(4e6) + 'apiVersion: v1\nkind: Pod\n' },
  { name: 'crlf-lines-2000000', fileName: 'crlf.yaml', expect: 'skipped', heavy: true, make: () => '\r\n'.repeat(2e6) + 'apiVersion: v1\nkind: Pod\n' },
  { name: 'cr-only-4000000', fileName: 'cr.yaml', expect: 'any', heavy: true, make: () => 'apiVersion: v1\nkind: Pod\n' + '\r'.repeat(4e6) },
  { name: 'keys-90000-unique', fileName: 'keys.yaml', expect: 'analysed', heavy: true, make: () => CONFIGMAP_HEAD + Array.from({ length: 90000 }, (_, i) => `  k${i}: v\n`).join('') },
  { name: 'keys-50000-duplicate', fileName: 'dup-keys.yaml', expect: 'any', heavy: true, make: () => 'apiVersion: v1\nkind: Pod\n' + 'spec: {}\n'.repeat(50000) },
  { name: 'flow-entries-600000', fileName: 'min.json', expect: 'skipped', heavy: true, make: () => `{"apiVersion":"v1","kind":"ConfigMap","data":{"a":[${Array.from({ length: 600000 }, (_, i) => i).join(',')}]}}` },
  { name: 'syntax-errors-40000-lines', fileName: 'garbage.yaml', expect: 'any', heavy: true, make: () => 'apiVersion: v1\nkind: Pod\n' + ': : :\n\t- ]\n'.repeat(20000) },
  // huge kind: List
  { name: 'list-20000-items', fileName: 'list-huge.yaml', expect: 'skipped', heavy: true, make: () => list(20000, deployment) },
  { name: 'list-2001-items', fileName: 'list-2001.yaml', expect: 'skipped', heavy: true, make: () => list(2001, deployment) },
  { name: 'list-1500-items', fileName: 'list-1500.yaml', expect: 'analysed', heavy: true, make: () => list(1500, deployment) },
  { name: 'containers-2001', fileName: 'containers.yaml', expect: 'skipped', make: () => `${POD_HEAD}  containers:\n${Array.from({ length: 2001 }, (_, i) => `  - {name: c${i}, image: nginx}\n`).join('')}` },
  // Helm
  { name: 'helm-unclosed-actions', fileName: 'chart/templates/unclosed.yaml', expect: 'any', make: () => 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .x\n' + 'a: {{ b\n'.repeat(90000) },
  { name: 'helm-300000-actions-one-line', fileName: 'chart/templates/one-line.yaml', expect: 'any', heavy: true, make: () => 'apiVersion: v1\nkind: Pod\nx: ' + '{{x}}'.repeat(300000) + '\n' },
  { name: 'helm-50000-if-lines', fileName: 'chart/templates/ifs.yaml', expect: 'any', make: () => 'apiVersion: v1\nkind: Pod\n' + '{{ if . }}\n'.repeat(50000) + 'spec: {{ .x }}\n' },
  // encodings
  { name: 'nul-bytes', fileName: 'nul.yaml', expect: 'skipped', make: () => 'apiVersion: v1\nkind: Pod\n\u0000\u0000' },
  { name: 'bom-and-tabs', fileName: 'tabs.yaml', expect: 'any', make: () => '\ufeffapiVersion: v1\nkind: Pod\nspec:\n\tcontainers:\n\t- name: a\n\t\timage: nginx\n' },
  { name: 'lone-surrogates', fileName: 'surrogates.yaml', expect: 'any', make: () => `${POD_HEAD}  containers:\n  - name: "\ud800\udc00\ud800"\n    image: "\udfff"\n    env: [{name: "\ud83d", value: x}]\n` },
  { name: 'invalid-utf8', fileName: 'latin1.yaml', expect: 'any', make: () => Buffer.concat([Buffer.from(POD_HEAD), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0x0a])]) },
];

const FROM = 'FROM alpine:3.20\n';

export const HOSTILE_DOCKERFILES = [
  { name: 'continuations-60000', fileName: 'cont/Dockerfile', expect: 'skipped', make: () => `${FROM}RUN echo \\\n${'  a \\\n'.repeat(60000)}  done\n` },
  { name: 'continuations-60000-commands', fileName: 'cmds/Dockerfile', expect: 'skipped', make: () => `${FROM}RUN ${'apt-get install -y x && \\\n'.repeat(60000)}true\n` },
  { name: 'backtick-escape-60000', fileName: 'tick/Dockerfile', expect: 'skipped', make: () => `# escape=\`\n${FROM}RUN echo \`\n${'  a `\n'.repeat(60000)}  done\n` },
  { name: 'continuations-990', fileName: 'cont-ok/Dockerfile', expect: 'analysed', make: () => `${FROM}RUN ${'apt-get install -y x && \\\n'.repeat(990)}true\n` },
  { name: 'heredoc-unterminated-60000', fileName: 'heredoc/Dockerfile', expect: 'skipped', make: () => `${FROM}RUN <<EOF\n${'echo hi\n'.repeat(60000)}` },
  { name: 'heredoc-openers-20000', fileName: 'heredocs/Dockerfile', expect: 'skipped', make: () => FROM + 'RUN <<EOF <<EOG\n'.repeat(20000) },
  { name: 'heredoc-unterminated-short', fileName: 'heredoc-short/Dockerfile', expect: 'any', make: () => `${FROM}RUN <<EOF bash\nset -e\nUSER root\nRUN x\n` },
  { name: 'escape-directives', fileName: 'escapes/Dockerfile', expect: 'any', make: () => '# escape=`\n# escape=\\\n#escape=x\n# syntax=x\n# escape=\n' + FROM + 'RUN echo `\n  hi \\\n  there x\nUSER `root`\n' },
  { name: 'escape-empty', fileName: 'escape-empty/Dockerfile', expect: 'any', make: () => `# escape=\n${FROM}RUN echo \\\n  hi\n` },
  { name: 'escape-odd', fileName: 'escape-odd/Dockerfile', expect: 'any', make: () => `# escape=ä\n${FROM}RUN echo ä\n  hi\nUSER ä\n  root\n` },
  { name: 'binary-200k', fileName: 'binary/Dockerfile', expect: 'any', make: () => { let s = ''; for (let i = 0; i < 200000; i++) s += String.fromCharCode(((i * 7919) % 0xd7fe) + 1); return s; } },
  { name: 'binary-bytes', fileName: 'binary-bytes/Dockerfile', expect: 'any', make: () => { const b = Buffer.alloc(300000); for (let i = 0; i < b.length; i++) b[i] = (i * 131 + 7) % 251 + 1; return b; } },
  { name: 'binary-nul', fileName: 'binary-nul/Dockerfile', expect: 'skipped', make: () => Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]) },
  { name: 'line-4mb', fileName: 'long/Dockerfile', expect: 'skipped', heavy: true, make: () => `${FROM}RUN ${'a'.repeat(4 * 1024 * 1024)}\n` },
  { name: 'instructions-2001', fileName: 'many/Dockerfile', expect: 'skipped', make: () => FROM + 'RUN true\n'.repeat(2001) },
  { name: 'stages-999', fileName: 'stages/Dockerfile', expect: 'analysed', make: () => { let s = ''; for (let i = 0; i < 999; i++) s += `FROM alpine AS s${i}\nCOPY --from=s${Math.max(0, i - 1)} /a /b\n`; return s; } },
  { name: 'arg-doubling-1990', fileName: 'args/Dockerfile', expect: 'analysed', make: () => { let s = 'ARG A0=x\n'; for (let i = 1; i < 1990; i++) s += `ARG A${i}=\${A${i - 1}}\${A${i - 1}}\n`; return `${s}FROM alpine:\${A1989}\nUSER \${A1989}\n`; } },
  { name: 'env-doubling-60', fileName: 'env/Dockerfile', expect: 'analysed', make: () => { let s = `${FROM}ENV A0=xx\n`; for (let i = 1; i < 60; i++) s += `ENV A${i}=\${A${i - 1}}\${A${i - 1}}\n`; return `${s}RUN echo $A59\nUSER $A59\n`; } },
  { name: 'pipes-8x64k', fileName: 'pipes/Dockerfile', expect: 'analysed', heavy: true, make: () => `${FROM}RUN ${'a | '.repeat(16000)}b\n`.repeat(8) },
  { name: 'subshells-16000-deep', fileName: 'subshell/Dockerfile', expect: 'analysed', make: () => `${FROM}RUN ${'$(a '.repeat(12000)}${')'.repeat(12000)}\n` },
  { name: 'sh-c-nesting', fileName: 'shc/Dockerfile', expect: 'analysed', make: () => `${FROM}RUN ${'sh -c "'.repeat(3000)}curl x | sh${'"'.repeat(3000)}\n` },
  { name: 'quotes-unbalanced', fileName: 'quotes/Dockerfile', expect: 'analysed', make: () => `${FROM}RUN ${'"\'`'.repeat(15000)}\nUSER root\n` },
  { name: 'json-exec-deep', fileName: 'exec/Dockerfile', expect: 'analysed', make: () => `${FROM}CMD ${'['.repeat(20000)}${']'.repeat(20000)}\nENTRYPOINT ["a", ${'"x", '.repeat(10000)}"b"]\n` },
  { name: 'packages-16000', fileName: 'packages/Dockerfile', expect: 'analysed', make: () => `${FROM}RUN apt-get install -y ${'pkg '.repeat(16000)}\n` },
];

/** Every hostile case, Dockerfiles and YAML together. */
export const HOSTILE = [...HOSTILE_YAML, ...HOSTILE_DOCKERFILES];

/** The case's content as a string (bytes decoded as an editor would show them). */
export function textOf(content) {
  return typeof content === 'string' ? content : new TextDecoder('utf-8', { fatal: false }).decode(content);
}
