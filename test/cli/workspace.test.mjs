// Cross-file rules in the CLI: every scanned file is part of the workspace the rules see.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeWorkspace, onlyRulesConfig, runCli } from '../support/cli.mjs';
import { palisade } from '../support/engine.mjs';

const RULE = 'k8s/service-selects-pods';
const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n';
const deployment = (label) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: ${label}\n  template:\n    metadata:\n      labels:\n        app: ${label}\n    spec:\n      containers:\n        - name: app\n          image: x:1\n`;

test('a cross-file rule sees the objects of the other scanned files', { skip: !palisade.builtinRules.some((r) => r.meta.id === RULE) && `no ${RULE}` }, (t) => {
  const ws = makeWorkspace({ '.git/HEAD': '', '.palisade.yaml': onlyRulesConfig([RULE], palisade.builtinRules), 'k8s/service.yaml': SERVICE, 'k8s/deployment.yaml': deployment('web') });
  t.after(ws.dispose);
  const findings = () => JSON.parse(runCli(['scan', '--format', 'json'], { cwd: ws.dir }).stdout).files
    .flatMap((f) => f.findings.filter((x) => x.ruleId === RULE).map((x) => `${f.path}:${x.range.start.line + 1}`));
  assert.deepEqual(findings(), [], 'the Deployment in the other file gives the Service its pods');
  ws.write('k8s/deployment.yaml', deployment('api'));
  assert.deepEqual(findings(), ['k8s/service.yaml:6'], 'with the labels apart, the Service selects nothing');
  const sarif = JSON.parse(runCli(['scan', '--format', 'sarif'], { cwd: ws.dir }).stdout);
  const result = sarif.runs[0].results.find((r) => r.ruleId === RULE);
  assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'k8s/service.yaml');
});

test('a build context\'s .dockerignore is read for the cross-file Dockerfile rules (not reported as a scanned file), also for a Dockerfile named alone', (t) => {
  const rules = ['docker/copy-ignored-file', 'docker/no-secret-files-in-image'];
  const ws = makeWorkspace({
    '.git/HEAD': '', '.palisade.yaml': onlyRulesConfig(rules, palisade.builtinRules),
    'app/Dockerfile': 'FROM alpine:3.22\nCOPY . /app\nCOPY secrets/ /s\nUSER 1000\n',
  });
  t.after(ws.dispose);
  const scan = (...paths) => {
    const report = JSON.parse(runCli(['scan', ...paths, '--format', 'json'], { cwd: ws.dir }).stdout);
    return { scanned: report.summary.filesScanned, findings: report.files.flatMap((f) => f.findings.map((x) => `${f.path}:${x.range.start.line + 1} ${x.ruleId}`)) };
  };
  // the Dockerfile and .palisade.yaml are scanned; the .dockerignore only read
  assert.deepEqual(scan(), { scanned: 2, findings: ['app/Dockerfile:2 docker/no-secret-files-in-image'] }, 'no .dockerignore: the whole context is copied');
  ws.write('app/.dockerignore', '.git\n.env*\n*.pem\nsecrets\n');
  const findings = ['app/Dockerfile:3 docker/copy-ignored-file'];
  assert.deepEqual(scan(), { scanned: 2, findings }, 'the .dockerignore is seen: the context is covered, and it excludes secrets/');
  assert.deepEqual(scan('app/Dockerfile'), { scanned: 1, findings }, 'a Dockerfile named alone brings its folder\'s .dockerignore');
});
