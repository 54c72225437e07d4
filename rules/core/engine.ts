import { resolveConfig, type EnabledRule, type ResolvedConfig } from './config.js';
import { CUSTOM_RULE_LIMITS, evaluateCustomRules, type CompiledCustomRule } from './custom-rules.js';
import { DockerfileModel } from './dockerfile-model.js';
import { fixOf, relatedAt } from './finding-shapes.js';
import { containersOf, objectsOf, annotationsOf, podSpecOf, type K8sObject } from './k8s.js';
import type {
  DockerContext, DockerRule, K8sContext, K8sFileContext, K8sRule, ReportDescriptor, RuleModule,
} from './rule.js';
import {
  buildPeerIndex, covers, findCommentSuppressions, findPeerCommentSuppressions, isEffective, parseIgnoreAnnotation,
  peerAnnotationRuleIds, suppressionProblems, type PeerIndex, type StatementLines, type Suppression,
  type SuppressionSettings,
} from './suppressions.js';
import { dockerfileComplexity, LIMITS, tooComplexMessage, yamlComplexity, type ChunkShapes } from './limits.js';
import { LineIndex, compareRanges, interpolate } from './text.js';
import type { FileChange, FileKind, Finding, Fix, LintInput, Severity, Span } from './types.js';
import type { WorkspaceView } from './workspace.js';
import { runWorkspaceRules, workspaceRulesOf, type WorkspaceFinding, type WorkspaceRuleRun } from './workspace-analysis.js';
import { emptySummary, KEY_LINES, lookupOf, positionKey, WorkspaceIndex, type FileSummary, type IndexedObject } from './workspace-index.js';
import { isDockerignoreName, summarizeDockerfile, summarizeDockerignore, summarizeObjects } from './workspace-summary.js';
import { YamlEditor } from './yaml-edit.js';
import { pairOf, parseChunk, readableTemplates, splitYamlStream, TEMPLATE_MARK, YamlDoc, type ParsedChunk } from './yaml-model.js';

/** Ids of the findings the engine itself produces. */
export const ENGINE_RULE_IDS = [
  'parse-error', 'internal-error', 'skipped-file', 'suppression-missing-reason', 'unused-suppression', 'custom-rules-skipped',
] as const;

/** Files above this size are skipped with an info finding. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** A finding before positions are computed: spans are offsets into the linted text. */
interface RawFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  span: Span;
  resource?: string;
  related?: { span?: Span; fileName?: string; range?: Finding['range']; message: string }[];
  fixes?: { title: string; kind: Fix['kind']; isPreferred?: boolean; edits: { start: number; end: number; text: string }[]; files?: FileChange[] }[];
  missing?: boolean;
}

/** What `Engine.analyze` returns: the file's findings and its summary for the workspace index. */
export interface Analysis {
  findings: Finding[];
  summary: FileSummary;
}

/** A file's own results before cross-file findings and suppressions are applied (cached for unchanged Dockerfiles). */
interface LocalAnalysis {
  raw: RawFinding[];
  lines: LineIndex;
  suppressions: Suppression[];
  summary: FileSummary;
}

/** A parsed YAML chunk with its document-scoped findings (and custom-rule results, when they ran to completion). */
interface ChunkEntry {
  parsed: ParsedChunk;
  base: number;
  findings: RawFinding[];
  custom?: { findings: RawFinding[]; cost: number };
  /** The chunk's objects for the workspace index, valid while the chunk starts on the same line. */
  summary?: { line: number; partial: boolean; objects: IndexedObject[] };
}

/** What the engine remembers between two lints of the same file (as-you-type): parsed chunks and their findings. */
export class LintSession {
  configKey = '';
  fileName = '';
  chunks = new Map<string, ChunkEntry>();
  docker: { text: string; local: LocalAnalysis } | undefined;
  /** The file as its own workspace, for lints without a workspace: kept so that its lookups survive keystrokes. */
  single: WorkspaceIndex | undefined;
  /** Number of YAML chunks parsed in the last run (observability for tests and benchmarks). */
  lastParsedChunks = 0;
  /** Whether the file was a partial manifest in the last run (rules may judge partial files differently). */
  partial = false;
  /** The `---`-separated pieces of the last text found within the nesting limit, with their flow entries. */
  shapes = new Map<string, number>();
}

/** A rule with what the configuration enables for it. */
interface RuleRun<R extends RuleModule> {
  rule: R;
  enabled: EnabledRule;
}

/**
 * The rules a configuration runs, sorted by how they run: worked out once per configuration (the resolver shares one
 * `ResolvedConfig` between the files it applies to) instead of once per file.
 */
interface RulePlan {
  docker: RuleRun<DockerRule>[];
  /** Kubernetes rules run per object as each document is parsed (cached with the chunk). */
  perDocument: RuleRun<K8sRule>[];
  /** Kubernetes rules that see the whole file: `checkFile`, or `check` run once every object is known. */
  perFile: RuleRun<K8sRule>[];
  workspace: WorkspaceRuleRun[];
  objectContexts?: ObjectRuleContexts;
}

/**
 * What an object rule sees: one per rule and configuration, pointed at each file and object in turn by the shared
 * {@link ObjectCursor}, so that running the rules over a file or an object allocates nothing unless a rule reports.
 */
class ObjectRuleContext implements K8sContext {
  /**
   * The rule's `check`, read once: rules are objects of many shapes, so reading it in the loop over every object and
   * rule was a generic property lookup each time.
   */
  readonly check: (ctx: K8sContext) => void;
  /** The kinds the rule looks at (`K8sRule.kinds`); undefined: every kind. */
  readonly kinds: ReadonlySet<string> | undefined;

  constructor(
    private readonly cursor: ObjectCursor,
    readonly run: RuleRun<K8sRule>,
    private readonly toRaw: (run: RuleRun<K8sRule>, d: ReportDescriptor<string>, resource: string | undefined) => RawFinding,
  ) {
    this.check = run.rule.check!;
    this.kinds = run.rule.kinds ? new Set(run.rule.kinds) : undefined;
  }

