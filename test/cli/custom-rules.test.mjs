// Custom rules of a .palisade.yaml in the CLI: they run, get a SARIF descriptor and can be explained.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deployment, makeWorkspace, onlyRulesConfig, runCli } from '../support/cli.mjs';
import { palisade } from '../support/engine.mjs';

const CONFIG = `${onlyRulesConfig([], palisade.builtinRules)}customRules:
  - id: acme/team-label
    severity: error
    title: Workloads carry a team label
    message: Every workload needs a "team" label so that alerts reach an owner.
    kinds: [Deployment]
    schema:
      type: object
      required: [metadata]
      properties:
        metadata:
          required: [labels]
          properties:
            labels:
              required: [team]
`;

test('custom rules run in scans, are described in SARIF and explained', (t) => {
  const ws = makeWorkspace({ '.git/HEAD': '', '.palisade.yaml': CONFIG, 'deploy.yaml': deployment('web') });
  t.after(ws.dispose);
  const json = runCli(['scan', 'deploy.yaml', '--format', 'json'], { cwd: ws.dir });
  assert.equal(json.code, 1, json.stderr);
  assert.deepEqual(JSON.parse(json.stdout).files[0].findings.map((f) => [f.ruleId, f.severity]), [['acme/team-label', 'error']]);
  const run = JSON.parse(runCli(['scan', 'deploy.yaml', '--format', 'sarif'], { cwd: ws.dir }).stdout).runs[0];
  const result = run.results[0];
  const descriptor = run.tool.driver.rules[result.ruleIndex];
  assert.equal(descriptor.id, 'acme/team-label');
  assert.equal(descriptor.shortDescription.text, 'Workloads carry a team label');
  assert.match(descriptor.help.markdown, /acme\/team-label/);
  const explained = runCli(['explain', 'acme/team-label'], { cwd: ws.dir });
  assert.equal(explained.code, 0, explained.stderr);
  assert.match(explained.stdout, /Workloads carry a team label/);
  assert.equal(runCli(['explain', 'acme/team-label']).code, 2, 'unknown outside the workspace that defines it');
});
