/**
 * Renders a {@link Posture} as one self-contained HTML page: inline CSS, charts drawn as inline SVG, no external
 * asset, no script in the standalone file (its content security policy forbids every load). The same page is the
 * editor's "Show Security Posture" view, where it takes the editor's theme colours and its links reveal findings.
 */
import type { CisItem, CisStatus, Posture, PostureGroup, PostureOccurrence, PostureResource, PostureStage, PssCompliance, SnippetLine } from './posture.js';
import type { Severity } from './types.js';

export interface PostureRenderOptions {
  /**
   * `file`: a standalone page (light, or dark when the system is; always light in print).
   * `webview`: inside VS Code: `--vscode-*` theme colours, links that post `{type: 'reveal', uri, range}` and a
   * strict policy allowing only the nonce'd script and the webview's own styles.
   */
  mode: 'file' | 'webview';
  /** Required for `webview`: the script nonce and `webview.cspSource`. */
  nonce?: string;
  cspSource?: string;
  /** Link to a rule's documentation (https only). */
  docsUrl?: (ruleId: string) => string | undefined;
}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

const STAGE_LABEL: Record<PostureStage, string> = {
  build: 'Build (Dockerfiles)',
  deploy: 'Deploy (workloads)',
  access: 'Access (RBAC, network)',
  platform: 'Platform (control plane)',
  policy: 'Organisation policy',
  other: 'Analysis problems',
};

/** The whole page. */
export function renderPostureHtml(posture: Posture, options: PostureRenderOptions): string {
  const webview = options.mode === 'webview';
  const csp = webview
    ? `default-src 'none'; style-src ${options.cspSource ?? ''} 'unsafe-inline'; img-src ${options.cspSource ?? ''} data:; script-src 'nonce-${options.nonce ?? ''}';`
    : `default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;
  const subtitle = [
    posture.roots.length ? `Scanned ${posture.roots.map((r) => r || '.').join(', ')}` : '',
    posture.generatedAt ? `on ${posture.generatedAt}` : '',
    posture.version ? `with Palisade ${posture.version}` : '',
  ].filter(Boolean).join(' ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Palisade${posture.version ? ' ' + attr(posture.version) : ''}">
<title>${text(posture.title)}</title>
<style>${styles(webview)}</style>
</head>
<body class="${webview ? 'webview' : 'file'}">
<header class="page-header">
  <div>
    <h1>${text(posture.title)}</h1>
    <p class="muted">${text(subtitle)}</p>
  </div>
  ${webview ? '<button type="button" class="refresh" data-action="refresh">Refresh</button>' : ''}
</header>
<nav class="toc" aria-label="Sections">
  <a href="#summary">Summary</a><a href="#stages">By stage</a><a href="#compliance">Compliance</a><a href="#top-rules">Top rules</a><a href="#top-resources">Most affected</a><a href="#findings">Findings</a>
</nav>
<main>
${summarySection(posture)}
${stagesSection(posture)}
${complianceSection(posture, webview)}
${topRulesSection(posture)}
${topResourcesSection(posture, webview)}
${findingsSection(posture, options)}
</main>
<footer class="muted">Palisade analyses files offline; this report loads nothing from the network.</footer>
${webview ? `<script nonce="${attr(options.nonce ?? '')}">${WEBVIEW_SCRIPT}</script>` : ''}
</body>
</html>
`;
}

// ---------------------------------------------------------------------------------------------------------------------
// Sections

function summarySection(p: Posture): string {
  const t = p.totals;
  const restricted = p.pss.find((x) => x.level === 'restricted');
  const cards = [
    card('Findings', num(t.findings), SEVERITIES.map((s) => `<span class="sev-text ${s}">${num(t.bySeverity[s])} ${severityWord(s, t.bySeverity[s])}</span>`).join(' · ')),
    card('Files', num(p.files.scanned), `${num(p.files.withFindings)} with findings · ${num(p.files.dockerfiles)} Dockerfile${p.files.dockerfiles === 1 ? '' : 's'} · ${num(p.files.manifests)} manifest${p.files.manifests === 1 ? '' : 's'}`),
    card('Workloads passing PSS restricted', restricted && restricted.workloads ? percent(restricted.passing, restricted.workloads) : '–',
      restricted && restricted.workloads ? `${num(restricted.passing)} of ${num(restricted.workloads)} workload${restricted.workloads === 1 ? '' : 's'}` : 'no workloads scanned'),
    card('Safe fixes', num(t.fixable), t.fixable ? '<code>palisade scan --fix</code> applies them' : 'nothing to apply automatically'),
  ];
  const baselined = t.baselined ? `<p class="note">${t.baselined} finding${t.baselined === 1 ? ' is' : 's are'} in the baseline and not shown.</p>` : '';
  const unlisted = p.unlisted ? `<p class="note">The findings list shows up to ${p.listedPerRule} occurrences of each rule (${num(p.listed)} in all); ${num(p.unlisted)} more are counted above but not listed. The JSON and SARIF formats hold every finding.</p>` : '';
  return `<section id="summary" aria-labelledby="summary-h">
<h2 id="summary-h">Summary</h2>
<div class="cards">${cards.join('')}</div>
<div class="two">
  <figure class="chart">${severityDonut(p)}<figcaption>Findings by severity</figcaption></figure>
  <figure class="chart">${complianceChart(p)}<figcaption>Compliance at a glance</figcaption></figure>
</div>
${baselined}${unlisted}
</section>`;
}

