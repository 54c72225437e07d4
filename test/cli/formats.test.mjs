// The CI formats: SARIF checked against the SARIF 2.1.0 schema (the parts GitHub code scanning reads), JUnit XML
// against its shape, GitHub workflow annotations against the runner's command syntax, and several reports at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { deployment, makeWorkspace, onlyRulesConfig, runCli } from '../support/cli.mjs';
import { palisade } from '../support/engine.mjs';
import { root } from '../support/fixtures.mjs';

const schema = JSON.parse(fs.readFileSync(path.join(root, 'test', 'support', 'sarif-2.1.0.schema.json'), 'utf8'));
const validateSarif = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(schema);

const HOST_PID = deployment('web', ['hostPID: true']);
const TWO_CONTAINERS = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: two',
  'spec:',
  '  containers:',
  '    - name: a',
  '      image: registry.example.com/a:1.0.0',
  '      securityContext:',
  '        privileged: true',
  '    - name: b',
  '      image: registry.example.com/b:1.0.0',
  '      securityContext:',
  '        privileged: true',
  '',
].join('\n');
const DOCKERFILE = 'FROM alpine:3.20\nRUN apk add curl\nUSER root\n';
const RULES = ['k8s/no-host-pid', 'k8s/no-privileged', 'docker/no-root-user'];

function workspace(t, files, config = onlyRulesConfig(RULES, palisade.builtinRules)) {
  const ws = makeWorkspace({ '.git/HEAD': '', '.palisade.yaml': config, ...files });
  t.after(ws.dispose);
  return ws;
}

function assertValidSarif(log) {
  const valid = validateSarif(log);
  assert.ok(valid, JSON.stringify(validateSarif.errors?.slice(0, 5), null, 2));
  for (const run of log.runs) {
    for (const result of run.results ?? []) {
      for (const loc of [...result.locations, ...(result.relatedLocations ?? [])]) {
        const r = loc.physicalLocation?.region;
        if (!r) continue;
        // the schema cannot say that a region ends after it starts
        assert.ok(r.endLine > r.startLine || (r.endLine === r.startLine && r.endColumn >= r.startColumn), JSON.stringify(r));
      }
      if (result.ruleIndex !== undefined) assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
    }
  }
}

test('SARIF validates against the SARIF 2.1.0 schema: findings with fixes, related locations and engine findings', (t) => {
  const ws = workspace(t, {
    'k8s/deploy.yaml': HOST_PID,
    'k8s/pod.yaml': TWO_CONTAINERS,
    'k8s/broken.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: x\n',
    'Dockerfile': DOCKERFILE,
    'odd name/ümlaut & co.yaml': HOST_PID,
  });
  const r = runCli(['scan', '--format', 'sarif'], { cwd: ws.dir });
  assert.equal(r.code, 1, r.stderr);
  const log = JSON.parse(r.stdout);
  assertValidSarif(log);
  const results = log.runs[0].results;
  assert.ok(results.some((x) => x.ruleId === 'parse-error'), 'the broken file is a parse-error result');
  assert.ok(results.some((x) => x.fixes?.length), 'fixes are part of what was validated');
  assert.ok(results.some((x) => x.locations[0].physicalLocation.artifactLocation.uri.includes('%C3%BC')), 'non-ASCII paths are encoded');
});

test('SARIF of the examples and of every rule (--preset all) validates', () => {
  const r = runCli(['scan', 'examples', '--preset', 'all', '--format', 'sarif', '--fail-on', 'never']);
  assert.equal(r.code, 0, r.stderr);
  const log = JSON.parse(r.stdout);
  assertValidSarif(log);
  assert.ok(log.runs[0].results.length > 40);
  assert.equal(log.runs[0].tool.driver.rules.length >= palisade.builtinRules.length, true);
});

