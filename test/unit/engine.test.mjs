// The engine contract (docs/ARCHITECTURE.md): deterministic, total, per-document parse errors, internal errors,
// non-Kubernetes YAML, Helm templates, List items, JSON manifests, suppressions and incremental sessions.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { palisade } from '../support/engine.mjs';

const { Engine, LintSession, resolveConfig, builtinRules } = palisade;

/** An engine holding only the two reference rules, so results do not move when rules are added. */
const REFERENCE = builtinRules.filter((r) => r.meta.id === 'k8s/no-host-pid' || r.meta.id === 'docker/no-root-user');
const engine = new Engine({ registry: REFERENCE });
const config = resolveConfig({ extends: ['all'] }, REFERENCE);
const lint = (text, fileName = 'manifest.yaml') => engine.lint({ text, fileName }, config);
const ids = (findings) => findings.map((f) => f.ruleId);
/** Every rule of the product, every rule on. */
const allConfig = resolveConfig({ extends: ['all'] }, builtinRules);
const lintAll = (text, fileName) => palisade.lint({ text, fileName }, allConfig);

function pod(name, extra = []) {
  return ['apiVersion: v1', 'kind: Pod', 'metadata:', `  name: ${name}`, 'spec:', ...extra.map((l) => `  ${l}`), '  containers:', '    - name: app', '      image: registry.example.com/app:1.0', ''].join('\n');
}
const HOST_PID_POD = pod('p', ['hostPID: true']);

/** The 0-based line of the first line of `text` containing `needle`. */
function lineOf(text, needle, from = 0) {
  return text.split('\n').findIndex((l, i) => i >= from && l.includes(needle));
}

describe('engine: determinism and ordering', () => {
  test('the same input gives the same findings, sorted by range then rule id', () => {
    const text = [pod('a', ['hostPID: true']), pod('b', ['hostPID: true']), pod('c')].join('---\n');
    const first = lint(text);
    assert.equal(first.length, 2);
    assert.deepEqual(lint(text), first);
    assert.deepEqual(new Engine({ registry: [...REFERENCE].reverse() }).lint({ text, fileName: 'manifest.yaml' }, config), first, 'registry order does not matter');
    const all = lintAll(text, 'manifest.yaml');
    for (let i = 1; i < all.length; i++) {
      const a = all[i - 1];
      const b = all[i];
      const order = palisade.compareRanges(a.range, b.range) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) || (a.message <= b.message ? -1 : 1);
      assert.ok(order <= 0, `${a.ruleId} before ${b.ruleId}`);
    }
  });
});

describe('engine: bad input never throws', () => {
  // a small deterministic generator (no Math.random: the failures must be reproducible)
  let seed = 12345;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pieces = ['apiVersion: v1\n', 'kind: Pod\n', 'spec:\n', '  hostPID: true\n', '---\n', '- ', ': ', '{', '}', '[', ']', '"', "'", '&a ', '*a ', '!!binary ', '|\n', '>-\n',
    '\t', '\r\n', '\u0000', '\ufeff', '😀', '{{ .Values.x }}', '#', 'FROM ', 'USER root\n', 'RUN ', '\\\n', '<<EOF\n', 'ARG X=${Y:-z}\n', 'ONBUILD ', '%YAML 1.2\n', '...\n', '? ', 'items:\n'];
  const garbage = () => Array.from({ length: 1 + Math.floor(next() * 40) }, () => pieces[Math.floor(next() * pieces.length)]).join('');
  test('random fragments of YAML and Dockerfile syntax, every rule on', () => {
    for (let i = 0; i < 400; i++) {
      const text = garbage();
      for (const fileName of ['x.yaml', 'Dockerfile', 'x.json', 'chart/templates/x.yaml']) {
        let findings;
        assert.doesNotThrow(() => { findings = lintAll(text, fileName); }, `${fileName}: ${JSON.stringify(text)}`);
        assert.ok(Array.isArray(findings));
        for (const f of findings) assert.ok(f.range.start.line >= 0 && typeof f.message === 'string');
      }
    }
  });
  test('pathological shapes: deep nesting, huge lines, alias bombs, empty files', () => {
    const cases = [
      '',
      '\n\n\n',
      'apiVersion: v1\nkind: Pod\nspec: ' + '['.repeat(5000),
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: ' + 'x'.repeat(200000) + '\n',
      'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\napiVersion: v1\nkind: Pod\n',
      'apiVersion: v1\nkind: List\nitems: ' + '[{apiVersion: v1, kind: List, items: '.repeat(50) + '[]' + '}]'.repeat(50) + '\n',
      'FROM ' + 'a'.repeat(100000),
      'RUN ' + '"'.repeat(10001),
    ];
    for (const text of cases) {
      for (const fileName of ['x.yaml', 'Dockerfile']) assert.doesNotThrow(() => lintAll(text, fileName));
    }
  });
  test('a kind named like a member of every object (`constructor`, `toString`) is just an unknown kind', () => {
    for (const kind of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
      const text = ['apiVersion: apps/v1', `kind: ${kind}`, 'metadata:', '  name: x', 'spec:', '  strategy:', '    type: Recreate',
        '  template:', '    spec:', '      hostPID: true', '      containers:', '        - name: app', '          image: nginx', ''].join('\n');
      const findings = lintAll(text, 'x.yaml');
      assert.deepEqual(findings.filter((f) => f.ruleId === 'internal-error').map((f) => f.message), [], kind);
      // a workload rule has nothing to say about an object that is no workload
      assert.deepEqual(findings.filter((f) => f.ruleId === 'k8s/no-host-pid'), [], kind);
    }
  });
});