function card(label: string, value: string, detail: string): string {
  return `<div class="card"><div class="card-label">${text(label)}</div><div class="card-value">${text(value)}</div><div class="card-detail">${detail}</div></div>`;
}

function stagesSection(p: Posture): string {
  const rows = p.stages.map((s) => ({
    label: STAGE_LABEL[s.stage],
    title: `${STAGE_LABEL[s.stage]}: ${s.total} finding${s.total === 1 ? '' : 's'}`,
    segments: SEVERITIES.map((sev) => ({ cls: sev, value: s.bySeverity[sev], title: `${s.bySeverity[sev]} ${severityWord(sev, s.bySeverity[sev])}` })),
  }));
  const table = `<table class="data"><thead><tr><th>Stage</th>${SEVERITIES.map((s) => `<th class="num">${cap(s)}</th>`).join('')}<th class="num">Total</th></tr></thead><tbody>${p.stages.map((s) => `<tr><td>${text(STAGE_LABEL[s.stage])}</td>${SEVERITIES.map((sev) => `<td class="num">${s.bySeverity[sev]}</td>`).join('')}<td class="num"><strong>${s.total}</strong></td></tr>`).join('')}</tbody></table>`;
  return `<section id="stages" aria-labelledby="stages-h">
<h2 id="stages-h">Findings by stage and severity</h2>
<div class="two">
  <figure class="chart">${stackedBars(rows, 'Findings by stage and severity')}${legend()}</figure>
  ${table}
</div>
</section>`;
}

function complianceSection(p: Posture, webview: boolean): string {
  const pss = p.pss.map((level) => pssBlock(level, webview)).join('');
  const k8s = p.cis.filter((c) => c.benchmark === 'kubernetes');
  const docker = p.cis.filter((c) => c.benchmark === 'docker');
  return `<section id="compliance" aria-labelledby="compliance-h">
<h2 id="compliance-h">Compliance per standard</h2>
<p class="muted">A workload passes a Pod Security Standards level when the PodSecurity admission would admit it at <code>enforce</code> (judged by the <code>pss-baseline</code> and <code>pss-restricted</code> presets, whatever the configuration). A CIS item fails for every resource with a finding of a rule implementing it; items about workloads and Dockerfiles also count those that pass.</p>
<div class="two">${pss}</div>
<h3>CIS Kubernetes Benchmark</h3>
${cisSummary(k8s)}
${cisTable(k8s)}
<h3>CIS Docker Benchmark</h3>
${cisSummary(docker)}
${cisTable(docker)}
</section>`;
}

function pssBlock(level: PssCompliance, webview: boolean): string {
  const name = level.level === 'baseline' ? 'PSS baseline' : 'PSS restricted';
  if (!level.workloads) return `<div class="pss"><h3>${name}</h3><p class="muted">No workloads scanned.</p></div>`;
  const share = level.passing / level.workloads;
  const list = level.failing.length
    ? `<details${level.failing.length <= 8 ? ' open' : ''}><summary>${level.failingCount} failing workload${level.failingCount === 1 ? '' : 's'}</summary><ul class="failing">${level.failing.map((f) => `<li>${resourceLink(f.resource, f.path, f.uri, webview)} <span class="muted">${f.rules.map((r) => `<code>${text(r)}</code>`).join(' ')}</span></li>`).join('')}${level.failingCount > level.failing.length ? `<li class="muted">and ${level.failingCount - level.failing.length} more</li>` : ''}</ul></details>`
    : '<p class="pass-text">Every workload passes.</p>';
  return `<div class="pss"><h3>${name}</h3>
${meter(share, `${name}: ${level.passing} of ${level.workloads} workloads pass`)}
<p><strong>${num(level.passing)} of ${num(level.workloads)}</strong> workload${level.workloads === 1 ? '' : 's'} pass (${percent(level.passing, level.workloads)})</p>
${list}</div>`;
}

const CIS_STATUS_LABEL: Record<CisStatus, string> = {
  fail: 'fail', pass: 'pass', 'no-finding': 'no finding', 'no-subjects': 'nothing to judge', 'not-checked': 'not checked',
};

