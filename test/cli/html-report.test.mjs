// The posture report (`palisade scan --format html`) opened in headless Chromium: its sections, its numbers, no
// network request, print; and the same page as the editor's webview (theme variables, nonce'd script, reveal links).
// `UPDATE_SCREENSHOTS=1` also writes docs/images/posture-report.png from examples/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { deployment, importSource, makeWorkspace, runCli } from '../support/cli.mjs';
import { palisade } from '../support/engine.mjs';
import { root } from '../support/fixtures.mjs';

const CHROMIUM = '/usr/bin/chromium';
const skip = fs.existsSync(CHROMIUM) ? false : 'Chromium is not installed (apt-get install -y chromium)';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SECTIONS = ['summary', 'stages', 'compliance', 'top-rules', 'top-resources', 'findings'];

async function withBrowser(t, run) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  t.after(() => browser.close());
  return run(browser);
}

/** Open a file, recording every request the page makes. */
async function open(browser, file, viewport = { width: 1280, height: 900 }) {
  const page = await browser.newPage({ viewport });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, requests };
}

function tempFile(t, name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-html-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, name);
}

test('the examples report: every section, the scan\'s numbers, snippets and fixes, and no request but the file', { skip }, async (t) => {
  const out = tempFile(t, 'report.html');
  const r = runCli(['scan', 'examples', '--format', `html:${out}`, '--format', 'json', '--fail-on', 'never']);
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout);
  const html = fs.readFileSync(out, 'utf8');
  assert.doesNotMatch(html, /<script|<link|<img|<iframe|\bsrc=|@import|url\(/i, 'nothing that could load');
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;/);

  await withBrowser(t, async (browser) => {
    const { page, requests } = await open(browser, out);
    assert.deepEqual(requests, [pathToFileURL(out).href], 'no request beyond the file itself');
    for (const id of SECTIONS) {
      assert.ok(await page.isVisible(`section#${id} h2`), `section #${id} is shown`);
    }
    assert.ok(await page.locator('svg[role="img"]').count() >= 5, 'the charts are inline SVG');
    const cards = await page.locator('.card').evaluateAll((els) => els.map((e) => ({ label: e.querySelector('.card-label').textContent, value: e.querySelector('.card-value').textContent })));
    assert.equal(cards.find((c) => c.label === 'Findings').value.replace(/,/g, ''), String(json.summary.findings));
    const scanned = json.files.filter((f) => !/(^|\/)(\.palisade\.ya?ml|palisade\.config\.yaml)$/.test(f.path));
    assert.ok(scanned.length < json.files.length, 'examples/ has a configuration file, which is not part of the posture');
    assert.equal(cards.find((c) => c.label === 'Files').value.replace(/,/g, ''), String(scanned.length));

    // the stage table adds up to the scan's findings, stage by stage
    const stageOf = new Map(palisade.builtinRules.map((rule) => [rule.meta.id, rule.meta.stage]));
    const expected = {};
    for (const f of json.files.flatMap((x) => x.findings)) expected[stageOf.get(f.ruleId) ?? 'other'] = (expected[stageOf.get(f.ruleId) ?? 'other'] ?? 0) + 1;
    const rows = await page.locator('#stages table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    for (const [stage, count] of Object.entries(expected)) {
      const row = rows.find((cells) => cells[0].toLowerCase().startsWith(stage === 'policy' ? 'organisation' : stage === 'other' ? 'analysis' : stage));
      assert.equal(Number(row?.[4]), count, `${stage}: ${JSON.stringify(rows)}`);
    }

    // every finding is listed with its snippet, the finding's part marked
    assert.equal(await page.locator('.occurrence').count(), json.summary.findings);
    assert.equal(await page.locator('.occurrence pre.snippet mark').count(), await page.locator('.occurrence').count());
    assert.equal(await page.locator('.occurrence .fix pre.diff').count() >= json.summary.fixable, true, 'fixable findings show their fix');
    assert.ok(await page.locator('#findings .howto').count() > 5, 'each rule says how to fix it');
    assert.match(await page.locator('#compliance').innerText(), /PSS baseline[\s\S]*workloads? pass/);
    assert.match(await page.locator('#compliance').innerText(), /CIS Docker Benchmark/);

    // print: the navigation goes, the page still lays out as a document
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.isVisible('nav.toc'), false);
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 20_000);
    assert.deepEqual(requests, [pathToFileURL(out).href], 'printing loads nothing either');
  });
});

