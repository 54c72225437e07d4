import { mergeConfigs, type PalisadeConfig, type ResolvedConfig } from '../rules/core/config.js';
import { CONFIG_FILE_NAMES, parseConfigText, type ConfigProblem } from '../rules/core/config-file.js';
import { ConfigResolver } from '../rules/core/config-overrides.js';
import type { RuleModule } from '../rules/core/rule.js';
import type { ExcludeSet } from './exclude-globs.js';
import { readSettings, DEFAULT_SETTINGS, type EffectiveSettings } from './settings.js';
import { basenameOf, dirnameOf, isInside, pathOfUri, uriOfPath } from './uris.js';

/** The configuration a document is analysed with. */
export interface DocumentConfig {
  enabled: boolean;
  /** The resolved configuration for this file (its matching `overrides` applied); shared by files with the same ones. */
  config: ResolvedConfig;
  excludes: ExcludeSet[];
  /** The `.palisade.yaml` that applied, if any (absolute path). */
  configFile: string | undefined;
  /** The store generation it was computed in; a result from an older generation is never published. */
  generation: number;
}

/** The configuration of one folder, before per-file overrides. */
interface FolderConfig {
  enabled: boolean;
  resolver: ConfigResolver;
  /** The folder `overrides[].files` globs are relative to: the configuration file's, else the workspace folder. */
  base: string | undefined;
  excludes: ExcludeSet[];
  configFile: string | undefined;
  generation: number;
}

/** What the store needs from the server: settings, files and a place to report configuration problems. */
export interface ConfigStoreHost {
  /** The raw `palisade` settings section for a scope (a workspace folder URI, or undefined for the global scope). */
  fetchSettings(scopeUri: string | undefined): Promise<unknown>;
  /** The text of a configuration file when it is open in the editor (the editor's text wins over the disk). */
  openText(path: string): string | undefined;
  /** The file's text, or undefined when it does not exist or cannot be read. */
  readFile(path: string): Promise<string | undefined>;
  /** Publish (or clear, with an empty list) the problems of a configuration file on that file. */
  publishConfigProblems(path: string, text: string, problems: ConfigProblem[]): void;
  log(message: string): void;
}

/** Whether a file name is one of the configuration file names. */
export function isConfigFileName(path: string): boolean {
  return (CONFIG_FILE_NAMES as readonly string[]).includes(basenameOf(path));
}

/**
 * Resolves the configuration of each document: settings (per workspace folder) < the nearest `.palisade.yaml` found
 * from the document's folder upward to its workspace folder. Results are cached per folder and dropped all at once
 * by `invalidate()` when settings or a configuration file change. A broken configuration file never stops analysis:
 * its problems are published on the file and whatever is valid in it (or the defaults) applies.
 */
export class ConfigStore {
  private folders: string[] = [];
  private readonly folderUris = new Map<string, string>();
  private gen = 0;
  private readonly byFolder = new Map<string, Promise<FolderConfig>>();
  /** Folder → the configuration file that applies there (found once per folder; parents answer for children). */
  private readonly configFileByDir = new Map<string, Promise<string | undefined>>();
  /** Workspace folder + configuration file → the one resolution every folder under that file shares. */
  private readonly byConfigFile = new Map<string, Promise<FolderConfig>>();
  private readonly settingsByScope = new Map<string, Promise<EffectiveSettings>>();
  private readonly configFiles = new Map<string, Promise<{ config: PalisadeConfig; problems: ConfigProblem[] } | undefined>>();
  /** Problem count per configuration file, as last published. */
  readonly problemCounts = new Map<string, number>();
  /** The text each configuration file had when it was last read. */
  private readonly texts = new Map<string, string>();
  private readonly ruleIds: string[];
  /** Whether the workspace is trusted (custom rules from configuration files run only then). */
  trusted = true;

  /** The defaults, for when nothing else can be resolved. */
  private readonly fallback: ConfigResolver;

