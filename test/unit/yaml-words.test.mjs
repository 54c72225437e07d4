// The engine parses YAML with a string type in front of the YAML 1.1 types that takes plain words at once
// (rules/core/yaml-model.ts, PLAIN_WORD): it must give every scalar exactly the value, type and node the plain 1.1
// schema gives. Compared over every plain scalar of up to three characters from the characters the 1.1 patterns turn on
// (and spaces, colons, `#`, `@`), and the words those patterns name, as values, as keys and in flow sequences.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { palisade } from '../support/engine.mjs';

const require = createRequire(import.meta.url);
const yaml = require('yaml');

const OPTIONS = { version: '1.1', prettyErrors: false, keepSourceTokens: false, uniqueKeys: false, logLevel: 'error' };

const ALPHABET = [...'yYnNeEoOtTfFaAlLsSrRuUxX05_.-/+~: @#'];
const WORDS = [
  'yes', 'Yes', 'YES', 'yES', 'yeS', 'no', 'No', 'NO', 'nO', 'true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'FALSE', 'fALSE',
  'on', 'On', 'ON', 'oN', 'off', 'Off', 'OFF', 'oFF', 'null', 'Null', 'NULL', 'nULL', 'nulls', 'y', 'Y', 'n', 'N', 'yess',
  'e5', 'E5', 'e-5', 'E+5', 'e05', 'e_5', 'E55', 'e5x', '.inf', '.Inf', '.nan', 'NaN', 'inf', 'x1e5',
  'nginx', 'apiVersion', 'app.kubernetes.io/name', 'a-b_c.d/e', '_private', 'Ready', 'Never', 'IfNotPresent', 'None', 'TCP',
  'nginx:1.25', 'registry.example.com/app@sha256:0123abcd', 'yes please', 'true story', 'null and void', 'e5 e6', 'on: off',
  'Yes:', 'no #comment', 'x=1', 'NULL!', 'off-by-one', 'e5.5', 'E-5x', 'y2k', 'n/a', 'ON/OFF', 'True.', '_1e5',
];

function candidates() {
  const out = new Set(WORDS);
  let level = [''];
  for (let length = 1; length <= 3; length++) {
    level = level.flatMap((prefix) => ALPHABET.map((c) => prefix + c));
    for (const s of level) out.add(s);
  }
  return [...out];
}

/** What a parse says about a scalar node: value (with its JS type), type, tag, format. */
function describeNode(node) {
  if (!yaml.isScalar(node)) return node === null ? null : { collection: yaml.isMap(node) ? 'map' : yaml.isSeq(node) ? 'seq' : 'other' };
  const value = node.value;
  return { value: typeof value === 'number' && Number.isNaN(value) ? 'NaN' : value, js: typeof value, type: node.type, tag: node.tag, format: node.format };
}

function describeDoc(doc) {
  const out = [];
  const visit = (node) => {
    if (yaml.isMap(node)) for (const p of node.items) { out.push(describeNode(p.key)); out.push(describeNode(p.value)); visit(p.value); }
    else if (yaml.isSeq(node)) for (const item of node.items) { out.push(describeNode(item)); visit(item); }
  };
  out.push(describeNode(doc.contents));
  visit(doc.contents);
  // the engine adds its own duplicate-key check (rules/core/limits.ts), which has nothing to do with types
  return { nodes: out, errors: doc.errors.map((e) => e.code).filter((code) => code !== 'DUPLICATE_KEY') };
}

describe('YAML plain words: the same parse as the plain 1.1 schema', () => {
  test('every short plain scalar and every word the 1.1 types name, as a value, a key and a flow item', () => {
    const all = candidates();
    assert.ok(all.length > 30000);
    let fast = 0;
    for (const s of all) {
      const text = `k1: ${s}\n${s}: v\nk3: [${s}, x]\n`;
      const ours = palisade.parseChunk(text, {}).docs.map(describeDoc);
      const plain = yaml.parseAllDocuments(text, OPTIONS);
      assert.deepEqual(ours, (Array.isArray(plain) ? plain : [...plain]).map(describeDoc), JSON.stringify(s));
      if (/^[A-Za-z_]/.test(s)) fast++;
    }
    assert.ok(fast > 10000, 'the words that take the shortcut are among the cases');
  });
});
