#!/usr/bin/env node
// Writes schemas/palisade-config.schema.json, the JSON Schema of `.palisade.yaml`, from the engine in dist/rules.js
// (run the build first): presets, every rule with its options schema, policies, custom rules, overrides and
// suppressions, all from `configSchema()` in rules/core/config-schema.ts. Editors use it for completion and
// validation; the engine validates with the same schema. `--check` exits 1 when the file is stale.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'schemas', 'palisade-config.schema.json');

/** The schema file's text for an engine module. */
export function configSchemaText(engine) {
  return JSON.stringify(engine.configSchema(engine.builtinRules), null, 2) + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const enginePath = path.join(root, 'dist', 'rules.js');
  if (!fs.existsSync(enginePath)) {
    console.error('dist/rules.js is missing: run `npm run build` first');
    process.exit(2);
  }
  const engine = createRequire(import.meta.url)(enginePath);
  const text = configSchemaText(engine);
  const current = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
  if (process.argv.includes('--check')) {
    if (current !== text) {
      console.error('schemas/palisade-config.schema.json is stale: run `npm run build && node scripts/generate-config-schema.mjs`');
      process.exit(1);
    }
  } else if (current !== text) {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, text);
    console.log(`schemas/palisade-config.schema.json: ${engine.builtinRules.length} rules`);
  }
}
