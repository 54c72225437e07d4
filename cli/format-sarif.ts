import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ENGINE_RULE_IDS, appendChangeEdits, explainCustomRule, explainEngineTopic, explainRule, hashText,
  type CompiledCustomRule, type FileChange, type Finding, type Fix, type Range, type RuleModule, type Severity, type TextEdit,
} from '../rules/index.js';
import { PRODUCT_NAME, PROJECT_URL, ruleDocsUrl } from './product.js';
import { readSource } from './read-source.js';
import type { FileReport, Reporter, ReportContext, ScanSummary, Sink } from './report.js';

/**
 * The usual severity of the engine's own findings (they are not rules but still need a descriptor, since every
 * result names its rule); an id not listed here defaults to info.
 */
const ENGINE_SEVERITY: Record<string, Severity> = {
  'parse-error': 'error',
  'internal-error': 'error',
  'suppression-missing-reason': 'warning',
};

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * GitHub code scanning ranks security alerts by this score (critical ≥ 9, high ≥ 7, medium ≥ 4): errors are direct
 * routes to compromise, warnings standard hardening.
 */
const SECURITY_SEVERITY: Partial<Record<Severity, string>> = { error: '8.0', warning: '5.0' };

/** The key of our own fingerprint in `partialFingerprints` (versioned: a change of recipe must change the key). */
const FINGERPRINT_KEY = 'palisadeFindingHash/v1';

/**
 * SARIF 2.1.0 as GitHub code scanning and the SARIF viewers read it: rule descriptors with help, results with
 * 1-based regions in UTF-16 columns (`columnKind`), artifact URIs relative to `%SRCROOT%` (the working directory),
 * fixes and a line-stable fingerprint. Streamed: descriptors first, then one result per line.
 */
export class SarifReporter implements Reporter {
  private readonly ruleIndex = new Map<string, number>();
  private firstResult = true;
  private cwd = '';

  constructor(private readonly sink: Sink, private readonly version: string) {}

  begin(context: ReportContext): void {
    this.cwd = context.cwd;
    const descriptors: unknown[] = [];
    for (const rule of context.rules) {
      this.ruleIndex.set(rule.meta.id, descriptors.length);
      descriptors.push(ruleDescriptor(rule));
    }
    for (const rule of context.customRules) {
      if (this.ruleIndex.has(rule.id)) continue;
      this.ruleIndex.set(rule.id, descriptors.length);
      descriptors.push(customDescriptor(rule));
    }
    for (const id of ENGINE_RULE_IDS) {
      this.ruleIndex.set(id, descriptors.length);
      descriptors.push(engineDescriptor(id, ENGINE_SEVERITY[id] ?? 'info'));
    }
    const driver = {
      name: PRODUCT_NAME,
      version: this.version,
      semanticVersion: this.version,
      informationUri: PROJECT_URL,
      rules: descriptors,
    };
    const srcroot = pathToFileURL(context.cwd.endsWith('/') ? context.cwd : context.cwd + '/').href;
    this.sink.write(
      '{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{' +
      `"tool":{"driver":${JSON.stringify(driver)}},` +
      '"columnKind":"utf16CodeUnits",' +
      `"originalUriBaseIds":{"%SRCROOT%":${JSON.stringify({ uri: srcroot })}},` +
      '"results":[',
    );
  }

  file(report: FileReport): void {
    if (!report.findings.length) return;
    const location = artifactLocation(report.path, report.absolutePath);
    const seen = new Map<string, number>();
    const chunks: string[] = [];
    for (const f of report.findings) {
      // what the finding is about, not where: the message names the object and the offending value, so the
      // fingerprint survives lines added or removed around it
      const base = [f.ruleId, report.path, f.resource ?? '', f.message].join('\u0000');
      const occurrence = (seen.get(base) ?? 0) + 1;
      seen.set(base, occurrence);
      chunks.push(JSON.stringify(this.result(f, location, `${fingerprint(base)}:${occurrence}`)));
    }
    this.sink.write((this.firstResult ? '\n' : ',\n') + chunks.join(',\n'));
    this.firstResult = false;
  }

  end(_summary: ScanSummary): void {
    this.sink.write('\n],"invocations":[{"executionSuccessful":true}]}]}\n');
  }

