import { parseImageRef } from '../core/image-ref.js';
import type { DockerInstruction } from '../core/dockerfile-model.js';
import { dockerRule } from '../core/rule.js';
import type { Span } from '../core/types.js';
import { firstMatch, imagePatternListSchema, listForMessage, registryOf } from '../templates/image-policy.js';

export interface RegistryOptions {
  allowedRegistries: string[];
  deniedRegistries: string[];
}

/** An image a build pulls: a FROM, a `COPY --from=<image>` or a `RUN --mount=from=<image>`. */
interface PulledImage {
  text: string;
  span: Span;
  ins: DockerInstruction;
  where: string;
}

export default dockerRule<'untrusted' | 'denied', RegistryOptions>({
  meta: {
    id: 'docker/trusted-registries',
    stage: 'policy',
    severity: 'error',
    enabledByDefault: false,
    title: 'Images used by the build must come from trusted registries',
    rationale: 'Every image a build pulls ends up in, or shapes, the final image: base images, images copied from with `COPY --from`, images mounted into a `RUN`. An image from a registry outside the organisation\'s control bypasses its scanning and signing, and a compromised or typo-squatted upstream becomes part of what ships. An allow-list of registries keeps the supply chain reviewable.',
    remediation: 'Mirror the image into a trusted registry and reference it there, or add the registry to the policy if it is trusted:\n\n```yaml\n# .palisade.yaml\npolicies:\n  trustedRegistries: [registry.corp.example, ghcr.io/acme]\n```\n\nPatterns are hosts, host/path prefixes or globs, as for `k8s/trusted-registries`. Off by default, and it checks nothing until a list is set (the policies or the options of a `rules` entry).',
    references: [
      { title: 'Dockerfile reference: FROM', url: 'https://docs.docker.com/reference/dockerfile/#from' },
      { title: 'CIS Docker Benchmark 4.2: use trusted base images', url: 'https://www.cisecurity.org/benchmark/docker' },
    ],
    equivalents: { 'cis-docker': ['4.2'], hadolint: ['DL3026'] },
    fix: 'none',
    messages: {
      untrusted: '{{where}} pulls `{{image}}` from registry `{{registry}}`, which is not trusted (trusted: {{allowed}}).',
      denied: '{{where}} pulls `{{image}}` from a denied registry (`{{pattern}}`).',
    },
    options: {
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          allowedRegistries: imagePatternListSchema('Registries (hosts, host/path prefixes or globs) images may come from; empty = no allow-list.'),
          deniedRegistries: imagePatternListSchema('Registries images must not come from.'),
        },
      },
      defaults: { allowedRegistries: [], deniedRegistries: [] },
    },
    examples: {
      invalid: '# policies: {trustedRegistries: [registry.corp.example]}\nFROM docker.io/library/node:22-slim',
      valid: 'FROM registry.corp.example/base/node:22-slim',
    },
  },
  check(ctx) {
    const allowed = ctx.options.allowedRegistries ?? [];
    const denied = ctx.options.deniedRegistries ?? [];
    if (!allowed.length && !denied.length) return;
    const model = ctx.model;
    const pulled: PulledImage[] = [];
    for (const stage of model.stages) {
      if (stage.image && stage.resolvedImage) {
        pulled.push({ text: stage.resolvedImage, span: stage.imageSpan, ins: stage.from, where: `The FROM of ${model.describe(stage)}` });
      }
    }
    for (const ins of model.instructions) {
      if (ins.keyword !== 'COPY' && ins.keyword !== 'RUN' && ins.keyword !== 'ADD') continue;
      for (const flag of model.flags(ins)) {
        if (flag.name === 'from' && ins.keyword !== 'RUN' && flag.value && flag.valueSpan) {
          pulled.push({ text: flag.value, span: flag.valueSpan, ins, where: `\`${ins.keyword} --from\`` });
        }
        if (flag.name === 'mount' && ins.keyword === 'RUN' && flag.value && flag.valueSpan) {
          const from = mountFrom(flag.value, ctx.text.slice(flag.valueSpan.start, flag.valueSpan.end), flag.valueSpan);
          if (from) pulled.push({ text: from.text, span: from.span, ins, where: '`RUN --mount=from`' });
        }
      }
    }
    for (const p of pulled) {
      const text = p.ins.keyword === 'FROM' ? p.text : model.resolve(p.text, p.ins);
      // stage references, unresolvable variables and build contexts are not registry images
      if (!text || text.toLowerCase() === 'scratch' || (p.ins.keyword !== 'FROM' && model.stageNamed(text, p.ins))) continue;
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || text.includes('$')) continue;
      const ref = parseImageRef(text);
      const resource = model.resource(p.ins.stage);
      const deniedBy = firstMatch(denied, ref);
      if (deniedBy !== undefined) {
        ctx.report({ messageId: 'denied', data: { where: p.where, image: text, pattern: deniedBy }, span: p.span, resource });
      } else if (allowed.length && firstMatch(allowed, ref) === undefined) {
        ctx.report({
          messageId: 'untrusted',
          data: { where: p.where, image: text, registry: registryOf(ref), allowed: listForMessage(allowed) },
          span: p.span,
          resource,
        });
      }
    }
  },
});

/** The `from=` option of a `--mount` flag and its span (when the value is written without quotes). */
function mountFrom(value: string, raw: string, valueSpan: Span): { text: string; span: Span } | undefined {
  let offset = 0;
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim().toLowerCase() === 'from') {
      const text = part.slice(eq + 1).trim();
      const start = raw === value ? valueSpan.start + offset + eq + 1 : valueSpan.start;
      const end = raw === value ? start + part.length - eq - 1 : valueSpan.end;
      return text ? { text, span: { start, end } } : undefined;
    }
    offset += part.length + 1;
  }
  return undefined;
}
