// Severities chosen per finding, rule options, policy versions and partial documents of the Deploy rules
// (RULES.md §2): what the fixture harness does not pin (it checks ranges and fixes with default options).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { allRulesConfig, fixAll, lintText, palisade } from '../support/engine.mjs';

const pod = (spec, extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: p
${extra}spec:
${spec.replace(/^/gm, '  ')}
`;

function findings(text, ruleId, configText, fileName = 'pod.yaml') {
  return lintText(text, fileName, allRulesConfig(configText)).filter((f) => f.ruleId === ruleId);
}

const optionsConfig = (ruleId, options) => `rules:\n  ${ruleId}:\n    options: ${JSON.stringify(options)}\n`;

describe('severities', () => {
  test('no-privilege-escalation: error for an explicit true, warning otherwise', () => {
    const text = pod(`containers:
  - name: a
    image: x:1
    securityContext: {allowPrivilegeEscalation: true}
  - name: b
    image: x:1`);
    assert.deepEqual(findings(text, 'k8s/no-privilege-escalation').map((f) => f.severity), ['error', 'warning']);
  });

  test('restricted-volume-types: error for gitRepo, warning for the others', () => {
    const text = pod(`containers: [{name: a, image: "x:1"}]
volumes:
  - {name: g, gitRepo: {repository: r}}
  - {name: n, nfs: {server: s, path: /}}`);
    assert.deepEqual(findings(text, 'k8s/restricted-volume-types').map((f) => f.severity), ['error', 'warning']);
  });

  test('no-host-path: a hostPath PersistentVolume is info', () => {
    const text = 'apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv\nspec:\n  hostPath:\n    path: /data\n';
    assert.deepEqual(findings(text, 'k8s/no-host-path').map((f) => f.severity), ['info']);
  });

  test('the configured severity wins over the per-finding choice', () => {
    const text = pod('containers: [{name: a, image: "x:1", securityContext: {allowPrivilegeEscalation: true}}]');
    const config = 'rules:\n  k8s/no-privilege-escalation: warning\n';
    assert.deepEqual(findings(text, 'k8s/no-privilege-escalation', config).map((f) => f.severity), ['warning']);
  });
});

describe('options', () => {
  test('run-as-non-root acceptNonZeroRunAsUser accepts an effective UID above 0', () => {
    const text = pod('securityContext: {runAsUser: 1000}\ncontainers: [{name: a, image: "x:1"}]');
    assert.equal(findings(text, 'k8s/run-as-non-root').length, 1, 'the standard needs runAsNonRoot');
    assert.equal(findings(text, 'k8s/run-as-non-root', optionsConfig('k8s/run-as-non-root', { acceptNonZeroRunAsUser: true })).length, 0);
  });

  test('drop-all-capabilities mode net-raw only requires NET_RAW (any spelling) or ALL', () => {
    const config = optionsConfig('k8s/drop-all-capabilities', { mode: 'net-raw' });
    const ok = pod('containers: [{name: a, image: "x:1", securityContext: {capabilities: {drop: [cap_net_raw]}}}]');
    const bad = pod('containers: [{name: a, image: "x:1", securityContext: {capabilities: {drop: [CHOWN]}}}]');
    assert.equal(findings(ok, 'k8s/drop-all-capabilities', config).length, 0);
    assert.equal(findings(bad, 'k8s/drop-all-capabilities', config).length, 1);
    assert.equal(findings(ok, 'k8s/drop-all-capabilities').length, 1, 'the default mode still needs ALL');
    const { text } = fixAll(bad, 'pod.yaml', allRulesConfig(config), 'k8s/drop-all-capabilities');
    assert.match(text, /drop: \[CHOWN, NET_RAW\]/);
  });

  test('no-host-path allowedHostPaths: prefixes match whole segments; readOnly needs read-only mounts', () => {
    const text = (readOnly) => pod(`containers:
  - name: a
    image: x:1
    volumeMounts: [{name: logs, mountPath: /logs, readOnly: ${readOnly}}]
volumes:
  - {name: logs, hostPath: {path: /var/log/app}}
  - {name: other, hostPath: {path: /var/logging}}`);
    const config = optionsConfig('k8s/no-host-path', { allowedHostPaths: [{ pathPrefix: '/var/log', readOnly: true }] });
    const paths = (t) => findings(t, 'k8s/no-host-path', config).map((f) => f.message.match(/`([^`]+)`/)[1]);
    assert.deepEqual(paths(text(true)), ['/var/logging']);
    assert.deepEqual(paths(text(false)), ['/var/log/app', '/var/logging']);
  });

  test('no-host-port allowedHostPorts takes ports and ranges', () => {
    const text = pod('containers: [{name: a, image: "x:1", ports: [{containerPort: 1, hostPort: 80}, {containerPort: 2, hostPort: 9100}, {containerPort: 3, hostPort: 9300}]}]');
    const config = optionsConfig('k8s/no-host-port', { allowedHostPorts: [80, { min: 9000, max: 9200 }] });
    assert.deepEqual(findings(text, 'k8s/no-host-port', config).map((f) => f.message.match(/port (\d+)/)[1]), ['9300']);
  });

  test('safe-sysctls strict also flags safe names under kube-linter prefixes', () => {
    const text = pod('securityContext: {sysctls: [{name: net.ipv4.tcp_syncookies, value: "1"}]}\ncontainers: [{name: a, image: "x:1"}]');
    assert.equal(findings(text, 'k8s/safe-sysctls').length, 0);
    assert.equal(findings(text, 'k8s/safe-sysctls', optionsConfig('k8s/safe-sysctls', { strict: true })).length, 1);
  });

  test('no-run-as-root-uid defaultUid is what the fix writes', () => {
    const text = pod('securityContext: {runAsUser: 0}\ncontainers: [{name: a, image: "x:1"}]');
    const config = allRulesConfig(optionsConfig('k8s/no-run-as-root-uid', { defaultUid: 10001 }));
    assert.match(fixAll(text, 'pod.yaml', config, 'k8s/no-run-as-root-uid').text, /runAsUser: 10001/);
  });

  test('read-only-root-filesystem includeEphemeral', () => {
    const text = pod('containers: [{name: a, image: "x:1", securityContext: {readOnlyRootFilesystem: true}}]\nephemeralContainers: [{name: d, image: "x:1"}]');
    assert.equal(findings(text, 'k8s/read-only-root-filesystem').length, 0);
    assert.equal(findings(text, 'k8s/read-only-root-filesystem', optionsConfig('k8s/read-only-root-filesystem', { includeEphemeral: true })).length, 1);
  });

  test('read-only-root-filesystem second action mounts an emptyDir at /tmp and shares it between containers', () => {
    let text = pod('containers:\n  - name: a\n    image: x:1\n  - name: b\n    image: x:1');
    for (let i = 0; i < 2; i++) {
      const f = findings(text, 'k8s/read-only-root-filesystem')[0];
      assert.equal(f.fixes.length, 2);
      text = palisade.applyEdits(text, f.fixes[1].edits);
    }
    assert.deepEqual(findings(text, 'k8s/read-only-root-filesystem'), []);
    assert.equal(text.match(/mountPath: \/tmp/g).length, 2);
    assert.equal(text.match(/emptyDir: \{\}/g).length, 1, 'one shared volume');
  });

  test('no-hardcoded-env-secrets: a block scalar value is replaced whole and the finding ends with its text', () => {
    const text = pod(`containers:
  - name: a
    image: x:1
    env:
      - name: SSH_KEY
        value: |
          -----BEGIN OPENSSH PRIVATE KEY-----
          abc
          -----END OPENSSH PRIVATE KEY-----
      - name: NEXT
        value: ok`);
    const [f] = findings(text, 'k8s/no-hardcoded-env-secrets');
    assert.deepEqual([f.range.start.line, f.range.end.line], [10, 13]);
    const fixed = fixAll(text, 'pod.yaml', allRulesConfig(), 'k8s/no-hardcoded-env-secrets').text;
    assert.doesNotMatch(fixed, /PRIVATE KEY/);
    assert.match(fixed, /\n {10}valueFrom:\n {12}secretKeyRef:\n {14}name: p-secrets\n {14}key: ssh_key\n {8}- name: NEXT/);
  });
});

