import { PRESETS, builtinRules, inPreset, type RuleModule } from '../rules/index.js';
import { ruleDocsUrl } from './product.js';

/** `palisade rules`: every rule, as an aligned table, JSON or a markdown table. */
export function formatRuleCatalog(format: 'text' | 'json' | 'markdown'): string {
  const rules = [...builtinRules];
  if (format === 'json') return JSON.stringify(rules.map(describeRule), null, 2) + '\n';
  if (format === 'markdown') {
    const rows = rules.map((r) => `| [\`${r.meta.id}\`](${ruleDocsUrl(r.meta.id)}) | ${r.meta.stage} | ${severityOf(r)} | ${r.meta.fix} | ${escapeCell(r.meta.title)} |`);
    return ['| id | stage | severity | fix | title |', '|---|---|---|---|---|', ...rows].join('\n') + '\n';
  }
  const cells = rules.map((r) => [r.meta.id, severityOf(r), r.meta.stage, r.meta.fix, r.meta.title]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...cells.map((c) => c[i].length), 0));
  const lines = cells.map((c) => c.map((x, i) => (i < 4 ? x.padEnd(widths[i]) : x)).join('  '));
  return lines.join('\n') + `\n\n${rules.length} rules. \`palisade explain <id>\` tells what, why and how to fix.\n`;
}

function severityOf(rule: RuleModule): string {
  return rule.meta.enabledByDefault === false ? `${rule.meta.severity} (off)` : rule.meta.severity;
}

function describeRule(rule: RuleModule): Record<string, unknown> {
  const m = rule.meta;
  return {
    id: m.id,
    title: m.title,
    language: rule.language,
    stage: m.stage,
    category: m.category ?? 'security',
    severity: m.severity,
    enabledByDefault: m.enabledByDefault !== false,
    fix: m.fix,
    profiles: m.profiles ?? [],
    presets: PRESETS.filter((p) => inPreset(rule, p)),
    equivalents: m.equivalents,
    references: m.references,
    docs: ruleDocsUrl(m.id),
  };
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
