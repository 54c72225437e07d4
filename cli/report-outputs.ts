import path from 'node:path';
import { UsageError, type ReportOutput, type ScanFormat } from './arguments.js';
import { describeError } from './find-files.js';
import { GithubReporter } from './format-github.js';
import { HtmlReporter } from './format-html.js';
import { JsonReporter } from './format-json.js';
import { JunitReporter } from './format-junit.js';
import { SarifReporter } from './format-sarif.js';
import { TextReporter } from './format-text.js';
import { OutputSink } from './output-sink.js';
import { PRODUCT_VERSION } from './product.js';
import type { FileReport, Reporter, ReportContext, ScanSummary } from './report.js';

/** Where the HTML report goes when asked for on a terminal without a file: a page is no use printed there. */
export const DEFAULT_HTML_FILE = 'palisade-report.html';

/** What `openReportOutputs` needs from the scan's environment. */
export interface OutputEnvironment {
  cwd: string;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  note(message: string): void;
}

/** Every requested format, each with its own sink, behind one reporter. `close()` flushes and closes the files. */
export interface ReportOutputs {
  reporter: Reporter;
  close(): void;
}

/**
 * Open the outputs before the scan starts (a bad path fails fast). Formats without a file of their own write to
 * stdout; the HTML report on a terminal goes to `palisade-report.html` instead.
 */
export function openReportOutputs(outputs: readonly ReportOutput[], roots: readonly string[], io: OutputEnvironment): ReportOutputs {
  const opened: { reporter: Reporter; sink: OutputSink }[] = [];
  try {
    for (const output of outputs) {
      let file = output.file;
      if (file === undefined && output.format === 'html' && io.stdout.isTTY) {
        file = DEFAULT_HTML_FILE;
        io.note(`writing the HTML report to ${DEFAULT_HTML_FILE}`);
      }
      const sink = file !== undefined ? openFile(file, io.cwd) : OutputSink.stdout(io.stdout);
      const color = file === undefined && output.format === 'text' && !!io.stdout.isTTY && !io.env.NO_COLOR;
      opened.push({ reporter: createReporter(output.format, sink, color, roots, io), sink });
    }
  } catch (e) {
    for (const o of opened) o.sink.close();
    throw e;
  }
  const reporters = opened.map((o) => o.reporter);
  const reporter: Reporter = reporters.length === 1 ? reporters[0] : {
    begin: (context: ReportContext) => { for (const r of reporters) r.begin(context); },
    file: (report: FileReport) => { for (const r of reporters) r.file(report); },
    end: (summary: ScanSummary) => { for (const r of reporters) r.end(summary); },
  };
  return { reporter, close: () => { for (const o of opened) o.sink.close(); } };
}

function createReporter(format: ScanFormat, sink: OutputSink, color: boolean, roots: readonly string[], io: OutputEnvironment): Reporter {
  switch (format) {
    case 'json': return new JsonReporter(sink, PRODUCT_VERSION);
    case 'sarif': return new SarifReporter(sink, PRODUCT_VERSION);
    case 'junit': return new JunitReporter(sink);
    case 'github': return new GithubReporter(sink);
    case 'html': return new HtmlReporter(sink, { version: PRODUCT_VERSION, roots: [...roots], generatedAt: scanDate(io.env) });
    default: return new TextReporter(sink, color);
  }
}

/** Today, or the reproducible-build date when `SOURCE_DATE_EPOCH` is set. */
function scanDate(env: NodeJS.ProcessEnv): string {
  const epoch = Number(env.SOURCE_DATE_EPOCH);
  const date = env.SOURCE_DATE_EPOCH && Number.isFinite(epoch) ? new Date(epoch * 1000) : new Date();
  return date.toISOString().slice(0, 10);
}

function openFile(file: string, cwd: string): OutputSink {
  try {
    return OutputSink.file(path.resolve(cwd, file));
  } catch (e) {
    throw new UsageError(`Cannot write ${file}: ${describeError(e)}`);
  }
}
