import type { RuleModule } from './rule.js';
import type { LineIndex } from './text.js';
import type { PeerTool, Span } from './types.js';

/**
 * Suppressions, implemented once for the editor and the CLI:
 * - `# palisade-ignore <id>[, <id>] -- reason` on the line before (or at the end of the offending line);
 * - `# palisade-ignore-file <id>[, <id>] -- reason` anywhere in the file;
 * - the Kubernetes annotation `palisade.io/ignore: "<id>[,<id>]: reason"` on an object;
 * - peers' pragmas that map one to one through each rule's `equivalents`.
 */
export interface Suppression {
  kind: 'line' | 'file' | 'annotation' | 'peer';
  /** Rule ids it applies to; empty = every rule. */
  ruleIds: string[];
  /** Where the suppression is written (the comment or the annotation). */
  span: Span;
  /** Lines [from, to] it covers (line suppressions), or the object's span (annotations). */
  lines?: [number, number];
  scope?: Span;
  reason: string | undefined;
  used: boolean;
  /** Rule ids of the findings it suppressed (filled while suppressions are applied). */
  matched?: string[];
}

/** The `suppressions` section of `.palisade.yaml`. */
export interface SuppressionSettings {
  /** A Palisade suppression without a reason does not suppress, and is reported as `suppression-missing-reason`. */
  requireReason: boolean;
  /** A Palisade suppression that matched no finding is reported as `unused-suppression` (info). */
  reportUnused: boolean;
}

export const DEFAULT_SUPPRESSION_SETTINGS: SuppressionSettings = { requireReason: false, reportUnused: false };

/** Findings the engine reports about suppressions themselves (they cannot be suppressed). */
export const SUPPRESSION_FINDING_IDS = ['suppression-missing-reason', 'unused-suppression'] as const;

/** Settings from a (possibly invalid) `suppressions` value; anything unusable falls back to the defaults. */
export function suppressionSettingsOf(value: unknown): SuppressionSettings {
  const v = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  return {
    requireReason: typeof v.requireReason === 'boolean' ? v.requireReason : DEFAULT_SUPPRESSION_SETTINGS.requireReason,
    reportUnused: typeof v.reportUnused === 'boolean' ? v.reportUnused : DEFAULT_SUPPRESSION_SETTINGS.reportUnused,
  };
}

/** Palisade's own forms (comments and the annotation), as opposed to peers' pragmas. */
function isOwnForm(s: Suppression): boolean {
  return s.kind === 'line' || s.kind === 'file' || s.kind === 'annotation';
}

/**
 * Whether a suppression takes effect. With `requireReason`, Palisade's own forms need a reason; peers' pragmas are
 * honoured as written (most of them have no place for a reason).
 */
export function isEffective(s: Suppression, settings: SuppressionSettings | undefined): boolean {
  return !(settings?.requireReason && isOwnForm(s) && !s.reason);
}

export interface SuppressionProblem {
  ruleId: (typeof SUPPRESSION_FINDING_IDS)[number];
  severity: 'warning' | 'info';
  message: string;
  span: Span;
}

/**
 * Findings about the suppressions themselves, once they have been applied (`used`/`matched` filled): a missing reason
 * under `requireReason`, and (with `reportUnused`) a Palisade suppression, or some of its ids, that matched nothing.
 */
export function suppressionProblems(suppressions: readonly Suppression[], settings: SuppressionSettings | undefined): SuppressionProblem[] {
  const out: SuppressionProblem[] = [];
  if (!settings) return out;
  for (const s of suppressions) {
    if (!isOwnForm(s)) continue;
    const ids = s.ruleIds.length ? s.ruleIds.join(', ') : '<rule-id>';
    if (!isEffective(s, settings)) {
      const how = s.kind === 'annotation'
        ? `palisade.io/ignore: "${ids}: <reason>"`
        : `# palisade-ignore${s.kind === 'file' ? '-file' : ''} ${ids} -- <reason>`;
      out.push({
        ruleId: 'suppression-missing-reason', severity: 'warning', span: s.span,
        message: `This suppression has no reason, so it does not apply (the configuration requires one). Write \`${how}\`.`,
      });
      continue;
    }
    if (!settings.reportUnused) continue;
    const matched = new Set(s.matched ?? []);
    if (!s.used) {
      out.push({
        ruleId: 'unused-suppression', severity: 'info', span: s.span,
        message: s.ruleIds.length
          ? `This suppression matched no finding (${ids}); remove it or correct the rule id.`
          : 'This suppression matched no finding; remove it.',
      });
      continue;
    }
    const unused = s.ruleIds.filter((id) => !matched.has(id));
    if (unused.length) {
      out.push({
        ruleId: 'unused-suppression', severity: 'info', span: s.span,
        message: `${unused.map((id) => `"${id}"`).join(', ')} in this suppression matched no finding; remove ${unused.length > 1 ? 'them' : 'it'}.`,
      });
    }
  }
  return out;
}

