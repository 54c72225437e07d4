import path from 'node:path';
import { isKustomizationFileName, kustomizePatchPaths } from '../rules/index.js';
import { isFile } from './config-loader.js';
import { readSource } from './read-source.js';

/** The kustomization file name that has no YAML extension (and so is never a scan target itself). */
const BARE_KUSTOMIZATION = 'Kustomization';

/**
 * The absolute paths of the files the scanned kustomizations use as patches (`patchesStrategicMerge`, `patches`,
 * `patchesJson6902`); the scan marks them as partial manifests, so absent fields are not reported on them. The
 * kustomizations are the `kustomization.yaml`/`.yml` files among the targets and the `Kustomization` files in the
 * targets' folders. A kustomization that cannot be read names no patches.
 */
export function kustomizePatchTargets(targets: readonly { absolutePath: string }[]): Set<string> {
  const kustomizations = new Set<string>();
  const folders = new Set<string>();
  for (const t of targets) {
    if (isKustomizationFileName(t.absolutePath)) kustomizations.add(t.absolutePath);
    folders.add(path.dirname(t.absolutePath));
  }
  for (const folder of folders) {
    const bare = path.join(folder, BARE_KUSTOMIZATION);
    if (isFile(bare)) kustomizations.add(bare);
  }
  const patches = new Set<string>();
  for (const file of [...kustomizations].sort()) {
    const source = readSource(file);
    if (source.kind !== 'text') continue;
    for (const rel of kustomizePatchPaths(source.text)) patches.add(path.resolve(path.dirname(file), rel));
  }
  return patches;
}