describe('engine: parse errors', () => {
  test('a broken document gets a parse-error at the error; the other documents still report', () => {
    const broken = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: broken', 'spec:', '  containers: [', '    {name: x'].join('\n') + '\n';
    const text = `${HOST_PID_POD}---\n${broken}---\n${HOST_PID_POD}`;
    const findings = lint(text);
    const parse = findings.filter((f) => f.ruleId === 'parse-error');
    assert.ok(parse.length >= 1);
    const brokenStart = lineOf(text, 'name: broken');
    const brokenEnd = lineOf(text, '---', brokenStart);
    for (const p of parse) assert.ok(p.range.start.line >= brokenStart && p.range.start.line <= brokenEnd, `parse-error at line ${p.range.start.line} inside the broken document`);
    assert.equal(parse[0].severity, 'error');
    const host = findings.filter((f) => f.ruleId === 'k8s/no-host-pid').map((f) => f.range.start.line);
    assert.deepEqual(host, [lineOf(text, 'hostPID'), lineOf(text, 'hostPID', brokenEnd)]);
  });
});

describe('engine: a rule that throws', () => {
  test('becomes an internal-error naming the rule; the other rules still report', () => {
    const throwing = {
      language: 'kubernetes',
      meta: {
        id: 'k8s/test-throws', stage: 'deploy', severity: 'warning', title: 'Throws', rationale: 'r', remediation: 'r',
        references: [], equivalents: {}, fix: 'none', messages: { m: 'm' },
      },
      check() { throw new Error('boom'); },
    };
    const registry = [throwing, ...REFERENCE];
    const e = new Engine({ registry });
    const findings = e.lint({ text: HOST_PID_POD, fileName: 'p.yaml' }, resolveConfig({ extends: ['all'] }, registry));
    const internal = findings.filter((f) => f.ruleId === 'internal-error');
    assert.equal(internal.length, 1);
    assert.match(internal[0].message, /k8s\/test-throws/);
    assert.match(internal[0].message, /boom/);
    assert.equal(internal[0].severity, 'error');
    assert.deepEqual(findings.filter((f) => f.ruleId === 'k8s/no-host-pid').length, 1);
  });
});

describe('engine: YAML that is not Kubernetes gets nothing', () => {
  const cases = {
    '.github/workflows/ci.yaml': 'name: ci\non:\n  push:\n    branches: [main]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    container:\n      image: node:latest\n      options: --privileged\n    steps:\n      - uses: actions/checkout@v4\n      - run: echo "$SECRET"\n        env:\n          SECRET: hunter2\n',
    'compose.yaml': 'services:\n  web:\n    image: nginx:latest\n    privileged: true\n    pid: host\n    network_mode: host\n    user: root\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n',
    'chart/values.yaml': 'image:\n  repository: nginx\n  tag: latest\nsecurityContext:\n  privileged: true\n  runAsUser: 0\nhostPID: true\nhostNetwork: true\n',
    'playbook.yml': '- hosts: all\n  become: true\n  tasks:\n    - name: install\n      apt:\n        name: curl\n    - name: run\n      shell: curl -k https://x | sh\n',
    'broken-values.yaml': 'a: [1, 2\nb: {\n  c: d\n',
    'package.json': '{"name": "x", "scripts": {"test": "node --test"}}',
  };
  for (const [fileName, text] of Object.entries(cases)) {
    test(fileName, () => assert.deepEqual(lintAll(text, fileName), []));
  }
  test('a file without the text `apiVersion` and `kind` is not parsed, and its analysis is the one parsing gives', () => {
    // a backslash anywhere sends a file down the whole path: both must agree on the findings and the summary
    for (const [fileName, text] of Object.entries(cases)) {
      const quick = palisade.analyze({ text, fileName }, allConfig);
      const full = palisade.analyze({ text: `${text}\n# \\\n`, fileName }, allConfig);
      assert.deepEqual(quick, full, fileName);
    }
  });
  test('keys spelled with escape sequences are still read', () => {
    const json = '{"api\\u0056ersion": "v1", "\\u006bind": "Pod", "metadata": {"name": "p"}, "spec": {"hostPID": true, "containers": [{"name": "a", "image": "a:1"}]}}';
    assert.deepEqual(ids(lint(json, 'pod.json')), ['k8s/no-host-pid']);
    const yaml = '"api\\x56ersion": v1\n"\\x6bind": Pod\nmetadata:\n  name: p\nspec:\n  hostPID: true\n';
    assert.deepEqual(ids(lint(yaml)), ['k8s/no-host-pid']);
  });
});

describe('engine: Helm templates', () => {
  const template = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: {{ include "app.fullname" . }}',
    '  labels:',
    '    {{- include "app.labels" . | nindent 4 }}',
    'spec:',
    '  replicas: {{ .Values.replicaCount }}',
    '  template:',
    '    spec:',
    '      {{- with .Values.podSecurityContext }}',
    '      securityContext:',
    '        {{- toYaml . | nindent 8 }}',
    '      {{- end }}',
    '      hostPID: true',
    '      containers:',
    '        - name: {{ .Chart.Name }}',
    '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"',
    '          {{- if .Values.debug }}',
    '          args: [--debug]',
    '          {{- end }}',
    '',
  ].join('\n');
  test('no parse errors for template syntax, and a forbidden value present still reports at its place', () => {
    const findings = lintAll(template, 'chart/templates/deployment.yaml');
    assert.deepEqual(findings.filter((f) => f.ruleId === 'parse-error'), []);
    const host = findings.filter((f) => f.ruleId === 'k8s/no-host-pid');
    assert.equal(host.length, 1);
    assert.deepEqual(host[0].range.start, { line: 14, character: 15 });
  });
  test('a file with template expressions outside templates/ is treated the same', () => {
    assert.deepEqual(lintAll(template, 'deployment.yaml').filter((f) => f.ruleId === 'parse-error'), []);
  });
  test('template expressions show as {{…}} in messages, and no fix writes their markers into the file', () => {
    const withSecret = template.replace("          {{- if .Values.debug }}\n", '          env:\n            - name: ENCRYPTION_KEY\n              value: "c2VjcmV0LWtleS0xMjM0NTY3ODkw"\n          {{- if .Values.debug }}\n');
    const findings = lintAll(withSecret, 'chart/templates/deployment.yaml');
    const host = findings.find((f) => f.ruleId === 'k8s/no-host-pid');
    assert.equal(host.resource, 'Deployment/{{…}}');
    assert.match(host.message, /Deployment\/\{\{…\}\}/);
    // the fix would read the value from a Secret named after the (templated) Deployment: it cannot be written
    const secret = findings.find((f) => f.ruleId === 'k8s/no-hardcoded-env-secrets');
    assert.ok(secret, 'the hard-coded secret is reported');
    assert.equal(secret.fixes, undefined);
    assert.ok(lintAll(withSecret.replace('{{ include "app.fullname" . }}', 'web'), 'chart/templates/deployment.yaml').find((f) => f.ruleId === 'k8s/no-hardcoded-env-secrets').fixes?.length,
      'the same finding has its fix when the name is plain');
    assert.deepEqual(findings.filter((f) => JSON.stringify(f).includes('\u2063')), []);
  });
});

describe('engine: object shapes', () => {
  test('kind: List items are linted one by one', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - apiVersion: v1',
      '    kind: Pod',
      '    metadata: {name: first}',
      '    spec:',
      '      hostPID: true',
      '      containers: [{name: a, image: "x:1"}]',
      '  - apiVersion: apps/v1',
      '    kind: Deployment',
      '    metadata: {name: second}',
      '    spec:',
      '      template:',
      '        spec:',
      '          hostPID: true',
      '          containers: [{name: a, image: "x:1"}]',
      '',
    ].join('\n');
    const host = lint(text).filter((f) => f.ruleId === 'k8s/no-host-pid');
    assert.deepEqual(host.map((f) => [f.resource, f.range.start.line]), [['Pod/first', 7], ['Deployment/second', 15]]);
  });
  test('JSON manifests are linted with exact ranges', () => {
    const text = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'j' }, spec: { hostPID: true, containers: [{ name: 'c', image: 'x:1' }] } }, null, 2);
    const host = lint(text, 'pod.json').filter((f) => f.ruleId === 'k8s/no-host-pid');
    assert.equal(host.length, 1);
    const line = lineOf(text, '"hostPID"');
    assert.deepEqual(host[0].range, { start: { line, character: text.split('\n')[line].indexOf('true') }, end: { line, character: text.split('\n')[line].indexOf('true') + 4 } });
  });
});