describe('policy versions (pssVersion)', () => {
  const probe = pod('containers: [{name: a, image: "x:1", livenessProbe: {httpGet: {host: 10.0.0.1, port: 80}}}]');
  test('no-probe-host exists from policy 1.34', () => {
    assert.equal(findings(probe, 'k8s/no-probe-host').length, 1);
    assert.equal(findings(probe, 'k8s/no-probe-host', optionsConfig('k8s/no-probe-host', { pssVersion: 'v1.33' })).length, 0);
  });

  test('safe-sysctls follows the version tables', () => {
    const text = pod('securityContext: {sysctls: [{name: net.ipv4.ip_local_reserved_ports, value: "30000"}]}\ncontainers: [{name: a, image: "x:1"}]');
    assert.equal(findings(text, 'k8s/safe-sysctls', optionsConfig('k8s/safe-sysctls', { pssVersion: 'v1.26' })).length, 1);
    assert.equal(findings(text, 'k8s/safe-sysctls', optionsConfig('k8s/safe-sysctls', { pssVersion: '1.27' })).length, 0);
  });

  test('user namespaces relax run-as-non-root from policy 1.35', () => {
    const text = pod('hostUsers: false\ncontainers: [{name: a, image: "x:1"}]');
    assert.equal(findings(text, 'k8s/run-as-non-root').length, 0);
    assert.equal(findings(text, 'k8s/run-as-non-root', optionsConfig('k8s/run-as-non-root', { pssVersion: 'v1.34' })).length, 1);
  });

  test('an invalid pssVersion is a config problem; the engine itself falls back to the newest policy', () => {
    const { problems } = palisade.parseConfigText(optionsConfig('k8s/safe-sysctls', { pssVersion: 'yesterday' }), palisade.builtinRules);
    assert.ok(problems.some((p) => /pssVersion/.test(p.message)), 'the validator names the option');
    const text = pod('securityContext: {sysctls: [{name: net.ipv4.tcp_rmem, value: "1 2 3"}]}\ncontainers: [{name: a, image: "x:1"}]');
    const direct = (version) => palisade.resolveConfig({ extends: ['all'], rules: { 'k8s/safe-sysctls': { options: { pssVersion: version } } } }, palisade.builtinRules);
    assert.equal(lintText(text, 'pod.yaml', direct('yesterday')).filter((f) => f.ruleId === 'k8s/safe-sysctls').length, 0);
    assert.equal(lintText(text, 'pod.yaml', direct('v1.31')).filter((f) => f.ruleId === 'k8s/safe-sysctls').length, 1);
  });
});