function cisSummary(items: readonly CisItem[]): string {
  const count = (status: CisStatus): number => items.filter((i) => i.status === status).length;
  const parts = [
    `<span class="sev-text error">${count('fail')} fail</span>`,
    `<span class="pass-text">${count('pass')} pass</span>`,
    `${count('no-finding')} without a finding`,
    count('no-subjects') ? `${count('no-subjects')} with nothing to judge` : '',
    `${count('not-checked')} not checked`,
  ].filter(Boolean);
  return `<p>${parts.join(' · ')} <span class="muted">(of the ${items.length} items Palisade implements)</span></p>`;
}

/**
 * Items that fail or pass on scanned workloads and Dockerfiles get a row each; the others (control plane, RBAC and
 * network items without a finding, items whose rules are off) are listed by id, so that the table stays readable.
 */
function cisTable(items: readonly CisItem[]): string {
  if (!items.length) return '<p class="muted">No rule implements an item of this benchmark.</p>';
  const judged = items.filter((i) => i.status === 'fail' || i.status === 'pass');
  const rows = judged.map((i) => {
    const subjects = i.subjects === 'workloads' ? 'workloads' : i.subjects === 'dockerfiles' ? 'Dockerfiles' : 'resources';
    const passing = i.passing === undefined ? '–' : String(i.passing);
    return `<tr><td><strong>${text(i.id)}</strong></td><td><span class="status ${i.status}">${CIS_STATUS_LABEL[i.status]}</span></td><td class="num">${i.failing}</td><td class="num">${passing}</td><td class="muted">${subjects}</td><td>${i.rules.map((r) => `<code>${text(r)}</code>`).join(' ')}</td></tr>`;
  }).join('');
  const table = judged.length
    ? `<table class="data cis"><thead><tr><th>Item</th><th>Status</th><th class="num">Failing</th><th class="num">Passing</th><th>Of</th><th>Rules</th></tr></thead><tbody>${rows}</tbody></table>`
    : '';
  const listed = (status: CisStatus, label: string): string => {
    const ids = items.filter((i) => i.status === status).map((i) => i.id);
    return ids.length ? `<p class="cis-ids"><span class="status ${status}">${CIS_STATUS_LABEL[status]}</span> ${label}: ${ids.map((id) => `<span class="cis-id">${text(id)}</span>`).join(' ')}</p>` : '';
  };
  return table
    + listed('no-finding', 'their rules ran and found nothing (what they judge may not be in the scanned files)')
    + listed('no-subjects', 'no workload or Dockerfile was scanned')
    + listed('not-checked', 'their rules are off in this configuration');
}

function topRulesSection(p: Posture): string {
  if (!p.topRules.length) return `<section id="top-rules" aria-labelledby="top-rules-h"><h2 id="top-rules-h">Top rules</h2><p class="pass-text">No findings.</p></section>`;
  const rows = p.topRules.map((r) => ({
    label: r.ruleId,
    title: `${r.ruleId}: ${r.title} (${r.count} in ${r.files} file${r.files === 1 ? '' : 's'})`,
    href: `#rule-${anchor(r.ruleId)}`,
    segments: [{ cls: r.severity, value: r.count, title: `${r.count} finding${r.count === 1 ? '' : 's'}` }],
  }));
  return `<section id="top-rules" aria-labelledby="top-rules-h">
<h2 id="top-rules-h">Top rules</h2>
<figure class="chart wide">${stackedBars(rows, 'Rules with the most findings', 260)}</figure>
</section>`;
}