test('the SARIF schema itself rejects what GitHub would reject', () => {
  const good = { version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ ruleId: 'r', message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a.yaml' }, region: { startLine: 1 } } }] }] }] };
  assert.equal(validateSarif(good), true);
  const bad = [
    (l) => { l.version = '2.0.0'; },
    (l) => { delete l.runs[0].tool.driver.name; },
    (l) => { l.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0; },
    (l) => { l.runs[0].results[0].level = 'fatal'; },
    (l) => { delete l.runs[0].results[0].message; },
    (l) => { l.runs[0].results[0].locations = []; },
  ];
  for (const mutate of bad) {
    const log = structuredClone(good);
    mutate(log);
    assert.equal(validateSarif(log), false, mutate.toString());
  }
});

// ---------------------------------------------------------------------------------------------------------------------
// JUnit

/**
 * A small XML reader: elements, attributes (quoted), text, comments, the declaration, the five predefined entities and
 * character references. Throws on anything malformed: unbalanced or crossed tags, unquoted or duplicate attributes,
 * a raw `<` or `&` in text, characters XML 1.0 forbids.
 */
function parseXml(source) {
  let i = 0;
  const fail = (what) => { throw new Error(`${what} at offset ${i}: ${JSON.stringify(source.slice(i, i + 40))}`); };
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(source)) fail('a character XML 1.0 forbids');
  const decode = (text) => text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);|&/g, (m, ref) => {
    if (m === '&') fail('a raw & in text');
    if (ref[0] === '#') return String.fromCodePoint(ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[ref];
  });
  const skipSpace = () => { while (/\s/.test(source[i] ?? '')) i++; };
  if (source.startsWith('<?xml', i)) { i = source.indexOf('?>', i); if (i < 0) fail('an open declaration'); i += 2; }
  const rootNode = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [rootNode];
  while (i < source.length) {
    if (source.startsWith('<!--', i)) { const end = source.indexOf('-->', i); if (end < 0) fail('an open comment'); i = end + 3; continue; }
    if (source.startsWith('</', i)) {
      const m = /^<\/([A-Za-z_][\w.-]*)\s*>/.exec(source.slice(i));
      if (!m) fail('a bad end tag');
      const open = stack.pop();
      if (!open || open.name !== m[1]) fail(`</${m[1]}> closes <${open?.name}>`);
      i += m[0].length;
      continue;
    }
    if (source[i] === '<') {
      const m = /^<([A-Za-z_][\w.-]*)/.exec(source.slice(i));
      if (!m) fail('a bad start tag');
      i += m[0].length;
      const element = { name: m[1], attributes: {}, children: [], text: '' };
      for (;;) {
        skipSpace();
        if (source.startsWith('/>', i)) { i += 2; stack[stack.length - 1].children.push(element); break; }
        if (source[i] === '>') { i++; stack[stack.length - 1].children.push(element); stack.push(element); break; }
        const a = /^([A-Za-z_][\w.:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(source.slice(i));
        if (!a) fail('a bad attribute');
        if (a[1] in element.attributes) fail(`a duplicate attribute ${a[1]}`);
        element.attributes[a[1]] = decode(a[3] ?? a[4]);
        i += a[0].length;
      }
      continue;
    }
    const next = source.indexOf('<', i);
    const chunk = source.slice(i, next < 0 ? source.length : next);
    if (chunk.includes('>') && /]]>/.test(chunk)) fail('"]]>" in text');
    stack[stack.length - 1].text += decode(chunk);
    i = next < 0 ? source.length : next;
  }
  if (stack.length !== 1) fail(`<${stack[stack.length - 1].name}> is never closed`);
  const elements = rootNode.children;
  if (elements.length !== 1 || rootNode.text.trim()) fail('not exactly one root element');
  return elements[0];
}

test('the XML reader of these tests rejects malformed XML', () => {
  for (const bad of ['<a><b></a></b>', '<a x=1/>', '<a x="1" x="2"/>', '<a>1 < 2</a>', '<a>R&D</a>', '<a>', '<a/><b/>', '<a>\u0001</a>']) {
    assert.throws(() => parseXml(bad), undefined, bad);
  }
  assert.equal(parseXml('<?xml version="1.0"?><a q="&quot;&#65;">x &amp; y</a>').attributes.q, '"A');
});