describe('partial documents and templates', () => {
  test('Helm templates drop missing-field findings but keep forbidden values', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        privileged: true
`;
    const all = lintText(text, 'chart/templates/pod.yaml', allRulesConfig());
    const ids = new Set(all.map((f) => f.ruleId));
    assert.ok(ids.has('k8s/no-privileged'));
    for (const id of ['k8s/no-privilege-escalation', 'k8s/run-as-non-root', 'k8s/require-seccomp-profile', 'k8s/drop-all-capabilities', 'k8s/read-only-root-filesystem']) {
      assert.ok(!ids.has(id), `${id} reports a missing field: dropped in a template`);
    }
  });

  test('templated values are not judged', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsUser: {{ .Values.uid }}
  hostPID: {{ .Values.hostPID }}
  containers:
    - name: app
      image: "{{ .Values.image }}"
      securityContext:
        procMount: {{ .Values.procMount }}
        capabilities:
          add: [{{ .Values.cap }}]
`;
    const ids = lintText(text, 'chart/templates/pod.yaml', allRulesConfig()).map((f) => f.ruleId);
    for (const id of ['k8s/no-run-as-root-uid', 'k8s/no-host-pid', 'k8s/no-latest-image-tag', 'k8s/default-proc-mount', 'k8s/capabilities-baseline', 'k8s/no-dangerous-capabilities']) {
      assert.ok(!ids.includes(id), `${id} leaves templated values alone`);
    }
  });

  test('non-Kubernetes YAML and non-workload kinds get nothing from the pod rules', () => {
    const compose = 'services:\n  web:\n    image: nginx\n    privileged: true\n';
    assert.deepEqual(lintText(compose, 'docker-compose.yaml', allRulesConfig()), []);
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  privileged: "true"\n';
    assert.deepEqual(lintText(cm, 'cm.yaml', allRulesConfig()).filter((f) => f.ruleId.startsWith('k8s/no-privileged')), []);
  });

  test('hostile shapes never throw', () => {
    const shapes = [
      pod('containers: "not a list"'),
      pod('containers: [1, null, [], {securityContext: 3}]'),
      pod('securityContext: [1, 2]\ncontainers: [{name: a, securityContext: {capabilities: {add: {x: 1}, drop: 7}}}]'),
      pod('volumes: [{hostPath: 5}, {hostPath: {path: [1]}}, null]\ncontainers: [{name: a, env: [{name: [1], value: {a: 1}}]}]'),
      pod('containers: [{name: a, ports: [{hostPort: [], containerPort: {}}], livenessProbe: {httpGet: {host: {}}}}]'),
    ];
    for (const text of shapes) {
      const out = lintText(text, 'pod.yaml', allRulesConfig());
      assert.deepEqual(out.filter((f) => f.ruleId === 'internal-error'), [], text);
    }
  });
});
