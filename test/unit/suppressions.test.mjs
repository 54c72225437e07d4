// Suppressions: every form (next-line comment, end-of-line comment, palisade-ignore-file, annotation) with and without a
// reason, in manifests and Dockerfiles; `requireReason` and `reportUnused` with their findings at the exact comment.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { palisade } from '../support/engine.mjs';

const { Engine, resolveConfig, builtinRules, explainEngineTopic } = palisade;

/** The two reference rules only, so that results do not move when rules are added. */
const REFERENCE = builtinRules.filter((r) => r.meta.id === 'k8s/no-host-pid' || r.meta.id === 'docker/no-root-user');
const engine = new Engine({ registry: REFERENCE });

function lint(text, { suppressions, fileName = 'pod.yaml' } = {}) {
  return engine.lint({ text, fileName }, resolveConfig({ extends: ['all'], suppressions }, REFERENCE));
}

/** `[ruleId, severity, "text under the range"]` (single-line ranges). */
function found(text, findings) {
  const lines = text.split('\n');
  return findings.map((f) => [f.ruleId, f.severity, lines[f.range.start.line].slice(f.range.start.character, f.range.end.character)]);
}

function pod({ before = '', hostPid = 'hostPID: true', annotations } = {}) {
  return [
    'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: agent',
    ...(annotations ? ['  annotations:', ...annotations.map((a) => `    ${a}`)] : []),
    'spec:', ...(before ? [`  ${before}`] : []), `  ${hostPid}`,
    '  containers:', '    - name: app', '      image: registry.example.com/app:1.0', '',
  ].join('\n');
}

const HOST_PID = ['k8s/no-host-pid', 'error', 'true'];

describe('suppressions: every form works (default settings)', () => {
  test('no suppression: the finding is reported', () => {
    const text = pod();
    assert.deepEqual(found(text, lint(text)), [HOST_PID]);
  });
  const forms = {
    'next-line comment': pod({ before: '# palisade-ignore k8s/no-host-pid' }),
    'next-line comment with a reason': pod({ before: '# palisade-ignore k8s/no-host-pid -- node agent, reviewed' }),
    'next-line comment listing several ids': pod({ before: '# palisade-ignore k8s/no-host-ipc, k8s/no-host-pid -- node agent' }),
    'end-of-line comment': pod({ hostPid: 'hostPID: true # palisade-ignore k8s/no-host-pid' }),
    'end-of-line comment with a reason': pod({ hostPid: 'hostPID: true # palisade-ignore k8s/no-host-pid -- node agent' }),
    'palisade-ignore-file': `# palisade-ignore-file k8s/no-host-pid\n${pod()}`,
    'palisade-ignore-file with a reason, at the end of the file': `${pod()}# palisade-ignore-file k8s/no-host-pid -- all agents here\n`,
    annotation: pod({ annotations: ['palisade.io/ignore: "k8s/no-host-pid"'] }),
    'annotation with a reason': pod({ annotations: ['palisade.io/ignore: "k8s/no-host-pid: node agent, reviewed"'] }),
  };
  for (const [name, text] of Object.entries(forms)) {
    test(name, () => assert.deepEqual(lint(text), []));
  }
  test('a comment for another rule, or two lines above, suppresses nothing', () => {
    const other = pod({ before: '# palisade-ignore k8s/no-host-ipc -- not this one' });
    assert.deepEqual(found(other, lint(other)), [HOST_PID]);
    const far = pod({ before: '# palisade-ignore k8s/no-host-pid\n  dnsPolicy: Default' });
    assert.deepEqual(found(far, lint(far)), [HOST_PID]);
  });
  test('an annotation covers its own object only', () => {
    const text = `${pod({ annotations: ['palisade.io/ignore: "k8s/no-host-pid: agent"'] })}---\n${pod()}`;
    const findings = lint(text);
    assert.equal(findings.length, 1);
    assert.ok(findings[0].range.start.line > text.split('\n').indexOf('---'));
  });
  test('Dockerfile: the comment on the line before an instruction', () => {
    const bare = 'FROM alpine:3.21\nUSER root\n';
    assert.deepEqual(found(bare, lint(bare, { fileName: 'Dockerfile' })), [['docker/no-root-user', 'error', 'root']]);
    assert.deepEqual(lint('FROM alpine:3.21\n# palisade-ignore docker/no-root-user -- needs to bind port 80\nUSER root\n', { fileName: 'Dockerfile' }), []);
    assert.deepEqual(lint('# palisade-ignore-file docker/no-root-user\nFROM alpine:3.21\nUSER root\n', { fileName: 'Dockerfile' }), []);
  });
});