function topResourcesSection(p: Posture, webview: boolean): string {
  if (!p.topResources.length) return `<section id="top-resources" aria-labelledby="top-resources-h"><h2 id="top-resources-h">Most affected resources</h2><p class="pass-text">No findings.</p></section>`;
  const rows = p.topResources.map((r: PostureResource) => ({
    label: r.resource === 'Dockerfile' ? r.path : `${r.resource}`,
    title: `${r.resource} in ${r.path}: ${r.total} finding${r.total === 1 ? '' : 's'}`,
    segments: SEVERITIES.map((sev) => ({ cls: sev, value: r.bySeverity[sev], title: `${r.bySeverity[sev]} ${severityWord(sev, r.bySeverity[sev])}` })),
  }));
  const list = `<table class="data"><thead><tr><th>Resource</th><th>File</th>${SEVERITIES.map((s) => `<th class="num">${cap(s)}</th>`).join('')}</tr></thead><tbody>${p.topResources.map((r) => `<tr><td>${resourceLink(r.resource, r.path, r.uri, webview)}</td><td class="muted">${text(r.path)}</td>${SEVERITIES.map((s) => `<td class="num">${r.bySeverity[s]}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
  return `<section id="top-resources" aria-labelledby="top-resources-h">
<h2 id="top-resources-h">Most affected resources</h2>
<div class="two"><figure class="chart">${stackedBars(rows, 'Resources with the most findings', 220)}${legend()}</figure>${list}</div>
</section>`;
}

function findingsSection(p: Posture, options: PostureRenderOptions): string {
  if (!p.groups.length) return `<section id="findings" aria-labelledby="findings-h"><h2 id="findings-h">Findings</h2><p class="pass-text">No findings: nothing to fix.</p></section>`;
  return `<section id="findings" aria-labelledby="findings-h">
<h2 id="findings-h">Findings</h2>
<p class="muted">By rule, the most severe first. Each rule says how to fix it; each finding shows its lines and, when Palisade can fix it, the change.</p>
${p.groups.map((g) => groupBlock(g, options)).join('\n')}
</section>`;
}

function groupBlock(g: PostureGroup, options: PostureRenderOptions): string {
  const severity: Severity = g.bySeverity.error ? 'error' : g.bySeverity.warning ? 'warning' : 'info';
  const docs = options.docsUrl?.(g.rule.id);
  const docsLink = docs && /^https:\/\//.test(docs) ? ` <a class="docs" href="${attr(docs)}">documentation</a>` : '';
  const standards = [...g.rule.cis.map((c) => `CIS Kubernetes ${c}`), ...g.rule.cisDocker.map((c) => `CIS Docker ${c}`)];
  const howTo = g.rule.remediation ? `<div class="howto"><div class="howto-label">How to fix</div>${markdown(g.rule.remediation)}</div>` : '';
  const more = g.count > g.occurrences.length ? `<p class="note">${g.count - g.occurrences.length} more occurrence${g.count - g.occurrences.length === 1 ? '' : 's'} not listed.</p>` : '';
  return `<article class="group" id="rule-${anchor(g.rule.id)}">
<h3><span class="badge ${severity}">${severity}</span> <code>${text(g.rule.id)}</code> ${text(g.rule.title)}</h3>
<p class="muted">${g.count} finding${g.count === 1 ? '' : 's'} in ${g.files} file${g.files === 1 ? '' : 's'} · stage ${text(g.rule.stage)}${standards.length ? ' · ' + text(standards.join(', ')) : ''}${docsLink}</p>
${howTo}
<ol class="occurrences">${g.occurrences.map((o) => occurrenceItem(o, options.mode === 'webview')).join('')}</ol>
${more}
</article>`;
}

function occurrenceItem(o: PostureOccurrence, webview: boolean): string {
  const where = `${o.path}:${o.range.start.line + 1}:${o.range.start.character + 1}`;
  const location = webview && o.uri ? revealLink(where, o.uri, o.range) : `<span class="loc">${text(where)}</span>`;
  const fix = o.fix
    ? `<div class="fix"><div class="fix-title"><span class="badge ${o.fix.kind === 'safe' ? 'safe' : 'suggestion'}">${o.fix.kind === 'safe' ? 'safe fix' : 'suggested fix'}</span> ${text(o.fix.title)}</div>${diff(o.fix.removed, o.fix.added)}</div>`
    : '';
  return `<li class="occurrence ${o.severity}">
<div class="occ-head"><span class="badge ${o.severity}">${o.severity}</span> ${location}${o.resource ? ` <span class="resource">${text(o.resource)}</span>` : ''}</div>
<p class="message">${inline(o.message)}</p>
${o.snippet.length ? snippet(o.snippet) : ''}
${fix}
</li>`;
}

// ---------------------------------------------------------------------------------------------------------------------
// Pieces

function snippet(lines: readonly SnippetLine[]): string {
  const width = String(lines[lines.length - 1]?.number ?? 1).length;
  const body = lines.map((l) => {
    const code = l.mark
      ? text(l.text.slice(0, l.mark[0])) + `<mark>${text(l.text.slice(l.mark[0], l.mark[1]))}</mark>` + text(l.text.slice(l.mark[1]))
      : text(l.text);
    return `<span class="line${l.mark ? ' hit' : ''}"><span class="ln">${String(l.number).padStart(width)}</span>${code}</span>`;
  }).join('');
  return `<pre class="snippet"><code>${body}</code></pre>`;
}

function diff(removed: readonly SnippetLine[], added: readonly SnippetLine[]): string {
  const width = String(Math.max(removed[removed.length - 1]?.number ?? 1, added[added.length - 1]?.number ?? 1)).length;
  const row = (sign: string, cls: string, l: SnippetLine): string =>
    `<span class="line ${cls}"><span class="ln">${String(l.number).padStart(width)}</span><span class="sign">${sign}</span>${text(l.text)}</span>`;
  return `<pre class="diff"><code>${[...removed.map((l) => row('-', 'del', l)), ...added.map((l) => row('+', 'add', l))].join('')}</code></pre>`;
}

function revealLink(label: string, uri: string, range: PostureOccurrence['range']): string {
  return `<a href="#" class="reveal" data-uri="${attr(uri)}" data-line="${range.start.line}" data-character="${range.start.character}" data-end-line="${range.end.line}" data-end-character="${range.end.character}">${text(label)}</a>`;
}

function resourceLink(resource: string, path: string, uri: string | undefined, webview: boolean): string {
  const label = resource === 'Dockerfile' ? path : resource;
  if (webview && uri) return `<a href="#" class="reveal" data-uri="${attr(uri)}" data-line="0" data-character="0" data-end-line="0" data-end-character="0">${text(label)}</a>`;
  return `<span>${text(label)}</span>`;
}

function legend(): string {
  return `<div class="legend">${SEVERITIES.map((s) => `<span><svg width="10" height="10" aria-hidden="true"><rect class="seg ${s}" width="10" height="10" rx="2"/></svg> ${cap(s)}</span>`).join('')}</div>`;
}

interface BarRow {
  label: string;
  title: string;
  href?: string;
  segments: { cls: string; value: number; title: string }[];
}

/** Horizontal bars, one per row, stacked by segment; the total is written after each bar. */
function stackedBars(rows: readonly BarRow[], label: string, labelWidth = 190): string {
  const width = 640;
  const rowHeight = 26;
  const barHeight = 16;
  const top = 4;
  const barX = labelWidth + 10;
  const barSpace = width - barX - 56;
  const max = Math.max(1, ...rows.map((r) => r.segments.reduce((n, s) => n + s.value, 0)));
  const height = top * 2 + rows.length * rowHeight;
  const body = rows.map((r, i) => {
    const y = top + i * rowHeight;
    let x = barX;
    const total = r.segments.reduce((n, s) => n + s.value, 0);
    const rects = r.segments.filter((s) => s.value > 0).map((s) => {
      const w = Math.max(2, (s.value / max) * barSpace);
      const rect = `<rect class="seg ${attr(s.cls)}" x="${x.toFixed(1)}" y="${y + (rowHeight - barHeight) / 2}" width="${w.toFixed(1)}" height="${barHeight}" rx="2"><title>${text(s.title)}</title></rect>`;
      x += w;
      return rect;
    }).join('');
    const name = `<text class="bar-label" x="${labelWidth}" y="${y + rowHeight / 2 + 4}" text-anchor="end">${text(shorten(r.label, Math.floor(labelWidth / 6.6)))}<title>${text(r.title)}</title></text>`;
    const labelled = r.href ? `<a href="${attr(r.href)}">${name}</a>` : name;
    return `${labelled}${rects}<text class="bar-value" x="${(x + 6).toFixed(1)}" y="${y + rowHeight / 2 + 4}">${total}</text>`;
  }).join('');
  return `<svg class="bars" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${attr(label)}"><title>${text(label)}</title>${body}</svg>`;
}

function severityDonut(p: Posture): string {
  const total = p.totals.findings;
  const r = 52;
  const c = 2 * Math.PI * r;
  let offset = 0;
  const arcs = total
    ? SEVERITIES.filter((s) => p.totals.bySeverity[s] > 0).map((s) => {
      const len = (p.totals.bySeverity[s] / total) * c;
      const arc = `<circle class="arc ${s}" cx="80" cy="80" r="${r}" stroke-dasharray="${len.toFixed(2)} ${(c - len).toFixed(2)}" stroke-dashoffset="${(-offset).toFixed(2)}" transform="rotate(-90 80 80)"><title>${p.totals.bySeverity[s]} ${severityWord(s, p.totals.bySeverity[s])}</title></circle>`;
      offset += len;
      return arc;
    }).join('')
    : `<circle class="arc pass" cx="80" cy="80" r="${r}"/>`;
  const legendItems = SEVERITIES.map((s, i) => `<rect class="seg ${s}" x="180" y="${44 + i * 26}" width="12" height="12" rx="2"/><text class="bar-label" x="200" y="${54 + i * 26}">${num(p.totals.bySeverity[s])} ${severityWord(s, p.totals.bySeverity[s])}</text>`).join('');
  return `<svg class="donut" viewBox="0 0 320 160" width="320" height="160" role="img" aria-label="${attr(`${total} findings by severity`)}"><title>Findings by severity</title><circle class="track" cx="80" cy="80" r="${r}"/>${arcs}<text class="donut-total${total >= 10_000 ? ' long' : ''}" x="80" y="${total >= 10_000 ? 83 : 85}" text-anchor="middle">${num(total)}</text><text class="donut-label" x="80" y="102" text-anchor="middle">findings</text>${legendItems}</svg>`;
}

/** PSS levels and CIS benchmarks as pass shares, one bar each. */
function complianceChart(p: Posture): string {
  const rows: { label: string; pass: number; fail: number; unit: string }[] = [];
  for (const level of p.pss) {
    if (level.workloads) rows.push({ label: level.level === 'baseline' ? 'PSS baseline' : 'PSS restricted', pass: level.passing, fail: level.workloads - level.passing, unit: 'workloads pass' });
  }
  for (const [benchmark, label] of [['kubernetes', 'CIS Kubernetes'], ['docker', 'CIS Docker']] as const) {
    const checked = p.cis.filter((c) => c.benchmark === benchmark && (c.status === 'fail' || c.status === 'pass' || c.status === 'no-finding'));
    if (!checked.length) continue;
    const fail = checked.filter((c) => c.status === 'fail').length;
    rows.push({ label, pass: checked.length - fail, fail, unit: 'checked items without a finding' });
  }
  if (!rows.length) return '<p class="muted">No workloads and no CIS items checked.</p>';
  const width = 320;
  const barX = 110;
  const barW = 150;
  const body = rows.map((r, i) => {
    const y = 10 + i * 34;
    const total = r.pass + r.fail;
    const passW = total ? (r.pass / total) * barW : 0;
    return `<text class="bar-label" x="${barX - 8}" y="${y + 13}" text-anchor="end">${text(r.label)}</text>`
      + `<rect class="seg fail" x="${barX}" y="${y}" width="${barW}" height="18" rx="3"/>`
      + (passW > 0 ? `<rect class="seg pass" x="${barX}" y="${y}" width="${passW.toFixed(1)}" height="18" rx="3"><title>${r.pass} of ${total} ${r.unit}</title></rect>` : '')
      + `<text class="bar-value" x="${barX + barW + 8}" y="${y + 13}">${percent(r.pass, total)}</text>`;
  }).join('');
  return `<svg class="bars" viewBox="0 0 ${width} ${20 + rows.length * 34}" width="${width}" height="${20 + rows.length * 34}" role="img" aria-label="Share passing per standard"><title>Share passing per standard</title>${body}</svg>`;
}

function meter(share: number, label: string): string {
  const w = 300;
  return `<svg class="meter" viewBox="0 0 ${w} 14" width="100%" height="14" preserveAspectRatio="none" role="img" aria-label="${attr(label)}"><title>${text(label)}</title><rect class="seg fail" width="${w}" height="14" rx="4"/>${share > 0 ? `<rect class="seg pass" width="${(share * w).toFixed(1)}" height="14" rx="4"/>` : ''}</svg>`;
}

// ---------------------------------------------------------------------------------------------------------------------
// Text

/** Escape for element content. */
function text(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escape for a double-quoted attribute. */
function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function anchor(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]+/g, '-');
}

function cap(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}

function severityWord(s: Severity, n: number): string {
  return s === 'info' ? 'info' : `${s}${n === 1 ? '' : 's'}`;
}

/** A count with thousands separated (`37,812`), the same in every locale. */
function num(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function percent(part: number, whole: number): string {
  if (!whole) return '–';
  const value = (part / whole) * 100;
  // never round a failing share up to 100 % or a passing one down to 0 %
  const shown = value > 99 && part < whole ? Math.floor(value) : value < 1 && part > 0 ? Math.ceil(value) : Math.round(value);
  return `${shown} %`;
}

function shorten(s: string, max: number): string {
  return s.length <= max ? s : '…' + s.slice(s.length - max + 1);
}

/** Inline markdown of messages and rule texts: `code`, **bold**, https links. Everything else is escaped text. */
function inline(md: string): string {
  return md.split(/(`[^`]*`)/g).map((part) => {
    if (part.length > 1 && part.startsWith('`') && part.endsWith('`')) return `<code>${text(part.slice(1, -1))}</code>`;
    return text(part)
      .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
      .replace(/\[([^\]]+)\]\((https:\/\/[^)\s"]+)\)/g, (_m, label: string, url: string) => `<a href="${url.replace(/"/g, '&quot;')}">${label}</a>`);
  }).join('');
}

