import { promises as fs } from 'node:fs';
import type { CancellationToken, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ResolvedConfig } from '../rules/core/config.js';
import { fileKindOf, mergeFindings, MAX_FILE_BYTES, type Engine } from '../rules/core/engine.js';
import { ComplianceChecker, PostureCollector, type Posture } from '../rules/core/posture.js';
import type { Finding } from '../rules/core/types.js';
import { WorkspaceIndex } from '../rules/core/workspace-index.js';
import { isConfigFileName, type ConfigStore } from './config-store.js';
import { isExcluded } from './exclude-globs.js';
import { basenameOf, pathOfUri } from './uris.js';

/** `palisade/posture` params: the files to assess (the client lists the workspace's candidates). */
export interface PostureParams {
  uris: string[];
}

/** Files assessed at most: the view is an overview, not a CI scan of a monorepo. */
export const POSTURE_MAX_FILES = 5000;

export interface PostureHost {
  documents: TextDocuments<TextDocument>;
  configs: ConfigStore;
  engine: Engine;
}

interface AssessedFile {
  uri: string;
  path: string;
  fileName: string;
  shown: string;
  text: string;
  findings: Finding[];
  config: ResolvedConfig;
}

/**
 * The security posture of the given files, exactly as `palisade scan --format html` computes it: each file analysed
 * with its configuration (open documents with their unsaved text), cross-file findings once every file is indexed,
 * then the posture model of `rules/core/posture.ts`. Files that are excluded, disabled or not Dockerfiles/YAML/JSON
 * are left out. Yields to the event loop between files so that the server keeps answering; undefined if cancelled.
 */
export async function computePosture(params: PostureParams, host: PostureHost, token?: CancellationToken): Promise<Posture | undefined> {
  const uris = [...new Set(Array.isArray(params?.uris) ? params.uris.filter((u): u is string => typeof u === 'string') : [])].slice(0, POSTURE_MAX_FILES);
  const index = new WorkspaceIndex([], { complete: false });
  const files: AssessedFile[] = [];
  for (let i = 0; i < uris.length; i++) {
    if (i % 25 === 24) await new Promise((resolve) => setImmediate(resolve));
    if (token?.isCancellationRequested) return undefined;
    const uri = uris[i];
    const path = pathOfUri(uri);
    if (path === undefined || isConfigFileName(path)) continue;
    const config = await host.configs.forDocument(uri);
    if (!config.enabled || isExcluded(path, config.excludes)) continue;
    const open = host.documents.get(uri);
    if (fileKindOf(path, open?.languageId) === 'unknown') continue;
    const text = open ? open.getText() : await readText(path);
    if (text === undefined) continue;
    const analysis = host.engine.analyze({ text, fileName: path, languageId: open?.languageId }, config.config, index);
    index.update(analysis.summary);
    files.push({ uri, path, fileName: path, shown: shownPath(path, host.configs), text, findings: analysis.findings, config: config.config });
  }
  index.complete = true;
  const configOf = new Map(files.map((f) => [f.fileName, f.config]));
  const crossFile = host.engine.lintWorkspace(index, (fileName) => configOf.get(fileName));

  const enabled = new Set<string>();
  const customTitles = new Map<string, string>();
  for (const config of new Set(configOf.values())) {
    for (const id of config.rules.keys()) enabled.add(id);
    for (const rule of config.customRules ?? []) customTitles.set(rule.id, rule.definition.title);
  }
  const collector = new PostureCollector(host.engine.registry, enabled, {}, customTitles);
  const checker = new ComplianceChecker(host.engine);
  for (const file of files) {
    if (token?.isCancellationRequested) return undefined;
    const extra = crossFile.get(file.fileName) ?? [];
    const kind = fileKindOf(file.path);
    collector.add({
      path: file.shown,
      uri: file.uri,
      kind,
      text: file.text,
      findings: extra.length ? mergeFindings(file.findings, extra) : file.findings,
      compliance: kind === 'yaml' ? checker.assess(file.text, file.fileName) : undefined,
    });
  }
  const folders = host.configs.workspaceFolders.map(basenameOf);
  return collector.result({ title: `Security posture of ${folders.join(', ') || 'the workspace'}`, roots: folders });
}

/** The file relative to its workspace folder, named by the folder when there are several. */
function shownPath(path: string, configs: ConfigStore): string {
  const folder = configs.workspaceFolderOf(path);
  if (!folder) return path;
  const rel = path.slice(folder.length).replace(/^\/+/, '');
  return configs.workspaceFolders.length > 1 ? `${basenameOf(folder)}/${rel}` : rel;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    const stat = await fs.stat(path);
    if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return undefined;
    const text = await fs.readFile(path, 'utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}
