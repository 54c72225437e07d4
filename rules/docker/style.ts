import { dockerRule } from '../core/rule.js';
import { heredocsOf, propertiesOf } from '../core/dockerfile-model.js';

type Message = 'stageCasing' | 'reservedName' | 'fromAsCasing' | 'instructionCasing' | 'legacyEnv' | 'emptyContinuation' | 'consecutiveRun';

export default dockerRule<Message>({
  meta: {
    id: 'docker/style',
    stage: 'build',
    category: 'best-practice',
    severity: 'info',
    title: 'Keep the Dockerfile consistent',
    rationale: 'Small inconsistencies make a Dockerfile harder to read and review: mixed instruction casing, `FROM … as` next to `FROM … AS`, upper-case stage names (compared case-insensitively anyway), stage names that shadow `scratch` or `context`, the ambiguous legacy `ENV key value` form, blank lines inside continued instructions (deprecated, and a future error), and chains of RUN instructions that could share a layer.',
    remediation: 'Use upper-case instructions, lower-case stage names, `ENV KEY=value`, and one RUN per logical step:\n\n```dockerfile\nFROM golang:1.26 AS build\nENV CGO_ENABLED=0\nRUN go mod download \\\n && go build -o /out/app .\n```',
    references: [
      { title: 'Build checks (Docker Build)', url: 'https://docs.docker.com/reference/build-checks/' },
      { title: 'Build checks: LegacyKeyValueFormat', url: 'https://docs.docker.com/reference/build-checks/legacy-key-value-format/' },
      { title: 'Build checks: NoEmptyContinuation', url: 'https://docs.docker.com/reference/build-checks/no-empty-continuation/' },
    ],
    equivalents: {
      buildkit: ['StageNameCasing', 'ReservedStageName', 'FromAsCasing', 'ConsistentInstructionCasing', 'LegacyKeyValueFormat', 'NoEmptyContinuation', 'InvalidDefinitionDescription'],
      hadolint: ['DL3059', 'DL3063'],
    },
    fix: 'safe',
    messages: {
      stageCasing: 'Write the stage name `{{name}}` in lower case (stage names are compared case-insensitively).',
      reservedName: '`{{name}}` is a reserved name and should not be used for a stage.',
      fromAsCasing: '`{{as}}` does not match the casing of `{{from}}`.',
      instructionCasing: '`{{keyword}}` does not match the casing of the other instructions ({{casing}}).',
      legacyEnv: '`ENV {{name}} value` is the legacy form: write `ENV {{name}}=value`.',
      emptyContinuation: 'An empty line continues this instruction; empty continuation lines are deprecated.',
      consecutiveRun: 'This RUN follows another RUN: consider joining them with `&&` into one layer.',
    },
    examples: { invalid: 'from alpine:3.22 AS Build\nENV MODE production', valid: 'FROM alpine:3.22 AS build\nENV MODE=production' },
  },
  check(ctx) {
    const model = ctx.model;
    const text = model.text;
    const keywordText = (i: { keywordSpan: { start: number; end: number } }): string => text.slice(i.keywordSpan.start, i.keywordSpan.end);
    // majority casing of instruction keywords
    let upper = 0;
    let lower = 0;
    for (const ins of model.instructions) {
      const k = keywordText(ins);
      if (k === k.toUpperCase()) upper++;
      else if (k === k.toLowerCase()) lower++;
    }
    const toUpper = upper >= lower;
    for (const ins of model.instructions) {
      const k = keywordText(ins);
      const wanted = toUpper ? k.toUpperCase() : k.toLowerCase();
      if (k !== wanted) {
        ctx.report({
          messageId: 'instructionCasing', data: { keyword: k, casing: toUpper ? 'upper case' : 'lower case' }, span: ins.keywordSpan, resource: model.resource(ins.stage),
          fixes: [{ title: `Write ${wanted}`, edits: [{ start: ins.keywordSpan.start, end: ins.keywordSpan.end, text: wanted }] }],
        });
      }
    }
    for (const stage of model.stages) {
      const resource = model.resource(stage);
      const words = model.args(stage.from);
      const as = words[1];
      if (stage.nameSpan && as) {
        const written = text.slice(stage.nameSpan.start, stage.nameSpan.end);
        if (written !== written.toLowerCase()) {
          ctx.report({ messageId: 'stageCasing', data: { name: written }, span: stage.nameSpan, resource, fixes: [{ title: `Rename to ${written.toLowerCase()}`, edits: [{ start: stage.nameSpan.start, end: stage.nameSpan.end, text: written.toLowerCase() }] }] });
        }
        if (stage.name === 'scratch' || stage.name === 'context') ctx.report({ messageId: 'reservedName', data: { name: written }, span: stage.nameSpan, resource });
        const from = keywordText(stage.from);
        const fromUpper = from === from.toUpperCase();
        const fromLower = from === from.toLowerCase();
        const wanted = fromUpper ? 'AS' : fromLower ? 'as' : undefined;
        if (wanted && as.text !== wanted && text.slice(as.span.start, as.span.end) === as.text) {
          ctx.report({ messageId: 'fromAsCasing', data: { as: as.text, from }, span: as.span, resource, fixes: [{ title: `Write ${wanted}`, edits: [{ start: as.span.start, end: as.span.end, text: wanted }] }] });
        }
      }
      for (let k = 0; k < stage.instructions.length; k++) {
        const ins = stage.instructions[k];
        const prev = stage.instructions[k - 1];
        if (ins.keyword === 'RUN' && prev?.keyword === 'RUN' && !model.flags(ins).length && !model.flags(prev).length && !heredocsOf(ins).length && !heredocsOf(prev).length) {
          ctx.report({ messageId: 'consecutiveRun', span: ins.keywordSpan, resource });
        }
      }
    }
    for (const ins of model.instructions) {
      if (ins.keyword === 'ENV') {
        const props = propertiesOf(ins);
        const p = props[0];
        if (props.length === 1 && p.getAssignmentOperator() === null && p.getValue() !== null && p.getValueRange()) {
          const name = p.getName();
          const valueSpan = model.span(p.getValueRange()!);
          const raw = text.slice(valueSpan.start, valueSpan.end);
          const fixes = /["'\\\r\n`]/.test(raw) ? [] : [{
            title: `Write ENV ${name}=…`,
            edits: [{ start: model.span(p.getNameRange()).start, end: valueSpan.end, text: `${name}=${/\s/.test(raw) ? `"${raw}"` : raw}` }],
          }];
          ctx.report({ messageId: 'legacyEnv', data: { name }, span: model.span(p.getNameRange()), resource: model.resource(ins.stage), fixes });
        }
      }
      if (heredocsOf(ins).length) continue;
      // blank lines inside a continued instruction
      const first = model.lines.positionAt(ins.span.start).line;
      const last = model.lines.positionAt(ins.span.end).line;
      let continued: number | undefined;
      for (let line = first; line <= last && line - first < 100000; line++) {
        const content = model.lines.lineText(line);
        if (/^\s*$/.test(content) && continued !== undefined && line < last) {
          const start = model.lines.lineStarts[line];
          ctx.report({
            messageId: 'emptyContinuation', span: { start: continued, end: continued + 1 }, resource: model.resource(ins.stage),
            fixes: [{ title: 'Remove the empty line', edits: [{ start, end: model.lines.lineStarts[line + 1] ?? text.length, text: '' }] }],
          });
          continue;
        }
        if (/^\s*#/.test(content) && line > first) continue;
        const m = new RegExp(`${model.escape === '\\' ? '\\\\' : model.escape}[ \\t]*$`).exec(content);
        continued = m ? model.lines.lineStarts[line] + m.index : undefined;
      }
    }
  },
});
