import { dockerRule } from '../core/rule.js';
import { heredocsOf, PROXY_ARGS, propertiesOf, resolveVariables, variableReferences, type DockerfileModel, type DockerInstruction, type Stage } from '../core/dockerfile-model.js';

/** Instructions whose arguments Docker itself expands (RUN, CMD and ENTRYPOINT are expanded by the shell at run time). */
const EXPANDED = new Set(['ADD', 'COPY', 'ENV', 'EXPOSE', 'LABEL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR', 'ARG']);
/** Variables every environment has; base images set them even when the Dockerfile does not. */
const ALWAYS = new Set(['PATH', 'HOME', 'HOSTNAME', 'PWD', 'USER', 'SHELL', 'LANG', 'TERM', ...PROXY_ARGS]);
const IMAGE_REF = /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*(?::\w[\w.-]{0,127})?(?:@[a-z0-9]+:[a-fA-F0-9]{32,})?$/;

type Message = 'undefinedInFrom' | 'invalidDefault' | 'globalNotRedeclared' | 'usedBeforeDeclared' | 'undefined' | 'typo' | 'sameEnv';

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const row = Array.from({ length: b.length + 1 }, (_, k) => k);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

/** Text of an instruction's expanded part, with single-quoted runs blanked (Docker does not expand inside them). */
function expandableText(model: DockerfileModel, ins: DockerInstruction): { text: string; base: number } {
  const base = ins.keywordSpan.end;
  let end = ins.span.end;
  if (heredocsOf(ins).length) {
    const nl = model.text.indexOf('\n', base);
    if (nl >= 0 && nl < end) end = nl;
  }
  const text = model.text.slice(base, end).replace(/'[^'\n]*'/g, (m) => ' '.repeat(m.length));
  return { text, base };
}

/** Every ARG/ENV name the file declares, with the stage and position of each declaration. */
function declarations(model: DockerfileModel): { names: string[]; byStage: Map<Stage | undefined, Map<string, DockerInstruction>> } {
  const names = new Set<string>(model.globalArgs.keys());
  const byStage = new Map<Stage | undefined, Map<string, DockerInstruction>>();
  for (const i of model.instructions) {
    if (i.keyword !== 'ARG' && i.keyword !== 'ENV') continue;
    let m = byStage.get(i.stage);
    if (!m) byStage.set(i.stage, (m = new Map()));
    for (const p of propertiesOf(i)) {
      names.add(p.getName());
      // keep the last declaration: "declared later" means after the use
      m.set(p.getName(), i);
    }
  }
  return { names: [...names], byStage };
}

