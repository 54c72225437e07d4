/**
 * The security posture report's data model: what the HTML report (`palisade scan --format html`) and the editor's
 * "Show Security Posture" view show. Plain data, computed here from findings and file texts so that both show the
 * same numbers: totals by stage and severity, compliance per standard, the top rules and resources, and each finding
 * with its snippet and fix.
 */
import { applyEdits } from './apply-edits.js';
import { resolveConfig, type ResolvedConfig } from './config.js';
import type { Engine } from './engine.js';
import type { RuleModule } from './rule.js';
import { findCredentials } from './secrets.js';
import { LineIndex } from './text.js';
import { STAGES, type FileKind, type Finding, type FixKind, type Range, type Severity, type Stage } from './types.js';

/** Where a finding of a rule that is not a built-in rule (engine findings, custom rules) is counted. */
export type PostureStage = Stage | 'other';

export const POSTURE_STAGES: readonly PostureStage[] = [...STAGES, 'other'];

/** What the report shows about a rule. */
export interface PostureRule {
  id: string;
  title: string;
  stage: PostureStage;
  /** The rule's default severity. */
  severity: Severity;
  /** How to fix it (markdown); empty for engine findings. */
  remediation: string;
  /** CIS Kubernetes and CIS Docker Benchmark items the rule implements. */
  cis: string[];
  cisDocker: string[];
}

/** One line of a snippet; `mark` is the finding's part of it (UTF-16 columns into `text`). */
export interface SnippetLine {
  /** 1-based, as editors show it. */
  number: number;
  text: string;
  mark?: [number, number];
}

/** The finding's first fix, as the lines it changes before and after. */
export interface FixPreview {
  title: string;
  kind: FixKind;
  removed: SnippetLine[];
  added: SnippetLine[];
}

export interface PostureOccurrence {
  /** As reports show it (relative to the working directory or workspace folder). */
  path: string;
  /** The file's URI, when the viewer can open it (the editor). */
  uri?: string;
  range: Range;
  severity: Severity;
  message: string;
  resource?: string;
  snippet: SnippetLine[];
  fix?: FixPreview;
}

/** The findings of one rule. Only the first occurrences are listed (see `PostureOptions.occurrencesPerRule`). */
export interface PostureGroup {
  rule: PostureRule;
  count: number;
  files: number;
  bySeverity: Record<Severity, number>;
  occurrences: PostureOccurrence[];
}

/** How many workloads pass one Pod Security Standards level, as the PodSecurity admission would judge them. */
export interface PssCompliance {
  level: 'baseline' | 'restricted';
  workloads: number;
  passing: number;
  /** The failing workloads (the first ones, see `PostureOptions.listedWorkloads`) with the rules they break. */
  failing: { path: string; uri?: string; resource: string; rules: string[] }[];
  failingCount: number;
}

/**
 * How a CIS item stands: `fail` (a finding), `pass` (its subjects were scanned and none has a finding), `no-finding`
 * (its rules ran and found nothing, but what they judge — control plane, RBAC — may not be in the scanned files),
 * `no-subjects` (no workload or Dockerfile to judge) or `not-checked` (none of its rules ran).
 */
export type CisStatus = 'fail' | 'pass' | 'no-finding' | 'no-subjects' | 'not-checked';

/** One CIS Benchmark item: the rules implementing it, and how many subjects fail and pass it. */
export interface CisItem {
  status: CisStatus;
  benchmark: 'kubernetes' | 'docker';
  id: string;
  rules: string[];
  /** At least one of its rules ran. */
  checked: boolean;
  /** What passes or fails: workloads, Dockerfiles, or other resources (then no passing count is known). */
  subjects: 'workloads' | 'dockerfiles' | 'resources';
  /** Distinct resources with a finding of one of its rules. */
  failing: number;
  /** Subjects without such a finding (for `workloads` and `dockerfiles`). */
  passing?: number;
}

export interface PostureResource {
  path: string;
  uri?: string;
  resource: string;
  bySeverity: Record<Severity, number>;
  total: number;
}

