// Completion and hover in configuration files (.palisade.yaml, .palisade.yml, palisade.config.yaml) over a real pipe:
// keys at every level, values of enumerations, rule ids with their titles, presets, Kubernetes kinds; hover on keys
// (from the configuration schema), rule ids and presets; incomplete and broken documents while typing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { palisade } from '../support/engine.mjs';
import { fileUri, startLspClient } from '../support/lsp-client.mjs';

/** Where the cursor is in the test texts. */
const CURSOR = '‸';
const ruleMeta = (id) => palisade.builtinRules.find((r) => r.meta.id === id).meta;

describe('configuration file language features', () => {
  let client;
  let dir;
  let counter = 0;

  /** Open `text` (with one CURSOR) as a configuration file; returns its uri and the cursor position. */
  async function openAt(textWithCursor, name = '.palisade.yaml') {
    const at = textWithCursor.indexOf(CURSOR);
    assert.ok(at >= 0, 'the text marks the cursor');
    const text = textWithCursor.replace(CURSOR, '');
    const before = text.slice(0, at).split('\n');
    const position = { line: before.length - 1, character: before[before.length - 1].length };
    const folder = path.join(dir, String(counter++));
    fs.mkdirSync(folder);
    const uri = fileUri(path.join(folder, name));
    await client.open(uri, 'yaml', text);
    return { uri, position };
  }

  /** The completion items at the cursor (a list, whichever form the server answers with). */
  async function complete(textWithCursor, { trigger, name } = {}) {
    const { uri, position } = await openAt(textWithCursor, name);
    const context = trigger ? { triggerKind: 2, triggerCharacter: trigger } : { triggerKind: 1 };
    const result = await client.request('textDocument/completion', { textDocument: { uri }, position, context });
    await client.close(uri);
    return Array.isArray(result) ? result : result?.items ?? [];
  }

  async function hover(textWithCursor) {
    const { uri, position } = await openAt(textWithCursor);
    return client.hover(uri, position.line, position.character);
  }

  const labels = (items) => items.map((i) => i.label);

  before(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'palisade-config-lang-')));
    client = await startLspClient({ workspaceFolders: [dir] });
  });
  after(async () => {
    await client?.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the server announces completion with YAML trigger characters', () => {
    const provider = client.initializeResult.capabilities.completionProvider;
    assert.ok(provider, 'completionProvider');
    for (const c of [':', ' ', '/']) assert.ok(provider.triggerCharacters.includes(c), `trigger ${JSON.stringify(c)}`);
  });

  test('top-level keys, in schema order, without those already present', async () => {
    const empty = await complete(CURSOR);
    assert.deepEqual(labels(empty), ['extends', 'rules', 'overrides', 'policies', 'customRules', 'exclude', 'suppressions', 'targetStage']);
    const rules = empty.find((i) => i.label === 'rules');
    assert.equal(rules.kind, 10, 'Property');
    assert.equal(rules.textEdit.newText, 'rules:', 'a mapping-valued key is written alone');
    assert.equal(empty.find((i) => i.label === 'targetStage').textEdit.newText, 'targetStage: ');
    assert.match(empty.find((i) => i.label === 'extends').documentation.value, /Presets to start from/);

    const partial = await complete(`extends: [all]\nsupp${CURSOR}\n`);
    assert.ok(!labels(partial).includes('extends'), 'present keys are not offered');
    const item = partial.find((i) => i.label === 'suppressions');
    assert.deepEqual(item.textEdit.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } }, 'replaces the word typed');
  });

  test('rule ids under rules: with the title as detail and a docs link, present ones left out', async () => {
    const items = await complete(`rules:\n  k8s/no-host-pid: off\n  k8s/no-pri${CURSOR}\n`);
    const item = items.find((i) => i.label === 'k8s/no-privileged');
    assert.ok(item, 'k8s/no-privileged offered');
    assert.equal(item.detail, ruleMeta('k8s/no-privileged').title);
    assert.match(item.documentation.value, /\(https:\/\/github\.com\/palisade-dev\/palisade\/blob\/main\/docs\/rules\/k8s\/no-privileged\.md\)/);
    assert.equal(item.textEdit.newText, 'k8s/no-privileged: ');
    assert.deepEqual(item.textEdit.range, { start: { line: 2, character: 2 }, end: { line: 2, character: 12 } });
    assert.ok(!labels(items).includes('k8s/no-host-pid'), 'already configured');
    assert.equal(items.length, palisade.builtinRules.length - 1, 'every other built-in rule');
  });

  test('rule ids after "/" and in an override\'s rules; custom rules of the file are offered too', async () => {
    const slash = await complete(`rules:\n  docker/${CURSOR}`, { trigger: '/' });
    assert.ok(labels(slash).includes('docker/no-root-user'));
    const override = await complete(`overrides:\n  - files: ["dev/**"]\n    rules:\n      k8s/${CURSOR}\n`);
    assert.ok(labels(override).includes('k8s/no-host-pid'));
    const custom = await complete(`customRules:\n  - id: acme/team-label\n    title: Workloads carry a team label\n    schema: {}\nrules:\n  acme/${CURSOR}\n`);
    const item = custom.find((i) => i.label === 'acme/team-label');
    assert.ok(item, 'the custom rule declared in the file');
    assert.equal(item.detail, 'Workloads carry a team label');
  });

  test('levels as the values of rules, after "key: " and after a bare ":"', async () => {
    const spaced = await complete(`rules:\n  k8s/no-privileged: ${CURSOR}\n`, { trigger: ' ' });
    assert.deepEqual(labels(spaced), ['off', 'info', 'warning', 'error']);
    assert.equal(spaced[3].textEdit.newText, 'error');
    const bare = await complete(`rules:\n  k8s/no-privileged:${CURSOR}\n`, { trigger: ':' });
    assert.equal(bare.find((i) => i.label === 'warning').textEdit.newText, ' warning', 'a space is added after the colon');
    const partial = await complete(`rules:\n  k8s/no-privileged: warn${CURSOR}\n  k8s/no-host-pid: off\n`);
    const warning = partial.find((i) => i.label === 'warning');
    assert.deepEqual(warning.textEdit.range, { start: { line: 1, character: 21 }, end: { line: 1, character: 25 } });
    const flow = await complete(`rules: {k8s/no-privileged: ${CURSOR}}\n`);
    assert.deepEqual(labels(flow), ['off', 'info', 'warning', 'error']);
  });

  test('a rule entry mapping: severity and options, then the rule\'s own options', async () => {
    assert.deepEqual(labels(await complete(`rules:\n  k8s/replica-bounds:\n    ${CURSOR}\n`)), ['severity', 'options']);
    const options = await complete(`rules:\n  k8s/replica-bounds:\n    severity: warning\n    options:\n      ${CURSOR}\n`);
    assert.deepEqual(labels(options), ['min', 'max']);
    assert.match(options[0].documentation.value, /Fewest replicas/);
    assert.deepEqual(labels(await complete(`rules:\n  k8s/replica-bounds:\n    severity: ${CURSOR}\n`, { trigger: ' ' })), ['off', 'info', 'warning', 'error']);
  });

  test('overrides, policies and suppressions keys and values', async () => {
    assert.deepEqual(labels(await complete(`overrides:\n  - ${CURSOR}\n`, { trigger: ' ' })), ['files', 'rules', 'policies']);
    assert.deepEqual(labels(await complete(`overrides:\n  - files: ["dev/**"]\n    ${CURSOR}\n`)), ['rules', 'policies']);
    const policies = labels(await complete(`policies:\n  trustedRegistries: [ghcr.io/acme]\n  ${CURSOR}\n`));
    for (const key of ['allowedBaseImages', 'requiredLabels', 'replicas', 'podSecurityLevel']) assert.ok(policies.includes(key), key);
    assert.ok(!policies.includes('trustedRegistries'));
    assert.deepEqual(labels(await complete(`policies:\n  podSecurityLevel: ${CURSOR}\n`, { trigger: ' ' })), ['baseline', 'restricted']);
    assert.deepEqual(labels(await complete(`policies:\n  replicas:\n    ${CURSOR}\n`)), ['min', 'max']);
    assert.deepEqual(labels(await complete(`suppressions:\n  ${CURSOR}\n`)), ['requireReason', 'reportUnused']);
    assert.deepEqual(labels(await complete(`suppressions: {requireReason: ${CURSOR}}\n`)), ['true', 'false']);
  });

  test('customRules entries: keys, target, severity and kinds values', async () => {
    const keys = labels(await complete(`customRules:\n  - id: acme/x\n    ${CURSOR}\n`));
    assert.deepEqual(keys, ['severity', 'title', 'message', 'remediation', 'kinds', 'target', 'schema']);
    const target = await complete(`customRules:\n  - id: acme/x\n    target: ${CURSOR}\n`, { trigger: ' ' });
    assert.deepEqual(labels(target), ['object', 'podSpec', 'container']);
    assert.deepEqual(labels(await complete(`customRules:\n  - id: acme/x\n    severity: ${CURSOR}\n`, { trigger: ' ' })), ['error', 'warning', 'info']);
    const kinds = labels(await complete(`customRules:\n  - id: acme/x\n    kinds: [Deployment, ${CURSOR}]\n`));
    for (const kind of ['StatefulSet', 'DaemonSet', 'CronJob', 'Pod', 'Service']) assert.ok(kinds.includes(kind), kind);
    const blockKinds = labels(await complete(`customRules:\n  - id: acme/x\n    kinds:\n      - Dep${CURSOR}\n`));
    assert.ok(blockKinds.includes('Deployment'));
  });

  test('preset names in extends: flow list, block list and single value, with their descriptions', async () => {
    const flow = await complete(`extends: [recommended, ${CURSOR}]\n`, { trigger: ' ' });
    assert.deepEqual(labels(flow), palisade.PRESETS);
    assert.match(flow.find((i) => i.label === 'strict').documentation.value, /including the opt-in hardening rules/);
    assert.deepEqual(labels(await complete(`extends:\n  - st${CURSOR}\n`)), palisade.PRESETS);
    assert.deepEqual(labels(await complete(`extends: ${CURSOR}\n`, { trigger: ' ' })), palisade.PRESETS);
  });

  test('incomplete and broken documents still complete at the cursor', async () => {
    const broken = await complete(`extends: [recommended\nrules:\n  k8s/no-host-pid: [error\n  k8s/no-pri${CURSOR}\nexclude: {\n`);
    assert.ok(labels(broken).includes('k8s/no-privileged'), labels(broken).slice(0, 5).join(', '));
    const tabbed = await complete(`rules:\n\tbad: indentation\n  k8s/no-pri${CURSOR}`);
    assert.ok(labels(tabbed).includes('k8s/no-privileged'));
    const valueless = await complete(`suppressions:\n  requireReason:\n  ${CURSOR}`);
    assert.deepEqual(labels(valueless), ['reportUnused']);
  });

  test('nothing in comments, on indentation typed with spaces, or in files that are not configuration files', async () => {
    assert.deepEqual(await complete(`# rul${CURSOR}\n`), []);
    assert.deepEqual(await complete(`rules:\n  k8s/no-host-pid: off # lev${CURSOR}\n`), []);
    assert.deepEqual(await complete(`rules:\n ${CURSOR}`, { trigger: ' ' }), []);
    assert.deepEqual(await complete(`rules:\n  k8s/no-pri${CURSOR}\n`, { name: 'values.yaml' }), []);
  });

  test('the other configuration file names get completion too', async () => {
    for (const name of ['.palisade.yml', 'palisade.config.yaml']) {
      assert.ok(labels(await complete(`rules:\n  k8s/no-pri${CURSOR}\n`, { name })).includes('k8s/no-privileged'), name);
    }
  });

  test('hover on keys shows their description from the configuration schema', async () => {
    const top = await hover(`ext${CURSOR}ends: [recommended]\n`);
    assert.match(top.contents.value, /^\*\*`extends`\*\*: Presets to start from/);
    assert.deepEqual(top.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 7 } });
    assert.match((await hover(`suppressions:\n  requireR${CURSOR}eason: true\n`)).contents.value, /without a reason/);
    assert.match((await hover(`customRules:\n  - id: acme/x\n    tar${CURSOR}get: podSpec\n`)).contents.value, /each pod spec/);
    assert.match((await hover(`policies:\n  trusted${CURSOR}Registries: []\n`)).contents.value, /Registries images may come from/);
    assert.match((await hover(`rules:\n  k8s/replica-bounds:\n    options:\n      m${CURSOR}in: 2\n`)).contents.value, /Fewest replicas/);
    assert.equal(await hover(`unknown${CURSOR}Key: 1\n`), null);
  });

  test('hover on a rule id: title, severity, summary and a link to its documentation', async () => {
    const meta = ruleMeta('k8s/no-privileged');
    const result = await hover(`overrides:\n  - files: [a]\n    rules:\n      k8s/no-priv${CURSOR}ileged: off\n`);
    const value = result.contents.value;
    assert.ok(value.startsWith(`**\`k8s/no-privileged\`**: ${meta.title}`), value);
    assert.match(value, new RegExp(`Default severity \\*\\*${meta.severity}\\*\\*`));
    assert.ok(value.includes(meta.rationale.trim().split(/\n\s*\n/)[0].trim()), 'the summary (first paragraph of the rationale)');
    assert.match(value, /\[Documentation for k8s\/no-privileged\]\(https:\/\/github\.com\/palisade-dev\/palisade\/blob\/main\/docs\/rules\/k8s\/no-privileged\.md\)/);
    assert.deepEqual(result.range, { start: { line: 3, character: 6 }, end: { line: 3, character: 23 } });
    const custom = await hover(`customRules:\n  - id: acme/team\n    title: Team label\n    schema: {}\nrules:\n  acme/te${CURSOR}am: error\n`);
    assert.match(custom.contents.value, /`acme\/team`\*\*: Team label/);
  });

  test('hover on a preset names what it holds; a broken document still hovers where it parsed', async () => {
    assert.match((await hover(`extends: [recommended, pss-re${CURSOR}stricted]\n`)).contents.value, /Pod Security Standards restricted level/);
    const broken = await hover(`rules:\n  k8s/no-host${CURSOR}-pid: off\n  : [\n`);
    assert.match(broken.contents.value, /k8s\/no-host-pid/);
  });
});
