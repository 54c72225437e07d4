import { DockerfileParser } from 'dockerfile-ast';
import type { Dockerfile, From, Instruction, Property } from 'dockerfile-ast';
import { parseImageRef, type ImageRef } from './image-ref.js';
import { basename, parseShell, type Command, type Script, type Word } from './shell.js';
import type { LineIndex } from './text.js';
import type { Span } from './types.js';

/** An instruction with absolute spans. */
export interface DockerInstruction {
  /** Upper-case keyword (`RUN`, `FROM` …). */
  keyword: string;
  node: Instruction;
  span: Span;
  keywordSpan: Span;
  /** Arguments after any `--flags`; undefined for an instruction without arguments. */
  argsSpan: Span | undefined;
  /** The stage it belongs to; undefined for `ARG`s before the first `FROM`. */
  stage: Stage | undefined;
  index: number;
}

export interface Stage {
  index: number;
  from: DockerInstruction;
  /** `AS <name>`, lower-cased as Docker compares it. */
  name: string | undefined;
  nameSpan: Span | undefined;
  /** The image reference as written, and its span. */
  imageText: string;
  imageSpan: Span;
  /** The reference after ARG substitution; undefined when a variable cannot be resolved. */
  resolvedImage: string | undefined;
  /** Parsed reference (undefined when unresolvable, `scratch` or a stage name). */
  image: ImageRef | undefined;
  /** The earlier stage this one is built `FROM`, if any. */
  parent: Stage | undefined;
  instructions: DockerInstruction[];
  isFinal: boolean;
  /** FINAL plus every ancestor reached through `FROM <stage>`. */
  inFinalChain: boolean;
}

export interface DockerfileOptions {
  /** Build target (`docker build --target`); the last stage by default. */
  targetStage?: string;
}

/** A Dockerfile read by dockerfile-ast, with stages, the final chain and offsets (RULES.md §0.4). */
export class DockerfileModel {
  readonly ast: Dockerfile;
  readonly instructions: DockerInstruction[] = [];
  readonly stages: Stage[] = [];
  readonly globalArgs = new Map<string, string | undefined>();
  readonly escape: string;
  readonly final: Stage | undefined;
  private readonly scripts = new Map<DockerInstruction, Script | undefined>();

  constructor(readonly text: string, readonly lines: LineIndex, options: DockerfileOptions = {}) {
    this.ast = DockerfileParser.parse(text);
    this.escape = this.ast.getEscapeCharacter();
    let stage: Stage | undefined;
    this.ast.getInstructions().forEach((node, index) => {
      const keyword = node.getKeyword().toUpperCase();
      const argsRange = node.getArgumentsRange();
      const ins: DockerInstruction = {
        keyword, node, index, stage: undefined,
        span: this.span(node.getRange()),
        keywordSpan: this.span(node.getInstructionRange()),
        argsSpan: argsRange ? this.span(argsRange) : undefined,
      };
      this.instructions.push(ins);
      if (keyword === 'FROM') {
        stage = this.openStage(ins);
        return;
      }
      if (!stage) {
        if (keyword === 'ARG') {
          for (const p of (node as unknown as { getProperties(): Property[] }).getProperties()) {
            this.globalArgs.set(p.getName(), p.getValue() ?? undefined);
          }
        }
        return;
      }
      ins.stage = stage;
      stage.instructions.push(ins);
    });
    const target = options.targetStage?.toLowerCase();
    const final = (target && this.stages.find((s) => s.name === target)) || this.stages[this.stages.length - 1];
    this.final = final;
    if (final) {
      final.isFinal = true;
      for (let s: Stage | undefined = final; s; s = s.parent) s.inFinalChain = true;
    }
  }

  span(range: { start: { line: number; character: number }; end: { line: number; character: number } }): Span {
    return { start: this.lines.offsetAt(range.start), end: this.lines.offsetAt(range.end) };
  }

  private openStage(ins: DockerInstruction): Stage {
    const from = ins.node as From;
    const args = from.getArguments();
    const imageArg = args[0];
    const imageText = imageArg ? imageArg.getValue() : '';
    const imageSpan = imageArg ? this.span(imageArg.getRange()) : ins.keywordSpan;
    let name: string | undefined;
    let nameSpan: Span | undefined;
    if (args.length >= 3 && args[1].getValue().toLowerCase() === 'as') {
      name = args[2].getValue().toLowerCase();
      nameSpan = this.span(args[2].getRange());
    }
    const resolvedImage = resolveVariables(imageText, (v) => this.globalArgs.get(v));
    const lower = resolvedImage?.toLowerCase();
    const parent = lower ? [...this.stages].reverse().find((s) => s.name === lower) : undefined;
    const image = resolvedImage && !parent && lower !== 'scratch' && resolvedImage !== '' ? parseImageRef(resolvedImage) : undefined;
    const stage: Stage = {
      index: this.stages.length, from: ins, name, nameSpan, imageText, imageSpan, resolvedImage, image, parent,
      instructions: [], isFinal: false, inFinalChain: false,
    };
    ins.stage = stage;
    this.stages.push(stage);
    return stage;
  }

  /** Stages from the root ancestor down to `stage`. */
  chain(stage: Stage): Stage[] {
    const out: Stage[] = [];
    for (let s: Stage | undefined = stage; s; s = s.parent) out.unshift(s);
    return out;
  }