export interface Posture {
  /** Heading of the report. */
  title: string;
  /** What was scanned (paths or workspace folders). */
  roots: string[];
  /** ISO date of the scan, when the caller gives one (the model itself has no clock). */
  generatedAt?: string;
  /** Product version that made it. */
  version?: string;
  files: { scanned: number; withFindings: number; dockerfiles: number; manifests: number; workloads: number };
  totals: { findings: number; fixable: number; bySeverity: Record<Severity, number>; baselined?: number };
  stages: { stage: PostureStage; bySeverity: Record<Severity, number>; total: number }[];
  pss: PssCompliance[];
  cis: CisItem[];
  topRules: { ruleId: string; title: string; severity: Severity; count: number; files: number }[];
  topResources: PostureResource[];
  groups: PostureGroup[];
  /** Occurrences listed in `groups`, and the findings counted but not listed. */
  listed: number;
  /** The most occurrences listed per rule. */
  listedPerRule: number;
  unlisted: number;
}

export interface PostureOptions {
  /** Occurrences listed per rule (the others are counted). Default 25. */
  occurrencesPerRule?: number;
  /** Rules and resources in the top lists. Default 10. */
  top?: number;
  /** Failing workloads listed per PSS level. Default 50. */
  listedWorkloads?: number;
}

/** Which workloads of one file pass the Pod Security Standards levels. */
export interface FileCompliance {
  /** Kubernetes objects in the file. */
  objects: number;
  /** The workloads (objects with a pod template) of the file, `Kind/name`. */
  workloads: string[];
  /** Failing workloads per level, with the rules they break. */
  failing: Record<'baseline' | 'restricted', Map<string, string[]>>;
}

/** One scanned file as the posture sees it. */
export interface PostureFileInput {
  path: string;
  uri?: string;
  kind: FileKind;
  /** The text the findings refer to; without it no snippet or fix preview is shown. */
  text?: string;
  findings: readonly Finding[];
  compliance?: FileCompliance;
}

const emptyCounts = (): Record<Severity, number> => ({ error: 0, warning: 0, info: 0 });

/**
 * Judges workloads against the Pod Security Standards exactly as the engine's `pss-baseline` and `pss-restricted`
 * presets do (which answer as the PodSecurity admission): a workload passes a level when those presets report
 * nothing on it. Independent of the user's configuration: the standard is the standard.
 */
export class ComplianceChecker {
  private readonly configs: Record<'baseline' | 'restricted', ResolvedConfig>;

  constructor(private readonly engine: Engine) {
    this.configs = {
      baseline: resolveConfig({ extends: ['pss-baseline'] }, engine.registry),
      restricted: resolveConfig({ extends: ['pss-restricted'] }, engine.registry),
    };
  }

  /** The workloads of a Kubernetes file and which of them fail each level; undefined for files without objects. */
  assess(text: string, fileName: string): FileCompliance | undefined {
    const restricted = this.engine.analyze({ text, fileName }, this.configs.restricted);
    const objects = restricted.summary.objects;
    if (!objects.length) return undefined;
    const workloads = [...new Set(objects.filter((o) => o.pod && o.kind !== 'PodTemplate').map((o) => o.resource))];
    const baseline = workloads.length ? this.engine.lint({ text, fileName }, this.configs.baseline) : [];
    return {
      objects: objects.length,
      workloads,
      failing: {
        baseline: failingWorkloads(baseline, workloads, this.configs.baseline),
        restricted: failingWorkloads(restricted.findings, workloads, this.configs.restricted),
      },
    };
  }
}

function failingWorkloads(findings: readonly Finding[], workloads: readonly string[], config: ResolvedConfig): Map<string, string[]> {
  const known = new Set(workloads);
  const out = new Map<string, string[]>();
  for (const f of findings) {
    if (!f.resource || !known.has(f.resource) || !config.rules.has(f.ruleId)) continue;
    const rules = out.get(f.resource) ?? [];
    if (!rules.includes(f.ruleId)) rules.push(f.ruleId);
    out.set(f.resource, rules);
  }
  return out;
}

interface GroupState {
  rule: PostureRule;
  count: number;
  files: Set<string>;
  bySeverity: Record<Severity, number>;
  occurrences: PostureOccurrence[];
}