  constructor(private readonly host: ConfigStoreHost, private readonly registry: readonly RuleModule[]) {
    this.ruleIds = registry.map((r) => r.meta.id);
    this.fallback = new ConfigResolver({}, registry);
  }

  get generation(): number {
    return this.gen;
  }

  /** Workspace folders (`file:` URIs); the longest match wins for nested folders. */
  setWorkspaceFolders(uris: string[]): void {
    this.folderUris.clear();
    for (const uri of uris) {
      const path = pathOfUri(uri);
      if (path !== undefined) this.folderUris.set(path.replace(/(.)\/+$/, '$1'), uri);
    }
    this.folders = [...this.folderUris.keys()].sort((a, b) => b.length - a.length);
    this.invalidate();
  }

  get workspaceFolders(): readonly string[] {
    return this.folders;
  }

  workspaceFolderOf(path: string): string | undefined {
    return this.folders.find((f) => isInside(path, f));
  }

  /** Forget every cached setting and configuration (settings changed, a configuration file changed). */
  invalidate(): void {
    this.gen++;
    this.byFolder.clear();
    this.configFileByDir.clear();
    this.byConfigFile.clear();
    this.settingsByScope.clear();
    this.configFiles.clear();
  }

  /** The configuration for a document URI. Never rejects: on any failure the defaults apply. */
  async forDocument(uri: string): Promise<DocumentConfig> {
    const path = pathOfUri(uri);
    const dir = path !== undefined ? dirnameOf(path) : this.folders[0];
    const key = dir ?? '';
    let entry = this.byFolder.get(key);
    if (!entry) {
      entry = this.compute(dir, path !== undefined ? this.workspaceFolderOf(path) : this.folders[0]);
      this.byFolder.set(key, entry);
    }
    const folder = await entry;
    let config: ResolvedConfig;
    try {
      config = folder.resolver.forFile(path === undefined ? '' : relativeTo(path, folder.base));
    } catch (e) {
      this.host.log(`Cannot apply the overrides for ${path ?? uri}: ${(e as Error)?.message ?? String(e)}`);
      config = this.fallback.forFile('');
    }
    return { enabled: folder.enabled, config, excludes: folder.excludes, configFile: folder.configFile, generation: folder.generation };
  }

  /** Settings of a workspace folder (or the global scope). */
  settingsFor(folder: string | undefined): Promise<EffectiveSettings> {
    const key = folder ?? '';
    let entry = this.settingsByScope.get(key);
    if (!entry) {
      entry = this.host.fetchSettings(folder === undefined ? undefined : this.folderUris.get(folder) ?? uriOfPath(folder)).then(
        (raw) => {
          const settings = readSettings(raw, this.ruleIds);
          for (const p of settings.problems) this.host.log(`Settings: ${p}`);
          return settings;
        },
        (e: unknown) => {
          this.host.log(`Cannot read the palisade settings: ${(e as Error)?.message ?? String(e)}; using the defaults.`);
          return { ...DEFAULT_SETTINGS, problems: [] };
        },
      );
      this.settingsByScope.set(key, entry);
    }
    return entry;
  }

  /** Read and validate a configuration file, publishing its problems on it. Undefined when it does not exist. */
  loadConfigFile(path: string): Promise<{ config: PalisadeConfig; problems: ConfigProblem[] } | undefined> {
    let entry = this.configFiles.get(path);
    if (!entry) {
      entry = this.readConfigText(path).then((text) => {
        if (text === undefined) {
          this.texts.delete(path);
          this.clearProblems(path);
          return undefined;
        }
        this.texts.set(path, text);
        const parsed = parseConfigText(text, this.registry, { trusted: this.trusted });
        this.problemCounts.set(path, parsed.problems.length);
        this.host.publishConfigProblems(path, text, parsed.problems);
        return parsed;
      });
      this.configFiles.set(path, entry);
    }
    return entry;
  }

  /** The text a configuration file had when it was last read (undefined if never read or gone). */
  lastText(path: string): string | undefined {
    return this.texts.get(path);
  }

