import type { CliOutput } from '../context.js';
import type { WaitDisplay } from '../wait-notices.js';

/** What the export reports as it goes; the bar and the silent variant share it. */
export interface ExportProgress {
  /** After each written page: totals in the output so far. */
  update(records: number, pages: number): void;
  /** Before anything else is printed on stderr (the summary, an error). */
  stop(): void;
  /** The bar, which shows a wait in place of its ETA; without one, waits get lines of their own. */
  readonly waits?: WaitDisplay;
}

const silent: ExportProgress = { update: () => {}, stop: () => {} };

/**
 * A progress bar on stderr (records, pages, rate, ETA when the total is known), only when stderr is a
 * terminal: in a pipe or a log file a redrawn line is noise. cli-progress is loaded only then.
 */
export async function startProgress(options: {
  stream: CliOutput;
  label: string;
  total: number | undefined;
  records: number;
  pages: number;
}): Promise<ExportProgress> {
  if (!options.stream.isTTY) return silent;
  const { SingleBar, Format } = (await import('cli-progress')).default;
  const known = options.total !== undefined && options.total > 0;
  const head = known
    ? `${options.label} [{bar}] {percentage}% | {value}/{total} records | {pages} pages`
    : `${options.label} {value} records | {pages} pages`;
  const tail = known ? '{rate}/s | ETA {eta_formatted}' : '{rate}/s | {duration_formatted}';
  // While zbooks waits for Zoho's limit, an ETA would freeze: the bar says what it waits for instead.
  let waiting: { text: string; until: number } | undefined;
  const bar = new SingleBar({
    stream: options.stream as NodeJS.WriteStream,
    hideCursor: true,
    clearOnComplete: false,
    etaBuffer: 20,
    fps: 5,
    // Room for the wait on one line of a terminal of 100 columns.
    barsize: 24,
    format: (format, params, payload) => {
      const wait = waiting && Date.now() < waiting.until ? waiting.text : undefined;
      return Format.Formatter({ ...format, format: `${head} | ${wait ?? tail}` }, params, payload);
    },
  });
  const startedAt = Date.now();
  const startRecords = options.records;
  const rate = (records: number) => {
    const seconds = (Date.now() - startedAt) / 1000;
    return seconds > 0 ? Math.round((records - startRecords) / seconds) : 0;
  };
  // Without a total the bar has nothing to fill: give it one it never reaches.
  bar.start(known ? options.total! : Number.MAX_SAFE_INTEGER, options.records, {
    pages: options.pages,
    rate: 0,
  });
  return {
    update(records, pages) {
      if (known && records > options.total!) bar.setTotal(records);
      bar.update(records, { pages, rate: rate(records) });
    },
    stop() {
      bar.stop();
    },
    waits: {
      waiting(text, until) {
        waiting = { text, until };
        bar.render();
      },
    },
  };
}