test('JUnit: testsuites > testsuite per file > testcase per file × rule, failing with message and type', (t) => {
  const ws = workspace(t, { 'k8s/deploy.yaml': HOST_PID, 'k8s/pod.yaml': TWO_CONTAINERS, 'Dockerfile': DOCKERFILE, 'clean.yaml': deployment('ok') });
  const json = JSON.parse(runCli(['scan', '--format', 'json'], { cwd: ws.dir }).stdout);
  const r = runCli(['scan', '--format', 'junit'], { cwd: ws.dir });
  assert.equal(r.code, 1, r.stderr);
  const doc = parseXml(r.stdout);
  assert.equal(doc.name, 'testsuites');
  const suites = doc.children;
  assert.ok(suites.every((s) => s.name === 'testsuite'));
  assert.deepEqual(suites.map((s) => s.attributes.name), json.files.map((f) => f.path), 'one suite per scanned file, in order');
  for (const suite of suites) {
    const file = json.files.find((f) => f.path === suite.attributes.name);
    const rules = [...new Set(file.findings.map((f) => f.ruleId))];
    const cases = suite.children;
    assert.ok(cases.every((c) => c.name === 'testcase' && c.attributes.classname === file.path && c.attributes.name));
    assert.equal(Number(suite.attributes.tests), cases.length);
    if (!rules.length) {
      assert.equal(cases.length, 1, 'a clean file is one passing case');
      assert.equal(cases[0].children.length, 0);
      continue;
    }
    assert.deepEqual(cases.map((c) => c.attributes.name).sort(), rules.sort(), 'one case per rule with findings');
    assert.equal(Number(suite.attributes.failures), cases.length);
    for (const c of cases) {
      assert.equal(c.children.length, 1);
      const failure = c.children[0];
      assert.equal(failure.name, 'failure');
      const findings = file.findings.filter((f) => f.ruleId === c.attributes.name);
      assert.ok(failure.attributes.message.length > 0);
      assert.equal(failure.attributes.type, findings.some((f) => f.severity === 'error') ? 'error' : findings.some((f) => f.severity === 'warning') ? 'warning' : 'info');
      for (const f of findings) assert.ok(failure.text.includes(`${file.path}:${f.range.start.line + 1}:${f.range.start.character + 1}`), 'each finding is listed with its position');
    }
  }
  const pod = suites.find((s) => s.attributes.name === 'k8s/pod.yaml');
  assert.match(pod.children[0].children[0].attributes.message, /^2 findings/, 'two containers, one case with both');
});

test('JUnit escapes what files put into messages and marks analysis problems as errors', (t) => {
  const ws = workspace(t, {
    'we<ird> & "name".yaml': HOST_PID.replace('name: web', 'name: "a<b>&c"'),
    'broken.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: x\n',
  });
  const r = runCli(['scan', '--format', 'junit'], { cwd: ws.dir });
  const doc = parseXml(r.stdout);
  const weird = doc.children.find((s) => s.attributes.name === 'we<ird> & "name".yaml');
  assert.ok(weird, 'the file name survives escaping');
  assert.match(weird.children[0].children[0].attributes.message, /a<b>&c/);
  const broken = doc.children.find((s) => s.attributes.name === 'broken.yaml');
  assert.equal(broken.children[0].children[0].name, 'error');
  assert.equal(broken.attributes.errors, '1');
});

// ---------------------------------------------------------------------------------------------------------------------
// GitHub annotations

const ANNOTATION = /^::(error|warning|notice) file=([^,:]+),line=(\d+),col=(\d+),endLine=(\d+)(?:,endColumn=(\d+))?,title=([^,:]*)::(.*)$/;

function decodeProperty(v) {
  return v.replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
}