  /** Clear the published problems of a configuration file (it was deleted or closed and is gone). */
  clearProblems(path: string): void {
    if (this.problemCounts.has(path)) {
      this.problemCounts.delete(path);
      this.host.publishConfigProblems(path, '', []);
    }
  }

  private async readConfigText(path: string): Promise<string | undefined> {
    return this.host.openText(path) ?? (await this.host.readFile(path));
  }

  /**
   * The configuration of a folder. Folders under the same configuration file (and workspace folder) share one
   * resolution, so their documents share `ResolvedConfig` objects: the engine's per-configuration caches and the
   * workspace analysis (one pass per distinct configuration) depend on it.
   */
  private async compute(dir: string | undefined, folder: string | undefined): Promise<FolderConfig> {
    let configFile: string | undefined;
    try {
      configFile = dir !== undefined ? await this.findConfigFile(dir, folder) : undefined;
    } catch {
      configFile = undefined;
    }
    // without a workspace folder, paths are relative to the document's own folder
    if (folder === undefined) return this.computeFor(dir, folder, configFile);
    const key = `${folder}\0${configFile ?? ''}`;
    let shared = this.byConfigFile.get(key);
    if (!shared) this.byConfigFile.set(key, (shared = this.computeFor(dir, folder, configFile)));
    return shared;
  }

  private async computeFor(dir: string | undefined, folder: string | undefined, configFile: string | undefined): Promise<FolderConfig> {
    const generation = this.gen;
    try {
      const settings = await this.settingsFor(folder);
      const fromFile = configFile ? await this.loadConfigFile(configFile) : undefined;
      // exclusion is decided here, each list relative to its own folder; the engine's config keeps none
      const { exclude: _exclude, ...merged } = mergeConfigs(settings.config, fromFile?.config);
      void _exclude;
      const excludes: ExcludeSet[] = [];
      if (settings.exclude.length && (folder ?? dir)) excludes.push({ base: (folder ?? dir)!, patterns: settings.exclude });
      if (configFile && fromFile?.config.exclude?.length) excludes.push({ base: dirnameOf(configFile), patterns: fromFile.config.exclude });
      return {
        enabled: settings.enable, resolver: new ConfigResolver(merged, this.registry, { trusted: this.trusted }),
        base: configFile ? dirnameOf(configFile) : folder ?? dir, excludes, configFile, generation,
      };
    } catch (e) {
      this.host.log(`Cannot resolve the configuration for ${dir ?? 'an untitled document'}: ${(e as Error)?.message ?? String(e)}; using the defaults.`);
      return { enabled: true, resolver: this.fallback, base: undefined, excludes: [], configFile: undefined, generation };
    }
  }

  /**
   * The nearest configuration file from `dir` upward, stopping at the workspace folder (or the file system root).
   * Each folder's answer is kept (until `invalidate`), and a folder without a file of its own asks its parent's.
   */
  private findConfigFile(dir: string, folder: string | undefined): Promise<string | undefined> {
    const key = `${folder ?? ''}\0${dir}`;
    let found = this.configFileByDir.get(key);
    if (!found) {
      found = (async () => {
        for (const name of CONFIG_FILE_NAMES) {
          const candidate = dir.endsWith('/') ? dir + name : `${dir}/${name}`;
          if (this.host.openText(candidate) !== undefined || (await this.host.readFile(candidate)) !== undefined) return candidate;
        }
        if (folder !== undefined && dir === folder) return undefined;
        const parent = dirnameOf(dir);
        if (parent === dir || parent === '.') return undefined;
        if (folder !== undefined && !isInside(parent, folder)) return undefined;
        return this.findConfigFile(parent, folder);
      })();
      this.configFileByDir.set(key, found);
    }
    return found;
  }
}

/** `path` relative to `base` (both `/`-separated); the file name alone when it lies outside. */
function relativeTo(path: string, base: string | undefined): string {
  if (base === undefined || !isInside(path, base)) return basenameOf(path);
  return path.slice(base.replace(/\/$/, '').length + 1);
}
