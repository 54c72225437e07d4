// Headless Neovim as a second real LSP client: the same dist/server.js, over stdio instead of VS Code's IPC.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runNeovim } from './support/neovim.mjs';

test('neovim: Dockerfile diagnostics with codes, hover, quick fix applied', async () => {
  const { status, output } = await runNeovim('Dockerfile', { rule: 'docker/no-root-user', fix: 'Run as 65532:65532' });
  assert.equal(status, 0, output);
  // `USER root` on line 9: the finding covers exactly `root` (columns 6-9, end exclusive 10)
  assert.match(output, /DIAG 9:6-9:10 severity=1 source=palisade code=docker\/no-root-user .*runs as root \(`USER root`\)/, output);
  assert.match(output, /HOVER .*The final image must not run as root/, output);
  assert.match(output, /ACTION Run as 65532:65532/, output);
  assert.match(output, /ACTION Suppress docker\/no-root-user for this line/, output);
  assert.match(output, /LINE 9: USER 65532:65532$/m, output);
  assert.doesNotMatch(output, /AFTER .*code=docker\/no-root-user/, output);
});

test('neovim: Kubernetes manifest diagnostics name the workload; the fix removes the key', async () => {
  const { status, output } = await runNeovim('k8s/workloads.yaml', { rule: 'k8s/no-host-pid' });
  assert.equal(status, 0, output);
  assert.match(output, /DIAG \d+:\d+-\d+:\d+ severity=1 source=palisade code=k8s\/no-host-pid Deployment\/web shares the host's process namespace/, output);
  assert.match(output, /HOVER .*Pods must not use the host's process namespace/, output);
  assert.match(output, /APPLIED Remove `hostPID: true`/, output);
  // the key is gone (the next line moved up) and the other workload's finding is still there
  assert.match(output, /LINE 17: {7}serviceAccount: web$/m, output);
  assert.match(output, /AFTER \d+:\d+-\d+:\d+ severity=1 source=palisade code=k8s\/no-host-pid DaemonSet\/agent/, output);
  assert.doesNotMatch(output, /AFTER .*code=k8s\/no-host-pid Deployment\/web/, output);
});
