// The real inputs the fuzz suites mutate, the fix-safety suite fixes and the zero-noise suite counts: every fixture,
// the examples, and the shared benchmark corpus (generated once into a cache folder, only where ../shared exists next
// to the repository).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixturesDir, root } from '../../support/fixtures.mjs';

export const CORPUS_GENERATOR = path.join(root, '..', 'shared', 'bench', 'make-corpus.mjs');

/** Why the corpus parts are skipped, or undefined when the generator is there. */
export function corpusUnavailable() {
  return fs.existsSync(CORPUS_GENERATOR)
    ? undefined
    : `the benchmark corpus generator ${path.relative(root, CORPUS_GENERATOR)} is not next to this repository: corpus checks skipped`;
}

/** Small enough for CI; with this seed it holds every category of the generator (kustomizations with patches too). */
export const CI_CORPUS_ARGS = ['--k8s', '150', '--docker', '40', '--large-yaml-lines', '2000', '--large-docker-lines', '400', '--seed', '3'];

/**
 * Generate the corpus (deterministic) into a cache folder keyed by the generator's content and the arguments, and
 * return `{dir, files: [{path, absolutePath, category, validYaml}]}`; undefined when the generator is not available.
 */
export function corpus(args = CI_CORPUS_ARGS) {
  if (corpusUnavailable()) return undefined;
  const generator = fs.readFileSync(CORPUS_GENERATOR);
  const key = hash(generator.toString('latin1') + JSON.stringify(args));
  const dir = path.join(os.tmpdir(), `palisade-corpus-${key}`);
  if (!fs.existsSync(path.join(dir, 'manifest.json'))) {
    const staging = `${dir}.${process.pid}`;
    const r = spawnSync(process.execPath, [CORPUS_GENERATOR, '--out', staging, '--force', ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`the corpus generator failed: ${r.stderr}`);
    try {
      fs.renameSync(staging, dir);
    } catch {
      // another test process generated it first: the same bytes
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  return {
    dir,
    files: manifest.files.map((f) => ({ ...f, absolutePath: path.join(dir, f.path) })),
  };
}

/** Fixture inputs (fixed goldens and folder configurations excluded): absolute paths, sorted. */
export function fixtureFiles() {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (isSeedName(e.name)) out.push(full);
    }
  };
  walk(fixturesDir);
  return out;
}

/** YAML, JSON and Dockerfiles; not the fixed goldens, nor folder configurations. */
function isSeedName(name) {
  if (name.includes('.fixed') || name === 'config.yaml' || name.startsWith('.palisade')) return false;
  return /\.(ya?ml|json)$/i.test(name) || /Dockerfile|Containerfile/.test(name);
}

/** Files under examples/ that the engine analyses. */
export function exampleFiles() {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (isSeedName(e.name)) out.push(full);
    }
  };
  const dir = path.join(root, 'examples');
  if (fs.existsSync(dir)) walk(dir);
  return out;
}

/** The name the engine sees for a seed file (relative to the repository or the corpus, forward slashes). */
export function lintName(absolutePath, base = root) {
  return path.relative(base, absolutePath).split(path.sep).join('/');
}

function hash(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16);
}
