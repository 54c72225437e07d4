#!/usr/bin/env node
// The parse floor: what any analyser of these files must at least do. Walk the folder as the CLI does, read every
// Dockerfile and YAML/JSON file, and parse it (yaml with the engine's own options, dockerfile-ast). No rules, no
// output. Run as its own process by bench/run.mjs, so that it pays the same start-up costs as the CLI.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { corpusFiles } from './corpus-files.mjs';

const require = createRequire(import.meta.url);
const { parseAllDocuments } = require('yaml');
const { DockerfileParser } = require('dockerfile-ast');

let files = 0;
let bytes = 0;
let documents = 0;
for (const { file, dockerfile } of corpusFiles(process.argv[2] ?? '.')) {
  const text = fs.readFileSync(file, 'utf8');
  files++;
  bytes += text.length;
  if (dockerfile) {
    documents += DockerfileParser.parse(text).getInstructions().length > 0 ? 1 : 0;
  } else {
    documents += parseAllDocuments(text, { version: '1.1', prettyErrors: false, keepSourceTokens: false, uniqueKeys: true }).length ?? 1;
  }
}
process.stdout.write(JSON.stringify({ files, bytes, documents }) + '\n');