describe('engine: suppressions', () => {
  test('next line, end of line, whole file and annotation', () => {
    const nextLine = pod('p', ['# palisade-ignore k8s/no-host-pid -- node agent', 'hostPID: true']);
    const endOfLine = pod('p', ['hostPID: true # palisade-ignore k8s/no-host-pid -- node agent']);
    const file = `# palisade-ignore-file k8s/no-host-pid -- all node agents\n${HOST_PID_POD}---\n${HOST_PID_POD}`;
    const annotation = HOST_PID_POD.replace('  name: p\n', '  name: p\n  annotations:\n    palisade.io/ignore: "k8s/no-host-pid: node agent"\n');
    for (const [name, text] of Object.entries({ nextLine, endOfLine, file, annotation })) {
      assert.deepEqual(ids(lint(text)), [], name);
    }
    const other = pod('p', ['# palisade-ignore k8s/no-privileged -- other rule', 'hostPID: true']);
    assert.deepEqual(ids(lint(other)), ['k8s/no-host-pid'], 'a suppression for another rule does not apply');
    const onlyFirst = `${annotation}---\n${HOST_PID_POD}`;
    assert.deepEqual(ids(lint(onlyFirst)), ['k8s/no-host-pid'], 'an annotation covers its own object only');
    const docker = 'FROM alpine:3.20\n# palisade-ignore docker/no-root-user -- init container image\nUSER root\n';
    assert.deepEqual(ids(lint(docker, 'Dockerfile')), []);
    assert.deepEqual(ids(lint('FROM alpine:3.20\nUSER root\n', 'Dockerfile')), ['docker/no-root-user']);
  });
});

