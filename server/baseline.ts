import { promises as fs } from 'node:fs';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { BaselineSet, FINGERPRINT_VERSION, fingerprintFindings } from '../rules/core/fingerprint.js';
import { LineIndex } from '../rules/core/text.js';
import type { Finding } from '../rules/core/types.js';
import { dirnameOf, isInside } from './uris.js';

/** `palisade.baselineSeverity`: how baselined findings show in the editor. */
export type BaselineSeverity = 'info' | 'hint' | 'keep';

export const BASELINE_SEVERITIES: readonly BaselineSeverity[] = ['info', 'hint', 'keep'];

/** The baseline that applies to a document, loaded. */
export interface DocumentBaseline {
  set: BaselineSet;
  /** The baseline file's folder: its paths are relative to it. */
  base: string;
  severity: Exclude<BaselineSeverity, 'keep'>;
  /** Changes when the file changes (cache key of analyses). */
  key: string;
}

/** A baseline this large is not read (the CLI writes about 200 bytes per finding). */
const MAX_BASELINE_BYTES = 32 * 1024 * 1024;

interface Loaded {
  mtimeMs: number;
  size: number;
  set: BaselineSet | undefined;
}

/**
 * Baseline files (`palisade scan --write-baseline`) as the editor uses them: findings a baseline accepted are shown at
 * a lower severity (`palisade.baselineSeverity`), so that an adopted repository's old findings do not drown the new
 * ones. Files are re-read when their size or modification time changes; a missing or malformed file means no baseline
 * (the CLI is the place that reports a broken one).
 */
export class BaselineStore {
  private readonly cache = new Map<string, Loaded>();

  constructor(private readonly log: (message: string) => void) {}

  /**
   * The baseline of a document at `path`: `setting` is `palisade.baseline` (relative to `folder`, the document's
   * workspace folder, or absolute). Undefined when off, missing, or the document lies outside the baseline's folder.
   */
  async forDocument(path: string, folder: string | undefined, setting: string, severity: BaselineSeverity): Promise<DocumentBaseline | undefined> {
    if (severity === 'keep' || !setting.trim()) return undefined;
    const file = setting.startsWith('/') || /^[A-Za-z]:[\\/]/.test(setting) ? setting.replace(/\\/g, '/') : folder !== undefined ? `${folder.replace(/\/$/, '')}/${setting}` : undefined;
    if (file === undefined) return undefined;
    const base = dirnameOf(file);
    if (!isInside(path, base)) return undefined;
    const loaded = await this.load(file);
    if (!loaded?.set) return undefined;
    return { set: loaded.set, base, severity, key: `${file}\u0000${loaded.mtimeMs}\u0000${loaded.size}\u0000${severity}` };
  }

  private async load(file: string): Promise<Loaded | undefined> {
    let stat;
    try {
      stat = await fs.stat(file);
    } catch {
      this.cache.delete(file);
      return undefined;
    }
    const cached = this.cache.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached;
    const loaded: Loaded = { mtimeMs: stat.mtimeMs, size: stat.size, set: undefined };
    if (stat.isFile() && stat.size <= MAX_BASELINE_BYTES) {
      try {
        const doc = JSON.parse(await fs.readFile(file, 'utf8')) as { recipe?: unknown; findings?: unknown };
        if (doc && doc.recipe === FINGERPRINT_VERSION && Array.isArray(doc.findings)) {
          loaded.set = new BaselineSet(doc.findings.map((f: { fingerprint?: unknown }) => f?.fingerprint).filter((f): f is string => typeof f === 'string'));
        } else {
          this.log(`The baseline ${file} is not a Palisade baseline of this version; write it again with \`palisade scan --write-baseline\`.`);
        }
      } catch (e) {
        this.log(`Cannot read the baseline ${file}: ${(e as Error)?.message ?? String(e)}`);
      }
    }
    this.cache.set(file, loaded);
    return loaded;
  }
}

/**
 * Lower the diagnostics of baselined findings (`diagnostics[i]` is `findings[i]`'s) and say why in the message.
 * `path` is the document's `/`-separated path; fingerprints name it relative to the baseline's folder, as the CLI does.
 */
export function lowerBaselined(diagnostics: Diagnostic[], findings: readonly Finding[], text: string, path: string, baseline: DocumentBaseline): void {
  if (!findings.length) return;
  const relative = path.slice(baseline.base.replace(/\/$/, '').length + 1);
  const accepted = baseline.set.match(fingerprintFindings(new LineIndex(text), relative, findings));
  accepted.forEach((inBaseline, i) => {
    const d = diagnostics[i];
    if (!inBaseline || !d) return;
    d.severity = baseline.severity === 'hint' ? DiagnosticSeverity.Hint : DiagnosticSeverity.Information;
    d.message = `${d.message} (accepted in the baseline)`;
  });
}
