import { PRESETS, inPreset } from './config.js';
import type { RuleModule } from './rule.js';
import { categoryOf } from './rule.js';
import type { PeerTool } from './types.js';

export const TOOL_NAMES: Record<PeerTool, string> = {
  pss: 'Pod Security Standards',
  cis: 'CIS Kubernetes Benchmark',
  'cis-docker': 'CIS Docker Benchmark',
  nsa: 'NSA/CISA Kubernetes Hardening Guide',
  hadolint: 'hadolint',
  buildkit: 'Docker Build checks',
  checkov: 'Checkov',
  trivy: 'Trivy',
  'kube-linter': 'kube-linter',
  polaris: 'Polaris',
  'kube-score': 'kube-score',
  kubescape: 'Kubescape',
};

const STANDARDS: PeerTool[] = ['pss', 'cis', 'cis-docker', 'nsa'];

/** Engine findings that are not rules, explained the same way. */
const ENGINE_TOPICS: Record<string, { title: string; body: string }> = {
  'parse-error': {
    title: 'The file could not be parsed',
    body: 'The YAML or Dockerfile syntax is invalid at this position. Palisade still analyses the other documents of the file. Fix the syntax to get the security findings for this document.',
  },
  'internal-error': {
    title: 'A rule failed on this file',
    body: 'A rule threw an exception on this input. The other rules still ran. Please report the file shape that caused it.',
  },
  'skipped-file': {
    title: 'The file was skipped',
    body: 'Files larger than 5 MB, binary files and files that are not valid UTF-8 are not analysed.',
  },
  'suppression-missing-reason': {
    title: 'A suppression has no reason',
    body: 'The configuration sets `suppressions: {requireReason: true}`, so every Palisade suppression must say why the finding is acceptable. A suppression without a reason does not apply: the findings it names are still reported. Add the reason after ` -- ` in a comment (`# palisade-ignore k8s/no-host-pid -- node agent, reviewed in SEC-123`) or after `: ` in the annotation (`palisade.io/ignore: "k8s/no-host-pid: node agent"`). Peers\' pragmas (hadolint, Checkov, Trivy, kube-linter, Polaris) are honoured as written.',
  },
  'unused-suppression': {
    title: 'A suppression matched no finding',
    body: 'The configuration sets `suppressions: {reportUnused: true}`, and this suppression (or one of the rule ids it lists) silenced nothing: the problem was fixed, the rule id is misspelt, or the comment is not on the line before the finding. Remove it so that a future finding is not hidden by accident.',
  },
  'custom-rules-skipped': {
    title: 'Custom rules were skipped for this file',
    body: 'The custom rules of the workspace configuration are bounded per file, so that a large file or a heavy schema cannot stall the editor: a document with too many nodes or alias expansions, or more evaluation work than the per-file budget, stops custom-rule evaluation for the file. The built-in rules still ran. Split the file, or simplify the custom rules (a narrower `target` or `kinds`, a smaller schema).',
  },
};

/** One line naming the standards a rule comes from: `PSS baseline · CIS 5.2.2 · NSA`. */
export function standardsLine(rule: RuleModule): string {
  const parts: string[] = [];
  const p = rule.meta.profiles ?? [];
  if (p.includes('pss-baseline')) parts.push('Pod Security Standards: baseline');
  if (p.includes('pss-restricted')) parts.push('Pod Security Standards: restricted');
  for (const t of STANDARDS) {
    const ids = rule.meta.equivalents[t];
    if (ids?.length && t !== 'pss') parts.push(`${TOOL_NAMES[t]} ${ids.join(', ')}`);
    else if (ids?.length && !p.some((x) => x.startsWith('pss'))) parts.push(`${TOOL_NAMES[t]}: ${ids.join(', ')}`);
  }
  return parts.join(' · ');
}

/** Markdown explanation of a rule: what, why, how to fix, standards, equivalents. Serves hover, CLI and docs. */
export function explainRule(rule: RuleModule, options: { heading?: boolean } = {}): string {
  const m = rule.meta;
  const out: string[] = [];
  if (options.heading !== false) out.push(`## ${m.id}`, '', `**${m.title}**`, '');
  else out.push(`**${m.title}** (\`${m.id}\`)`, '');
  const presets = PRESETS.filter((p) => inPreset(rule, p));
  out.push(`Stage: ${m.stage} · Category: ${categoryOf(m)} · Default severity: ${m.severity}${m.enabledByDefault === false ? ' (off by default)' : ''} · Fix: ${m.fix === 'safe' ? 'safe (fix-all)' : m.fix === 'suggestion' ? 'suggestion (quick fix)' : 'none'}`, '');
  const std = standardsLine(rule);
  if (std) out.push(`Standards: ${std}`, '');
  out.push('### Why', '', m.rationale.trim(), '', '### How to fix', '', m.remediation.trim(), '');
  if (m.examples) {
    out.push('### Example', '', 'Flagged:', '', '```', m.examples.invalid.trimEnd(), '```', '', 'Fixed:', '', '```', m.examples.valid.trimEnd(), '```', '');
  }
  const peers = (Object.entries(m.equivalents) as [PeerTool, readonly string[]][]).filter(([t]) => !STANDARDS.includes(t));
  if (peers.length) {
    out.push('### Equivalent checks', '');
    for (const [t, ids] of peers) out.push(`- ${TOOL_NAMES[t] ?? t}: ${ids.map((i) => `\`${i}\``).join(', ')}`);
    out.push('');
  }
  if (m.options) {
    out.push('### Options', '', '```json', JSON.stringify(m.options.defaults, null, 2), '```', '');
  }
  if (m.references.length) {
    out.push('### References', '');
    for (const r of m.references) out.push(`- [${r.title}](${r.url})`);
    out.push('');
  }
  out.push(`Presets: ${presets.length ? presets.join(', ') : 'none (enable it in .palisade.yaml)'}`, '');
  out.push(`Suppress: \`# palisade-ignore ${m.id} -- <reason>\` on the line before.`);
  return out.join('\n').trimEnd() + '\n';
}

export function explainEngineTopic(id: string): string | undefined {
  const t = ENGINE_TOPICS[id];
  return t ? `## ${id}\n\n**${t.title}**\n\n${t.body}\n` : undefined;
}
