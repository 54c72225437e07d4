import { DockerfileParser } from 'dockerfile-ast';
import type { Dockerfile, Instruction, Property } from 'dockerfile-ast';
import { parseImageRef, type ImageRef } from './image-ref.js';
import { LIMITS } from './limits.js';
import { ObjectSlot } from './object-slot.js';
import {
  basename, isShellName, joinContinuations, parseScript, shellScriptArgument, Source, type Command, type Script, type Word,
} from './shell.js';
import type { LineIndex } from './text.js';
import type { Span } from './types.js';

/**
 * The Dockerfile model every `docker/*` rule reads (RULES.md §0.4): instructions with absolute spans, stages and the
 * FINAL chain, ARG/ENV scopes, the effective SHELL, exec-form arrays and RUN bodies parsed as shell. Built once per
 * lint; every lookup is cached or logarithmic so that hostile files stay linear.
 */

/** An instruction with absolute spans. */
export interface DockerInstruction {
  /** Upper-case keyword (`RUN`, `FROM` …). */
  keyword: string;
  node: Instruction;
  span: Span;
  keywordSpan: Span;
  /** The stage it belongs to (a FROM belongs to the stage it opens); undefined for `ARG`s before the first `FROM`. */
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
  /** `FROM scratch`. */
  scratch: boolean;
  /** The earlier stage this one is built `FROM`, if any. */
  parent: Stage | undefined;
  /** Instructions after the FROM, in order. */
  instructions: DockerInstruction[];
  isFinal: boolean;
  /** FINAL plus every ancestor reached through `FROM <stage>`. */
  inFinalChain: boolean;
}

/** A `--name=value` flag of RUN, COPY, ADD, FROM or HEALTHCHECK. */
export interface DockerFlag {
  name: string;
  value: string | undefined;
  /** The whole flag, `--from=build`. */
  span: Span;
  valueSpan: Span | undefined;
}

/** A variable as seen at one instruction. */
export interface VariableLookup {
  /** Declared by an ARG/ENV in scope (or a predefined build argument). */
  defined: boolean;
  /** Its value when known. */
  value: string | undefined;
  kind: 'ARG' | 'ENV' | 'predefined' | undefined;
}

export interface DockerfileOptions {
  /** Build target (`docker build --target`); the last stage by default. */
  targetStage?: string;
}

/** Build arguments BuildKit defines without an `ARG` in global scope (values known only at build time). */
export const PLATFORM_ARGS = [
  'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT',
] as const;

