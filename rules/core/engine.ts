import { resolveConfig, type EnabledRule, type ResolvedConfig } from './config.js';
import { CUSTOM_RULE_LIMITS, evaluateCustomRules, type CompiledCustomRule } from './custom-rules.js';
import { DockerfileModel } from './dockerfile-model.js';
import { objectsOf, annotationsOf, type K8sObject } from './k8s.js';
import type {
  DockerContext, DockerRule, K8sContext, K8sFileContext, K8sRule, ReportDescriptor, RuleModule,
} from './rule.js';
import {
  buildPeerIndex, covers, findCommentSuppressions, findPeerCommentSuppressions, isEffective, parseIgnoreAnnotation,
  peerAnnotationRuleIds, suppressionProblems, type PeerIndex, type StatementLines, type Suppression,
  type SuppressionSettings,
} from './suppressions.js';
import { LineIndex, compareRanges, interpolate } from './text.js';
import type { FileKind, Finding, Fix, LintInput, Severity, Span } from './types.js';
import type { WorkspaceView } from './workspace.js';
import { YamlEditor } from './yaml-edit.js';
import { pairOf, parseChunk, splitYamlStream, TEMPLATE_MARK, YamlDoc, type ParsedChunk } from './yaml-model.js';

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
  fixes?: { title: string; kind: Fix['kind']; isPreferred?: boolean; edits: { start: number; end: number; text: string }[] }[];
  missing?: boolean;
}

/** A parsed YAML chunk with its document-scoped findings (and custom-rule results, when they ran to completion). */
interface ChunkEntry {
  parsed: ParsedChunk;
  base: number;
  findings: RawFinding[];
  custom?: { findings: RawFinding[]; cost: number };
}

/** What the engine remembers between two lints of the same file (as-you-type): parsed chunks and their findings. */
export class LintSession {
  configKey = '';
  fileName = '';
  chunks = new Map<string, ChunkEntry>();
  docker: { text: string; findings: Finding[] } | undefined;
  /** Number of YAML chunks parsed in the last run (observability for tests and benchmarks). */
  lastParsedChunks = 0;
}

// ---------------------------------------------------------------------------------------------------------------------
// File kinds

const DOCKERFILE_NAME = /(^|[\\/])(Dockerfile|Containerfile)(\.[^\\/]*)?$|\.(Dockerfile|Containerfile)$/i;

export function fileKindOf(fileName: string, languageId?: string): FileKind {
  if (languageId === 'dockerfile') return 'dockerfile';
  if (languageId === 'yaml' || languageId === 'json' || languageId === 'helm') return 'yaml';
  if (DOCKERFILE_NAME.test(fileName)) return 'dockerfile';
  if (/\.(ya?ml|json)$/i.test(fileName)) return 'yaml';
  return 'unknown';
}

