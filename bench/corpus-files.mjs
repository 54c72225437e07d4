// The files the parse floor and the read floor of `npm run bench` go through: the Dockerfiles and YAML/JSON files of
// a folder, walked as the CLI walks it (hidden folders and node_modules skipped), in a stable order.
import fs from 'node:fs';
import path from 'node:path';

const DOCKERFILE = /(^|[\\/])(Dockerfile|Containerfile)(\.[^\\/]*)?$|\.(Dockerfile|Containerfile)$/i;
const YAML = /\.(ya?ml|json)$/i;

/** `[{file, dockerfile}]` under `dir`. */
export function corpusFiles(dir) {
  const out = [];
  const walk = (folder) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && entry.name !== 'node_modules') walk(full);
        continue;
      }
      const dockerfile = DOCKERFILE.test(entry.name);
      if (dockerfile || YAML.test(entry.name)) out.push({ file: full, dockerfile });
    }
  };
  walk(dir);
  return out;
}