/**
 * Builds a {@link Posture} file by file, keeping only counts and the listed occurrences, so memory stays bounded on
 * large repositories.
 */
export class PostureCollector {
  private readonly rules = new Map<string, RuleModule>();
  private readonly perRule: number;
  private readonly top: number;
  private readonly listedWorkloads: number;
  private readonly groups = new Map<string, GroupState>();
  private readonly resources = new Map<string, PostureResource>();
  private readonly stageCounts = new Map<PostureStage, Record<Severity, number>>();
  private readonly totals = emptyCounts();
  /** Failing resources per CIS item key (`kubernetes 5.2.2`). */
  private readonly cisFailing = new Map<string, Set<string>>();
  private readonly pss = {
    baseline: { failing: [] as PssCompliance['failing'], count: 0 },
    restricted: { failing: [] as PssCompliance['failing'], count: 0 },
  };
  private files = { scanned: 0, withFindings: 0, dockerfiles: 0, manifests: 0, workloads: 0 };
  private fixable = 0;
  private findings = 0;
  private listed = 0;
  private customTitles = new Map<string, string>();

  /**
   * `registry`: the rules whose metadata the report shows; `enabled`: the ids of the rules that ran (for "not
   * checked" CIS items); `customRules`: titles of custom rules by id.
   */
  constructor(registry: readonly RuleModule[], private readonly enabled: ReadonlySet<string>, options: PostureOptions = {}, customRules: Iterable<[string, string]> = []) {
    for (const r of registry) this.rules.set(r.meta.id, r);
    this.perRule = options.occurrencesPerRule ?? 25;
    this.top = options.top ?? 10;
    this.listedWorkloads = options.listedWorkloads ?? 50;
    this.customTitles = new Map(customRules);
  }

  /** Add one scanned file. */
  add(file: PostureFileInput): void {
    this.files.scanned++;
    if (file.kind === 'dockerfile') this.files.dockerfiles++;
    if (file.compliance?.objects) this.files.manifests++;
    if (file.findings.length) this.files.withFindings++;
    const lines = file.text !== undefined ? new LineIndex(file.text) : undefined;
    for (const f of file.findings) this.addFinding(file, f, lines);
    const compliance = file.compliance;
    if (compliance) {
      this.files.workloads += compliance.workloads.length;
      for (const level of ['baseline', 'restricted'] as const) {
        for (const [resource, rules] of compliance.failing[level]) {
          const state = this.pss[level];
          state.count++;
          if (state.failing.length < this.listedWorkloads) state.failing.push({ path: file.path, uri: file.uri, resource, rules: [...rules].sort() });
        }
      }
    }
  }

  private addFinding(file: PostureFileInput, f: Finding, lines: LineIndex | undefined): void {
    this.findings++;
    this.totals[f.severity]++;
    if (f.fixes?.some((x) => x.kind === 'safe')) this.fixable++;
    const rule = this.ruleInfo(f.ruleId);
    const stage = this.stageCounts.get(rule.stage) ?? emptyCounts();
    stage[f.severity]++;
    this.stageCounts.set(rule.stage, stage);

    let group = this.groups.get(f.ruleId);
    if (!group) {
      group = { rule, count: 0, files: new Set(), bySeverity: emptyCounts(), occurrences: [] };
      this.groups.set(f.ruleId, group);
    }
    group.count++;
    group.files.add(file.path);
    group.bySeverity[f.severity]++;
    if (group.occurrences.length < this.perRule) {
      group.occurrences.push(occurrenceOf(file, f, lines));
      this.listed++;
    }

    // Dockerfile findings name a stage, which is not unique across files: the file is the resource
    const resource = f.resource && file.kind !== 'dockerfile' ? f.resource : file.kind === 'dockerfile' ? 'Dockerfile' : '';
    if (resource && rule.stage !== 'other') {
      const key = `${file.path}\u0000${resource}`;
      let entry = this.resources.get(key);
      if (!entry) {
        entry = { path: file.path, uri: file.uri, resource, bySeverity: emptyCounts(), total: 0 };
        this.resources.set(key, entry);
      }
      entry.bySeverity[f.severity]++;
      entry.total++;
      for (const [benchmark, ids] of [['kubernetes', rule.cis], ['docker', rule.cisDocker]] as const) {
        for (const id of ids) {
          const k = `${benchmark} ${id}`;
          const set = this.cisFailing.get(k) ?? new Set<string>();
          set.add(key);
          this.cisFailing.set(k, set);
        }
      }
    }
  }

