import { dockerRule, type FixDescriptor, type WorkspaceFixDescriptor } from '../core/rule.js';
import { deleteInstruction, deleteToken } from '../core/dockerfile-edit.js';
import { heredocsOf, propertiesOf, type DockerfileModel, type DockerInstruction, type Stage } from '../core/dockerfile-model.js';
import { cleanPath, ignoredBy } from '../core/dockerignore.js';
import type { Word } from '../core/shell.js';
import type { FileChange, Range } from '../core/types.js';
import { baseNameOf, folderOf, type DockerignorePattern } from '../core/workspace-index.js';

/** Secret-file names (matched on the last path component, or a path suffix for the `dir/file` entries). */
const SECRET_FILE = /^(id_(rsa|dsa|ecdsa|ed25519)[^/]*|.*\.(pem|key|p12|pfx|tfvars)|\.env(\..+)?|\.npmrc|\.pypirc|\.netrc|\.git-credentials|kubeconfig|credentials\.json|.*service-account.*\.json)$/i;
const SECRET_PATH = /(^|\/)(\.aws\/credentials|\.docker\/config\.json|\.kube\/config)$/;
/** Templates and public halves are not secrets. */
const NOT_SECRET = /(\.(example|sample|template|dist|pub)$|\.pub\.pem$|(^|[-_.])(cert|certs|ca|cacert|ca-bundle|chain|fullchain|public|pubkey)([-_.]|$))/i;
/** Variables whose value is the path of a credential file (Trivy DS-0031). */
const CREDENTIAL_PATH_VARS = new Set(['GOOGLE_APPLICATION_CREDENTIALS', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'HF_TOKEN_PATH']);

export function isSecretFile(path: string): boolean {
  const clean = path.replace(/\/+$/, '');
  const base = clean.slice(clean.lastIndexOf('/') + 1);
  if (NOT_SECRET.test(base)) return false;
  return SECRET_FILE.test(base) || SECRET_PATH.test(clean);
}

interface CopyParts {
  sources: Word[];
  dest: Word;
}

function copyParts(model: DockerfileModel, ins: DockerInstruction): CopyParts | undefined {
  if (heredocsOf(ins).length) return undefined;
  const words = model.execForm(ins) ?? model.args(ins);
  if (words.length < 2) return undefined;
  return { sources: words.slice(0, -1), dest: words[words.length - 1] };
}

/** Absolute working directory of a COPY (`/` when unknown: the check is a heuristic on paths). */
function workdirAt(model: DockerfileModel, ins: DockerInstruction): string {
  return model.workdirAt(ins) ?? '/';
}

