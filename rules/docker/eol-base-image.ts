import { dockerRule } from '../core/rule.js';
import { EOL_AS_OF, EOL_TABLE, findEolReleases, type EolOverride } from '../core/eol-data.js';

interface Options {
  asOf: string;
  releases: EolOverride[];
}

/** The table, one line per product, for the docs: every row with its date. */
const TABLE_TEXT = EOL_TABLE.map((p) => `- ${p.product} (\`${p.images.join('`, `')}\`): ${p.deprecated
  ? `the image is deprecated since ${p.deprecated.since}`
  : p.cycles.map((c) => `${c.cycle} → ${c.eol}`).join(', ')}`).join('\n');

export default dockerRule<'eol', Options>({
  meta: {
    id: 'docker/eol-base-image',
    stage: 'build',
    severity: 'warning',
    title: 'Base images must be on a supported release',
    rationale: `A base image past its end of life gets no more security fixes: every vulnerability found in its distribution or runtime from then on stays in your image, and scanners report a growing list nobody can fix by rebuilding. The rule reads the release from the tag (\`python:3.8\`, \`node:18-alpine3.18\`, \`debian:buster-slim\`) and checks it against a dated table shipped with Palisade, built from each project's published schedule. Stages that end up in the final image are warnings; other stages are info. \`latest\` and untagged images are left to \`docker/no-latest-base-image\`.\n\nThe table is as of **${EOL_AS_OF}** (debian and ubuntu dates are the end of free support: Debian LTS, Ubuntu standard support):\n\n${TABLE_TEXT}`,
    remediation: 'Move to a supported release of the same image, e.g.\n\n```dockerfile\nFROM python:3.13-slim-bookworm\n```\n\nImages your organisation supports beyond these dates, or in-house base images with their own schedule, go in the `releases` option (`{image, cycle, eol}`); `asOf` evaluates the table at another date (rules never read the clock).',
    references: [
      { title: 'endoflife.date: release schedules', url: 'https://endoflife.date/' },
      { title: 'NIST SP 800-190: image vulnerabilities and stale images', url: 'https://csrc.nist.gov/pubs/sp/800/190/final' },
    ],
    equivalents: {},
    fix: 'none',
    messages: { eol: '`{{image}}` is past end of life: {{releases}}. Move {{stage}} to a supported release.' },
    options: {
      schema: {
        type: 'object',
        properties: {
          asOf: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Evaluate end-of-life dates as of this day (YYYY-MM-DD).' },
          releases: {
            type: 'array',
            description: 'Extra rows: an image glob, a release line as it appears in tags, its end-of-life date.',
            items: {
              type: 'object',
              properties: { image: { type: 'string' }, cycle: { type: 'string' }, eol: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } },
              required: ['image', 'cycle', 'eol'],
              additionalProperties: false,
            },
          },
        },
        additionalProperties: false,
      },
      defaults: { asOf: EOL_AS_OF, releases: [] },
    },
    examples: { invalid: 'FROM python:3.8-slim', valid: 'FROM python:3.13-slim' },
  },
  check(ctx) {
    const model = ctx.model;
    const asOf = /^\d{4}-\d{2}-\d{2}$/.test(ctx.options.asOf ?? '') ? ctx.options.asOf : EOL_AS_OF;
    const overrides = Array.isArray(ctx.options.releases) ? ctx.options.releases.filter((r) => r && typeof r.image === 'string' && typeof r.cycle === 'string' && typeof r.eol === 'string') : [];
    for (const stage of model.stages) {
      const ref = stage.image;
      if (!ref) continue;
      const past = findEolReleases(ref, overrides).filter((m) => m.eol <= asOf);
      if (!past.length) continue;
      const releases = past.map((m) => `${m.product} ${m.cycle} reached end of life ${m.older ? 'on or before' : 'on'} ${m.eol}`).join('; ');
      ctx.report({
        messageId: 'eol',
        data: { image: stage.resolvedImage ?? stage.imageText, releases, stage: model.resource(stage)! },
        span: model.tagSpan(stage),
        severity: stage.inFinalChain ? 'warning' : 'info',
        resource: model.resource(stage),
      });
    }
  },
});