test('github: one workflow command per finding, 1-based positions, levels, escaped file names and messages', (t) => {
  const ws = workspace(t, { 'k8s/deploy.yaml': HOST_PID, 'a,b:c%.yaml': TWO_CONTAINERS, 'Dockerfile': DOCKERFILE });
  const json = JSON.parse(runCli(['scan', '--format', 'json'], { cwd: ws.dir }).stdout);
  const r = runCli(['scan', '--format', 'github'], { cwd: ws.dir });
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  const commands = lines.filter((l) => l.startsWith('::'));
  const expected = json.files.flatMap((f) => f.findings.map((finding) => ({ path: f.path, finding })));
  assert.equal(commands.length, expected.length);
  commands.forEach((line, k) => {
    const m = ANNOTATION.exec(line);
    assert.ok(m, line);
    const { path: file, finding } = expected[k];
    assert.equal(m[1], { error: 'error', warning: 'warning', info: 'notice' }[finding.severity]);
    assert.equal(decodeProperty(m[2]), file);
    assert.equal(Number(m[3]), finding.range.start.line + 1);
    assert.equal(Number(m[4]), finding.range.start.character + 1);
    assert.equal(Number(m[5]), finding.range.end.line + 1);
    if (m[6]) assert.equal(Number(m[6]), finding.range.end.character + 1);
    assert.equal(decodeProperty(m[7]), `Palisade ${finding.ruleId}`);
    assert.equal(decodeProperty(m[8]), finding.message);
    assert.ok(!m[8].includes('\n'));
  });
  assert.match(lines[lines.length - 1], /^Palisade: \d+ problems/);
});

// ---------------------------------------------------------------------------------------------------------------------
// Several reports at once

test('several --format at once: each to its own file, one to stdout; the same findings in each', (t) => {
  const ws = workspace(t, { 'k8s/deploy.yaml': HOST_PID, 'Dockerfile': DOCKERFILE });
  const r = runCli(['scan', '--format', 'text', '--format', 'sarif:out/p.sarif', '--format', 'junit:out/p.xml,json:out/p.json', '--format', 'html:out/p.html'], { cwd: ws.dir, env: {} });
  assert.equal(r.code, 2, 'a missing folder fails before the scan');
  fs.mkdirSync(ws.path('out'));
  const ok = runCli(['scan', '--format', 'text', '--format', 'sarif:out/p.sarif', '--format', 'junit:out/p.xml,json:out/p.json', '--format', 'html:out/p.html'], { cwd: ws.dir });
  assert.equal(ok.code, 1, ok.stderr);
  assert.match(ok.stdout, /2 problems \(2 errors\)/, 'text went to stdout');
  const json = JSON.parse(ws.read('out/p.json'));
  const sarif = JSON.parse(ws.read('out/p.sarif'));
  assertValidSarif(sarif);
  assert.equal(sarif.runs[0].results.length, json.summary.findings);
  assert.equal(parseXml(ws.read('out/p.xml')).children.length, json.summary.filesScanned);
  assert.match(ws.read('out/p.html'), /^<!DOCTYPE html>/);
});

test('--output takes the one report without a file; two reports on one destination are a usage error', (t) => {
  const ws = workspace(t, { 'deploy.yaml': HOST_PID });
  const r = runCli(['scan', '--format', 'json', '--format', 'github', '--output', 'report.json'], { cwd: ws.dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /both write to report\.json/);
  assert.equal(fs.existsSync(ws.path('report.json')), false);
  const two = runCli(['scan', '--format', 'github,junit'], { cwd: ws.dir });
  assert.equal(two.code, 2);
  assert.match(two.stderr, /both write to stdout/);
  const ok = runCli(['scan', '--format', 'json', '--format', 'github:annotations.txt', '--output', 'report.json'], { cwd: ws.dir });
  assert.equal(ok.code, 1, ok.stderr);
  assert.equal(ok.stdout, '');
  assert.equal(JSON.parse(ws.read('report.json')).summary.findings, 1);
  assert.match(ws.read('annotations.txt'), /^::error file=deploy\.yaml,/);
  for (const bad of [['--format', 'xml'], ['--format', 'sarif:'], ['--format', 'junit,nope']]) {
    assert.equal(runCli(['scan', ...bad], { cwd: ws.dir }).code, 2, bad.join(' '));
  }
});