function join(dir: string, path: string): string {
  const joined = path.startsWith('/') ? path : `${dir.replace(/\/$/, '')}/${path}`;
  return joined.replace(/\/\.\//g, '/').replace(/\/+/g, '/');
}

/** Where a copied source lands: `dest/` + basename for directories and multi-source copies, else `dest`. */
function landing(model: DockerfileModel, ins: DockerInstruction, parts: CopyParts, source: string): string {
  const dest = model.resolve(parts.dest.text, ins) ?? parts.dest.text;
  const base = source.replace(/\/+$/, '').split('/').pop() ?? source;
  const into = dest.endsWith('/') || parts.sources.length > 1;
  return join(workdirAt(model, ins), into ? `${dest}/${base}` : dest);
}

function covers(source: string, path: string): boolean {
  const s = source.replace(/\/+$/, '') || '/';
  return s === '/' || path === s || path.startsWith(`${s}/`);
}

/**
 * What a build context that is copied whole should keep out, each with the paths that tell whether an ignore file
 * does (all of them must be excluded).
 */
const CONTEXT_EXCLUSIONS: readonly { pattern: string; probes: readonly string[] }[] = [
  { pattern: '.git', probes: ['.git'] },
  { pattern: '.env*', probes: ['.env', '.env.local'] },
  { pattern: '*.pem', probes: ['server.pem'] },
];

/** A COPY source relative to the build context as a `.dockerignore` line; undefined outside the context or unwritable. */
function ignorePatternOf(source: string): string | undefined {
  const path = cleanPath(source.replace(/^\/+/, ''));
  if (path === '.' || path.startsWith('..') || /^[#!]/.test(path) || /[\r\n]/.test(path)) return undefined;
  return path;
}

/** The `.dockerignore` of a Dockerfile's folder, the build context the rules assume. */
function contextIgnoreFile(dockerfileName: string): string {
  return `${folderOf(dockerfileName)}.dockerignore`;
}

/** Lines to add at the end of an ignore file, creating it when there is none (the editor knows which). */
function appendLines(fileName: string, lines: readonly string[]): FileChange {
  const start = { line: 0, character: 0 };
  return { fileName, append: true, edits: [{ range: { start, end: start }, newText: lines.map((l) => `${l}\n`).join('') }] };
}

/** `a`, `a and b`, `a, b and c`, each in backticks. */
function listOf(items: readonly string[]): string {
  const quoted = items.map((i) => `\`${i}\``);
  return quoted.length < 2 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/** The context exclusions an ignore file lacks (all of them when there is none). */
function missingExclusions(patterns: readonly DockerignorePattern[] | undefined): string[] {
  return CONTEXT_EXCLUSIONS.filter((e) => !patterns || e.probes.some((p) => !ignoredBy(patterns, p))).map((e) => e.pattern);
}

/** Where related information points in an ignore file: its first pattern, else its start. */
function ignoreFileAnchor(patterns: readonly DockerignorePattern[]): Range {
  const first = patterns[0];
  if (!first) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return { start: { line: first.line, character: first.start }, end: { line: first.line, character: first.end } };
}

export default dockerRule<'file' | 'fromStage' | 'pathVariable' | 'contextWithoutIgnoreFile' | 'contextNotExcluded'>({
  meta: {
    id: 'docker/no-secret-files-in-image',
    stage: 'build',
    severity: 'warning',
    title: 'Do not copy secret files into the image',
    rationale: 'Private keys, `.env` files, `.npmrc`/`.pypirc`/`.netrc`, cloud credentials and kubeconfigs copied into the image are readable by anyone who can pull it, and stay in the layer even when a later RUN deletes them. The rule checks what reaches the final image: COPY/ADD in its stages, files a build stage received that a `COPY --from` then carries over, and credential files named by `GOOGLE_APPLICATION_CREDENTIALS` and similar variables.\n\n`COPY . …` takes the whole build context, so whatever secret lies in the folder is copied without being named. Once the workspace is known, such a copy gets an `info` finding when the context (the Dockerfile\'s folder) has no `.dockerignore`, or one that does not exclude `.git`, `.env*` and `*.pem`.',
    remediation: 'Keep secret files out of the build context with `.dockerignore`, and give the build the file only while it needs it:\n\n```dockerfile\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n```\n\nA `.dockerignore` next to a Dockerfile that copies its whole folder should hold at least:\n\n```\n.git\n.env*\n*.pem\n```\n\nThe quick fixes add the copied file (and drop the COPY, which would otherwise fail) or the missing lines to the folder\'s `.dockerignore`, creating it when there is none; `<Dockerfile>.dockerignore`, which BuildKit prefers, is extended when the workspace holds one for the `COPY .` finding. At run time, mount credentials from the orchestrator (a Kubernetes Secret volume) instead of baking them in.',
    references: [
      { title: 'Build secrets', url: 'https://docs.docker.com/build/building/secrets/' },
      { title: '.dockerignore files', url: 'https://docs.docker.com/build/concepts/context/#dockerignore-files' },
      { title: 'CIS Docker Benchmark 4.10: do not store secrets in Dockerfiles', url: 'https://www.cisecurity.org/benchmark/docker' },
    ],
    equivalents: { trivy: ['DS-0031'], 'cis-docker': ['4.10'] },
    profiles: ['cis'],
    fix: 'suggestion',
    messages: {
      file: '`{{file}}` looks like a secret file and is copied into the {{stage}}. Mount it as a build secret instead.',
      fromStage: 'This copies `{{file}}`, a secret file that {{from}} received, into the {{stage}}.',
      pathVariable: '`{{variable}}` points at `{{file}}`, which this COPY puts into the {{stage}}: the credential ships in the image.',
      contextWithoutIgnoreFile: '`{{keyword}} {{source}}` copies the whole build context, and its folder has no .dockerignore: a `.git` folder, `.env` files or private keys lying there end up in the image.',
      contextNotExcluded: '`{{keyword}} {{source}}` copies the whole build context, and {{ignoreFile}} does not exclude {{missing}}: such files lying in the folder end up in the image.',
    },
    examples: {
      invalid: 'FROM node:22-slim\nCOPY .npmrc /root/.npmrc\nRUN npm ci',
      valid: 'FROM node:22-slim\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci',
    },
  },
  check(ctx) {
    const model = ctx.model;
    // secret files that builder stages received, by absolute path
    const received = new Map<Stage, { path: string; file: string }[]>();
    for (const stage of model.stages) {
      for (const ins of stage.instructions) {
        if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
        const parts = copyParts(model, ins);
        if (!parts) continue;
        const from = model.flag(ins, 'from');
        for (const src of parts.sources) {
          const path = model.resolve(src.text, ins);
          if (!path || /^[a-z]+:\/\//.test(path) || !isSecretFile(path)) continue;
          if (from) continue;
          let list = received.get(stage);
          if (!list) received.set(stage, (list = []));
          list.push({ path: landing(model, ins, parts, path), file: path });
          if (!stage.inFinalChain) continue;
          const edits = parts.sources.length > 1 && !model.execForm(ins) ? deleteToken(model.text, src.span, model.escape) : [deleteInstruction(model, ins)];
          const fixes: FixDescriptor[] = [{ title: `Do not copy ${path} (mount it as a build secret where it is needed)`, edits }];
          const pattern = ignorePatternOf(path);
          // excluded from the context, the file can no longer be copied: the COPY goes too, or the build would fail
          if (pattern) fixes.push({ title: `Add ${pattern} to .dockerignore and stop copying it`, edits, files: [appendLines(contextIgnoreFile(ctx.fileName), [pattern])] });
          ctx.report({ messageId: 'file', data: { file: path, stage: model.describe(stage) }, span: src.span, resource: model.resource(stage), fixes });
        }
      }
    }
    const chain = model.finalChain();
    const credentialPaths: { variable: string; path: string }[] = [];
    for (const stage of chain) {
      for (const ins of stage.instructions) {
        if (ins.keyword === 'ENV') {
          for (const p of propertiesOf(ins)) {
            const value = p.getValue();
            if (CREDENTIAL_PATH_VARS.has(p.getName()) && value) {
              const path = model.resolve(value, ins);
              if (path?.startsWith('/')) credentialPaths.push({ variable: p.getName(), path });
            }
          }
          continue;
        }
        if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
        const parts = copyParts(model, ins);
        if (!parts) continue;
        const fromFlag = model.flag(ins, 'from');
        const from = fromFlag?.value ? model.stageNamed(fromFlag.value, ins) : undefined;
        for (const src of parts.sources) {
          const source = model.resolve(src.text, ins);
          if (!source) continue;
          if (from && !from.inFinalChain) {
            const hit = (received.get(from) ?? []).find((r) => covers(join('/', source), r.path));
            if (hit) {
              ctx.report({
                messageId: 'fromStage',
                data: { file: hit.file, from: model.resource(from)!, stage: model.describe(stage) },
                span: src.span,
                resource: model.resource(stage),
                fixes: [],
              });
            }
            continue;
          }
          const varRef = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(src.text);
          if (varRef && CREDENTIAL_PATH_VARS.has(varRef[1]) && !from) {
            ctx.report({ messageId: 'pathVariable', data: { variable: varRef[1], file: source, stage: model.describe(stage) }, span: src.span, resource: model.resource(stage), fixes: [] });
            continue;
          }
          if (from || isSecretFile(source) || !credentialPaths.length) continue;
          // the destination (a directory or a file) covers the credential path
          const dest = join(workdirAt(model, ins), model.resolve(parts.dest.text, ins) ?? parts.dest.text);
          const target = credentialPaths.find((c) => covers(dest, c.path));
          if (target) {
            ctx.report({ messageId: 'pathVariable', data: { variable: target.variable, file: target.path, stage: model.describe(stage) }, span: src.span, resource: model.resource(stage), fixes: [] });
          }
        }
      }
    }
  },
  checkWorkspace(ctx) {
    for (const summary of ctx.index.files()) {
      if (!summary.copies?.length || !ctx.wants(summary.fileName)) continue;
      const whole = summary.copies.filter((c) => cleanPath(c.source.replace(/^\/+/, '')) === '.');
      if (!whole.length) continue;
      const ignore = ctx.index.dockerignoreFor(summary.fileName);
      const missing = missingExclusions(ignore?.dockerignore);
      if (!missing.length) continue;
      const ignoreFile = ignore?.fileName ?? contextIgnoreFile(summary.fileName);
      const fix: WorkspaceFixDescriptor = {
        title: ignore ? `Add ${missing.join(', ')} to ${baseNameOf(ignoreFile)}` : `Create .dockerignore excluding ${missing.join(', ')}`,
        edits: [],
        files: [appendLines(ignoreFile, missing)],
      };
      for (const copy of whole) {
        const data = { keyword: copy.keyword, source: copy.source, ignoreFile: `\`${baseNameOf(ignoreFile)}\``, missing: listOf(missing) };
        ctx.report({
          messageId: ignore ? 'contextNotExcluded' : 'contextWithoutIgnoreFile', severity: 'info', data,
          fileName: summary.fileName, range: copy.range, resource: copy.resource, fixes: [fix],
          ...(ignore ? { related: [{ fileName: ignore.fileName, range: ignoreFileAnchor(ignore.dockerignore ?? []), message: `add ${missing.join(', ')} to this file` }] } : {}),
        });
      }
    }
  },
});