  get fileName(): string {
    return this.cursor.fileName;
  }

  get text(): string {
    return this.cursor.text;
  }

  get workspace(): WorkspaceView | undefined {
    return this.cursor.workspace;
  }

  get partial(): boolean {
    return this.cursor.partial;
  }

  get options(): unknown {
    return this.run.enabled.options;
  }

  get object(): K8sObject {
    return this.cursor.object;
  }

  get doc(): YamlDoc {
    return this.cursor.doc;
  }

  get edit(): YamlEditor {
    return this.cursor.edit;
  }

  report = (d: ReportDescriptor<string>): void => {
    this.cursor.out.push(this.toRaw(this.run, d, this.cursor.object.resource));
  };
}

/** The file and object the object rules are looking at, with the editor they share for it (made on first use). */
class ObjectCursor {
  fileName = '';
  text = '';
  workspace: WorkspaceView | undefined;
  partial = false;
  object!: K8sObject;
  doc!: YamlDoc;
  out!: RawFinding[];
  private editor: YamlEditor | undefined;

  startFile(fileName: string, text: string, workspace: WorkspaceView | undefined, partial: boolean): void {
    this.fileName = fileName;
    this.text = text;
    this.workspace = workspace;
    this.partial = partial;
    this.editor = undefined;
  }

  moveTo(object: K8sObject, doc: YamlDoc, out: RawFinding[]): void {
    this.object = object;
    this.doc = doc;
    this.out = out;
    this.editor = undefined;
  }

  get edit(): YamlEditor {
    return (this.editor ??= new YamlEditor(this.text, this.doc));
  }
}

/** A plan's object-rule contexts and their cursor (made on the plan's first YAML file). */
interface ObjectRuleContexts {
  cursor: ObjectCursor;
  perDocument: ObjectRuleContext[];
  /**
   * `perDocument` without the rules that do not look at a kind (`K8sRule.kinds`), made on the kind's first object. Only
   * the kinds some rule names (`namedKinds`) have a list of their own; every other kind shares the list under '' (the
   * rules without `kinds`), so the map stays as small as the rule set whatever kinds the files hold.
   */
  byKind: Map<string, ObjectRuleContext[]>;
  namedKinds: ReadonlySet<string>;
  perFile: Map<RuleRun<K8sRule>, ObjectRuleContext[]>;
}

/** The per-document rules that look at objects of `kind`. */
function rulesForKind(contexts: ObjectRuleContexts, kind: string): ObjectRuleContext[] {
  const key = contexts.namedKinds.has(kind) ? kind : '';
  let list = contexts.byKind.get(key);
  if (!list) contexts.byKind.set(key, (list = contexts.perDocument.filter((c) => !c.kinds || c.kinds.has(key))));
  return list;
}

/**
 * Whether no document of a YAML text can be a Kubernetes object: an object needs the keys `apiVersion` and `kind`, and
 * without an escape sequence (which needs a backslash: `"\u006bind"`) a key's text is in the file as it is. Such files
 * (workflows, compose files, Helm values) get no findings at all, so they are not parsed. Merge keys and aliases only
 * repeat text of the same document.
 */
function cannotHoldObjects(text: string): boolean {
  return !text.includes('\\') && !namesObjectKeys(text);
}

/** Whether a text holds both words a Kubernetes object's keys are made of. */
function namesObjectKeys(text: string): boolean {
  return text.includes('apiVersion') && text.includes('kind');
}

// ---------------------------------------------------------------------------------------------------------------------
// File kinds

const DOCKERFILE_NAME = /(^|[\\/])(Dockerfile|Containerfile)(\.[^\\/]*)?$|\.(Dockerfile|Containerfile)$/i;

export function fileKindOf(fileName: string, languageId?: string): FileKind {
  if (languageId === 'dockerfile') return 'dockerfile';
  if (languageId === 'yaml' || languageId === 'json' || languageId === 'helm') return 'yaml';
  // `Dockerfile.dockerignore` is the ignore file of the Dockerfile named `Dockerfile`, not a Dockerfile
  if (/\.dockerignore$/i.test(fileName)) return 'unknown';
  if (DOCKERFILE_NAME.test(fileName)) return 'dockerfile';
  if (/\.(ya?ml|json)$/i.test(fileName)) return 'yaml';
  return 'unknown';
}

