import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE_NAMES, LineIndex, builtinRules, parseConfigText, type ConfigProblem } from '../rules/index.js';
import { displayPath, findConfigFile } from './config-loader.js';
import { describeError } from './find-files.js';

/** `palisade check-config [FILE] [--format text|json]`. */
export interface CheckConfigOptions {
  /** The configuration file; undefined: the nearest one from the working directory upward (as `scan` finds it). */
  file: string | undefined;
  format: 'text' | 'json';
}

/** What `palisade check-config` prints on. */
export interface CheckConfigEnvironment {
  cwd: string;
  stdout: { write(text: string): unknown };
  note(message: string): void;
}

/** One problem of the checked file with 1-based positions, as both formats print it. */
export interface CheckedProblem {
  severity: ConfigProblem['severity'];
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Exit code of an invalid, missing or unreadable configuration (the CLI's usage/configuration error code). */
const EXIT_INVALID = 2;

/**
 * Validate a configuration file the way every scan and the editor read it (`parseConfigText`: YAML, the configuration
 * schema, rule ids, globs, custom rules compiled with their patterns screened), and print every problem at its line
 * and column. Custom rules are compiled as in a trusted workspace: checking them is the point. Returns 0 when the file
 * has no error (warnings are printed), 2 otherwise and when there is no file to check or it cannot be read.
 */
export function runCheckConfig(options: CheckConfigOptions, io: CheckConfigEnvironment): number {
  const file = options.file !== undefined ? path.resolve(io.cwd, options.file) : findConfigFile(io.cwd);
  if (file === undefined) {
    io.note(`No configuration file found: looked for ${CONFIG_FILE_NAMES.join(', ')} in the current folder and its parents up to the repository root. Name one: palisade check-config FILE`);
    return EXIT_INVALID;
  }
  const shown = displayPath(file, io.cwd);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    io.note(`Cannot read ${shown}: ${describeError(e)}.`);
    return EXIT_INVALID;
  }
  const problems = checkConfigText(text);
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  if (options.format === 'json') {
    io.stdout.write(`${JSON.stringify({ file: shown, valid: errors === 0, errors, warnings, problems }, null, 2)}\n`);
  } else {
    for (const p of problems) io.stdout.write(`${shown}:${p.line}:${p.column}  ${p.severity}  ${p.message}\n`);
    io.stdout.write(errors
      ? `${shown}: ${count(errors, 'error')}${warnings ? `, ${count(warnings, 'warning')}` : ''}\n`
      : `${shown}: valid${warnings ? ` (${count(warnings, 'warning')})` : ''}\n`);
  }
  return errors ? EXIT_INVALID : 0;
}

/** The problems of a configuration text, in document order, with 1-based positions (UTF-16 columns). */
export function checkConfigText(text: string): CheckedProblem[] {
  const { problems } = parseConfigText(text, builtinRules, { trusted: true });
  const lines = new LineIndex(text);
  return problems
    .map((p) => {
      const start = lines.positionAt(p.span.start);
      const end = lines.positionAt(Math.max(p.span.start, p.span.end));
      return { severity: p.severity, message: p.message, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