/** The remediation markdown of the rules: paragraphs, lists and fenced code blocks. */
function markdown(md: string): string {
  const out: string[] = [];
  const lines = md.replace(/\r\n?/g, '\n').split('\n');
  let paragraph: string[] = [];
  let list: string[] = [];
  const flush = (): void => {
    if (paragraph.length) out.push(`<p>${inline(paragraph.join(' '))}</p>`);
    if (list.length) out.push(`<ul>${list.map((l) => `<li>${inline(l)}</li>`).join('')}</ul>`);
    paragraph = [];
    list = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = /^\s*```/.exec(line);
    if (fence) {
      flush();
      const code: string[] = [];
      for (i++; i < lines.length && !/^\s*```/.test(lines[i]); i++) code.push(lines[i]);
      out.push(`<pre class="code"><code>${text(code.join('\n'))}</code></pre>`);
      continue;
    }
    const item = /^\s*(?:[-*]|\d+\.)\s+(.*)$/.exec(line);
    if (item) {
      if (paragraph.length) { out.push(`<p>${inline(paragraph.join(' '))}</p>`); paragraph = []; }
      list.push(item[1]);
      continue;
    }
    if (!line.trim()) { flush(); continue; }
    if (list.length) { list[list.length - 1] += ' ' + line.trim(); continue; }
    paragraph.push(line.trim().replace(/^#+\s*/, ''));
  }
  flush();
  return out.join('');
}

