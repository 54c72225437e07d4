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