  private ruleInfo(id: string): PostureRule {
    const existing = this.groups.get(id)?.rule;
    if (existing) return existing;
    const rule = this.rules.get(id);
    if (!rule) {
      return { id, title: this.customTitles.get(id) ?? engineTitle(id), stage: this.customTitles.has(id) ? 'policy' : 'other', severity: 'info', remediation: '', cis: [], cisDocker: [] };
    }
    const m = rule.meta;
    return {
      id, title: m.title, stage: m.stage, severity: m.severity, remediation: m.remediation,
      cis: [...(m.equivalents.cis ?? [])], cisDocker: [...(m.equivalents['cis-docker'] ?? [])],
    };
  }

  /** The report. `meta` adds what the model cannot know (title, roots, date, version, baselined count). */
  result(meta: { title: string; roots: string[]; generatedAt?: string; version?: string; baselined?: number }): Posture {
    const groups = [...this.groups.values()]
      .map((g): PostureGroup => ({ rule: g.rule, count: g.count, files: g.files.size, bySeverity: g.bySeverity, occurrences: g.occurrences }))
      .sort((a, b) => worst(b.bySeverity) - worst(a.bySeverity) || b.count - a.count || compareText(a.rule.id, b.rule.id));
    const topRules = [...groups]
      .sort((a, b) => b.count - a.count || worst(b.bySeverity) - worst(a.bySeverity) || compareText(a.rule.id, b.rule.id))
      .slice(0, this.top)
      .map((g) => ({ ruleId: g.rule.id, title: g.rule.title, severity: worstSeverity(g.bySeverity), count: g.count, files: g.files }));
    const topResources = [...this.resources.values()]
      .sort((a, b) => score(b.bySeverity) - score(a.bySeverity) || b.total - a.total || compareText(a.path, b.path) || compareText(a.resource, b.resource))
      .slice(0, this.top);
    const stages = POSTURE_STAGES
      .map((stage) => {
        const bySeverity = this.stageCounts.get(stage) ?? emptyCounts();
        return { stage, bySeverity, total: bySeverity.error + bySeverity.warning + bySeverity.info };
      })
      .filter((s) => s.stage !== 'other' || s.total > 0);
    const workloads = this.files.workloads;
    const pss = (['baseline', 'restricted'] as const).map((level): PssCompliance => ({
      level,
      workloads,
      passing: workloads - this.pss[level].count,
      failing: this.pss[level].failing,
      failingCount: this.pss[level].count,
    }));
    return {
      title: meta.title,
      roots: meta.roots,
      ...(meta.generatedAt ? { generatedAt: meta.generatedAt } : {}),
      ...(meta.version ? { version: meta.version } : {}),
      files: { ...this.files },
      totals: {
        findings: this.findings, fixable: this.fixable, bySeverity: { ...this.totals },
        ...(meta.baselined ? { baselined: meta.baselined } : {}),
      },
      stages,
      pss,
      cis: this.cisItems(),
      topRules,
      topResources,
      groups,
      listed: this.listed,
      listedPerRule: this.perRule,
      unlisted: this.findings - this.listed,
    };
  }

