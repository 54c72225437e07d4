// The supply chain of what ships: `npm audit --omit=dev` reports no known vulnerability in the production
// dependencies (skipped, with the reason, when the advisory database cannot be reached: the check needs the
// registry); offline, the production tree holds only what the declared dependencies pull in, none of it runs an
// install script, and the bundles contain only production packages.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { root } from '../support/fixtures.mjs';

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));

/** Production packages of the lock file: name → entry. */
function productionPackages() {
  const out = new Map();
  for (const [key, entry] of Object.entries(lock.packages ?? {})) {
    if (!key || entry.dev || entry.link) continue;
    out.set(key.replace(/^.*node_modules\//, ''), entry);
  }
  return out;
}

test('npm audit --omit=dev: no known vulnerability in the production dependencies', (t) => {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['audit', '--omit=dev', '--json'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    report = undefined;
  }
  const counts = report?.metadata?.vulnerabilities;
  if (!counts) {
    const reason = report?.message ?? report?.error?.summary ?? (r.error?.message || r.stderr.trim().split('\n')[0] || `exit code ${r.status}`);
    t.skip(`npm audit could not query the advisory database (${reason}); run it where the registry is reachable`);
    return;
  }
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  assert.equal(total, 0, `vulnerabilities: ${JSON.stringify(counts)}\n${Object.keys(report.vulnerabilities ?? {}).join(', ')}`);
});

test('the production dependency tree is what the declared dependencies pull in, without install scripts', () => {
  const prod = productionPackages();
  const reachable = new Set();
  const visit = (name) => {
    if (reachable.has(name)) return;
    reachable.add(name);
    const entry = prod.get(name);
    assert.ok(entry, `${name} is a production package of the lock file`);
    for (const dep of [...Object.keys(entry.dependencies ?? {}), ...Object.keys(entry.peerDependencies ?? {})]) {
      if (prod.has(dep)) visit(dep);
    }
  };
  for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep);
  assert.deepEqual([...prod.keys()].filter((p) => !reachable.has(p)).sort(), [], 'packages nothing depends on');
  assert.deepEqual([...prod].filter(([, e]) => e.hasInstallScript).map(([name]) => name), [], 'install scripts');
});

test('the bundles contain production packages only', () => {
  const prod = productionPackages();
  for (const bundle of ['rules.js', 'cli.js', 'server.js', 'extension.js']) {
    const text = fs.readFileSync(path.join(root, 'dist', bundle), 'utf8');
    const packages = new Set([...text.matchAll(/^\/\/ (?:\S*\/)?node_modules\/((?:@[^/\n]+\/)?[^/\n]+)\//gm)].map((m) => m[1]));
    assert.ok(packages.size > 0, `${bundle} names its bundled modules`);
    assert.deepEqual([...packages].filter((p) => !prod.has(p)).sort(), [], `${bundle}: packages that are not production dependencies`);
  }
});
