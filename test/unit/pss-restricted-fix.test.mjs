// The "Apply the restricted security context" action offered on restricted-profile container findings: applied to
// each container in turn, it makes the pod pass the pss-restricted preset, whatever shape the security context had,
// and keeps comments and unrelated keys.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { palisade } from '../support/engine.mjs';

const restricted = palisade.resolveConfig({ extends: ['pss-restricted'] }, palisade.builtinRules);
const ACTION = /^Apply the restricted security context to /;

/** Apply the action of the first finding that offers it, until none does. */
function applyRestrictedActions(text) {
  let current = text;
  const applied = [];
  for (let i = 0; i < 20; i++) {
    const findings = palisade.lint({ text: current, fileName: 'pod.yaml' }, restricted);
    assert.deepEqual(findings.filter((f) => f.ruleId === 'parse-error' || f.ruleId === 'internal-error'), [], `step ${i} parses`);
    const finding = findings.find((f) => f.fixes?.some((x) => ACTION.test(x.title)));
    if (!finding) return { text: current, applied, left: findings };
    const fix = finding.fixes.find((x) => ACTION.test(x.title));
    const next = palisade.applyEdits(current, fix.edits);
    assert.ok(next !== undefined, `the edits of "${fix.title}" do not overlap`);
    assert.notEqual(next, current, `"${fix.title}" changes the file`);
    applied.push(fix.title);
    current = next;
  }
  assert.fail('the action does not converge');
}

const CASES = {
  'container without a security context': `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
`,
  'empty and null security contexts, an init container and a native sidecar': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      initContainers:
        - name: init
          image: busybox:1.36
          securityContext:
        - name: proxy
          image: envoy:1.30
          restartPolicy: Always
          securityContext: {}
      containers:
        - name: app
          image: nginx:1.27
          securityContext: ~
`,
  'every field wrong, with comments': `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext: # keep me
        privileged: true # keep this comment too
        allowPrivilegeEscalation: true
        runAsNonRoot: false
        runAsUser: 0
        procMount: Unmasked
        readOnlyRootFilesystem: false
        capabilities:
          add:
            - SYS_ADMIN
            - NET_BIND_SERVICE
          drop:
            - NET_RAW
        seccompProfile:
          type: Unconfined
`,
  'flow style security context': `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext: {runAsUser: 0, capabilities: {add: [NET_ADMIN], drop: [all]}}
`,
  'only bad added capabilities, and a seccomp profile without a type': `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        capabilities:
          add: [SYS_PTRACE]
        seccompProfile: {}
`,
  'pod-level runAsNonRoot and seccomp already set': `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsNonRoot: true
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        readOnlyRootFilesystem: true
`,
  'Windows pod': `apiVersion: v1
kind: Pod
metadata:
  name: win
spec:
  os:
    name: windows
  containers:
    - name: app
      image: mcr.microsoft.com/windows/nanoserver:ltsc2022
      securityContext:
        runAsNonRoot: false
`,
};

describe('restricted security context action', () => {
  for (const [name, text] of Object.entries(CASES)) {
    test(`${name}: the pod passes pss-restricted afterwards`, () => {
      const { text: fixed, applied, left } = applyRestrictedActions(text);
      assert.ok(applied.length > 0, 'the action is offered');
      assert.deepEqual(left.map((f) => `${f.ruleId}: ${f.message}`), [], 'no pss-restricted finding is left');
      for (const comment of text.match(/#[^\n]*/g) ?? []) assert.ok(fixed.includes(comment), `comment kept: ${comment}`);
    });
  }

  test('it keeps keys that are already right and changes only the container it names', () => {
    const { text } = applyRestrictedActions(CASES['pod-level runAsNonRoot and seccomp already set']);
    assert.match(text, /readOnlyRootFilesystem: true/);
    // the pod sets runAsNonRoot and seccomp: the container does not repeat them
    assert.equal(text.match(/runAsNonRoot/g).length, 1);
    assert.equal(text.match(/seccompProfile/g).length, 1);
  });

  test('on a Windows pod it touches no Linux-only field', () => {
    const { text } = applyRestrictedActions(CASES['Windows pod']);
    assert.doesNotMatch(text, /allowPrivilegeEscalation|capabilities|seccompProfile/);
    assert.match(text, /runAsNonRoot: true/);
  });

  test('privileged is turned off together with privilege escalation (the API rejects the pair)', () => {
    const { text } = applyRestrictedActions(CASES['every field wrong, with comments']);
    assert.match(text, /privileged: false # keep this comment too/);
    assert.match(text, /allowPrivilegeEscalation: false/);
    assert.doesNotMatch(text, /SYS_ADMIN/);
    assert.match(text, /- NET_BIND_SERVICE/);
    assert.match(text, /- ALL/);
  });
});
