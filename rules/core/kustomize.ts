import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node } from 'yaml';
import { cleanPath } from './dockerignore.js';

/**
 * Kustomize patches are partial manifests: a strategic-merge patch names a Deployment and sets the few fields it
 * changes, so "required field missing" findings on it are noise. This module reads a kustomization file's text and
 * says which files it uses as patches; the server and the CLI mark those files in the workspace index
 * (`WorkspaceIndex.setPartialManifest`). Pure: text in, relative paths out.
 */

/** Kustomization files larger than this are not read for patches (a real one is a few hundred bytes). */
const MAX_KUSTOMIZATION_BYTES = 1024 * 1024;

/** The file names kustomize reads as a kustomization (or a component). */
const KUSTOMIZATION_NAMES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

/** Whether a file (a path with `/` or `\` separators, or a bare name) is a kustomization file. */
export function isKustomizationFileName(fileName: string): boolean {
  const cut = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
  return KUSTOMIZATION_NAMES.has(fileName.slice(cut + 1));
}

/**
 * The patch files a kustomization names, as written (relative to the kustomization's folder, cleaned of `./`):
 * `patchesStrategicMerge:` entries that are paths (not inline YAML), `patches: [{path}]` and `patchesJson6902: [{path}]`.
 * Remote paths (`https://…`) and anything that does not parse are left out; bad input yields `[]`, never an error.
 */
export function kustomizePatchPaths(text: string): string[] {
  if (typeof text !== 'string' || text.length > MAX_KUSTOMIZATION_BYTES) return [];
  let root: unknown;
  try {
    // a kustomization is one document; aliases are not followed (toJS is never called), so no alias bomb can grow
    const doc = parseDocument(text.replace(/^\uFEFF/, ''), { prettyErrors: false, uniqueKeys: false, logLevel: 'silent' });
    if (doc.errors.length) return [];
    root = doc.contents;
  } catch {
    return [];
  }
  if (!isMap(root)) return [];
  const out: string[] = [];
  const add = (value: string | undefined): void => {
    const p = patchPathOf(value);
    if (p !== undefined && !out.includes(p)) out.push(p);
  };
  for (const item of itemsOf(root.get('patchesStrategicMerge', true) as Node | undefined)) {
    // an entry is a file path or a whole patch written inline (a block scalar or a map)
    if (isScalar(item) && typeof item.value === 'string' && !looksInline(item.value)) add(item.value);
  }
  for (const key of ['patches', 'patchesJson6902']) {
    for (const item of itemsOf(root.get(key, true) as Node | undefined)) {
      if (isMap(item)) add(stringAt(item.get('path', true) as Node | undefined));
      // older kustomize versions accepted bare paths under `patches:`
      else if (key === 'patches' && isScalar(item) && typeof item.value === 'string' && !looksInline(item.value)) add(item.value);
    }
  }
  return out;
}

/**
 * The patch files of a kustomization as `/`-separated paths next to it: `overlays/prod/kustomization.yaml` naming
 * `../patches/cpu.yaml` gives `overlays/patches/cpu.yaml`. The kustomization's name may be absolute or relative;
 * the results are of the same form.
 */
export function kustomizePatchFiles(kustomizationFileName: string, text: string): string[] {
  if (!isKustomizationFileName(kustomizationFileName)) return [];
  const name = kustomizationFileName.replace(/\\/g, '/');
  const cut = name.lastIndexOf('/');
  const dir = cut >= 0 ? name.slice(0, cut + 1) : '';
  const out: string[] = [];
  for (const rel of kustomizePatchPaths(text)) {
    const joined = rel.startsWith('/') ? cleanPath(rel) : cleanPath(dir + rel);
    if (!out.includes(joined)) out.push(joined);
  }
  return out;
}

function itemsOf(node: Node | undefined): Node[] {
  return isSeq(node) ? (node.items as Node[]) : [];
}

function stringAt(node: Node | undefined): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/** An inline patch (YAML text in a string) rather than a file name. */
function looksInline(value: string): boolean {
  return /[\n\r]/.test(value) || /:\s/.test(value) || /^\s*[{[]/.test(value);
}

function patchPathOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (!trimmed || trimmed.length > 4096 || /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) || trimmed.includes('\u0000')) return undefined;
  const clean = cleanPath(trimmed);
  return clean === '.' ? undefined : clean;
}