  private cisItems(): CisItem[] {
    const items = new Map<string, { benchmark: 'kubernetes' | 'docker'; id: string; rules: RuleModule[] }>();
    for (const rule of this.rules.values()) {
      const eq = rule.meta.equivalents;
      for (const [benchmark, ids] of [['kubernetes', eq.cis ?? []], ['docker', eq['cis-docker'] ?? []]] as const) {
        for (const id of ids) {
          const key = `${benchmark} ${id}`;
          const item = items.get(key) ?? { benchmark, id, rules: [] };
          item.rules.push(rule);
          items.set(key, item);
        }
      }
    }
    return [...items.entries()]
      .map(([key, item]): CisItem => {
        const subjects = subjectsOf(item.rules);
        const failing = this.cisFailing.get(key)?.size ?? 0;
        const population = subjects === 'workloads' ? this.files.workloads : subjects === 'dockerfiles' ? this.files.dockerfiles : undefined;
        const failingSubjects = this.failingSubjects(key, subjects);
        const checked = item.rules.some((r) => this.enabled.has(r.meta.id));
        const status: CisStatus = !checked ? 'not-checked' : failing ? 'fail' : population === undefined ? 'no-finding' : population ? 'pass' : 'no-subjects';
        return {
          status,
          benchmark: item.benchmark,
          id: item.id,
          rules: item.rules.map((r) => r.meta.id).sort(),
          checked,
          subjects,
          failing,
          ...(population !== undefined ? { passing: Math.max(0, population - failingSubjects) } : {}),
        };
      })
      .sort((a, b) => compareText(a.benchmark, b.benchmark) || compareCisIds(a.id, b.id));
  }

  /** Failing resources that belong to the item's population (a workload rule may also flag, say, a ConfigMap). */
  private failingSubjects(key: string, subjects: CisItem['subjects']): number {
    const failing = this.cisFailing.get(key);
    if (!failing) return 0;
    if (subjects === 'dockerfiles') return failing.size;
    let n = 0;
    for (const k of failing) if (this.isWorkloadKey(k)) n++;
    return n;
  }

  private isWorkloadKey(key: string): boolean {
    // workload names are `Kind/name` of objects with a pod template; compare the kind part
    const resource = key.slice(key.indexOf('\u0000') + 1);
    return WORKLOAD_KINDS.has(resource.slice(0, resource.indexOf('/')));
  }
}

/** Kinds whose objects carry a pod template (what the PSS presets judge). */
const WORKLOAD_KINDS = new Set([
  'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob',
  'DeploymentConfig', 'Rollout', 'ScaledJob',
]);

/** What a CIS item's rules judge: Dockerfiles, workloads (deploy-stage Kubernetes rules), or other resources. */
function subjectsOf(rules: readonly RuleModule[]): CisItem['subjects'] {
  if (rules.every((r) => r.language === 'dockerfile')) return 'dockerfiles';
  if (rules.every((r) => r.language === 'kubernetes' && r.meta.stage === 'deploy')) return 'workloads';
  return 'resources';
}

function occurrenceOf(file: PostureFileInput, f: Finding, lines: LineIndex | undefined): PostureOccurrence {
  const occurrence: PostureOccurrence = {
    path: file.path,
    ...(file.uri ? { uri: file.uri } : {}),
    range: f.range,
    severity: f.severity,
    message: f.message,
    ...(f.resource ? { resource: f.resource } : {}),
    snippet: lines ? snippetOf(lines, f.range, /secret|credential|password|token/i.test(f.ruleId)) : [],
  };
  const fix = f.fixes?.[0];
  if (fix && lines) {
    const preview = previewOf(lines, fix.edits);
    if (preview) occurrence.fix = { title: fix.title, kind: fix.kind, ...preview };
  }
  return occurrence;
}

/** Longest line shown; longer ones are cut around the marked part. */
const MAX_LINE = 160;
/** Lines of context before and after the finding, and the most lines of the finding itself. */
const CONTEXT = 1;
const MAX_FINDING_LINES = 4;

/**
 * The finding's lines with one line of context, its range marked. Credentials found on the finding's lines are
 * masked, and for secret rules every value on them: the report is shared more widely than the repository.
 */
export function snippetOf(lines: LineIndex, range: Range, secretRule = false): SnippetLine[] {
  const first = Math.max(0, range.start.line - CONTEXT);
  const lastOfFinding = Math.min(range.end.line, range.start.line + MAX_FINDING_LINES - 1);
  const last = Math.min(lines.lineCount - 1, lastOfFinding + CONTEXT);
  const out: SnippetLine[] = [];
  for (let n = first; n <= last; n++) {
    let text = lines.lineText(n);
    const inFinding = n >= range.start.line && n <= range.end.line;
    let mark: [number, number] | undefined;
    if (inFinding) {
      const start = n === range.start.line ? range.start.character : 0;
      const end = n === range.end.line ? range.end.character : text.length;
      if (end > start) mark = [start, Math.min(end, text.length)];
      text = maskSecrets(text, secretRule);
    }
    const cut = clipLine(text, mark);
    out.push({ number: n + 1, text: cut.text, ...(cut.mark && cut.mark[1] > cut.mark[0] ? { mark: cut.mark } : {}) });
  }
  return out;
}