/** Helm chart templates: `{{ }}` expressions or a path under `templates/`. */
export function isHelmTemplate(fileName: string, text: string): boolean {
  if (/(^|[\\/])templates[\\/]/.test(fileName)) return true;
  // linear scans only: a lazy `{{[\s\S]*?}}` or a multi-line `^\s*` takes quadratic time on hostile text
  const open = text.indexOf('{{');
  return open >= 0 && text.indexOf('}}', open + 2) >= 0
    && /^[^\S\n]*\{\{|\{\{[-\s]*(\.|if|end|include|range|toYaml|template|with|define|\$)/m.test(text);
}

/**
 * Replace template expressions with a marker of the same length (ranges stay exact); a line holding nothing but
 * template actions becomes blank, since it injects structure we cannot see.
 */
export function maskTemplates(text: string): string {
  // `{{` to the next `}}`; an unclosed `{{` ends the search (no `}}` follows it). Linear in the text's length.
  const spans: number[] = [];
  for (let i = text.indexOf('{{'); i >= 0;) {
    const close = text.indexOf('}}', i + 2);
    if (close < 0) break;
    spans.push(i, close + 2);
    i = text.indexOf('{{', close + 2);
  }
  if (!spans.length) return text;
  // the lines that hold something besides template expressions and whitespace
  const content: boolean[] = [];
  let line = 0;
  for (let i = 0, s = 0; i < text.length; i++) {
    if (s < spans.length && i === spans[s]) {
      for (; i < spans[s + 1]!; i++) if (text.charCodeAt(i) === 10) line++;
      i--;
      s += 2;
      continue;
    }
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (!content[line] && !(c === 32 || c === 9 || c === 13 || (c > 127 && /\s/.test(text[i]!)))) content[line] = true;
  }
  const parts: string[] = [];
  let last = 0;
  line = 0;
  for (let s = 0; s < spans.length; s += 2) {
    const start = spans[s]!;
    const end = spans[s + 1]!;
    for (let i = last; i < start; i++) if (text.charCodeAt(i) === 10) line++;
    let endLine = line;
    for (let i = start; i < end; i++) if (text.charCodeAt(i) === 10) endLine++;
    let blank = true;
    for (let l = line; l <= endLine && blank; l++) if (content[l]) blank = false;
    parts.push(text.slice(last, start), text.slice(start, end).replace(/[^\n\r]/g, blank ? ' ' : TEMPLATE_MARK));
    line = endLine;
    last = end;
  }
  parts.push(text.slice(last));
  return parts.join('');
}

// ---------------------------------------------------------------------------------------------------------------------

export interface EngineOptions {
  registry: readonly RuleModule[];
}

/**
 * The engine: `lint(input, config, workspace) → Finding[]`. Pure (no file system, no clock), deterministic (sorted by
 * range, then rule id) and total: it never throws; a parse error is a `parse-error` finding and a rule that throws
 * becomes an `internal-error` finding naming the rule while the other rules still report.
 */
export class Engine {
  readonly registry: readonly RuleModule[];
  private readonly byId: Map<string, RuleModule>;
  private readonly peerIndex: PeerIndex;
  private readonly defaultConfig: ResolvedConfig;
  private readonly plans = new WeakMap<ResolvedConfig, RulePlan>();

  constructor(options: EngineOptions) {
    this.registry = options.registry;
    this.byId = new Map(options.registry.map((r) => [r.meta.id, r]));
    this.peerIndex = buildPeerIndex(options.registry);
    this.defaultConfig = resolveConfig(undefined, options.registry);
  }

  rule(id: string): RuleModule | undefined {
    return this.byId.get(id);
  }

  private planOf(cfg: ResolvedConfig): RulePlan {
    let plan = this.plans.get(cfg);
    if (plan) return plan;
    plan = { docker: [], perDocument: [], perFile: [], workspace: workspaceRulesOf(this.registry, cfg) };
    for (const rule of this.registry) {
      const enabled = cfg.rules.get(rule.meta.id);
      if (!enabled) continue;
      if (rule.language === 'dockerfile') {
        if (rule.check) plan.docker.push({ rule: rule as DockerRule, enabled });
      } else if (rule.language === 'kubernetes') {
        const k8s = rule as K8sRule;
        if ((rule.meta.scope ?? 'document') === 'document' && k8s.check) plan.perDocument.push({ rule: k8s, enabled });
        else plan.perFile.push({ rule: k8s, enabled });
      }
    }
    this.plans.set(cfg, plan);
    return plan;
  }

  /** The findings of one file: `analyze(…).findings`. */
  lint(input: LintInput, config?: ResolvedConfig, workspace?: WorkspaceView, session?: LintSession): Finding[] {
    return this.analyze(input, config, workspace, session).findings;
  }

  /**
   * Findings of one file and its summary for the workspace index. Cross-file rules see `workspace` with this file's
   * summary replaced by the fresh one; without a workspace they see this file alone (as if it were the workspace);
   * with an incomplete one (`complete: false`) they do not run, and `summary.workspaceDeferred` records that their
   * findings are left to {@link Engine.lintWorkspace}.
   */
  analyze(input: LintInput, config?: ResolvedConfig, workspace?: WorkspaceView, session?: LintSession): Analysis {
    const cfg = config ?? this.defaultConfig;
    try {
      return this.analyzeUnsafe(input, cfg, workspace, session);
    } catch (e) {
      return {
        findings: [{
          ruleId: 'internal-error', severity: 'error',
          message: `Palisade failed to analyse this file: ${(e as Error)?.message ?? String(e)}`,
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        }],
        summary: emptySummary(input.fileName),
      };
    }
  }

  private analyzeUnsafe(input: LintInput, cfg: ResolvedConfig, workspace: WorkspaceView | undefined, session: LintSession | undefined): Analysis {
    const text = input.text;
    const kind = fileKindOf(input.fileName, input.languageId);
    if (kind === 'unknown') {
      const ignoreFile = isDockerignoreName(input.fileName) && text.length <= MAX_FILE_BYTES;
      return { findings: [], summary: ignoreFile ? summarizeDockerignore(input.fileName, text) : emptySummary(input.fileName) };
    }
    if (text.length > MAX_FILE_BYTES) return { findings: [skippedFinding(`File skipped: larger than ${MAX_FILE_BYTES / 1048576} MB.`)], summary: emptySummary(input.fileName, kind) };
    if (text.includes('\u0000')) return { findings: [skippedFinding('File skipped: it looks binary (contains NUL bytes).')], summary: emptySummary(input.fileName, kind) };
    if (kind === 'yaml' && cannotHoldObjects(text)) {
      // what analysing it would give (no findings: see lintYaml), without parsing it
      return { findings: [], summary: { ...emptySummary(input.fileName, kind), suppressions: [] } };
    }
    const complexity = kind === 'dockerfile' ? dockerfileComplexity(text) : yamlComplexity(text, session && chunkShapesOf(session));
    if (complexity) {
      // YAML that cannot be Kubernetes gets no findings at all, beyond the limits or not
      const quiet = kind === 'yaml' && !namesObjectKeys(text);
      return { findings: quiet ? [] : [skippedFinding(tooComplexMessage(complexity))], summary: emptySummary(input.fileName, kind) };
    }
    if (session && (session.configKey !== cfg.key || session.fileName !== input.fileName)) {
      session.configKey = cfg.key;
      session.fileName = input.fileName;
      session.chunks.clear();
      session.docker = undefined;
      session.single = undefined;
    }
    if (kind === 'dockerfile') {
      const local = session?.docker && session.docker.text === text ? session.docker.local : this.lintDockerfile(input, cfg, workspace);
      if (session) session.docker = { text, local };
      return this.completeAnalysis(input.fileName, local, cfg, workspace, session);
    }
    return this.completeAnalysis(input.fileName, this.lintYaml(input, cfg, workspace, session), cfg, workspace, session);
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Dockerfile

  private lintDockerfile(input: LintInput, cfg: ResolvedConfig, workspace: WorkspaceView | undefined): LocalAnalysis {
    const text = input.text.charCodeAt(0) === 0xfeff ? ' ' + input.text.slice(1) : input.text;
    const lines = new LineIndex(text);
    const model = new DockerfileModel(text, lines, { targetStage: cfg.targetStage });
    const raw: RawFinding[] = [];
    for (const { rule, enabled } of this.planOf(cfg).docker) {
      const ctx: DockerContext = {
        fileName: input.fileName, text, options: enabled.options, workspace, model,
        report: (d) => raw.push(this.toRaw(rule, enabled, d)),
      };
      this.guard(rule, raw, { start: 0, end: 0 }, () => rule.check!(ctx));
    }
    const statements: StatementLines = {
      endOf: (line) => {
        const ins = model.instructions.find((i) => lines.positionAt(i.span.start).line === line);
        return ins ? lines.positionAt(ins.span.end).line : line;
      },
    };
    const suppressions = [
      ...findCommentSuppressions(text, lines, statements),
      ...findPeerCommentSuppressions(text, lines, statements, this.peerIndex),
    ];
    return { raw, lines, suppressions, summary: summarizeDockerfile(input.fileName, model, lines) };
  }

  // -------------------------------------------------------------------------------------------------------------------
  // YAML

  private lintYaml(input: LintInput, cfg: ResolvedConfig, workspace: WorkspaceView | undefined, session: LintSession | undefined): LocalAnalysis {
    const helm = isHelmTemplate(input.fileName, input.text);
    const text = helm ? maskTemplates(input.text) : input.text;
    const partial = helm || (workspace?.isPartialManifest?.(input.fileName) ?? false);
    if (session && session.partial !== partial) {
      // a kustomization started or stopped naming this file: cached findings were judged the other way
      session.partial = partial;
      session.chunks.clear();
    }
    const lines = new LineIndex(input.text);
    const chunks = splitYamlStream(text);
    const raw: RawFinding[] = [];
    const docs: YamlDoc[] = [];
    const objects: K8sObject[] = [];
    const plan = this.planOf(cfg);
    const contexts = (plan.objectContexts ??= this.objectContextsOf(plan));
    const { cursor } = contexts;
    cursor.startFile(input.fileName, text, workspace, partial);
    const nextCache = new Map<string, ChunkEntry>();
    const customRules = cfg.customRules ?? [];
    const customBudget = cfg.customRuleBudget ?? CUSTOM_RULE_LIMITS.defaultBudget;
    const customRaw: RawFinding[] = [];
    let customCost = 0;
    let customSkipped: string | undefined;
    let parsedCount = 0;
    const looksKubernetes = /^[ \t]*apiVersion[ \t]*:/m.test(text) && /^[ \t]*kind[ \t]*:/m.test(text);
    const size = { objects: 0, containers: 0 };
    const indexed: IndexedObject[] = [];
    let previousByLine: Map<number, ChunkEntry> | undefined;
    for (const chunk of chunks) {
      const cached = session?.chunks.get(chunk.text) ?? nextCache.get(chunk.text);
      let findings: RawFinding[];
      let base: number;
      if (!cached) parsedCount++;
      // analyzeUnsafe has checked the whole text against the limits, nesting included
      const parsed: ParsedChunk = cached ? cached.parsed : parseChunk(chunk.text, { depthChecked: true });
      // bounded work: file-scoped rules compare objects with each other
      const beyond = beyondObjectLimits(parsed, helm, size);
      if (beyond) {
        if (session) session.chunks = new Map();
        return { raw: [tooComplexRaw(beyond)], lines, suppressions: [], summary: emptySummary(input.fileName, 'yaml') };
      }
      if (cached) {
        base = cached.base;
        findings = cached.findings;
      } else {
        base = chunk.start;
        findings = [];
      }
      // syntax errors are reported only where the file looks like Kubernetes, which an edit elsewhere in the file can
      // change: they are never part of the cached findings
      if (parsed.errors.length && !helm && looksKubernetes) {
        for (const e of parsed.errors.slice(0, 5)) {
          raw.push({
            ruleId: 'parse-error', severity: 'error', message: `YAML syntax error: ${e.message}`,
            span: { start: chunk.start + e.start, end: chunk.start + Math.max(e.end, e.start) },
          });
        }
      }
      // the documents and objects of the chunk, built once: document rules, file rules and the summary share them
      // (per-object caches such as the pod spec then serve every rule)
      const chunkObjects: K8sObject[] = [];
      parsed.docs.forEach((d, i) => {
        const doc = new YamlDoc(d, chunk.start, i);
        docs.push(doc);
        if (d.errors.length && !helm) return;
        const found = objectsOf(doc);
        if (!cached && found.length) {
          for (const object of found) this.runObjectRules(rulesForKind(contexts, object.kind), cursor, object, doc, findings);
        }
        for (const object of found) chunkObjects.push(object);
      });
      const delta = chunk.start - base;
      const entry: ChunkEntry = { parsed, base: chunk.start, findings: delta ? findings.map((f) => shift(f, delta)) : findings };
      nextCache.set(chunk.text, entry);
      // findings are never changed once made: the cache and this run share them
      for (const f of entry.findings) raw.push(f);
      objects.push(...chunkObjects);
      // a chunk whose facts did not change keeps its summary objects (the same instances), so the workspace view of
      // this file sees nothing changed there and answers from the index's own lookups
      const line = chunk.start ? lines.positionAt(chunk.start).line : 0;
      const reused = cached?.summary && cached.summary.line === line && cached.summary.partial === partial ? cached.summary : undefined;
      entry.summary = reused ?? { line, partial, objects: summarizeObjects(chunkObjects, text, lines, partial) };
      if (!reused && session) {
        previousByLine ??= new Map([...session.chunks.values()].map((e) => [e.summary?.line ?? -1, e]));
        const before = previousByLine.get(line)?.summary;
        if (before && before.partial === partial && JSON.stringify(before.objects) === JSON.stringify(entry.summary.objects)) entry.summary = before;
      }
      indexed.push(...entry.summary.objects);
      if (customRules.length && !customSkipped) {
        const previous = cached?.custom;
        const custom = previous
          ? { findings: delta ? previous.findings.map((f) => shift(f, delta)) : previous.findings, cost: previous.cost }
          : this.runCustomRules(customRules, chunkObjects, customBudget - customCost);
        customCost += custom.cost;
        if ('skipped' in custom && custom.skipped) customSkipped = custom.skipped;
        else if (customCost > customBudget) customSkipped = 'the evaluation budget of the file ran out';
        else {
          entry.custom = { findings: custom.findings, cost: custom.cost };
          customRaw.push(...custom.findings);
        }
      }
    }
    if (session) {
      session.chunks = nextCache;
      session.lastParsedChunks = parsedCount;
    }
    if (customSkipped) {
      raw.push({
        ruleId: 'custom-rules-skipped', severity: 'info', span: { start: 0, end: 0 },
        message: `Custom rules skipped: too complex (${customSkipped}). The built-in rules still ran.`,
      });
    } else {
      raw.push(...customRaw);
    }
    for (const run of plan.perFile) {
      const { rule, enabled } = run;
      const editors = new Map<YamlDoc, YamlEditor>();
      const editorFor = (doc: YamlDoc): YamlEditor => {
        let e = editors.get(doc);
        if (!e) editors.set(doc, (e = new YamlEditor(text, doc)));
        return e;
      };
      if (rule.checkFile) {
        const ctx: K8sFileContext = {
          fileName: input.fileName, text, options: enabled.options, workspace, objects, partial, editorFor,
          report: (d) => raw.push(this.toRaw(rule, enabled, d)),
        };
        this.guard(rule, raw, { start: 0, end: 0 }, () => rule.checkFile!(ctx));
      } else if (rule.check && objects.length) {
        const own = contexts.perFile.get(run)!;
        const { kinds } = own[0];
        for (const object of objects) if (!kinds || kinds.has(object.kind)) this.runObjectRules(own, cursor, object, object.doc, raw);
      }
    }
    const kept = raw.filter((f) => !(partial && f.missing));
    const summary: FileSummary = { fileName: input.fileName, kind: 'yaml', ...(partial ? { partial: true } : {}), objects: indexed };
    if (!objects.length && !kept.some((f) => f.ruleId === 'parse-error')) return { raw: [], lines, suppressions: [], summary };
    const statements: StatementLines = { endOf: (line) => line };
    const suppressions: Suppression[] = [
      ...findCommentSuppressions(input.text, lines, statements),
      ...findPeerCommentSuppressions(input.text, lines, statements, this.peerIndex),
      ...this.annotationSuppressions(objects),
    ];
    return { raw: kept, lines, suppressions, summary };
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Cross-file rules

  /**
   * Add the findings of cross-file rules that land in this file, then apply the file's suppressions to everything:
   * one path for every finding. The summary keeps the suppressions (positions encoded) for {@link lintWorkspace}.
   */
  private completeAnalysis(fileName: string, local: LocalAnalysis, cfg: ResolvedConfig, workspace: WorkspaceView | undefined, session?: LintSession): Analysis {
    const { lines } = local;
    const runs = this.planOf(cfg).workspace;
    let raw = local.raw;
    let deferred = false;
    if (runs.length && (local.summary.objects.length || local.summary.copies?.length)) {
      if (workspace && !workspace.complete) deferred = true;
      else {
        // without a workspace the file is its own; a session keeps that index, so unchanged kinds keep their lookups
        let single: WorkspaceIndex | undefined;
        if (!workspace) {
          single = session?.single ?? WorkspaceIndex.single(local.summary);
          if (!single.holds(local.summary)) single.update(local.summary);
          if (session) session.single = single;
        }
        const view = workspace ?? single!;
        const lookup = lookupOf(view).overlay(local.summary);
        const errors: RawFinding[] = [];
        const found = runWorkspaceRules(runs, view, lookup, { kind: 'file', fileName }, (rule, e) => errors.push(internalError(rule.meta.id, e, { start: 0, end: 0 })));
        const partial = !!local.summary.partial || (workspace?.isPartialManifest?.(fileName) ?? false);
        raw = [...raw, ...errors, ...found.filter((f) => !(partial && f.missing)).map((f) => rawOf(f, (r) => lines.spanOf(r)))];
      }
    }
    const suppressions = local.suppressions.map(freshSuppression);
    const undecided = deferred ? new Set(runs.map((r) => r.rule.meta.id)) : undefined;
    const findings = this.finish(applySuppressions(raw, suppressions, lines, cfg.suppressions, undecided), lines);
    const summary: FileSummary = {
      ...local.summary,
      suppressions: suppressions.map((s) => encodeSuppression(s, lines)),
      ...(deferred ? { workspaceDeferred: true } : {}),
    };
    return { findings, summary };
  }

  /**
   * Findings of the cross-file rules over the whole workspace, by file (files without any are left out): what a
   * workspace scan adds to each file's own findings from `analyze(…, incompleteWorkspace)`. Suppressions of the file a
   * finding lands in apply (through its summary), and suppressions naming cross-file rules that matched nothing are
   * reported here for files whose analysis deferred them. `config` may differ per file (overrides); a file for which
   * it returns undefined gets no findings. `files` limits the work to some files (after an edit: the dependants
   * `WorkspaceIndex.dependantsOf` names); the others are left out of the result. Empty while the workspace is incomplete.
   */
  lintWorkspace(workspace: WorkspaceView, config?: ResolvedConfig | ((fileName: string) => ResolvedConfig | undefined), files?: Iterable<string>): Map<string, Finding[]> {
    const out = new Map<string, Finding[]>();
    try {
      this.lintWorkspaceUnsafe(workspace, config, files, out);
    } catch {
      // a view that is not what it claims (hand-made summaries): what was computed stands, the rest is left out
    }
    return out;
  }

  private lintWorkspaceUnsafe(workspace: WorkspaceView, config: ResolvedConfig | ((fileName: string) => ResolvedConfig | undefined) | undefined,
    files: Iterable<string> | undefined, out: Map<string, Finding[]>): void {
    if (!workspace.complete) return;
    const lookup = lookupOf(workspace);
    const configOf = typeof config === 'function' ? config : () => config ?? this.defaultConfig;
    // files whose configurations are equal (the same key) are judged in one pass over the index: an editor resolves
    // the configuration per folder, and a pass per folder would make the workspace analysis quadratic
    const groups = new Map<string, { cfg: ResolvedConfig; files: Set<string> }>();
    const targets = files ? [...files].map((f) => lookup.file(f)).filter((s): s is FileSummary => s !== undefined) : lookup.files();
    let count = 0;
    for (const summary of targets) {
      count++;
      const cfg = configOf(summary.fileName);
      if (!cfg) continue;
      let group = groups.get(cfg.key);
      if (!group) groups.set(cfg.key, (group = { cfg, files: new Set() }));
      group.files.add(summary.fileName);
    }
    // every file of the index in one group: the rules need not ask which files are wanted
    const wholeIndex = files === undefined;
    for (const { cfg, files } of groups.values()) {
      const runs = this.planOf(cfg).workspace;
      if (!runs.length) continue;
      const byFile = new Map<string, RawFinding[]>();
      const push = (fileName: string, f: RawFinding): void => {
        const list = byFile.get(fileName);
        if (list) list.push(f);
        else byFile.set(fileName, [f]);
      };
      // a rule that fails is reported in the group's first file by name
      let first: string | undefined;
      for (const f of files) if (first === undefined || f < first) first = f;
      const found = runWorkspaceRules(runs, workspace, lookup, wholeIndex && count === files.size ? { kind: 'all' } : { kind: 'files', fileNames: files },
        (rule, e) => push(first!, internalError(rule.meta.id, e, { start: 0, end: 0 })));
      for (const f of found) {
        const summary = lookup.file(f.fileName);
        if (f.missing && (summary?.partial || workspace.isPartialManifest?.(f.fileName))) continue;
        push(f.fileName, rawOf(f, (r) => ({ start: positionKey(r.start), end: positionKey(r.end) })));
      }
      for (const fileName of files) {
        const summary = lookup.file(fileName)!;
        const raw = byFile.get(fileName);
        // without findings, only the suppressions an analysis deferred can make some
        if (!raw && !summary.workspaceDeferred) continue;
        const suppressions = (summary.suppressions ?? []).map(freshSuppression);
        const kept = applySuppressions(raw ?? [], suppressions, KEY_LINES, cfg.suppressions, 'none');
        if (summary.workspaceDeferred) kept.push(...deferredUnused(summary.suppressions ?? [], suppressions, runs, cfg));
        if (kept.length) out.set(fileName, this.finish(kept, KEY_LINES));
      }
    }
  }

  /** Custom rules on the objects of one chunk, within the remaining budget of the file. */
  private runCustomRules(rules: readonly CompiledCustomRule[], objects: readonly K8sObject[], budget: number): { findings: RawFinding[]; cost: number; skipped?: string } {
    const findings: RawFinding[] = [];
    let cost = 0;
    for (const object of objects) {
      let result;
      try {
        result = evaluateCustomRules(rules, object, budget - cost);
      } catch (e) {
        // a schema that overflows the stack or similar: stop custom rules for this file, keep the built-in findings
        return { findings, cost, skipped: `a custom rule failed on ${object.resource}: ${(e as Error)?.message ?? String(e)}` };
      }
      cost += result.cost;
      for (const f of result.findings) {
        findings.push({ ruleId: f.ruleId, severity: f.severity, message: f.message, span: f.span, resource: f.resource, missing: f.missing });
      }
      if (result.skipped) return { findings, cost, skipped: result.skipped };
    }
    return { findings, cost };
  }

  /** The object-rule contexts of a plan, sharing one cursor. */
  private objectContextsOf(plan: RulePlan): ObjectRuleContexts {
    const cursor = new ObjectCursor();
    const toRaw = (run: RuleRun<K8sRule>, d: ReportDescriptor<string>, resource: string | undefined): RawFinding => this.toRaw(run.rule, run.enabled, d, resource);
    const perDocument = plan.perDocument.map((run) => new ObjectRuleContext(cursor, run, toRaw));
    return {
      cursor,
      perDocument,
      byKind: new Map(),
      namedKinds: new Set(perDocument.flatMap((c) => [...(c.kinds ?? [])])),
      perFile: new Map(plan.perFile.map((run) => [run, [new ObjectRuleContext(cursor, run, toRaw)]])),
    };
  }

  /** Run object rules over one object; a rule that throws becomes an `internal-error` finding on the object's kind. */
  private runObjectRules(contexts: readonly ObjectRuleContext[], cursor: ObjectCursor, object: K8sObject, doc: YamlDoc, out: RawFinding[]): void {
    cursor.moveTo(object, doc, out);
    for (const ctx of contexts) {
      try {
        ctx.check.call(ctx.run.rule, ctx);
      } catch (e) {
        out.push(internalError(ctx.run.rule.meta.id, e, doc.span(object.kindNode)));
      }
    }
  }

  private annotationSuppressions(objects: readonly K8sObject[]): Suppression[] {
    const out: Suppression[] = [];
    for (const o of objects) {
      const meta = o.node.items.find((p) => (p.key as { value?: unknown })?.value === 'metadata')?.value;
      const annotations = annotationsOf(meta);
      if (!Object.keys(annotations).length) continue;
      const scope = o.doc.span(o.node);
      // the suppression is written at the annotation (where unused/missing-reason findings point)
      const annotationsPair = pairOf(meta, 'annotations');
      const own = annotations['palisade.io/ignore'];
      if (own !== undefined) {
        const { ids, reason } = parseIgnoreAnnotation(own);
        const pair = pairOf(annotationsPair?.value, 'palisade.io/ignore');
        out.push({ kind: 'annotation', ruleIds: ids, span: o.doc.span(pair ?? annotationsPair ?? o.node), scope, reason, used: false });
      }
      const peer = peerAnnotationRuleIds(annotations, this.peerIndex);
      if (peer.length) out.push({ kind: 'peer', ruleIds: peer, span: o.doc.span(annotationsPair?.key ?? o.node), scope, reason: undefined, used: false });
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------------------------------

  /** `resource`: the finding's resource unless the descriptor names one (or says `resource: undefined`). */
  private toRaw(rule: RuleModule, enabled: EnabledRule, d: ReportDescriptor<string>, resource?: string): RawFinding {
    const template = (rule.meta.messages as Record<string, string>)[d.messageId] ?? d.messageId;
    const severity = enabled.explicitSeverity ? enabled.severity : d.severity ?? enabled.severity;
    return {
      ruleId: rule.meta.id,
      severity,
      message: interpolate(template, d.data),
      span: d.span,
      resource: 'resource' in d ? d.resource : resource,
      related: d.related?.map((r) => ({ span: r.fileName ? undefined : r.span, fileName: r.fileName, range: r.range, message: r.message })),
      // a fix whose edits overlap cannot be applied (an editor rejects it, or it would corrupt the file): never offered
      fixes: d.fixes?.filter((f) => !editsOverlap(f.edits)).map((f) => ({
        title: f.title, kind: f.kind ?? (rule.meta.fix === 'none' ? 'suggestion' : rule.meta.fix), isPreferred: f.isPreferred,
        edits: f.edits.map((e) => ({ start: e.start, end: e.end, text: e.text })), files: f.files?.length ? f.files : undefined,
      })),
      missing: d.missing,
    };
  }

  private guard(rule: RuleModule, out: RawFinding[], span: Span, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      out.push(internalError(rule.meta.id, e, span));
    }
  }

  private finish(raw: RawFinding[], lines: Pick<LineIndex, 'rangeOf'>): Finding[] {
    // every finding passes here: related information and fixes are built by finding-shapes.ts (fixed shapes, keys in
    // the order reports show). Text read from a Helm template carries the markers of its expressions: messages show
    // them as `{{…}}`, and a fix that would write them into the file (for expressions it cannot see) is not offered.
    const out: Finding[] = raw.map((f) => {
      const finding: Finding = { ruleId: f.ruleId, severity: f.severity, message: readableTemplates(f.message), range: lines.rangeOf(f.span) };
      if (f.resource) finding.resource = readableTemplates(f.resource);
      if (f.related?.length) {
        finding.related = f.related.map((r) => relatedAt(r.fileName, r.range ?? lines.rangeOf(r.span ?? f.span), readableTemplates(r.message)));
      }
      const fixes = f.fixes?.filter((x) => !writesTemplateMarks(x));
      if (fixes?.length) {
        finding.fixes = fixes.map((x) => fixOf(readableTemplates(x.title), x.kind, x.isPreferred, x.edits.map((e) => ({ range: lines.rangeOf(e), newText: e.text })), x.files));
      }
      return finding;
    });
    out.sort(compareFindings);
    return out;
  }
}

/** The engine's order: by range, then rule id, then message. */
export function compareFindings(a: Finding, b: Finding): number {
  return compareRanges(a.range, b.range) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

/** One file's findings from several lists (its own from `analyze`, the cross-file ones from `lintWorkspace`), sorted. */
export function mergeFindings(...lists: readonly (readonly Finding[] | undefined)[]): Finding[] {
  return lists.flatMap((l) => l ?? []).sort(compareFindings);
}

function shift(f: RawFinding, delta: number): RawFinding {
  const s = (x: Span): Span => ({ start: x.start + delta, end: x.end + delta });
  return {
    ...f,
    span: s(f.span),
    related: f.related?.map((r) => (r.span ? { ...r, span: s(r.span) } : r)),
    fixes: f.fixes?.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, start: e.start + delta, end: e.end + delta })) })),
  };
}

/**
 * Drop suppressed findings, then add the findings about suppressions themselves (`requireReason`, `reportUnused`).
 * Engine findings cannot be suppressed. `undecided`: ids of cross-file rules that have not run yet (their findings may
 * still match), or `none` to add no findings about suppressions (they were judged when the file was analysed).
 */
function applySuppressions(raw: RawFinding[], suppressions: Suppression[], lines: Pick<LineIndex, 'positionAt'>, settings?: SuppressionSettings,
  undecided?: ReadonlySet<string> | 'none'): RawFinding[] {
  if (!suppressions.length) return raw;
  const lineOf = (o: number): number => lines.positionAt(o).line;
  const active = suppressions.filter((s) => isEffective(s, settings));
  const kept = raw.filter((f) => {
    if ((ENGINE_RULE_IDS as readonly string[]).includes(f.ruleId)) return true;
    let hit = false;
    for (const s of active) {
      if (covers(s, { ruleId: f.ruleId, span: f.span }, lineOf)) {
        s.used = true;
        (s.matched ??= []).push(f.ruleId);
        hit = true;
      }
    }
    return !hit;
  });
  // `none`: the suppressions were judged when the file was analysed (cross-file findings of a workspace scan)
  if (undecided === 'none') return kept;
  for (const p of suppressionProblems(undecided?.size ? suppressions.map((s) => withUndecided(s, undecided)) : suppressions, settings)) kept.push({ ...p });
  return kept;
}

/**
 * For the unused-suppression check while cross-file rules have not run: ids of those rules count as matched (their
 * findings may still come), and a suppression naming any of them, or every rule, counts as used.
 */
function withUndecided(s: Suppression, undecided: ReadonlySet<string>): Suppression {
  const open = s.ruleIds.filter((id) => undecided.has(id));
  if (s.ruleIds.length && !open.length) return s;
  return { ...s, used: true, matched: [...(s.matched ?? []), ...open] };
}

/**
 * The unused-suppression findings an analysis deferred (see {@link withUndecided}), decided once the cross-file rules
 * ran: a suppression that matched nothing in either pass, or the cross-file ids of a suppression that matched none.
 */
function deferredUnused(local: readonly Suppression[], applied: readonly Suppression[], runs: readonly WorkspaceRuleRun[], cfg: ResolvedConfig): RawFinding[] {
  const ids = new Set(runs.map((r) => r.rule.meta.id));
  const merged: Suppression[] = [];
  local.forEach((s, i) => {
    const now = applied[i];
    const open = s.ruleIds.filter((id) => ids.has(id));
    if (s.ruleIds.length && !open.length) return;
    if (!s.ruleIds.length && s.used) return;
    merged.push({
      ...s,
      used: s.used || now.used,
      matched: [...(now.matched ?? []), ...s.ruleIds.filter((id) => !ids.has(id))],
    });
  });
  return suppressionProblems(merged, cfg.suppressions).filter((p) => p.ruleId === 'unused-suppression').map((p) => ({ ...p }));
}

/** A copy of a suppression to apply afresh (application marks `used`/`matched`). */
function freshSuppression(s: Suppression): Suppression {
  return { ...s, used: false, matched: undefined };
}

/** A suppression with its positions as {@link positionKey}s, to be applied without the file's text. */
function encodeSuppression(s: Suppression, lines: LineIndex): Suppression {
  const key = (offset: number): number => positionKey(lines.positionAt(offset));
  return {
    ...s,
    span: { start: key(s.span.start), end: key(s.span.end) },
    ...(s.scope ? { scope: { start: key(s.scope.start), end: key(s.scope.end) } } : {}),
    ...(s.matched ? { matched: [...s.matched] } : {}),
  };
}

/** A cross-file finding as a raw finding of its file, ranges turned into that file's offsets by `spanOf`. */
function rawOf(f: WorkspaceFinding, spanOf: (range: Finding['range']) => Span): RawFinding {
  const raw: RawFinding = { ruleId: f.ruleId, severity: f.severity, message: f.message, span: spanOf(f.range) };
  if (f.resource) raw.resource = f.resource;
  if (f.related) raw.related = f.related.map((r) => ({ fileName: r.fileName, range: r.range, message: r.message }));
  if (f.fixes) {
    raw.fixes = f.fixes.map((x) => ({
      title: x.title, kind: x.kind, isPreferred: x.isPreferred, edits: x.edits.map((e) => {
        const span = spanOf(e.range);
        return { start: span.start, end: span.end, text: e.newText };
      }),
      files: x.files,
    }));
  }
  if (f.missing) raw.missing = true;
  return raw;
}

/**
 * The pieces of the session's text judged by the last complexity check: as you type, only the piece an edit touched is
 * scanned again. What the check learns replaces what the session knew (so the memory follows the text).
 */
function chunkShapesOf(session: LintSession): ChunkShapes {
  const next = new Map<string, number>();
  const previous = session.shapes;
  session.shapes = next;
  return {
    split: (text) => splitYamlStream(text).map((c) => c.text),
    known: (chunk) => {
      const count = previous.get(chunk);
      if (count !== undefined) next.set(chunk, count);
      return count;
    },
    learn: (chunk, count) => next.set(chunk, count),
  };
}

function internalError(ruleId: string, e: unknown, span: Span): RawFinding {
  return {
    ruleId: 'internal-error', severity: 'error', span,
    message: `Rule ${ruleId} failed on this file: ${(e as Error)?.message ?? String(e)}. The other rules still ran.`,
  };
}

/** Whether a fix's edits (in this file or others) would write template markers (see `readableTemplates`). */
function writesTemplateMarks(fix: NonNullable<RawFinding['fixes']>[number]): boolean {
  return fix.edits.some((e) => e.text.includes(TEMPLATE_MARK)) || !!fix.files?.some((c) => c.edits.some((e) => e.newText.includes(TEMPLATE_MARK)));
}

/** Whether some edits of one fix overlap (two insertions at the same point apply in order and do not count). */
function editsOverlap(edits: readonly Span[]): boolean {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) if (sorted[i]!.start < sorted[i - 1]!.end) return true;
  return false;
}

/**
 * Count a chunk's objects and containers into `size` (rules work per object and per container, and file-scoped rules
 * compare objects with each other); the limit crossed, if any.
 */
function beyondObjectLimits(parsed: ParsedChunk, helm: boolean, size: { objects: number; containers: number }): string | undefined {
  const { maxObjects, maxContainers } = LIMITS.yaml;
  for (const d of parsed.docs) {
    if (d.errors.length && !helm) continue;
    for (const object of objectsOf(new YamlDoc(d, 0, 0))) {
      if (++size.objects > maxObjects) return `more than ${maxObjects} Kubernetes objects`;
      const pod = podSpecOf(object);
      if (pod && (size.containers += containersOf(pod).length) > maxContainers) return `more than ${maxContainers} containers`;
    }
  }
  return undefined;
}

/** The engine's own finding for a file beyond the limits found only once parsing ran. */
function tooComplexRaw(reason: string): RawFinding {
  return { ruleId: 'skipped-file', severity: 'info', message: tooComplexMessage(reason), span: { start: 0, end: 0 } };
}

/** The info finding for a file the engine does not analyse (too large, binary, not UTF-8). */
export function skippedFinding(message: string): Finding {
  return { ruleId: 'skipped-file', severity: 'info', message, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
}