test('compliance: the share of workloads that pass PSS baseline and restricted, and CIS items with pass/fail counts', { skip }, async (t) => {
  const restrictedOk = deployment('hardened', [
    'securityContext:', '  runAsNonRoot: true', '  seccompProfile:', '    type: RuntimeDefault',
  ]).replace('          image: registry.example.com/app:1.0.0', [
    '          image: registry.example.com/app:1.0.0',
    '          securityContext:',
    '            allowPrivilegeEscalation: false',
    '            capabilities:',
    '              drop: [ALL]',
  ].join('\n'));
  const ws = makeWorkspace({
    '.git/HEAD': '',
    'hardened.yaml': restrictedOk,
    'plain.yaml': deployment('plain'),
    'hostpid.yaml': deployment('hostpid', ['hostPID: true']),
    'service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports: [{port: 80}]\n',
    'Dockerfile': 'FROM alpine:3.20\nUSER root\n',
  });
  t.after(ws.dispose);
  // the user's configuration does not change what the standard says
  ws.write('.palisade.yaml', 'rules:\n  k8s/no-host-pid: off\n');
  const r = runCli(['scan', '--format', 'html:report.html', '--fail-on', 'never'], { cwd: ws.dir });
  assert.equal(r.code, 0, r.stderr);
  await withBrowser(t, async (browser) => {
    const { page } = await open(browser, ws.path('report.html'));
    const pss = await page.locator('#compliance .pss').allInnerTexts();
    assert.match(pss[0], /PSS baseline[\s\S]*2 of 3 workloads pass \(67 %\)/);
    assert.match(pss[0], /Deployment\/hostpid\s+k8s\/no-host-pid/);
    assert.match(pss[1], /PSS restricted[\s\S]*1 of 3 workloads pass \(33 %\)/);
    assert.match(pss[1], /Deployment\/plain/);
    assert.doesNotMatch(pss[1], /hardened/);
    const cis = await page.locator('#compliance table.cis tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
    const row = (id) => cis.find((cells) => cells[0] === id);
    assert.deepEqual(row('5.2.6')?.slice(1, 5), ['fail', '2', '1', 'workloads'], 'privilege escalation: only the hardened workload sets it');
    assert.deepEqual(row('4.1')?.slice(1, 5), ['fail', '1', '0', 'Dockerfiles']);
    assert.equal(row('5.2.3'), undefined, 'host PID is off here: not a judged row');
    assert.match(await page.locator('#compliance').innerText(), /not checked[^\n]*5\.2\.3/);
  });
});

test('the editor\'s webview: theme variables, only the nonce\'d script runs, links post a reveal message', { skip }, async (t) => {
  const { PostureCollector } = await importSource('rules/core/posture.ts');
  const { renderPostureHtml } = await importSource('rules/core/posture-html.ts');
  const text = deployment('web', ['hostPID: true']);
  const findings = palisade.lint({ text, fileName: 'deploy.yaml' });
  assert.ok(findings.length > 0);
  const collector = new PostureCollector(palisade.builtinRules, new Set(palisade.builtinRules.map((r) => r.meta.id)));
  collector.add({ path: 'deploy.yaml', uri: 'file:///ws/deploy.yaml', kind: 'yaml', text, findings });
  const posture = collector.result({ title: 'Security posture of ws', roots: ['ws'] });
  const html = renderPostureHtml(posture, { mode: 'webview', nonce: 'abc123', cspSource: 'vscode-webview://x' })
    .replace('</body>', '<script>window.__injected = true;</script></body>');
  const policy = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1].replace(/&#39;/g, "'");
  assert.match(policy, /^default-src 'none';/);
  assert.match(policy, /script-src 'nonce-abc123'/);
  assert.doesNotMatch(policy, /unsafe-eval|https?:|\*/, 'nothing remote, no eval');
  await withBrowser(t, async (browser) => {
    const page = await browser.newPage();
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.addInitScript(() => {
      window.__messages = [];
      window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__messages.push(m) });
    });
    // the editor sets its theme variables on the page; here a test colour stands in for them
    const file = tempFile(t, 'webview.html');
    fs.writeFileSync(file, html.replace('<body', '<body style="--vscode-editorError-foreground: rgb(1, 2, 3)"').replace(':root{--bg', 'body{--bg'));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    assert.equal(await page.evaluate(() => window.__injected), undefined, 'a script without the nonce is blocked');
    assert.equal(await page.locator('.seg.error').first().evaluate((e) => getComputedStyle(e).fill), 'rgb(1, 2, 3)', 'colours come from the editor theme');
    const link = page.locator('.occurrence a.reveal').first();
    const expected = findings[0];
    await link.click();
    const messages = await page.evaluate(() => window.__messages);
    assert.deepEqual(messages[0], { type: 'reveal', uri: 'file:///ws/deploy.yaml', range: posture.groups[0].occurrences[0].range });
    assert.ok(posture.groups.some((g) => g.rule.id === expected.ruleId));
    await page.click('[data-action="refresh"]');
    assert.deepEqual((await page.evaluate(() => window.__messages)).at(-1), { type: 'refresh' });
    assert.deepEqual(requests, [pathToFileURL(file).href], 'nothing remote');
  });
});

test('screenshot of the examples report (docs/images/posture-report.png with UPDATE_SCREENSHOTS=1)', { skip }, async (t) => {
  const out = tempFile(t, 'report.html');
  const r = runCli(['scan', 'examples', '--format', `html:${out}`, '--fail-on', 'never'], { env: { SOURCE_DATE_EPOCH: '1767225600' } });
  assert.equal(r.code, 0, r.stderr);
  const target = process.env.UPDATE_SCREENSHOTS ? path.join(root, 'docs', 'images', 'posture-report.png') : tempFile(t, 'posture-report.png');
  await withBrowser(t, async (browser) => {
    const { page } = await open(browser, out, { width: 1280, height: 1500 });
    await page.screenshot({ path: target });
  });
  assert.ok(fs.statSync(target).size > 50_000, 'a real picture, not a blank page');
});
