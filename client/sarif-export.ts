/**
 * "Palisade: Export Findings as SARIF": writes the Palisade diagnostics VS Code currently holds (open files, and closed
 * files after a workspace scan) as a SARIF 2.1.0 log. A small builder of its own: the CLI's reporter streams to a sink
 * and pulls in the whole engine, which the extension bundle does not need.
 */
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE, RULE_DOCS_BASE_URL } from '../server/protocol.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The project page: the rule documentation base without its `blob/main/docs/rules/` tail. */
const INFORMATION_URI = RULE_DOCS_BASE_URL.replace(/\/blob\/.*$/, '');

type SarifLevel = 'error' | 'warning' | 'note';

/** One Palisade diagnostic with the file it belongs to. */
export interface FileDiagnostic {
  uri: vscode.Uri;
  diagnostic: vscode.Diagnostic;
}

/** Every diagnostic published by the Palisade server, in file order. */
export function palisadeDiagnostics(): FileDiagnostic[] {
  const out: FileDiagnostic[] = [];
  for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
    for (const diagnostic of diagnostics) {
      if (diagnostic.source === DIAGNOSTIC_SOURCE) out.push({ uri, diagnostic });
    }
  }
  return out;
}

/** The rule id of a diagnostic (its `code`), `unknown` when it has none. */
export function ruleIdOf(diagnostic: vscode.Diagnostic): string {
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return code === undefined || code === '' ? 'unknown' : String(code);
}

function levelOf(severity: vscode.DiagnosticSeverity): SarifLevel {
  if (severity === vscode.DiagnosticSeverity.Error) return 'error';
  if (severity === vscode.DiagnosticSeverity.Warning) return 'warning';
  return 'note';
}

/**
 * The artifact URI of a file: relative to its workspace folder (forward slashes, percent-encoded as a URI reference),
 * or the absolute URI when the file is outside every folder.
 */
function artifactUri(uri: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return uri.toString();
  const base = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
  if (!uri.path.startsWith(base)) return uri.toString();
  return uri.path.slice(base.length).split('/').map(encodeURIComponent).join('/');
}

/** Relative URIs resolve against the scanned folder, `%SRCROOT%` as in the CLI's SARIF. */
function artifactLocation(uri: vscode.Uri): { uri: string; uriBaseId?: string } {
  const relative = artifactUri(uri);
  return relative === uri.toString() ? { uri: relative } : { uri: relative, uriBaseId: '%SRCROOT%' };
}

/** A SARIF 2.1.0 log of the given diagnostics: one run, rule descriptors by id, 1-based UTF-16 regions. */
export function buildSarif(findings: readonly FileDiagnostic[], version?: string): object {
  const ruleIds = [...new Set(findings.map((f) => ruleIdOf(f.diagnostic)))].sort();
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const results = findings.map(({ uri, diagnostic }) => {
    const ruleId = ruleIdOf(diagnostic);
    const { start, end } = diagnostic.range;
    return {
      ruleId,
      ruleIndex: ruleIndex.get(ruleId),
      level: levelOf(diagnostic.severity),
      message: { text: diagnostic.message },
      locations: [{
        physicalLocation: {
          artifactLocation: artifactLocation(uri),
          region: {
            startLine: start.line + 1,
            startColumn: start.character + 1,
            endLine: end.line + 1,
            endColumn: end.character + 1,
          },
        },
      }],
    };
  });
  return {
    version: '2.1.0',
    $schema: SARIF_SCHEMA,
    runs: [{
      tool: {
        driver: {
          name: 'Palisade',
          ...(version ? { version } : {}),
          informationUri: INFORMATION_URI,
          rules: ruleIds.map((id) => (id.includes('/') ? { id, helpUri: `${RULE_DOCS_BASE_URL}${id}.md` } : { id })),
        },
      },
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
}

/** `palisade.exportSarif`: ask where to save, then write the log. Returns the file written, if any. */
export async function exportSarif(version?: string): Promise<vscode.Uri | undefined> {
  const findings = palisadeDiagnostics();
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    title: 'Palisade: Export Findings as SARIF',
    saveLabel: 'Export',
    defaultUri: folder ? vscode.Uri.joinPath(folder, 'palisade.sarif') : undefined,
    filters: { SARIF: ['sarif', 'json'] },
  });
  if (!target) return undefined;
  const text = `${JSON.stringify(buildSarif(findings, version), null, 2)}\n`;
  try {
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  } catch (error) {
    void vscode.window.showErrorMessage(`Palisade: writing ${target.fsPath} failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  vscode.window.setStatusBarMessage(`$(check) Palisade: ${findings.length} finding${findings.length === 1 ? '' : 's'} exported`, 4000);
  return target;
}