describe('suppressions: requireReason', () => {
  const settings = { requireReason: true };
  const missing = (snippet) => ['suppression-missing-reason', 'warning', snippet];

  test('next-line comment without a reason: does not suppress, reported at the comment', () => {
    const text = pod({ before: '# palisade-ignore k8s/no-host-pid' });
    assert.deepEqual(found(text, lint(text, { suppressions: settings })), [missing('# palisade-ignore k8s/no-host-pid'), HOST_PID]);
    const [f] = lint(text, { suppressions: settings });
    assert.match(f.message, /no reason.*does not apply.*# palisade-ignore k8s\/no-host-pid -- <reason>/);
  });
  test('end-of-line comment without a reason', () => {
    const text = pod({ hostPid: 'hostPID: true # palisade-ignore k8s/no-host-pid' });
    assert.deepEqual(found(text, lint(text, { suppressions: settings })).sort(), [HOST_PID, missing('# palisade-ignore k8s/no-host-pid')].sort());
  });
  test('palisade-ignore-file without a reason', () => {
    const text = `# palisade-ignore-file k8s/no-host-pid\n${pod()}`;
    const findings = lint(text, { suppressions: settings });
    assert.deepEqual(found(text, findings), [missing('# palisade-ignore-file k8s/no-host-pid'), HOST_PID]);
    assert.match(findings[0].message, /# palisade-ignore-file k8s\/no-host-pid -- <reason>/);
  });
  test('annotation without a reason, reported at the annotation', () => {
    const text = pod({ annotations: ['palisade.io/ignore: "k8s/no-host-pid"'] });
    const findings = lint(text, { suppressions: settings });
    assert.deepEqual(found(text, findings), [missing('palisade.io/ignore: "k8s/no-host-pid"'), HOST_PID]);
    assert.match(findings[0].message, /palisade\.io\/ignore: "k8s\/no-host-pid: <reason>"/);
  });
  test('every form with a reason suppresses and is not reported', () => {
    for (const text of [
      pod({ before: '# palisade-ignore k8s/no-host-pid -- node agent' }),
      pod({ hostPid: 'hostPID: true # palisade-ignore k8s/no-host-pid -- node agent' }),
      `# palisade-ignore-file k8s/no-host-pid -- agents only\n${pod()}`,
      pod({ annotations: ['palisade.io/ignore: "k8s/no-host-pid: node agent"'] }),
    ]) assert.deepEqual(lint(text, { suppressions: settings }), [], text);
  });
  test('Dockerfile', () => {
    const text = 'FROM alpine:3.21\n# palisade-ignore docker/no-root-user\nUSER root\n';
    assert.deepEqual(found(text, lint(text, { fileName: 'Dockerfile', suppressions: settings })), [
      missing('# palisade-ignore docker/no-root-user'), ['docker/no-root-user', 'error', 'root'],
    ]);
  });
  test('peers\' pragmas are honoured as written (they have no place for a reason)', () => {
    const text = 'FROM alpine:3.21\n# hadolint ignore=DL3002\nUSER root\n';
    assert.deepEqual(lint(text, { fileName: 'Dockerfile', suppressions: settings }), []);
  });
  test('without requireReason nothing is reported about reasons', () => {
    const text = pod({ before: '# palisade-ignore k8s/no-host-pid' });
    assert.deepEqual(lint(text, { suppressions: { requireReason: false } }), []);
  });
});

describe('suppressions: reportUnused', () => {
  const settings = { reportUnused: true };
  const unused = (snippet) => ['unused-suppression', 'info', snippet];
  const clean = pod({ hostPid: 'hostPID: false' });

  test('a comment that matched nothing is reported at the comment (info)', () => {
    const text = pod({ hostPid: 'hostPID: false', before: '# palisade-ignore k8s/no-host-pid -- was needed once' });
    const findings = lint(text, { suppressions: settings });
    assert.deepEqual(found(text, findings), [unused('# palisade-ignore k8s/no-host-pid -- was needed once')]);
    assert.match(findings[0].message, /matched no finding \(k8s\/no-host-pid\)/);
    assert.deepEqual(lint(text), [], 'not reported by default');
  });
  test('a used comment is not reported', () => {
    const text = pod({ before: '# palisade-ignore k8s/no-host-pid -- agent' });
    assert.deepEqual(lint(text, { suppressions: settings }), []);
  });
  test('the ids of a comment that matched nothing are named', () => {
    const text = pod({ before: '# palisade-ignore k8s/no-host-pid, k8s/no-host-ipc -- agent' });
    const findings = lint(text, { suppressions: settings });
    assert.deepEqual(found(text, findings), [unused('# palisade-ignore k8s/no-host-pid, k8s/no-host-ipc -- agent')]);
    assert.match(findings[0].message, /"k8s\/no-host-ipc" in this suppression matched no finding/);
  });
  test('unused end-of-line comment, file comment and annotation', () => {
    const eol = pod({ hostPid: 'hostPID: false # palisade-ignore k8s/no-host-pid' });
    assert.deepEqual(found(eol, lint(eol, { suppressions: settings })), [unused('# palisade-ignore k8s/no-host-pid')]);
    const file = `${clean}# palisade-ignore-file k8s/no-host-pid -- agents\n`;
    assert.deepEqual(found(file, lint(file, { suppressions: settings })), [unused('# palisade-ignore-file k8s/no-host-pid -- agents')]);
    const annotated = pod({ hostPid: 'hostPID: false', annotations: ['palisade.io/ignore: "k8s/no-host-pid: agent"'] });
    assert.deepEqual(found(annotated, lint(annotated, { suppressions: settings })), [unused('palisade.io/ignore: "k8s/no-host-pid: agent"')]);
  });
  test('Dockerfile', () => {
    const text = 'FROM alpine:3.21\n# palisade-ignore docker/no-root-user -- was root once\nUSER 65532\n';
    assert.deepEqual(found(text, lint(text, { fileName: 'Dockerfile', suppressions: settings })), [unused('# palisade-ignore docker/no-root-user -- was root once')]);
  });
  test('peers\' pragmas are not reported (the peer tool may still need them)', () => {
    const text = 'FROM alpine:3.21\n# hadolint ignore=DL3002\nUSER 65532\n';
    assert.deepEqual(lint(text, { fileName: 'Dockerfile', suppressions: settings }), []);
  });
  test('with both settings, a suppression without a reason is reported once (missing reason), not as unused', () => {
    const text = pod({ hostPid: 'hostPID: false', before: '# palisade-ignore k8s/no-host-pid' });
    assert.deepEqual(found(text, lint(text, { suppressions: { requireReason: true, reportUnused: true } })), [
      ['suppression-missing-reason', 'warning', '# palisade-ignore k8s/no-host-pid'],
    ]);
  });
});

describe('suppressions: engine findings', () => {
  test('parse errors and findings about suppressions cannot be suppressed', () => {
    const broken = `# palisade-ignore-file -- everything\napiVersion: v1\nkind: Pod\nmetadata: {name: [x\n`;
    assert.ok(lint(broken).some((f) => f.ruleId === 'parse-error'));
    const text = `# palisade-ignore-file -- silence everything\n${pod({ hostPid: 'hostPID: false', before: '# palisade-ignore k8s/no-host-pid' })}`;
    const ids = lint(text, { suppressions: { requireReason: true } }).map((f) => f.ruleId);
    assert.deepEqual(ids, ['suppression-missing-reason']);
  });
  test('the new engine ids are explained', () => {
    for (const id of ['suppression-missing-reason', 'unused-suppression', 'custom-rules-skipped']) {
      assert.ok(palisade.ENGINE_RULE_IDS.includes(id), id);
      assert.match(explainEngineTopic(id), new RegExp(`^## ${id}\\n\\n\\*\\*`));
    }
    assert.match(explainEngineTopic('suppression-missing-reason'), /requireReason/);
    assert.match(explainEngineTopic('unused-suppression'), /reportUnused/);
  });
});