export interface SuppressionTarget {
  ruleId: string;
  span: Span;
}

/** Where statements start and end: lets a suppression above a multi-line Dockerfile instruction cover all of it. */
export interface StatementLines {
  /** For a line, the last line of the statement starting there (default: the line itself). */
  endOf(line: number): number;
}

const IGNORE = /#\s*palisade-ignore(-file)?(?=\s|$)([^\n\r]*)/g;

/** Parse the rule-id list and reason of a `palisade-ignore` comment tail. */
export function parseIgnoreTail(tail: string): { ids: string[]; reason: string | undefined } {
  const [idsPart, ...rest] = tail.split(/\s--\s?|\s--$/);
  const reason = rest.join(' -- ').trim() || undefined;
  const ids = idsPart.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
  return { ids, reason };
}

export function findCommentSuppressions(text: string, lines: LineIndex, statements: StatementLines): Suppression[] {
  const out: Suppression[] = [];
  if (!text.includes('palisade-ignore')) return out;
  IGNORE.lastIndex = 0;
  for (let m = IGNORE.exec(text); m; m = IGNORE.exec(text)) {
    const start = m.index;
    const line = lines.positionAt(start).line;
    const before = text.slice(lines.lineStarts[line], start);
    // a `#` inside a quoted value is not a comment: require line start or whitespace before it
    if (before.length && !/\s$/.test(before)) continue;
    const { ids, reason } = parseIgnoreTail(m[2]);
    const span = { start, end: start + m[0].length };
    if (m[1]) { out.push({ kind: 'file', ruleIds: ids, span, reason, used: false }); continue; }
    if (/^\s*$/.test(before)) {
      const target = nextCodeLine(lines, line + 1);
      if (target === undefined) continue;
      out.push({ kind: 'line', ruleIds: ids, span, lines: [target, statements.endOf(target)], reason, used: false });
    } else {
      out.push({ kind: 'line', ruleIds: ids, span, lines: [line, line], reason, used: false });
    }
  }
  return out;
}

function nextCodeLine(lines: LineIndex, from: number): number | undefined {
  for (let l = from; l < lines.lineCount; l++) {
    const t = lines.lineText(l).trim();
    if (t === '' || t.startsWith('#')) continue;
    return l;
  }
  return undefined;
}

/** `palisade.io/ignore: "k8s/no-privileged, k8s/no-host-pid: reason"`. */
export function parseIgnoreAnnotation(value: string): { ids: string[]; reason: string | undefined } {
  const colon = value.search(/:(\s|$)/);
  const idsPart = colon >= 0 ? value.slice(0, colon) : value;
  const reason = colon >= 0 ? value.slice(colon + 1).trim() || undefined : undefined;
  return { ids: idsPart.split(/[\s,]+/).filter(Boolean), reason };
}

// ---------------------------------------------------------------------------------------------------------------------
// Peers' pragmas

/** Canonical form of a peer id for matching (`KSV012`, `AVD-KSV-0012` and `KSV-0012` are the same check). */
export function canonicalPeerId(tool: PeerTool, id: string): string {
  const t = id.trim();
  if (tool === 'trivy') {
    const m = /^(?:AVD-)?(KSV|DS|KCV)-?(\d+)$/i.exec(t);
    if (m) return `${m[1].toUpperCase()}-${Number(m[2])}`;
  }
  if (tool === 'polaris' || tool === 'kube-linter' || tool === 'buildkit') return t.toLowerCase();
  return t.toUpperCase();
}

/** peer tool → canonical peer id → our rule ids. */
export type PeerIndex = Map<PeerTool, Map<string, string[]>>;

export function buildPeerIndex(registry: readonly RuleModule[]): PeerIndex {
  const index: PeerIndex = new Map();
  for (const rule of registry) {
    for (const [tool, ids] of Object.entries(rule.meta.equivalents) as [PeerTool, readonly string[]][]) {
      let m = index.get(tool);
      if (!m) index.set(tool, (m = new Map()));
      for (const raw of ids) {
        // metadata may carry notes, e.g. "CKV_K8S_2 (PSP)": the id is the first word
        const id = canonicalPeerId(tool, raw.split(/\s/)[0]);
        const list = m.get(id) ?? [];
        if (!list.includes(rule.meta.id)) list.push(rule.meta.id);
        m.set(id, list);
      }
    }
  }
  return index;
}