describe('engine: incremental sessions', () => {
  test('only the chunks an edit touched are parsed again, with the same findings as a fresh lint', () => {
    const docs = [pod('a', ['hostPID: true']), pod('b'), pod('c', ['hostPID: true'])];
    const session = new LintSession();
    const text = docs.join('---\n');
    const first = engine.lint({ text, fileName: 'm.yaml' }, config, undefined, session);
    assert.equal(session.lastParsedChunks, 3);
    assert.deepEqual(first, lint(text));

    const edited = [docs[0], docs[1].replace('  name: b\n', '  name: b\n  labels: {tier: web}\n'), docs[2]].join('---\n');
    const second = engine.lint({ text: edited, fileName: 'm.yaml' }, config, undefined, session);
    assert.equal(session.lastParsedChunks, 1, 'only the edited document');
    assert.deepEqual(second, lint(edited), 'findings after it moved down by one line, as a fresh lint says');
    assert.equal(second[1].range.start.line, first[1].range.start.line + 1);

    engine.lint({ text: edited, fileName: 'm.yaml' }, config, undefined, session);
    assert.equal(session.lastParsedChunks, 0, 'nothing changed, nothing parsed');

    const otherConfig = resolveConfig({ extends: ['all'], rules: { 'k8s/no-host-pid': 'warning' } }, REFERENCE);
    const third = engine.lint({ text: edited, fileName: 'm.yaml' }, otherConfig, undefined, session);
    assert.equal(session.lastParsedChunks, 3, 'a configuration change starts over');
    assert.ok(third.every((f) => f.severity === 'warning'));
  });
});

describe('engine: file kinds', () => {
  test('Dockerfiles and YAML/JSON by name; ignore files are neither, whatever they are named after', () => {
    const kinds = ['Dockerfile', 'build/Dockerfile.prod', 'api.Dockerfile', 'Containerfile', 'k8s/app.yaml', 'a.yml', 'b.json',
      '.dockerignore', 'Dockerfile.dockerignore', 'build/app.Dockerfile.dockerignore', 'README.md']
      .map((f) => `${f}=${palisade.fileKindOf(f)}`);
    assert.deepEqual(kinds, [
      'Dockerfile=dockerfile', 'build/Dockerfile.prod=dockerfile', 'api.Dockerfile=dockerfile', 'Containerfile=dockerfile',
      'k8s/app.yaml=yaml', 'a.yml=yaml', 'b.json=yaml', '.dockerignore=unknown', 'Dockerfile.dockerignore=unknown',
      'build/app.Dockerfile.dockerignore=unknown', 'README.md=unknown',
    ]);
  });
});