  /** The instructions of a stage including those inherited through `FROM <stage>`, in build order. */
  chainInstructions(stage: Stage): DockerInstruction[] {
    return this.chain(stage).flatMap((s) => s.instructions);
  }

  /** Resolve `$VAR` in an instruction's text from the stage's ARG/ENV values before it (and inherited ENV). */
  resolve(text: string, at: DockerInstruction): string | undefined {
    if (!text.includes('$')) return text;
    const values = new Map<string, string | undefined>();
    if (at.stage) {
      for (const ins of this.chainInstructions(at.stage)) {
        if (ins.index >= at.index && ins.stage === at.stage) break;
        if (ins.keyword === 'ENV' || (ins.keyword === 'ARG' && ins.stage === at.stage)) {
          for (const p of propertiesOf(ins)) {
            const name = p.getName();
            let value: string | undefined = p.getValue() ?? undefined;
            if (ins.keyword === 'ARG' && value === undefined) value = this.globalArgs.get(name);
            values.set(name, value);
          }
        }
      }
    } else {
      for (const [k, v] of this.globalArgs) values.set(k, v);
    }
    return resolveVariables(text, (v) => values.get(v));
  }

  /** The shell script of a RUN (shell form, heredoc or exec form), parsed with exact offsets. */
  script(ins: DockerInstruction): Script | undefined {
    if (this.scripts.has(ins)) return this.scripts.get(ins);
    let script: Script | undefined;
    try {
      script = this.readScript(ins);
    } catch {
      script = undefined;
    }
    this.scripts.set(ins, script);
    return script;
  }

  private readScript(ins: DockerInstruction): Script | undefined {
    if (!ins.argsSpan) return undefined;
    const node = ins.node as unknown as {
      getJSONStrings?(): { getValue(): string; getJSONValue(): string; getRange(): never }[];
      getHeredocs?(): { getContentRange(): never | null; getStartRange(): never }[];
    };
    const json = node.getJSONStrings?.() ?? [];
    const raw = this.text.slice(ins.argsSpan.start, ins.argsSpan.end);
    if (json.length && raw.trimStart().startsWith('[')) {
      const words: Word[] = json.map((j) => {
        const span = this.span(j.getRange());
        return { text: j.getJSONValue(), span, quoted: true, expands: false };
      });
      const first = words[0];
      // ["sh", "-c", "script"]: read the script
      if (/^(sh|bash|ash|dash|zsh)$/.test(basename(first.text))) {
        const c = words.findIndex((w, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(w.text));
        const body = c > 0 ? words[c + 1] : undefined;
        if (body && !body.text.includes('\\')) {
          const inner = parseShell(this.text, { start: body.span.start + 1, end: body.span.end - 1 }, { escape: '\\' });
          return inner;
        }
      }
      const command: Command = { word: first, name: basename(first.text), args: words.slice(1), wrappers: [], assignments: [], words };
      return { pipelines: [{ commands: [command], pipes: [] }], commands: [command] };
    }
    const heredocs = node.getHeredocs?.() ?? [];
    if (heredocs.length) {
      const firstLineEnd = this.text.indexOf('\n', ins.argsSpan.start);
      const head = this.text.slice(ins.argsSpan.start, firstLineEnd < 0 ? ins.argsSpan.end : firstLineEnd);
      const command = head.replace(/<<-?\s*["']?\w+["']?/g, '').trim();
      const scripts: Script[] = [];
      if (command && !/^(\/bin\/)?(ba|a|da|z)?sh\b/.test(command)) {
        scripts.push(parseShell(this.text, { start: ins.argsSpan.start, end: firstLineEnd < 0 ? ins.argsSpan.end : firstLineEnd }, { escape: this.escape }));
      } else {
        for (const h of heredocs) {
          const r = h.getContentRange();
          if (r) scripts.push(parseShell(this.text, this.span(r), { escape: '\\' }));
        }
      }
      return {
        pipelines: scripts.flatMap((s) => s.pipelines),
        commands: scripts.flatMap((s) => s.commands),
      };
    }
    return parseShell(this.text, ins.argsSpan, { escape: this.escape, dockerContinuations: true });
  }
}

export function propertiesOf(ins: DockerInstruction): Property[] {
  const node = ins.node as unknown as { getProperties?(): Property[] };
  return node.getProperties ? node.getProperties() : [];
}

/**
 * Substitute `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}`. Returns undefined when a variable has
 * no value and no default (the caller must then skip whatever depended on it).
 */
export function resolveVariables(text: string, lookup: (name: string) => string | undefined | null): string | undefined {
  if (!text.includes('$')) return text;
  let failed = false;
  const out = text.replace(/\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (m, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
      if (m === '\\$') return '$';
      const name = braced ?? bare!;
      const value = lookup(name);
      const set = value !== undefined && value !== null;
      if (op === ':-') return set && value !== '' ? value! : word ?? '';
      if (op === '-') return set ? value! : word ?? '';
      if (op === ':+') return set && value !== '' ? word ?? '' : '';
      if (op === '+') return set ? word ?? '' : '';
      if (!set) { failed = true; return ''; }
      return value!;
    });
  return failed ? undefined : out;
}