/** Proxy build arguments usable in RUN without a declaration. */
export const PROXY_ARGS = ['HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'ftp_proxy', 'no_proxy', 'all_proxy'] as const;

interface VariableDefinition {
  index: number;
  kind: 'ARG' | 'ENV';
  value: string | undefined;
}

const DEFAULT_SHELL = ['/bin/sh', '-c'];

/** A Dockerfile read by dockerfile-ast, with stages, the final chain and offsets (RULES.md §0.4). */
export class DockerfileModel {
  readonly ast: Dockerfile;
  readonly instructions: DockerInstruction[] = [];
  readonly stages: Stage[] = [];
  /** ARGs declared before the first FROM, with their defaults. */
  readonly globalArgs = new Map<string, string | undefined>();
  readonly escape: string;
  readonly final: Stage | undefined;
  /** Parser directives (`# syntax=…`, `# escape=…`, `# check=…`), lower-case names. */
  readonly directives = new Map<string, string>();
  private readonly scripts = new Map<DockerInstruction, Script | undefined>();
  private readonly execForms = new Map<DockerInstruction, Word[] | undefined>();
  private readonly wordCache = new Map<DockerInstruction, Word[]>();
  private readonly definitions = new Map<Stage, Map<string, VariableDefinition[]>>();
  private readonly shells = new Map<Stage, { index: number; shell: string[] }[]>();
  /** Stage names → stages with that name, in file order. */
  private readonly stagesByName = new Map<string, Stage[]>();
  // memos that keep chain walks linear on deep `FROM <stage>` chains
  private readonly roots = new Map<Stage, Stage>();
  private readonly inheritedShells = new Map<Stage, string[]>();
  private readonly inheritedEnv = new Map<Stage, Map<string, VariableLookup>>();
  private readonly ancestorMemo = new Map<string, Map<Stage, boolean>>();
  private readonly workdirs = new Map<Stage, { start: string; changes: { index: number; dir: string }[] }>();
  private readonly positions = new Map<DockerInstruction, number>();

  constructor(readonly text: string, readonly lines: LineIndex, options: DockerfileOptions = {}) {
    this.ast = DockerfileParser.parse(text);
    this.escape = this.ast.getEscapeCharacter();
    for (const d of this.ast.getDirectives()) {
      const value = d.getValue();
      if (value !== null) this.directives.set(d.getName().toLowerCase(), value);
    }
    let stage: Stage | undefined;
    this.ast.getInstructions().forEach((node, index) => {
      const keyword = node.getKeyword().toUpperCase();
      const ins: DockerInstruction = {
        keyword, node, index, stage: undefined,
        span: this.span(node.getRange()),
        keywordSpan: this.span(node.getInstructionRange()),
      };
      this.instructions.push(ins);
      if (keyword === 'FROM') {
        stage = this.openStage(ins);
        return;
      }
      if (!stage) {
        if (keyword === 'ARG') {
          for (const p of propertiesOf(ins)) {
            const raw = p.getValue() ?? undefined;
            this.globalArgs.set(p.getName(), raw === undefined ? undefined : resolveVariables(raw, (v) => this.globalArgs.get(v)));
          }
        }
        return;
      }
      ins.stage = stage;
      stage.instructions.push(ins);
      try {
        if (keyword === 'ARG' || keyword === 'ENV') this.define(stage, ins);
        else if (keyword === 'SHELL') {
          const shell = this.execForm(ins)?.map((w) => w.text);
          if (shell?.length) {
            let list = this.shells.get(stage);
            if (!list) this.shells.set(stage, (list = []));
            list.push({ index: ins.index, shell });
          }
        }
      } catch {
        // a malformed ARG/ENV/SHELL only loses its own definitions; the rest of the file is still read
      }
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
    const words = this.args(ins);
    const imageWord = words[0];
    const imageText = imageWord ? imageWord.text : '';
    const imageSpan = imageWord ? imageWord.span : ins.keywordSpan;
    let name: string | undefined;
    let nameSpan: Span | undefined;
    if (words.length >= 3 && words[1].text.toLowerCase() === 'as') {
      name = words[2].text.toLowerCase();
      nameSpan = words[2].span;
    }
    const resolvedImage = resolveVariables(imageText, (v) => (this.globalArgs.has(v) ? this.globalArgs.get(v) : undefined));
    const lower = resolvedImage?.toLowerCase();
    const named = lower ? this.stagesByName.get(lower) : undefined;
    const parent = named ? named[named.length - 1] : undefined;
    const scratch = !parent && lower === 'scratch';
    const image = resolvedImage && !parent && !scratch ? parseImageRef(resolvedImage) : undefined;
    const stage: Stage = {
      index: this.stages.length, from: ins, name, nameSpan, imageText, imageSpan, resolvedImage, image, scratch, parent,
      instructions: [], isFinal: false, inFinalChain: false,
    };
    ins.stage = stage;
    this.stages.push(stage);
    if (name) {
      const list = this.stagesByName.get(name);
      if (list) list.push(stage);
      else this.stagesByName.set(name, [stage]);
    }
    return stage;
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Stages

  /** `stage "name"` or `stage N`: the `resource` of a finding about this stage. */
  resource(stage: Stage | undefined): string | undefined {
    if (!stage) return undefined;
    return stage.name ? `stage "${stage.name}"` : `stage ${stage.index}`;
  }

  /** A short label for messages: `stage "build"` or `stage 2`, and `final stage …` for FINAL. */
  describe(stage: Stage): string {
    return `${stage.isFinal ? 'final ' : ''}${this.resource(stage)}`;
  }

  /** Stages from the root ancestor down to `stage`. */
  chain(stage: Stage): Stage[] {
    const out: Stage[] = [];
    for (let s: Stage | undefined = stage; s; s = s.parent) out.push(s);
    return out.reverse();
  }

  /** The stage whose FROM names an image (or scratch) at the root of `stage`'s chain. */
  rootOf(stage: Stage): Stage {
    const known = this.roots.get(stage);
    if (known) return known;
    const path: Stage[] = [];
    let s = stage;
    while (s.parent && !this.roots.has(s)) { path.push(s); s = s.parent; }
    const root = this.roots.get(s) ?? s;
    for (const p of path) this.roots.set(p, root);
    this.roots.set(s, root);
    return root;
  }

  /**
   * Whether any instruction of a strict ancestor of `stage` (through `FROM <stage>`) satisfies `test`. Memoized under
   * `key`, so callers asking for every stage of a deep chain stay linear; use a distinct key per test.
   */
  ancestorsHave(stage: Stage, key: string, test: (ins: DockerInstruction) => boolean): boolean {
    let memo = this.ancestorMemo.get(key);
    if (!memo) this.ancestorMemo.set(key, (memo = new Map()));
    const path: Stage[] = [];
    let s: Stage | undefined = stage;
    while (s && !memo.has(s)) { path.push(s); s = s.parent; }
    let value = s ? memo.get(s)! : false;
    for (let k = path.length - 1; k >= 0; k--) {
      const parent = path[k].parent;
      // ancestors of path[k] = ancestors of its parent + the parent itself
      if (parent) value = value || parent.instructions.some(test);
      memo.set(path[k], value);
    }
    return memo.get(stage)!;
  }

  /** The instruction after `ins` in its stage. */
  nextInStage(ins: DockerInstruction): DockerInstruction | undefined {
    const list = ins.stage?.instructions;
    if (!list) return undefined;
    if (!this.positions.has(ins)) list.forEach((x, k) => this.positions.set(x, k));
    return list[(this.positions.get(ins) ?? -2) + 1];
  }

  /**
   * The absolute working directory at `ins`, from the WORKDIRs before it in its chain (relative ones joined); `/` when
   * the Dockerfile sets none (the base image may set another) and undefined when a WORKDIR cannot be resolved.
   */
  workdirAt(ins: DockerInstruction): string | undefined {
    if (!ins.stage) return '/';
    const timeline = this.workdirTimeline(ins.stage);
    let dir: string | undefined = timeline.start;
    for (const c of timeline.changes) {
      if (c.index >= ins.index) break;
      dir = c.dir;
    }
    return dir === '\0' ? undefined : dir;
  }

  private workdirTimeline(stage: Stage): { start: string; changes: { index: number; dir: string }[] } {
    const path: Stage[] = [];
    let s: Stage | undefined = stage;
    while (s && !this.workdirs.has(s)) { path.push(s); s = s.parent; }
    for (let k = path.length - 1; k >= 0; k--) {
      const st = path[k];
      const parent = st.parent ? this.workdirs.get(st.parent)! : undefined;
      const start = parent ? (parent.changes.length ? parent.changes[parent.changes.length - 1].dir : parent.start) : '/';
      const changes: { index: number; dir: string }[] = [];
      let dir = start;
      for (const ins of st.instructions) {
        if (ins.keyword !== 'WORKDIR') continue;
        const arg = this.args(ins)[0]?.text;
        const path2 = arg !== undefined ? this.resolve(arg, ins) : undefined;
        // an unresolvable WORKDIR makes everything after it unknown ('\0')
        dir = path2 === undefined || dir === '\0' && !path2.startsWith('/') ? '\0' : joinPath(dir, path2);
        changes.push({ index: ins.index, dir });
      }
      this.workdirs.set(st, { start, changes });
    }
    return this.workdirs.get(stage)!;
  }

  /** The instructions of a stage including those inherited through `FROM <stage>`, in build order. */
  chainInstructions(stage: Stage): DockerInstruction[] {
    return this.chain(stage).flatMap((s) => s.instructions);
  }

  /** Stages of the FINAL chain, root first. */
  finalChain(): Stage[] {
    return this.final ? this.chain(this.final) : [];
  }

  /** The stage a `COPY --from=` / `RUN --mount=from=` names: a stage name or index defined before `at`; else undefined (an image). */
  stageNamed(ref: string, at: DockerInstruction): Stage | undefined {
    const lower = ref.toLowerCase();
    if (/^\d+$/.test(lower)) {
      const s = this.stages[Number(lower)];
      return s && s.from.index < at.index ? s : undefined;
    }
    const list = this.stagesByName.get(lower) ?? [];
    for (let k = list.length - 1; k >= 0; k--) if (list[k].from.index < at.index) return list[k];
    return undefined;
  }

  /** Every stage with this name (lower-cased), in file order. */
  stagesNamed(name: string): readonly Stage[] {
    return this.stagesByName.get(name.toLowerCase()) ?? [];
  }

  /** The stages a rule looks at: every stage, or the FINAL chain only (RULES.md §0.4). */
  stagesIn(scope: 'all' | 'final-chain'): Stage[] {
    return scope === 'all' ? this.stages : this.finalChain();
  }

  /** RUN instructions of `stages` with their parsed scripts (RUNs whose shell cannot be read are left out). */
  runs(stages: readonly Stage[]): { ins: DockerInstruction; script: Script }[] {
    const out: { ins: DockerInstruction; script: Script }[] = [];
    for (const stage of stages) {
      for (const ins of stage.instructions) {
        if (ins.keyword !== 'RUN') continue;
        const script = this.script(ins);
        if (script) out.push({ ins, script });
      }
    }
    return out;
  }

  /** The span of the tag inside FROM's image token when it is written literally; else the whole token. */
  tagSpan(stage: Stage): Span {
    const ref = stage.image;
    if (ref && ref.tagStart !== undefined && stage.imageText === stage.resolvedImage) {
      const raw = this.text.slice(stage.imageSpan.start, stage.imageSpan.end);
      if (raw === stage.imageText) {
        const end = ref.digest !== undefined ? raw.indexOf('@') : raw.length;
        return { start: stage.imageSpan.start + ref.tagStart, end: stage.imageSpan.start + end };
      }
    }
    return stage.imageSpan;
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Words and flags

  /** Every word of an instruction's first part (flags included), split as Docker does: quotes group, escape escapes. */
  words(ins: DockerInstruction): Word[] {
    let words = this.wordCache.get(ins);
    if (words) return words;
    const start = ins.keywordSpan.end;
    let end = ins.span.end;
    const heredocs = heredocsOf(ins);
    if (heredocs.length) {
      // the words of a heredoc instruction are on its first line; the body is data
      const lineEnd = this.text.indexOf('\n', start);
      if (lineEnd >= 0 && lineEnd < end) end = lineEnd;
    }
    words = splitWords(joinContinuations(this.text, { start, end }, this.escape), this.escape);
    this.wordCache.set(ins, words);
    return words;
  }

  /** The leading `--name[=value]` flags of an instruction. */
  flags(ins: DockerInstruction): DockerFlag[] {
    const out: DockerFlag[] = [];
    for (const w of this.words(ins)) {
      if (!w.text.startsWith('--') || w.text.length < 3) break;
      const eq = w.text.indexOf('=');
      const name = (eq >= 0 ? w.text.slice(2, eq) : w.text.slice(2)).toLowerCase();
      const value = eq >= 0 ? w.text.slice(eq + 1) : undefined;
      let valueSpan: Span | undefined;
      if (eq >= 0) {
        const raw = this.text.slice(w.span.start, w.span.end);
        const rawEq = raw.indexOf('=');
        valueSpan = rawEq >= 0 ? { start: w.span.start + rawEq + 1, end: w.span.end } : undefined;
      }
      out.push({ name, value, span: w.span, valueSpan });
    }
    return out;
  }

  flag(ins: DockerInstruction, name: string): DockerFlag | undefined {
    return this.flags(ins).find((f) => f.name === name);
  }

  /** The words after the flags. */
  args(ins: DockerInstruction): Word[] {
    const words = this.words(ins);
    let k = 0;
    if (FLAG_INSTRUCTIONS.has(ins.keyword)) while (k < words.length && words[k].text.startsWith('--') && words[k].text.length > 2) k++;
    return k ? words.slice(k) : words;
  }

  /**
   * The JSON-array (exec) form of RUN, CMD, ENTRYPOINT, SHELL, COPY, ADD, VOLUME or `HEALTHCHECK CMD`, decoded, with
   * spans; undefined when the instruction uses the shell form (Docker treats invalid JSON as shell form too).
   */
  execForm(ins: DockerInstruction): Word[] | undefined {
    if (this.execForms.has(ins)) return this.execForms.get(ins);
    let result: Word[] | undefined;
    const args = this.args(ins);
    let first = args[0];
    if (ins.keyword === 'HEALTHCHECK' && first && first.text.toUpperCase() === 'CMD') first = args[1];
    if (first && this.text[first.span.start] === '[' && !heredocsOf(ins).length) {
      result = readJsonArray(joinContinuations(this.text, { start: first.span.start, end: ins.span.end }, this.escape));
    }
    this.execForms.set(ins, result);
    return result;
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Variables

  private define(stage: Stage, ins: DockerInstruction): void {
    let defs = this.definitions.get(stage);
    if (!defs) this.definitions.set(stage, (defs = new Map()));
    for (const p of propertiesOf(ins)) {
      const name = p.getName();
      const raw = p.getValue() ?? undefined;
      let value: string | undefined;
      if (raw !== undefined) value = this.resolve(raw, ins);
      else if (ins.keyword === 'ARG') value = this.globalArgs.get(name);
      let list = defs.get(name);
      if (!list) defs.set(name, (list = []));
      list.push({ index: ins.index, kind: ins.keyword as 'ARG' | 'ENV', value });
    }
  }

  /**
   * A variable as seen by instruction `at`: stage ARGs and ENVs before it, ENVs inherited through `FROM <stage>`; global
   * ARGs for FROM lines (and the predefined platform arguments there).
   */
  lookup(name: string, at: DockerInstruction): VariableLookup {
    if (at.keyword === 'FROM' || !at.stage) {
      if (this.globalArgs.has(name)) return { defined: true, value: this.globalArgs.get(name), kind: 'ARG' };
      if ((PLATFORM_ARGS as readonly string[]).includes(name)) return { defined: true, value: undefined, kind: 'predefined' };
      return { defined: false, value: undefined, kind: undefined };
    }
    const list = this.definitions.get(at.stage)?.get(name);
    const k = list ? lastBefore(list, at.index) : -1;
    if (list && k >= 0) return { defined: true, value: list[k].value, kind: list[k].kind };
    return this.inherited(at.stage, name);
  }

  /** A variable as the stages `stage` is built FROM left it: their last ENV (ARGs are not inherited). */
  private inherited(stage: Stage, name: string): VariableLookup {
    const none: VariableLookup = { defined: false, value: undefined, kind: undefined };
    const path: Stage[] = [];
    let s: Stage | undefined = stage;
    while (s && !this.inheritedEnv.get(s)?.has(name)) { path.push(s); s = s.parent; }
    let value = s ? this.inheritedEnv.get(s)!.get(name)! : none;
    for (let k = path.length - 1; k >= 0; k--) {
      const parent = path[k].parent;
      if (parent) {
        const list = this.definitions.get(parent)?.get(name);
        let j = list ? list.length - 1 : -1;
        while (j >= 0 && list![j].kind !== 'ENV') j--;
        if (j >= 0) value = { defined: true, value: list![j].value, kind: 'ENV' };
      }
      let memo = this.inheritedEnv.get(path[k]);
      if (!memo) this.inheritedEnv.set(path[k], (memo = new Map()));
      memo.set(name, value);
    }
    return value;
  }

  /** Resolve `$VAR` in an instruction's text from the ARG/ENV values in scope at `at`; undefined when one is unknown. */
  resolve(text: string, at: DockerInstruction): string | undefined {
    if (!text.includes('$')) return text;
    return resolveVariables(text, (v) => this.lookup(v, at).value);
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Shell

  /** The SHELL in effect for an instruction (inherited through `FROM <stage>`); `["/bin/sh", "-c"]` by default. */
  shellAt(ins: DockerInstruction): string[] {
    if (!ins.stage) return DEFAULT_SHELL;
    const own = this.shells.get(ins.stage);
    if (own) for (let k = own.length - 1; k >= 0; k--) if (own[k].index < ins.index) return own[k].shell;
    return this.inheritedShell(ins.stage);
  }

  /** The SHELL a stage starts with: the last SHELL of the stages it is built FROM. */
  private inheritedShell(stage: Stage): string[] {
    const path: Stage[] = [];
    let s: Stage | undefined = stage;
    while (s && !this.inheritedShells.has(s)) { path.push(s); s = s.parent; }
    let shell = s ? this.inheritedShells.get(s)! : DEFAULT_SHELL;
    for (let k = path.length - 1; k >= 0; k--) {
      const parent = path[k].parent;
      const list = parent ? this.shells.get(parent) : undefined;
      if (list?.length) shell = list[list.length - 1].shell;
      this.inheritedShells.set(path[k], shell);
    }
    return shell;
  }

  /** Whether a SHELL instruction (in the stage or its chain) precedes `ins`. */
  hasCustomShell(ins: DockerInstruction): boolean {
    return this.shellAt(ins) !== DEFAULT_SHELL;
  }

  /**
   * Whether shell-form instructions of this stage run in a POSIX shell: not when SHELL is PowerShell or cmd, nor on a
   * Windows base image without a SHELL (their default is `cmd /S /C`).
   */
  isPosixShell(ins: DockerInstruction): boolean {
    const shell = this.shellAt(ins);
    if (shell !== DEFAULT_SHELL) {
      const program = (s: string | undefined): string => basename((s ?? '').replace(/\\/g, '/')).replace(/\.exe$/i, '').toLowerCase();
      // `SHELL ["/usr/bin/env", "bash", "-c"]` runs bash
      return isShellName(program(shell[0]) === 'env' ? program(shell[1]) : program(shell[0]));
    }
    const root = ins.stage ? this.rootOf(ins.stage) : undefined;
    const ref = root?.image;
    return !(ref && /(^|\/)windows(\/|$)|nanoserver|servercore|windowsservercore/i.test(`${ref.registry}/${ref.repository}`));
  }

  /**
   * The shell script of a RUN, parsed with exact offsets: shell form (continuations joined), heredocs run by the shell,
   * and exec form (`["sh", "-c", "…"]` is read as a script; any other array is one command). Undefined for a shell-form
   * RUN whose SHELL is not a POSIX shell, and for other instructions.
   */
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
    // a RUN without arguments after its flags has no script (the model's own words: dockerfile-ast's argument list is
    // rebuilt from the text on every call)
    if (ins.keyword !== 'RUN' || !this.args(ins).length) return undefined;
    const exec = this.execForm(ins);
    if (exec) {
      if (!exec.length) return { pipelines: [], commands: [] };
      const first = exec[0];
      if (isShellName(basename(first.text))) {
        const body = shellScriptArgument(exec.slice(1));
        if (body) {
          const inner = parseScript(body.source, { context: 'top' });
          const outer: Command = { word: first, name: basename(first.text), args: exec.slice(1), wrappers: [], assignments: [], words: exec, context: 'top', redirects: [] };
          return { pipelines: inner.pipelines, commands: [outer, ...inner.commands] };
        }
      }
      const command: Command = { word: first, name: basename(first.text), args: exec.slice(1), wrappers: [], assignments: [], words: exec, context: 'top', redirects: [] };
      return { pipelines: [{ commands: [command], pipes: [], context: 'top' }], commands: [command] };
    }
    if (!this.isPosixShell(ins)) return undefined;
    const heredocs = heredocsOf(ins);
    const argsStart = this.args(ins)[0].span.start;
    if (!heredocs.length) return parseScript(joinContinuations(this.text, { start: argsStart, end: ins.span.end }, this.escape));
    // heredoc RUN: the first line is the command; bodies are scripts only when a shell (or nothing) reads them
    let lineEnd = this.text.indexOf('\n', argsStart);
    if (lineEnd < 0 || lineEnd > ins.span.end) lineEnd = ins.span.end;
    const head = parseScript(joinContinuations(this.text, { start: argsStart, end: lineEnd }, this.escape));
    const headCommands = head.commands.filter((c) => c.context === 'top');
    const runsBodies = headCommands.length === 0
      || (headCommands.length === 1 && isShellName(headCommands[0].name) && !shellScriptArgument(headCommands[0].args)
        && headCommands[0].args.every((a) => a.text.startsWith('-')));
    const pipelines = [...head.pipelines];
    const commands = [...head.commands];
    if (runsBodies) {
      for (const h of heredocs) {
        const r = h.getContentRange();
        if (!r) continue;
        const span = this.span(r);
        const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(this.text.slice(span.start, Math.min(span.end, span.start + 200)));
        if (shebang) {
          const interpreter = basename(shebang[1]) === 'env' ? shebang[2] ?? '' : basename(shebang[1]);
          if (!isShellName(interpreter)) continue;
        }
        const body = parseScript(Source.of(this.text, span));
        pipelines.push(...body.pipelines);
        commands.push(...body.commands);
      }
    }
    return { pipelines, commands };
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Edits

  /** Offset of the start of the line holding `offset`. */
  lineStart(offset: number): number {
    return this.lines.lineStarts[this.lines.positionAt(offset).line];
  }

  /** Span of the whole lines of an instruction, line break included (to delete it). */
  fullLines(ins: DockerInstruction): Span {
    const start = this.lineStart(ins.span.start);
    const endLine = this.lines.positionAt(ins.span.end).line;
    const end = endLine + 1 < this.lines.lineCount ? this.lines.lineStarts[endLine + 1] : this.text.length;
    return { start, end };
  }

  /** The line break of this file. */
  get eol(): string {
    return this.lines.eol;
  }
}

const FLAG_INSTRUCTIONS = new Set(['RUN', 'COPY', 'ADD', 'FROM', 'HEALTHCHECK']);

// dockerfile-ast recomputes arguments, properties and heredocs on every call: read each once per instruction
const propertyCache = new ObjectSlot<DockerInstruction, Property[]>('properties');
const heredocCache = new ObjectSlot<DockerInstruction, HeredocNode[]>('heredocs');

/** ENV/ARG/LABEL key-value pairs of an instruction (computed once). */
export function propertiesOf(ins: DockerInstruction): Property[] {
  let props = propertyCache.get(ins);
  if (!props) {
    const node = ins.node as unknown as { getProperties?(): Property[] };
    try {
      props = node.getProperties ? node.getProperties() : [];
    } catch {
      props = [];
    }
    propertyCache.set(ins, props);
  }
  return props;
}

interface HeredocNode {
  getName(): string;
  getContentRange(): { start: { line: number; character: number }; end: { line: number; character: number } } | null;
  getStartRange(): { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** Heredocs of RUN/COPY/ADD (`<<EOF` … `EOF`). */
export function heredocsOf(ins: DockerInstruction): HeredocNode[] {
  if (ins.keyword !== 'RUN' && ins.keyword !== 'COPY' && ins.keyword !== 'ADD') return [];
  let list = heredocCache.get(ins);
  if (!list) {
    const node = ins.node as unknown as { getHeredocs?(): HeredocNode[] };
    // `<<` is required for a heredoc: skip dockerfile-ast's scan for the common case
    const raw = ins.node.getTextContent?.() ?? '';
    try {
      list = raw.includes('<<') ? node.getHeredocs?.() ?? [] : [];
    } catch {
      list = [];
    }
    heredocCache.set(ins, list);
  }
  return list;
}

/** Join a WORKDIR to the current directory the way Docker does (absolute replaces, relative appends). */
export function joinPath(dir: string, path: string): string {
  const joined = /^(\/|[A-Za-z]:[\\/])/.test(path) ? path : `${dir.replace(/\/+$/, '')}/${path}`;
  return joined.replace(/\/\.(?=\/|$)/g, '').replace(/\/+/g, '/') || '/';
}

function lastBefore(list: VariableDefinition[], index: number): number {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].index < index) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found;
}

/** Split instruction text into words as Docker does: blanks separate, quotes group, the escape character escapes. */
export function splitWords(source: Source, escape: string): Word[] {
  const t = source.text;
  const words: Word[] = [];
  let i = 0;
  while (i < t.length) {
    const c = t[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') { i++; continue; }
    const start = i;
    const b = Source.builder();
    let quoted = false;
    let expands = false;
    while (i < t.length && !' \t\r\n'.includes(t[i])) {
      const d = t[i];
      if (d === escape && i + 1 < t.length) { b.push(t[i + 1], source.offsetAt(i + 1)); i += 2; continue; }
      if (d === '"' || d === "'") {
        quoted = true;
        let k = i + 1;
        while (k < t.length && t[k] !== d) {
          if (d === '"' && t[k] === escape && k + 1 < t.length) { b.push(t[k + 1], source.offsetAt(k + 1)); k += 2; continue; }
          if (d === '"' && t[k] === '$') expands = true;
          b.push(t[k], source.offsetAt(k));
          k++;
        }
        i = k + 1;
        continue;
      }
      if (d === '$') expands = true;
      b.push(d, source.offsetAt(i));
      i++;
    }
    i = Math.min(i, t.length);
    const span = source.spanOf(start, i);
    const src = b.build(span.end);
    words.push({ text: src.text, span, quoted, expands, source: src });
  }
  return words;
}

/** Decode a JSON array of strings with exact spans; undefined when the text is not one. */
export function readJsonArray(source: Source): Word[] | undefined {
  const t = source.text;
  let i = 0;
  const ws = (): void => { while (i < t.length && ' \t\r\n'.includes(t[i])) i++; };
  ws();
  if (t[i] !== '[') return undefined;
  i++;
  const out: Word[] = [];
  ws();
  if (t[i] === ']') { i++; ws(); return i === t.length ? out : undefined; }
  for (;;) {
    ws();
    if (t[i] !== '"') return undefined;
    const start = i;
    i++;
    const b = Source.builder();
    while (i < t.length && t[i] !== '"') {
      if (t[i] === '\\') {
        const e = t[i + 1];
        const at = source.offsetAt(i);
        if (e === 'u') {
          const hex = t.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) return undefined;
          b.push(String.fromCharCode(parseInt(hex, 16)), at);
          i += 6;
          continue;
        }
        const map: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e === undefined || !(e in map)) return undefined;
        b.push(map[e], at);
        i += 2;
        continue;
      }
      if (t.charCodeAt(i) < 0x20) return undefined;
      b.push(t[i], source.offsetAt(i));
      i++;
    }
    if (t[i] !== '"') return undefined;
    i++;
    const span = source.spanOf(start, i);
    const src = b.build(span.end - 1);
    out.push({ text: src.text, span, quoted: true, expands: false, source: src });
    ws();
    if (t[i] === ',') { i++; continue; }
    if (t[i] === ']') { i++; ws(); return i === t.length ? out : undefined; }
    return undefined;
  }
}

/**
 * Substitute `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}`. Returns undefined when a variable has
 * no value and no default (the caller must then skip whatever depended on it).
 */
export function resolveVariables(text: string, lookup: (name: string) => string | undefined | null): string | undefined {
  if (!text.includes('$')) return text;
  let failed = false;
  // `ARG B=${A}${A}` chains double at every step: a value beyond the limit is treated as unknown
  let size = text.length;
  const out = text.replace(/\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (m, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
      if (m === '\\$') return '$';
      if (failed) return '';
      const name = braced ?? bare!;
      const value = lookup(name);
      const set = value !== undefined && value !== null;
      let result: string;
      if (op === ':-') result = set && value !== '' ? value! : word ?? '';
      else if (op === '-') result = set ? value! : word ?? '';
      else if (op === ':+') result = set && value !== '' ? word ?? '' : '';
      else if (op === '+') result = set ? word ?? '' : '';
      else if (!set) { failed = true; return ''; }
      else result = value!;
      size += result.length;
      if (size > LIMITS.maxResolvedLength) { failed = true; return ''; }
      return result;
    });
  return failed ? undefined : out;
}

/** Variable references in instruction text: `$NAME`, `${NAME}`, `${NAME:-x}`, with offsets relative to `text`. */
export function variableReferences(text: string): { name: string; start: number; end: number; hasDefault: boolean }[] {
  const out: { name: string; start: number; end: number; hasDefault: boolean }[] = [];
  const re = /\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-+?][^}]*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0] === '\\$') continue;
    out.push({ name: (m[1] ?? m[3])!, start: m.index, end: m.index + m[0].length, hasDefault: !!m[2] });
  }
  return out;
}

