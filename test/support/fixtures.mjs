// Fixture discovery and inline expectation markers, shared by the fixture harness, the fix-safety checks and fuzzing.
//
// A marker is a comment line under the offending line:
//   privileged: true
//   #           ^^^^ k8s/no-privileged
// The carets give the exact columns on the closest line above that is not a marker. When the finding starts in
// column 0 or 1 (where the `#` sits), write the columns instead: `# ^[0-3] docker/prefer-copy-over-add`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixturesDir = path.join(root, 'test', 'fixtures');

const CARET = /^(\s*#\s*)(\^+)\s+([a-z0-9-]+\/[a-z0-9-]+|parse-error|internal-error|skipped-file)\s*$/;
const EXPLICIT = /^\s*#\s*\^\[(\d+)-(\d+)\]\s+([a-z0-9-]+\/[a-z0-9-]+|parse-error|internal-error|skipped-file)\s*$/;

export function isMarker(line) {
  return CARET.test(line) || EXPLICIT.test(line);
}

/** Expected findings `{ruleId, line, start, end}` from the markers of a text. */
export function readMarkers(text) {
  const lines = text.split(/\r?\n/);
  const out = [];
  let target = -1;
  lines.forEach((line, i) => {
    let m = CARET.exec(line);
    if (m) {
      const start = m[1].length;
      out.push({ ruleId: m[3], line: target, start, end: start + m[2].length, markerLine: i });
      return;
    }
    m = EXPLICIT.exec(line);
    if (m) {
      out.push({ ruleId: m[3], line: target, start: Number(m[1]), end: Number(m[2]), markerLine: i });
      return;
    }
    target = i;
  });
  return out;
}

/** Every fixture folder: `{ruleId, dir, files: [{name, path, kind: valid|invalid, fixed?}]}`. */
export function fixtureFolders() {
  const out = [];
  for (const lang of ['docker', 'k8s']) {
    const base = path.join(fixturesDir, lang);
    if (!fs.existsSync(base)) continue;
    for (const name of fs.readdirSync(base).sort()) {
      const dir = path.join(base, name);
      if (!fs.statSync(dir).isDirectory()) continue;
      const files = [];
      for (const rel of walk(dir)) {
        const file = path.basename(rel);
        if (file.includes('.fixed.') || file === 'config.yaml') continue;
        const kind = file.startsWith('valid') ? 'valid' : file.startsWith('invalid') ? 'invalid' : undefined;
        if (!kind) continue;
        const full = path.join(dir, rel);
        const fixedName = fixedNameOf(full);
        files.push({ name: rel, path: full, kind, fixed: fs.existsSync(fixedName) ? fixedName : undefined });
      }
      const configPath = path.join(dir, 'config.yaml');
      out.push({ ruleId: `${lang}/${name}`, dir, files, config: fs.existsSync(configPath) ? fs.readFileSync(configPath, 'utf8') : undefined });
    }
  }
  return out;
}

/** `invalid-x.yaml` → `invalid-x.fixed.yaml`; `invalid-x.Dockerfile` → `invalid-x.fixed.Dockerfile`. */
export function fixedNameOf(file) {
  const dir = path.dirname(file);
  const base = path.basename(file);
  const dot = base.indexOf('.');
  return dot < 0 ? path.join(dir, base + '.fixed') : path.join(dir, base.slice(0, dot) + '.fixed' + base.slice(dot));
}

function* walk(dir, prefix = '') {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.isDirectory()) yield* walk(path.join(dir, e.name), path.join(prefix, e.name));
    else yield path.join(prefix, e.name);
  }
}