function maskSecrets(line: string, everyValue: boolean): string {
  let out = line;
  for (const c of findCredentials(line).reverse()) out = out.slice(0, c.start) + mask(out.slice(c.start, c.end)) + out.slice(c.end);
  if (everyValue) {
    // `KEY=value`, `key: value`, `value: "…"`: keep the first two characters of each value
    out = out.replace(/([=:]\s*["']?)([^\s"'#,}\]]{3,})/g, (_m, lead: string, value: string) => lead + mask(value));
  }
  return out;
}

function mask(value: string): string {
  return value.length <= 2 ? '••' : value.slice(0, 2) + '•'.repeat(Math.min(8, value.length - 2));
}

function clipLine(text: string, mark: [number, number] | undefined): { text: string; mark?: [number, number] } {
  if (text.length <= MAX_LINE) return { text, mark };
  const from = mark && mark[0] > MAX_LINE - 40 ? Math.max(0, mark[0] - 40) : 0;
  const to = Math.min(text.length, from + MAX_LINE);
  const prefix = from > 0 ? '…' : '';
  const suffix = to < text.length ? '…' : '';
  const clipped = prefix + text.slice(from, to) + suffix;
  if (!mark) return { text: clipped };
  const shift = prefix.length - from;
  return { text: clipped, mark: [Math.max(prefix.length, mark[0] + shift), Math.min(prefix.length + (to - from), mark[1] + shift)] };
}

/** The lines a fix changes, before and after (only edits of the finding's own file). */
function previewOf(lines: LineIndex, edits: readonly { range: Range; newText: string }[]): { removed: SnippetLine[]; added: SnippetLine[] } | undefined {
  if (!edits.length) return undefined;
  const fixed = applyEdits(lines.text, edits);
  if (fixed === undefined) return undefined;
  const firstLine = Math.min(...edits.map((e) => e.range.start.line));
  const lastLine = Math.max(...edits.map((e) => e.range.end.line));
  if (lastLine - firstLine > 12) return undefined;
  const after = new LineIndex(fixed);
  // lines after the change are the same text, shifted by the change in line count
  const delta = after.lineCount - lines.lineCount;
  const removed: SnippetLine[] = [];
  const added: SnippetLine[] = [];
  for (let n = firstLine; n <= lastLine && n < lines.lineCount; n++) removed.push({ number: n + 1, text: clipLine(lines.lineText(n), undefined).text });
  for (let n = firstLine; n <= lastLine + delta && n < after.lineCount; n++) added.push({ number: n + 1, text: clipLine(after.lineText(n), undefined).text });
  if (added.length > 16) return undefined;
  // an edit that only removes text leaves its line empty or gone: both sides are still shown
  return { removed, added };
}

function worst(counts: Record<Severity, number>): number {
  return counts.error ? 3 : counts.warning ? 2 : counts.info ? 1 : 0;
}

function worstSeverity(counts: Record<Severity, number>): Severity {
  return counts.error ? 'error' : counts.warning ? 'warning' : 'info';
}

/** Errors weigh most: a resource with one error outranks one with a few warnings. */
function score(counts: Record<Severity, number>): number {
  return counts.error * 100 + counts.warning * 10 + counts.info;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `1.2.10` after `1.2.9`. */
function compareCisIds(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d) return d;
  }
  return 0;
}

function engineTitle(id: string): string {
  switch (id) {
    case 'parse-error': return 'The file could not be parsed';
    case 'internal-error': return 'Palisade failed on this file';
    case 'skipped-file': return 'The file was skipped';
    case 'unused-suppression': return 'A suppression comment matches no finding';
    case 'suppression-missing-reason': return 'A suppression comment gives no reason';
    case 'custom-rules-skipped': return 'Custom rules were not run';
    default: return id;
  }
}