export default dockerRule<Message>({
  meta: {
    id: 'docker/defined-variables',
    stage: 'build',
    category: 'best-practice',
    severity: 'warning',
    title: 'Variables must be defined before they are used',
    rationale: 'Docker substitutes an undefined variable with an empty string, without an error: a misspelt `$VERSOIN`, a global `ARG` that was never redeclared inside the stage, or an ARG used before its declaration silently produces `COPY /` instead of `COPY /opt/app`, `FROM alpine:` or a missing label. Only definitions the Dockerfile cannot see are left alone: variables that the base image may set are reported only when they look like a typo of a known one.',
    remediation: 'Declare the variable before use (inside the stage for global ARGs), or give it a default:\n\n```dockerfile\nARG VERSION=1.4.2\nFROM alpine:3.22\nARG VERSION\nLABEL org.opencontainers.image.version=$VERSION\n```',
    references: [
      { title: 'Build checks: UndefinedVar', url: 'https://docs.docker.com/reference/build-checks/undefined-var/' },
      { title: 'Build checks: UndefinedArgInFrom', url: 'https://docs.docker.com/reference/build-checks/undefined-arg-in-from/' },
      { title: 'Build checks: InvalidDefaultArgInFrom', url: 'https://docs.docker.com/reference/build-checks/invalid-default-arg-in-from/' },
      { title: 'Dockerfile reference: ARG scope', url: 'https://docs.docker.com/reference/dockerfile/#scope' },
    ],
    equivalents: { buildkit: ['UndefinedVar', 'UndefinedArgInFrom', 'InvalidDefaultArgInFrom'], hadolint: ['DL3044'] },
    fix: 'none',
    messages: {
      undefinedInFrom: '`${{name}}` is not a global ARG: declare `ARG {{name}}` before the first FROM.',
      invalidDefault: 'Without a build argument, `{{image}}` becomes `{{resolved}}`, which is not a valid image: give the ARG a default.',
      globalNotRedeclared: '`${{name}}` is a global ARG, which is only visible to FROM lines: add `ARG {{name}}` inside this stage.',
      usedBeforeDeclared: '`${{name}}` is used before the `{{kind}} {{name}}` that declares it in this stage, so it is empty here.',
      undefined: '`${{name}}` is not defined anywhere in this stage (built on scratch), so it is empty.',
      typo: '`${{name}}` is not defined; did you mean `${{suggestion}}`?',
      sameEnv: '`${{name}}` refers to a variable set in this same ENV: it gets the value from before this instruction.',
    },
    examples: { invalid: 'ARG VERSION=1.0\nFROM alpine:3.22\nLABEL version=$VERSION', valid: 'ARG VERSION=1.0\nFROM alpine:3.22\nARG VERSION\nLABEL version=$VERSION' },
  },
  check(ctx) {
    const model = ctx.model;
    let decls: ReturnType<typeof declarations> | undefined;
    for (const ins of model.instructions) {
      const resource = model.resource(ins.stage);
      if (ins.keyword === 'FROM') {
        const { text, base } = expandableText(model, ins);
        const stage = ins.stage!;
        let allDefined = true;
        for (const ref of variableReferences(text)) {
          if (model.lookup(ref.name, ins).defined || ref.hasDefault) continue;
          allDefined = false;
          ctx.report({ messageId: 'undefinedInFrom', data: { name: ref.name }, span: { start: base + ref.start, end: base + ref.end }, resource });
        }
        if (allDefined && stage.imageText.includes('$')) {
          const empty = resolveVariables(stage.imageText, (v) => model.globalArgs.get(v) ?? '') ?? '';
          const lower = empty.toLowerCase();
          if (!IMAGE_REF.test(empty) && lower !== 'scratch' && !model.stages.some((s) => s.name === lower)) {
            ctx.report({ messageId: 'invalidDefault', data: { image: stage.imageText, resolved: empty || '(empty)' }, span: stage.imageSpan, resource });
          }
        }
        continue;
      }
      if (!ins.stage || !EXPANDED.has(ins.keyword)) continue;
      const { text, base } = expandableText(model, ins);
      // ENV pairs of this instruction: a later pair referring to an earlier one sees the old value
      const pairs = ins.keyword === 'ENV' ? propertiesOf(ins).map((p) => ({ name: p.getName(), span: model.span(p.getRange()) })) : [];
      for (const ref of variableReferences(text)) {
        const at = base + ref.start;
        const span = { start: at, end: base + ref.end };
        const holder = pairs.findIndex((p) => p.span.start <= at && at < p.span.end);
        if (holder > 0 && pairs.slice(0, holder).some((p) => p.name === ref.name)) {
          ctx.report({ messageId: 'sameEnv', data: { name: ref.name }, span, resource });
          continue;
        }
        if (ref.hasDefault || ALWAYS.has(ref.name) || model.lookup(ref.name, ins).defined) continue;
        decls ??= declarations(model);
        const declared = decls.byStage.get(ins.stage)?.get(ref.name);
        const later = declared && declared.index > ins.index ? declared : undefined;
        if (model.globalArgs.has(ref.name)) ctx.report({ messageId: 'globalNotRedeclared', data: { name: ref.name }, span, resource });
        else if (later) ctx.report({ messageId: 'usedBeforeDeclared', data: { name: ref.name, kind: later.keyword }, span, resource });
        else if (model.rootOf(ins.stage).scratch) ctx.report({ messageId: 'undefined', data: { name: ref.name }, span, resource });
        else {
          const suggestion = ref.name.length >= 4 ? decls.names.find((n) => n !== ref.name && distance(n.toUpperCase(), ref.name.toUpperCase()) <= (ref.name.length >= 8 ? 2 : 1)) : undefined;
          if (suggestion) ctx.report({ messageId: 'typo', data: { name: ref.name, suggestion }, span, resource });
        }
      }
    }
  },
});