  private result(f: Finding, location: ArtifactLocation, fingerprintValue: string): Record<string, unknown> {
    const result: Record<string, unknown> = {
      ruleId: f.ruleId,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [{
        physicalLocation: { artifactLocation: location, region: region(f.range) },
        ...(f.resource ? { logicalLocations: [{ name: f.resource, kind: 'resource' }] } : {}),
      }],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprintValue },
    };
    const index = this.ruleIndex.get(f.ruleId);
    if (index !== undefined) result.ruleIndex = index;
    if (f.related?.length) {
      result.relatedLocations = f.related.map((r, id) => ({
        id,
        message: { text: r.message },
        physicalLocation: {
          // another file is named as the engine was given it: the same display path as every report
          artifactLocation: r.fileName ? artifactLocation(r.fileName, path.resolve(this.cwd, r.fileName)) : location,
          region: region(r.range),
        },
      }));
    }
    const fixes = (f.fixes ?? []).map((fix) => this.sarifFix(fix, location)).filter((x) => x !== undefined);
    if (fixes.length) result.fixes = fixes;
    return result;
  }

  /** A fix as SARIF: its edits, and what it changes in other files; undefined when it has nothing left to change. */
  private sarifFix(fix: Fix, location: ArtifactLocation): Record<string, unknown> | undefined {
    const changes: { artifactLocation: ArtifactLocation; edits: readonly TextEdit[] }[] = [{ artifactLocation: location, edits: fix.edits }];
    // a cross-file fix also changes (or creates) other files, named as the engine was given them
    for (const c of fix.files ?? []) {
      const absolute = path.resolve(this.cwd, c.fileName);
      const edits = c.append ? appendEditsOf(c, absolute) : c.edits;
      if (edits === undefined) return undefined;
      changes.push({ artifactLocation: artifactLocation(c.fileName, absolute), edits });
    }
    const artifactChanges = changes.filter((c) => c.edits.length).map((c) => ({
      artifactLocation: c.artifactLocation,
      replacements: c.edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
    }));
    return artifactChanges.length ? { description: { text: fix.title }, artifactChanges, properties: { kind: fix.kind } } : undefined;
  }
}

/**
 * An `append` change (lines for the end of a list file such as `.dockerignore`) as the edits it makes to the file as
 * it is now (see `appendChangeEdits`); undefined when the file exists but cannot be read, or has every line already:
 * the fix is then left out, as the editor leaves it out.
 */
function appendEditsOf(change: FileChange, absolutePath: string): TextEdit[] | undefined {
  if (!fs.existsSync(absolutePath)) return appendChangeEdits(change, undefined);
  const source = readSource(absolutePath);
  return source.kind === 'text' ? appendChangeEdits(change, (source.bom ? '\ufeff' : '') + source.text) : undefined;
}

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

/** Relative to `%SRCROOT%` when the file is under the working directory; an absolute `file:` URI otherwise. */
function artifactLocation(shownPath: string, absolutePath: string): ArtifactLocation {
  if (path.isAbsolute(shownPath) || shownPath.startsWith('../')) return { uri: pathToFileURL(absolutePath).href };
  return { uri: shownPath.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

/** LSP's 0-based, end-exclusive range → SARIF's 1-based region (columns stay UTF-16 code units). */
function region(range: Range): Record<string, number> {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

function fingerprint(text: string): string {
  // two FNV-1a passes over different inputs: 64 bits make collisions between findings of one repository unlikely
  return hashText(text) + hashText(`${text.length}\u0001${text}`);
}

function ruleDescriptor(rule: RuleModule): Record<string, unknown> {
  const m = rule.meta;
  const category = m.category ?? 'security';
  const security = category === 'security';
  const markdown = explainRule(rule);
  const tags = [security ? 'security' : 'maintainability', category, m.stage, rule.language, ...(m.profiles ?? [])];
  const properties: Record<string, unknown> = { tags: [...new Set(tags)], precision: 'high' };
  const score = security ? SECURITY_SEVERITY[m.severity] : undefined;
  if (score) properties['security-severity'] = score;
  return {
    id: m.id,
    name: pascalCase(m.id),
    shortDescription: { text: m.title },
    fullDescription: { text: plainText(m.rationale) },
    help: { text: plainText(markdown), markdown },
    helpUri: ruleDocsUrl(m.id),
    defaultConfiguration: { level: LEVEL[m.severity], enabled: m.enabledByDefault !== false },
    properties,
  };
}

function engineDescriptor(id: string, severity: Severity): Record<string, unknown> {
  const markdown = explainEngineTopic(id) ?? `## ${id}\n`;
  const title = /\*\*(.+?)\*\*/.exec(markdown)?.[1] ?? id;
  return {
    id,
    name: pascalCase(id),
    shortDescription: { text: title },
    fullDescription: { text: plainText(markdown.replace(/^## .*\n+/, '').replace(/^\*\*.*\*\*\n+/, '')).trim() },
    help: { text: plainText(markdown), markdown },
    helpUri: ruleDocsUrl(id),
    defaultConfiguration: { level: LEVEL[severity] },
    properties: { tags: ['palisade'] },
  };
}

function customDescriptor(rule: CompiledCustomRule): Record<string, unknown> {
  const markdown = explainCustomRule(rule.definition);
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.definition.title },
    fullDescription: { text: plainText(rule.definition.remediation ?? rule.definition.title) },
    help: { text: plainText(markdown), markdown },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tags: ['custom', 'policy'] },
  };
}

/** `k8s/no-host-pid` → `K8sNoHostPid`: SARIF wants an identifier-like name. */
function pascalCase(id: string): string {
  return id.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

/** Markdown → readable plain text for viewers that do not render markdown. */
function plainText(markdown: string): string {
  return markdown
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)')
    .replace(/^```\w*\n?/gm, '')
    .trim();
}
