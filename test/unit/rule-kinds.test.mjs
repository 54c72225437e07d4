// `kinds` on a Kubernetes rule is a shortcut, not a filter: the engine skips the rule's `check` for objects of other
// kinds, so the rule must report nothing on them anyway. Every fixture (each folder with its own configuration) is
// linted by the rules as they are and by the same rules without `kinds` (called for every object), as written and with
// every object's kind replaced by kinds the rules do not name: the findings must be the same.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fixtureFolders } from '../support/fixtures.mjs';
import { allRulesConfig, palisade } from '../support/engine.mjs';

const { Engine, builtinRules } = palisade;

const declaring = builtinRules.filter((r) => r.kinds);
const withoutKinds = builtinRules.map((r) => (r.kinds ? { ...r, kinds: undefined } : r));

function engineFor(registry) {
  const engine = new Engine({ registry });
  const configs = new Map();
  return (text, fileName, configText) => {
    let config = configs.get(configText);
    if (!config) configs.set(configText, (config = allRulesConfig(configText, registry)));
    return engine.lint({ text, fileName }, config);
  };
}

const shortcut = engineFor(builtinRules);
const everyObject = engineFor(withoutKinds);

/** The text with the kind of every object (every `kind:` line of a mapping) replaced by `kind`. */
function renamed(text, kind) {
  return text.replace(/^(\s*(?:- )?kind:[ \t]*)["']?[A-Za-z][\w.-]*["']?[ \t]*$/gm, `$1${kind}`);
}

/** Kinds some rules name and most do not, one no rule names, and names of `Object.prototype` members. */
const OTHER_KINDS = ['ConfigMap', 'Service', 'PodLike', 'constructor', 'toString'];

describe('rule kinds: a shortcut that changes no finding', () => {
  test('the shortcut is in use: the rules that report on some kinds only declare them', () => {
    // 122 today: the workload rules, the rules of a few kinds, the RBAC rules and the control-plane rules; the 7 others
    // judge every object (names, labels, annotations, namespaces, API versions)
    assert.ok(declaring.length >= 115, `only ${declaring.length} rules declare kinds`);
    for (const rule of declaring) {
      assert.equal(rule.language, 'kubernetes', rule.meta.id);
      assert.ok(typeof rule.check === 'function', `${rule.meta.id} declares kinds but has no check`);
      assert.ok(rule.kinds.length > 0 && rule.kinds.every((k) => typeof k === 'string' && k), rule.meta.id);
    }
  });

  for (const folder of fixtureFolders().filter((f) => f.ruleId.startsWith('k8s/'))) {
    test(`${folder.ruleId}: the same findings with and without the shortcut`, () => {
      for (const file of folder.files) {
        const text = fs.readFileSync(file.path, 'utf8');
        for (const variant of [text, ...OTHER_KINDS.map((k) => renamed(text, k))]) {
          const expected = everyObject(variant, file.path, folder.config);
          assert.deepEqual(shortcut(variant, file.path, folder.config), expected, `${file.name}${variant === text ? '' : ' (kinds renamed)'}`);
        }
      }
    });
  }
});