export function mapPeerIds(index: PeerIndex, tool: PeerTool, ids: string[]): string[] {
  const out = new Set<string>();
  const m = index.get(tool);
  for (const id of ids) for (const r of m?.get(canonicalPeerId(tool, id)) ?? []) out.add(r);
  return [...out];
}

/** Dockerfile and YAML comments written for peers. */
export function findPeerCommentSuppressions(text: string, lines: LineIndex, statements: StatementLines, index: PeerIndex): Suppression[] {
  const out: Suppression[] = [];
  const re = /#\s*(?:hadolint\s+(global\s+)?ignore=([\w,\s]+)|checkov:skip=([\w]+)(?::([^\n]*))?|trivy:ignore:([\w-]+)|check=skip=([\w,]+))/g;
  if (!/hadolint|checkov|trivy|check=skip/.test(text)) return out;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index;
    const line = lines.positionAt(start).line;
    const span = { start, end: start + m[0].length };
    const next = nextCodeLine(lines, line + 1);
    const lineRange: [number, number] | undefined = next === undefined ? undefined : [next, statements.endOf(next)];
    if (m[2] !== undefined) {
      const ids = mapPeerIds(index, 'hadolint', m[2].split(/[\s,]+/).filter(Boolean));
      if (!ids.length) continue;
      if (m[1]) out.push({ kind: 'peer', ruleIds: ids, span, reason: undefined, used: false });
      else if (lineRange) out.push({ kind: 'peer', ruleIds: ids, span, lines: lineRange, reason: undefined, used: false });
    } else if (m[3] !== undefined) {
      const ids = mapPeerIds(index, 'checkov', [m[3]]);
      if (ids.length) out.push({ kind: 'peer', ruleIds: ids, span, reason: m[4]?.trim() || undefined, used: false });
    } else if (m[5] !== undefined) {
      const ids = mapPeerIds(index, 'trivy', [m[5]]);
      if (ids.length && lineRange) out.push({ kind: 'peer', ruleIds: ids, span, lines: lineRange, reason: undefined, used: false });
    } else if (m[6] !== undefined) {
      const names = m[6].split(',').filter(Boolean);
      const ids = names.includes('all') ? [] : mapPeerIds(index, 'buildkit', names);
      if (ids.length || names.includes('all')) {
        if (names.includes('all')) {
          const all = [...(index.get('buildkit')?.values() ?? [])].flat();
          out.push({ kind: 'peer', ruleIds: [...new Set(all)], span, reason: undefined, used: false });
        } else out.push({ kind: 'peer', ruleIds: ids, span, reason: undefined, used: false });
      }
    }
  }
  return out;
}

/** Kubernetes annotations written for peers: kube-linter, Polaris and Checkov exemptions. */
export function peerAnnotationRuleIds(annotations: Record<string, string>, index: PeerIndex): string[] {
  const out = new Set<string>();
  for (const [key, value] of Object.entries(annotations)) {
    let m = /^ignore-check\.kube-linter\.io\/(.+)$/.exec(key);
    if (m) { for (const r of mapPeerIds(index, 'kube-linter', [m[1]])) out.add(r); continue; }
    m = /^polaris\.fairwinds\.com\/(.+)-exempt$/.exec(key);
    if (m && /^true$/i.test(value.trim())) { for (const r of mapPeerIds(index, 'polaris', [m[1]])) out.add(r); continue; }
    if (key === 'polaris.fairwinds.com/exempt' && /^true$/i.test(value.trim())) {
      for (const ids of index.get('polaris')?.values() ?? []) for (const r of ids) out.add(r);
      continue;
    }
    m = /^checkov\.io\/skip\d*$/.exec(key);
    if (m) {
      const id = value.split('=')[0].trim();
      for (const r of mapPeerIds(index, 'checkov', [id])) out.add(r);
    }
  }
  return [...out];
}

/** Whether a suppression covers a finding. */
export function covers(s: Suppression, target: SuppressionTarget, lineOf: (offset: number) => number): boolean {
  if (s.ruleIds.length && !s.ruleIds.includes(target.ruleId)) return false;
  if (s.kind === 'file') return true;
  if (s.scope) return target.span.start >= s.scope.start && target.span.start <= s.scope.end;
  if (s.lines) {
    const line = lineOf(target.span.start);
    return line >= s.lines[0] && line <= s.lines[1];
  }
  return true;
}
