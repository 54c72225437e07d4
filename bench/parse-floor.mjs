#!/usr/bin/env node
// The parse floor: what any analyser of these files must at least do. Walk the folder as the CLI does, read every
// Dockerfile and YAML/JSON file, and parse it (yaml with the engine's own options, dockerfile-ast). No rules, no
// output. Run as its own process by bench/run.mjs, so that it pays the same start-up costs as the CLI.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { parseAllDocuments } = require('yaml');
const { DockerfileParser } = require('dockerfile-ast');

const DOCKERFILE = /(^|[\\/])(Dockerfile|Containerfile)(\.[^\\/]*)?$|\.(Dockerfile|Containerfile)$/i;
const YAML = /\.(ya?ml|json)$/i;

let files = 0;
let bytes = 0;
let documents = 0;
const walk = (dir) => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules') walk(full);
      continue;
    }
    const docker = DOCKERFILE.test(entry.name);
    if (!docker && !YAML.test(entry.name)) continue;
    const text = fs.readFileSync(full, 'utf8');
    files++;
    bytes += text.length;
    if (docker) {
      documents += DockerfileParser.parse(text).getInstructions().length > 0 ? 1 : 0;
    } else {
      documents += parseAllDocuments(text, { version: '1.1', prettyErrors: false, keepSourceTokens: false, uniqueKeys: true }).length ?? 1;
    }
  }
};
walk(process.argv[2] ?? '.');
process.stdout.write(JSON.stringify({ files, bytes, documents }) + '\n');