/** Helm chart templates: `{{ }}` expressions or a path under `templates/`. */
export function isHelmTemplate(fileName: string, text: string): boolean {
  return /(^|[\\/])templates[\\/]/.test(fileName) ? true : /\{\{[\s\S]*?\}\}/.test(text) && /^\s*\{\{|\{\{[-\s]*(\.|if|end|include|range|toYaml|template|with|define|\$)/m.test(text);
}

/**
 * Replace template expressions with a marker of the same length (ranges stay exact); a line holding nothing but
 * template actions becomes blank, since it injects structure we cannot see.
 */
export function maskTemplates(text: string): string {
  return text.replace(/\{\{[\s\S]*?\}\}/g, (m, offset: number) => {
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    let lineEnd = text.indexOf('\n', offset + m.length);
    if (lineEnd < 0) lineEnd = text.length;
    const rest = text.slice(lineStart, lineEnd).replace(/\{\{[\s\S]*?\}\}/g, '');
    const blank = /^\s*$/.test(rest);
    return m.replace(/[^\n\r]/g, blank ? ' ' : TEMPLATE_MARK);
  });
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

  constructor(options: EngineOptions) {
    this.registry = options.registry;
    this.byId = new Map(options.registry.map((r) => [r.meta.id, r]));
    this.peerIndex = buildPeerIndex(options.registry);
    this.defaultConfig = resolveConfig(undefined, options.registry);
  }

  rule(id: string): RuleModule | undefined {
    return this.byId.get(id);
  }

  lint(input: LintInput, config?: ResolvedConfig, workspace?: WorkspaceView, session?: LintSession): Finding[] {
    const cfg = config ?? this.defaultConfig;
    try {
      return this.lintUnsafe(input, cfg, workspace, session);
    } catch (e) {
      return [{
        ruleId: 'internal-error', severity: 'error',
        message: `Palisade failed to analyse this file: ${(e as Error)?.message ?? String(e)}`,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      }];
    }
  }

  private lintUnsafe(input: LintInput, cfg: ResolvedConfig, workspace: WorkspaceView | undefined, session: LintSession | undefined): Finding[] {
    const text = input.text;
    const kind = fileKindOf(input.fileName, input.languageId);
    if (kind === 'unknown') return [];
    if (text.length > MAX_FILE_BYTES) return [skippedFinding(`File skipped: larger than ${MAX_FILE_BYTES / 1048576} MB.`)];
    if (text.includes('\u0000')) return [skippedFinding('File skipped: it looks binary (contains NUL bytes).')];
    if (session && (session.configKey !== cfg.key || session.fileName !== input.fileName)) {
      session.configKey = cfg.key;
      session.fileName = input.fileName;
      session.chunks.clear();
      session.docker = undefined;
    }
    if (kind === 'dockerfile') {
      if (session?.docker && session.docker.text === text) return session.docker.findings;
      const findings = this.lintDockerfile(input, cfg, workspace);
      if (session) session.docker = { text, findings };
      return findings;
    }
    return this.lintYaml(input, cfg, workspace, session);
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Dockerfile

  private lintDockerfile(input: LintInput, cfg: ResolvedConfig, workspace: WorkspaceView | undefined): Finding[] {
    const text = input.text.charCodeAt(0) === 0xfeff ? ' ' + input.text.slice(1) : input.text;
    const lines = new LineIndex(text);
    const model = new DockerfileModel(text, lines, { targetStage: cfg.targetStage });
    const raw: RawFinding[] = [];
    for (const rule of this.registry) {
      if (rule.language !== 'dockerfile') continue;
      const enabled = cfg.rules.get(rule.meta.id);
      if (!enabled) continue;
      const ctx: DockerContext = {
        fileName: input.fileName, text, options: enabled.options, workspace, model,
        report: (d) => raw.push(this.toRaw(rule, enabled, d, false)),
      };
      this.guard(rule, raw, { start: 0, end: 0 }, () => (rule as DockerRule).check(ctx));
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
    return this.finish(applySuppressions(raw, suppressions, lines, cfg.suppressions), lines);
  }

  // -------------------------------------------------------------------------------------------------------------------
  // YAML

  private lintYaml(input: LintInput, cfg: ResolvedConfig, workspace: WorkspaceView | undefined, session: LintSession | undefined): Finding[] {
    const helm = isHelmTemplate(input.fileName, input.text);
    const text = helm ? maskTemplates(input.text) : input.text;
    const partial = helm || (workspace?.isPartialManifest?.(input.fileName) ?? false);
    const lines = new LineIndex(input.text);
    const chunks = splitYamlStream(text);
    const raw: RawFinding[] = [];
    const docs: YamlDoc[] = [];
    const objects: K8sObject[] = [];
    const docRules: K8sRule[] = [];
    const fileRules: K8sRule[] = [];
    for (const rule of this.registry) {
      if (rule.language !== 'kubernetes' || !cfg.rules.has(rule.meta.id)) continue;
      const scope = rule.meta.scope ?? 'document';
      if (scope === 'document' && rule.check) docRules.push(rule);
      else fileRules.push(rule);
    }
    const nextCache = new Map<string, ChunkEntry>();
    const customRules = cfg.customRules ?? [];
    const customBudget = cfg.customRuleBudget ?? CUSTOM_RULE_LIMITS.defaultBudget;
    const customRaw: RawFinding[] = [];
    let customCost = 0;
    let customSkipped: string | undefined;
    let parsedCount = 0;
    const looksKubernetes = /^\s*apiVersion\s*:/m.test(text) && /^\s*kind\s*:/m.test(text);
    for (const chunk of chunks) {
      const cached = session?.chunks.get(chunk.text) ?? nextCache.get(chunk.text);
      let parsed: ParsedChunk;
      let findings: RawFinding[];
      let base: number;
      if (cached) {
        parsed = cached.parsed;
        base = cached.base;
        findings = cached.findings;
      } else {
        parsedCount++;
        parsed = parseChunk(chunk.text);
        base = chunk.start;
        findings = [];
        if (parsed.errors.length && !helm && looksKubernetes) {
          for (const e of parsed.errors.slice(0, 5)) {
            findings.push({
              ruleId: 'parse-error', severity: 'error', message: `YAML syntax error: ${e.message}`,
              span: { start: chunk.start + e.start, end: chunk.start + Math.max(e.end, e.start) },
            });
          }
        }
        const chunkDocs = parsed.docs.map((d, i) => new YamlDoc(d, chunk.start, i));
        for (const doc of chunkDocs) {
          if (doc.doc.errors.length && !helm) continue;
          for (const object of objectsOf(doc)) this.runObjectRules(docRules, object, doc, input.fileName, text, cfg, workspace, partial, findings);
        }
      }
      const delta = chunk.start - base;
      const entry: ChunkEntry = { parsed, base: chunk.start, findings: delta ? findings.map((f) => shift(f, delta)) : findings };
      nextCache.set(chunk.text, entry);
      for (const f of delta ? findings.map((f) => shift(f, delta)) : findings) raw.push(f);
      const chunkObjects: K8sObject[] = [];
      parsed.docs.forEach((d, i) => {
        const doc = new YamlDoc(d, chunk.start, i);
        docs.push(doc);
        if (!d.errors.length || helm) chunkObjects.push(...objectsOf(doc));
      });
      objects.push(...chunkObjects);
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
    for (const rule of fileRules) {
      const enabled = cfg.rules.get(rule.meta.id)!;
      const editors = new Map<YamlDoc, YamlEditor>();
      const editorFor = (doc: YamlDoc): YamlEditor => {
        let e = editors.get(doc);
        if (!e) editors.set(doc, (e = new YamlEditor(text, doc)));
        return e;
      };
      if (rule.checkFile) {
        const ctx: K8sFileContext = {
          fileName: input.fileName, text, options: enabled.options, workspace, objects, partial, editorFor,
          report: (d) => raw.push(this.toRaw(rule, enabled, d, partial)),
        };
        this.guard(rule, raw, { start: 0, end: 0 }, () => rule.checkFile!(ctx));
      } else if (rule.check) {
        for (const object of objects) {
          this.runObjectRules([rule], object, object.doc, input.fileName, text, cfg, workspace, partial, raw);
        }
      }
    }
    const kept = raw.filter((f) => !(partial && f.missing));
    if (!objects.length && !kept.some((f) => f.ruleId === 'parse-error')) return [];
    const statements: StatementLines = { endOf: (line) => line };
    const suppressions: Suppression[] = [
      ...findCommentSuppressions(input.text, lines, statements),
      ...findPeerCommentSuppressions(input.text, lines, statements, this.peerIndex),
      ...this.annotationSuppressions(objects),
    ];
    return this.finish(applySuppressions(kept, suppressions, lines, cfg.suppressions), lines);
  }

  /** Custom rules on the objects of one chunk, within the remaining budget of the file. */
  private runCustomRules(rules: readonly CompiledCustomRule[], objects: readonly K8sObject[], budget: number): { findings: RawFinding[]; cost: number; skipped?: string } {
    const findings: RawFinding[] = [];
    let cost = 0;
    for (const object of objects) {
      const result = evaluateCustomRules(rules, object, budget - cost);
      cost += result.cost;
      for (const f of result.findings) {
        findings.push({ ruleId: f.ruleId, severity: f.severity, message: f.message, span: f.span, resource: f.resource, missing: f.missing });
      }
      if (result.skipped) return { findings, cost, skipped: result.skipped };
    }
    return { findings, cost };
  }

  private runObjectRules(rules: K8sRule[], object: K8sObject, doc: YamlDoc, fileName: string, text: string,
    cfg: ResolvedConfig, workspace: WorkspaceView | undefined, partial: boolean, out: RawFinding[]): void {
    let edit: YamlEditor | undefined;
    for (const rule of rules) {
      const enabled = cfg.rules.get(rule.meta.id)!;
      const ctx: K8sContext = {
        fileName, text, options: enabled.options, workspace, object, doc, partial,
        get edit() { return (edit ??= new YamlEditor(text, doc)); },
        report: (d) => out.push(this.toRaw(rule, enabled, { resource: object.resource, ...d }, partial)),
      };
      this.guard(rule, out, doc.span(object.kindNode), () => rule.check!(ctx));
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

  private toRaw(rule: RuleModule, enabled: EnabledRule, d: ReportDescriptor<string>, partial: boolean): RawFinding {
    const template = (rule.meta.messages as Record<string, string>)[d.messageId] ?? d.messageId;
    const severity = enabled.explicitSeverity ? enabled.severity : d.severity ?? enabled.severity;
    void partial;
    return {
      ruleId: rule.meta.id,
      severity,
      message: interpolate(template, d.data),
      span: d.span,
      resource: d.resource,
      related: d.related?.map((r) => ({ span: r.fileName ? undefined : r.span, fileName: r.fileName, range: r.range, message: r.message })),
      fixes: d.fixes?.map((f) => ({
        title: f.title, kind: f.kind ?? (rule.meta.fix === 'none' ? 'suggestion' : rule.meta.fix), isPreferred: f.isPreferred,
        edits: f.edits.map((e) => ({ start: e.start, end: e.end, text: e.text })),
      })),
      missing: d.missing,
    };
  }

  private guard(rule: RuleModule, out: RawFinding[], span: Span, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      out.push({
        ruleId: 'internal-error', severity: 'error', span,
        message: `Rule ${rule.meta.id} failed on this file: ${(e as Error)?.message ?? String(e)}. The other rules still ran.`,
      });
    }
  }

  private finish(raw: RawFinding[], lines: LineIndex): Finding[] {
    const out: Finding[] = raw.map((f) => {
      const finding: Finding = { ruleId: f.ruleId, severity: f.severity, message: f.message, range: lines.rangeOf(f.span) };
      if (f.resource) finding.resource = f.resource;
      if (f.related?.length) {
        finding.related = f.related.map((r) => ({
          ...(r.fileName ? { fileName: r.fileName } : {}),
          range: r.range ?? lines.rangeOf(r.span ?? f.span),
          message: r.message,
        }));
      }
      if (f.fixes?.length) {
        finding.fixes = f.fixes.map((x) => ({
          title: x.title, kind: x.kind, ...(x.isPreferred ? { isPreferred: true } : {}),
          edits: x.edits.map((e) => ({ range: lines.rangeOf(e), newText: e.text })),
        }));
      }
      return finding;
    });
    out.sort((a, b) => compareRanges(a.range, b.range) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
    return out;
  }
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
 * Engine findings cannot be suppressed.
 */
function applySuppressions(raw: RawFinding[], suppressions: Suppression[], lines: LineIndex, settings?: SuppressionSettings): RawFinding[] {
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
  for (const p of suppressionProblems(suppressions, settings)) kept.push({ ...p });
  return kept;
}

/** The info finding for a file the engine does not analyse (too large, binary, not UTF-8). */
export function skippedFinding(message: string): Finding {
  return { ruleId: 'skipped-file', severity: 'info', message, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
}
