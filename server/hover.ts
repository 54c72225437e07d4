import type { Hover, Position, Range } from 'vscode-languageserver/node';
import type { ResolvedConfig } from '../rules/core/config.js';
import { DockerfileModel } from '../rules/core/dockerfile-model.js';
import { fileKindOf, MAX_FILE_BYTES, type Engine } from '../rules/core/engine.js';
import { explainRule } from '../rules/core/explain.js';
import { DOCKER_KEYWORD_TOPICS, YAML_KEY_TOPICS, type KeyTopic } from '../rules/core/hover-topics.js';
import { dockerfileComplexity } from '../rules/core/limits.js';
import { LineIndex } from '../rules/core/text.js';
import type { Finding } from '../rules/core/types.js';
import { explain } from '../rules/index.js';
import { ruleDocsUrl } from './protocol.js';

/** What a hover needs: the document, its current findings and configuration. */
export interface HoverInput {
  text: string;
  fileName: string;
  languageId: string;
  position: Position;
  findings: readonly Finding[];
  config: ResolvedConfig | undefined;
  engine: Engine;
}

/**
 * Hover: on a finding, the explanation of its rule (what, why, how to fix, standards, equivalents); on a
 * security-relevant key or instruction, even when its value is fine, what it does and which rules guard it.
 */
export function hoverAt(input: HoverInput): Hover | null {
  const sections: string[] = [];
  let range: Range | undefined;
  const seen = new Set<string>();
  for (const f of input.findings) {
    if (!contains(f.range, input.position) || seen.has(f.ruleId)) continue;
    seen.add(f.ruleId);
    const markdown = explainFinding(f.ruleId, input.engine, input.config);
    if (!markdown) continue;
    sections.push(markdown);
    range ??= f.range;
  }
  const topic = topicAt(input);
  if (topic) {
    sections.push(topicMarkdown(topic.name, topic.topic, input));
    range ??= topic.range;
  }
  if (!sections.length) return null;
  return { contents: { kind: 'markdown', value: sections.join('\n\n---\n\n') }, range };
}

/** Markdown explanation of a built-in rule (with a link to its documentation), a custom rule or an engine finding. */
export function explainFinding(ruleId: string, engine: Engine, config: ResolvedConfig | undefined): string | undefined {
  const rule = engine.rule(ruleId);
  if (rule) return `${explainRule(rule, { heading: false }).trimEnd()}\n\n[Documentation for ${ruleId}](${ruleDocsUrl(ruleId)})`;
  return explain(ruleId, config);
}

function contains(range: Range, p: Position): boolean {
  const afterStart = p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
  const beforeEnd = p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
  return afterStart && beforeEnd;
}

interface TopicHit {
  name: string;
  topic: KeyTopic;
  range: Range;
}

// a mapping key at the start of a line, possibly after sequence dashes: `  - privileged: true`
const YAML_KEY = /^(\s*(?:-\s+)*)(["']?)([A-Za-z_][\w.\-/]*)\2[ \t]*:(?=\s|$)/;
// `[ \t]*`, not `\s*`: with the `m` flag `^\s*` tries every blank line to the end, quadratic on hostile text
const KUBERNETES = /^[ \t]*apiVersion[ \t]*:/m;
const KIND = /^[ \t]*kind[ \t]*:/m;

function topicAt(input: HoverInput): TopicHit | undefined {
  const kind = fileKindOf(input.fileName, input.languageId);
  const lines = new LineIndex(input.text);
  if (input.position.line >= lines.lineCount) return undefined;
  if (kind === 'yaml') {
    if (!KUBERNETES.test(input.text) || !KIND.test(input.text)) return undefined;
    const line = lines.lineText(input.position.line);
    const m = YAML_KEY.exec(line);
    if (!m) return undefined;
    const start = m[1].length + m[2].length;
    const end = start + m[3].length;
    const c = input.position.character;
    if (c < start || c > end || !Object.prototype.hasOwnProperty.call(YAML_KEY_TOPICS, m[3])) return undefined;
    const l = input.position.line;
    return { name: m[3], topic: YAML_KEY_TOPICS[m[3]], range: { start: { line: l, character: start }, end: { line: l, character: end } } };
  }
  if (kind === 'dockerfile') {
    // a Dockerfile the engine skips as too complex is not modelled for a hover either
    if (input.text.length > MAX_FILE_BYTES || dockerfileComplexity(input.text)) return undefined;
    const offset = lines.offsetAt(input.position);
    const model = new DockerfileModel(input.text, lines);
    const ins = model.instructions.find((i) => offset >= i.keywordSpan.start && offset <= i.keywordSpan.end);
    if (!ins || !Object.prototype.hasOwnProperty.call(DOCKER_KEYWORD_TOPICS, ins.keyword)) return undefined;
    return { name: ins.keyword, topic: DOCKER_KEYWORD_TOPICS[ins.keyword], range: lines.rangeOf(ins.keywordSpan) };
  }
  return undefined;
}

function topicMarkdown(name: string, topic: KeyTopic, input: HoverInput): string {
  const out = [`**\`${name}\`**: ${topic.text}`, ''];
  if (topic.rules.length) {
    out.push('Guarded by:', '');
    for (const id of topic.rules) {
      const rule = input.engine.rule(id);
      const enabled = input.config?.rules.get(id);
      const state = !rule ? '' : enabled ? ` (on, ${enabled.severity})` : ' (off in this configuration)';
      out.push(`- [\`${id}\`](${ruleDocsUrl(id)})${rule ? `: ${rule.meta.title}` : ''}${state}`);
    }
  }
  return out.join('\n').trimEnd();
}