// ---------------------------------------------------------------------------------------------------------------------
// Style and script

function styles(webview: boolean): string {
  const light = `--bg:#ffffff;--fg:#1f2328;--muted:#59636e;--border:#d1d9e0;--card:#f6f8fa;--code-bg:#f6f8fa;--error:#cf222e;--warning:#b35900;--info:#0969da;--pass:#1a7f37;--fail:#f0c8cc;--mark:#fff1a8;--add:#dafbe1;--del:#ffebe9;--link:#0969da;`;
  const dark = `--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--border:#3d444d;--card:#151b23;--code-bg:#151b23;--error:#f85149;--warning:#d29922;--info:#4493f8;--pass:#3fb950;--fail:#5a1e24;--mark:#5c4b00;--add:#12361f;--del:#4c1a1f;--link:#4493f8;`;
  const theme = webview
    ? `:root{--bg:var(--vscode-editor-background);--fg:var(--vscode-foreground);--muted:var(--vscode-descriptionForeground);--border:var(--vscode-panel-border,var(--vscode-widget-border,#8884));--card:var(--vscode-sideBar-background,var(--vscode-editorWidget-background));--code-bg:var(--vscode-textCodeBlock-background);--error:var(--vscode-editorError-foreground);--warning:var(--vscode-editorWarning-foreground);--info:var(--vscode-editorInfo-foreground);--pass:var(--vscode-testing-iconPassed,#3fb950);--fail:var(--vscode-inputValidation-errorBackground,#f8514933);--mark:var(--vscode-editor-findMatchHighlightBackground);--add:var(--vscode-diffEditor-insertedTextBackground);--del:var(--vscode-diffEditor-removedTextBackground);--link:var(--vscode-textLink-foreground);--font:var(--vscode-font-family);--mono:var(--vscode-editor-font-family);}`
    : `:root{${light}--font:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;color-scheme:light dark}@media screen and (prefers-color-scheme:dark){:root{${dark}}}@media print{:root{${light}}}`;
  return `${theme}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1180px;padding:24px 28px 40px;background:var(--bg);color:var(--fg);font:14px/1.5 var(--font);-webkit-print-color-adjust:exact;print-color-adjust:exact}
a{color:var(--link)}
code,pre{font-family:var(--mono);font-size:12.5px}
code{background:var(--code-bg);padding:1px 4px;border-radius:4px}
pre code{display:block;background:none;padding:0;border-radius:0}
h1{font-size:26px;margin:0 0 2px}
h2{font-size:19px;margin:32px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--border)}
h3{font-size:15px;margin:18px 0 8px}
.page-header{display:flex;justify-content:space-between;align-items:flex-start;gap:16px}
.muted{color:var(--muted)}
.note{padding:8px 12px;border-left:3px solid var(--info);background:var(--card);border-radius:4px}
.toc{display:flex;flex-wrap:wrap;gap:14px;margin:14px 0 4px;font-size:13px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(210px,1fr));gap:12px}
.card{border:1px solid var(--border);background:var(--card);border-radius:8px;padding:12px 14px;break-inside:avoid}
.card-label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.card-value{font-size:30px;font-weight:650;line-height:1.2;margin:4px 0}
.card-detail{font-size:12.5px;color:var(--muted)}
.two{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:20px;align-items:start;margin-top:14px}
figure{margin:0}
svg.bars,svg.donut{display:block;max-width:100%;height:auto;margin:0 auto}
figcaption{color:var(--muted);font-size:12px;text-align:center}
.chart{break-inside:avoid}
svg text{fill:var(--fg);font:12px var(--font)}
svg .bar-value{fill:var(--muted)}
.donut .track{fill:none;stroke:var(--border);stroke-width:20}
.donut .arc{fill:none;stroke-width:20}
.donut-total{font-size:26px !important;font-weight:650}.donut-total.long{font-size:17px !important}
.donut-label{fill:var(--muted) !important}
.arc.error{stroke:var(--error)}.arc.warning{stroke:var(--warning)}.arc.info{stroke:var(--info)}.arc.pass{stroke:var(--pass)}
.seg.error{fill:var(--error)}.seg.warning{fill:var(--warning)}.seg.info{fill:var(--info)}.seg.pass{fill:var(--pass)}.seg.fail{fill:var(--fail)}
.legend{display:flex;gap:14px;justify-content:center;font-size:12px;color:var(--muted)}
.sev-text.error{color:var(--error)}.sev-text.warning{color:var(--warning)}.sev-text.info{color:var(--info)}
.pass-text{color:var(--pass)}
table.data{border-collapse:collapse;width:100%;font-size:13px}
table.data th,table.data td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--border);vertical-align:top}
table.data th{color:var(--muted);font-weight:600}
table.data .num{text-align:right;font-variant-numeric:tabular-nums}
table.cis code{font-size:11.5px;margin-right:2px}
.status{font-weight:600;font-size:12px;padding:1px 8px;border-radius:10px;border:1px solid currentColor}
.status.pass{color:var(--pass)}.status.fail{color:var(--error)}.status.no-finding,.status.no-subjects,.status.not-checked{color:var(--muted)}
.cis-ids{font-size:12.5px;line-height:1.9}.cis-id{font-family:var(--mono);font-size:12px;white-space:nowrap;margin-right:4px}
.pss{border:1px solid var(--border);border-radius:8px;padding:4px 14px 12px;break-inside:avoid}
.meter{height:14px}
ul.failing{margin:6px 0;padding-left:18px}
.badge{display:inline-block;font:600 11px var(--font);text-transform:uppercase;letter-spacing:.03em;padding:1px 7px;border-radius:10px;color:#fff;vertical-align:1px}
.badge.error{background:var(--error)}.badge.warning{background:var(--warning)}.badge.info{background:var(--info)}.badge.safe{background:var(--pass)}.badge.suggestion{background:var(--muted)}
.group{border:1px solid var(--border);border-radius:8px;padding:2px 16px 10px;margin:14px 0;break-inside:auto}
.group h3 code{font-size:13px}
.howto{background:var(--card);border-radius:6px;padding:4px 12px;margin:8px 0}
.howto-label{font-weight:600;font-size:12px;color:var(--muted);text-transform:uppercase;margin-top:6px}
.howto pre{background:var(--bg);padding:8px;border-radius:4px;overflow-x:auto}
ol.occurrences{list-style:none;padding:0;margin:8px 0 0}
.occurrence{border-top:1px solid var(--border);padding:8px 0;break-inside:avoid}
.occ-head{font-size:13px}
.loc,.reveal{font-family:var(--mono);font-size:12.5px}
.resource{color:var(--muted);font-size:12.5px}
.resource::before{content:"· "}
.message{margin:4px 0}
pre.snippet,pre.diff{background:var(--code-bg);border-radius:6px;padding:6px 0;margin:4px 0;overflow-x:auto;white-space:pre}
pre.snippet .line,pre.diff .line{display:block;padding:0 10px}
.ln{color:var(--muted);margin-right:12px;user-select:none}
.line.hit{box-shadow:inset 3px 0 0 var(--warning)}
mark{background:var(--mark);color:inherit;border-radius:2px;padding:0 1px}
.fix-title{font-size:13px;margin-top:6px}
.line.del{background:var(--del)}.line.add{background:var(--add)}
.sign{display:inline-block;width:14px;color:var(--muted)}
.refresh{font:inherit;color:var(--vscode-button-foreground);background:var(--vscode-button-background);border:none;padding:4px 12px;border-radius:2px;cursor:pointer}
.refresh:hover{background:var(--vscode-button-hoverBackground)}
footer{margin-top:36px;font-size:12px}
@media print{body{max-width:none;padding:0;font-size:11.5px}.toc,.refresh{display:none}h2{break-after:avoid}.group{break-inside:auto}pre.snippet,pre.diff{white-space:pre-wrap}details>summary{list-style:none}}
`;
}

/** Links post a message; the extension reveals the range. Refresh asks the extension to rebuild the report. */
const WEBVIEW_SCRIPT = `(function(){const vscode=acquireVsCodeApi();document.addEventListener('click',function(e){const t=e.target instanceof Element?e.target:null;if(!t)return;const a=t.closest('a.reveal');if(a){e.preventDefault();const d=a.dataset;vscode.postMessage({type:'reveal',uri:d.uri,range:{start:{line:+d.line,character:+d.character},end:{line:+d.endLine,character:+d.endCharacter}}});return;}const b=t.closest('[data-action="refresh"]');if(b){vscode.postMessage({type:'refresh'});}});})();`;
