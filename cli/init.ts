import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE_NAMES, PRESET_DESCRIPTIONS, PRESETS, type PresetName } from '../rules/index.js';
import { UsageError, type InitOptions } from './arguments.js';
import { DEFAULT_BASELINE_FILE } from './baseline.js';
import { describeError } from './find-files.js';
import { PRODUCT_VERSION } from './product.js';

/** What `palisade init` writes to and prints on. */
export interface InitEnvironment {
  cwd: string;
  stdout: { write(text: string): unknown };
  note(message: string): void;
}

/**
 * `palisade init`: write a commented `.palisade.yaml` with the chosen preset (never over an existing configuration
 * unless `--force`), then print the steps to adopt Palisade in CI: the baseline, a GitHub Actions job and a GitLab CI
 * job that scan, gate on new findings and upload SARIF. Returns the exit code.
 */
export function runInit(options: InitOptions, io: InitEnvironment): number {
  const dir = path.resolve(io.cwd, options.dir);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`No such folder: ${options.dir}`);
  const existing = CONFIG_FILE_NAMES.map((name) => path.join(dir, name)).find((f) => fs.existsSync(f));
  const target = path.join(dir, '.palisade.yaml');
  if (existing && !options.force) {
    throw new UsageError(`${shown(existing, io.cwd)} exists already; run with --force to replace it with a fresh ${path.basename(target)}.`);
  }
  try {
    fs.writeFileSync(target, configText(options.preset));
  } catch (e) {
    throw new UsageError(`Cannot write ${shown(target, io.cwd)}: ${describeError(e)}`);
  }
  io.note(`wrote ${shown(target, io.cwd)} (preset ${options.preset})`);
  io.stdout.write(nextSteps(shown(target, io.cwd)));
  return 0;
}

function shown(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}

/** The commented configuration. Everything but `extends` is commented out: the preset alone is a working start. */
export function configText(preset: PresetName): string {
  const others = PRESETS.filter((p) => p !== preset).join(', ');
  return `# Palisade configuration. Palisade finds it from each scanned file's folder upward; the editor extension and
# the \`palisade\` CLI read the same file, and the extension checks it as you type.

${comment(`The rule set to start from (${preset}): ${PRESET_DESCRIPTIONS[preset]}`)}
# Other presets: ${others}. Several may be combined.
extends:
  - ${preset}

# Per-rule changes on top of the preset: off, info, warning or error, or { severity, options }.
# \`palisade rules\` lists every rule; \`palisade explain <id>\` tells what, why and how to fix.
# rules:
#   k8s/require-resource-limits: off
#   k8s/rbac-no-secret-read: error
#   docker/no-latest-base-image:
#     severity: warning

# Files Palisade does not analyse (gitignore-style globs, relative to this file).
# exclude:
#   - vendor/
#   - charts/*/templates/tests/

# Organisation policy, turned into rules: where images may come from, labels every workload carries, ...
# policies:
#   trustedRegistries:
#     - registry.example.com
#   requiredLabels:
#     - app.kubernetes.io/name
#   podSecurityLevel: restricted

# Different rules for some paths (later entries win).
# overrides:
#   - files: ["dev/**"]
#     rules:
#       k8s/no-host-path: off

# Suppressions in files (\`# palisade-ignore <id> -- reason\`): demand a reason, report stale ones.
# suppressions:
#   requireReason: true
#   reportUnused: true
`;
}

/** A comment paragraph, wrapped at 116 columns. */
function comment(text: string): string {
  const lines: string[] = [];
  let line = '#';
  for (const word of text.split(/\s+/)) {
    if (line.length + word.length + 1 > 116 && line !== '#') {
      lines.push(line);
      line = '#';
    }
    line += ' ' + word;
  }
  lines.push(line);
  return lines.join('\n');
}

/** The adoption steps and the CI jobs, ready to paste. */
export function nextSteps(configFile: string): string {
  const version = PRODUCT_VERSION;
  const scan = `npx --yes palisade@${version} scan . --baseline ${DEFAULT_BASELINE_FILE}`;
  return `Palisade is set up in ${configFile}. Adopt it in CI in three steps:

1. Accept today's findings, so that CI fails only on new ones:

     npx --yes palisade@${version} scan . --write-baseline ${DEFAULT_BASELINE_FILE}

   Commit ${configFile} and ${DEFAULT_BASELINE_FILE}. Fix baselined findings at your pace and refresh the
   baseline with the same command; \`palisade scan --format html\` shows where you stand.

2. GitHub Actions: save as .github/workflows/palisade.yml. Findings appear as annotations on the pull request and
   in the repository's code scanning alerts; the posture report is kept as an artifact.

name: Palisade
on:
  push:
    branches: [main]
  pull_request:
permissions:
  contents: read
jobs:
  palisade:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      security-events: write # upload SARIF to code scanning
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: Scan (fails on new errors)
        run: ${scan} --fail-on error --format github --format sarif:palisade.sarif --format html:palisade-report.html
      - name: Upload SARIF
        if: \${{ !cancelled() }}
        uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: palisade.sarif
          category: palisade
      - name: Keep the posture report
        if: \${{ !cancelled() }}
        uses: actions/upload-artifact@v4
        with:
          name: palisade-report
          path: palisade-report.html

3. GitLab CI: add to .gitlab-ci.yml. Findings appear in the merge request's test report; the SARIF file and the
   posture report are kept as artifacts.

palisade:
  stage: test
  image: node:20
  script:
    - ${scan} --fail-on error --format text --format junit:palisade-junit.xml --format sarif:palisade.sarif --format html:palisade-report.html
  artifacts:
    when: always
    paths:
      - palisade.sarif
      - palisade-report.html
    reports:
      junit: palisade-junit.xml

Exit codes: 0 no new finding at or above --fail-on, 1 new findings, 2 a usage or configuration error.
`;
}
