import type { CompiledCustomRule, Finding, RuleModule, Severity } from '../rules/index.js';

/** One scanned file as the reporters see it. */
export interface FileReport {
  /** As shown to the user: relative to the working directory when inside it, forward slashes. */
  path: string;
  absolutePath: string;
  findings: Finding[];
  /** Safe fixes written to this file by `--fix`. */
  fixesApplied: number;
}

export interface ScanSummary {
  filesScanned: number;
  filesWithFindings: number;
  findings: number;
  errors: number;
  warnings: number;
  infos: number;
  /** Findings that have a safe fix (`--fix` would apply it). */
  fixable: number;
  fixesApplied: number;
  filesFixed: number;
  /** Findings left out because `--baseline` accepted them (absent without a baseline). */
  baselined?: number;
}

/** What a reporter knows before the first file: the rules that may report. */
export interface ReportContext {
  cwd: string;
  /** Every rule enabled for at least one scanned file, in registry order. */
  rules: readonly RuleModule[];
  /** Custom rules (`customRules` of a configuration) that ran. */
  customRules: readonly CompiledCustomRule[];
  /** Whether `--fix` ran. */
  fixing: boolean;
}

/**
 * A streaming reporter: `begin` once, `file` for every scanned file in order, `end` with the totals. Reporters write
 * as they go, so memory does not grow with the number of files.
 */
export interface Reporter {
  begin(context: ReportContext): void;
  file(report: FileReport): void;
  /**
   * Optional: the same as `file` for a report whose findings are already JSON (UTF-8, `JSON.stringify(findings)`, empty
   * for none), written as they are. A reporter offers it when its output embeds the findings' JSON verbatim: the scan
   * then never turns them back into objects.
   */
  fileJson?(report: EncodedReport): void;
  end(summary: ScanSummary): void;
}

/** A file's report with its findings kept as UTF-8 JSON (see `Reporter.fileJson`). */
export interface EncodedReport {
  path: string;
  /** `JSON.stringify(findings)` as UTF-8; empty when there are none. */
  findings: Uint8Array;
  fixesApplied: number;
}

/** Where a report goes (stdout or a file). */
export interface Sink {
  write(chunk: string): void;
  /** UTF-8 bytes, written as they are. */
  writeBytes(chunk: Uint8Array): void;
}

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export function emptySummary(): ScanSummary {
  return { filesScanned: 0, filesWithFindings: 0, findings: 0, errors: 0, warnings: 0, infos: 0, fixable: 0, fixesApplied: 0, filesFixed: 0 };
}
