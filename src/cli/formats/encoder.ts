/**
 * A streaming encoder: the caller writes `header()` before the first record, `line(record)` per record and
 * `footer()` at the end, each as soon as it has it, so nothing is held back. `header()` may answer '' (csv
 * whose columns come from the first record: `line()` then carries the header).
 */
export interface Encoder {
  header(): string;
  line(record: Record<string, unknown>): string;
  footer(): string;
  /** The columns in use once known (csv: given or taken from the first record), to continue a file alike. */
  readonly columns: readonly string[] | undefined;
}

export type EncoderFormat = 'ndjson' | 'csv' | 'json';
export const ENCODER_FORMATS: readonly EncoderFormat[] = ['ndjson', 'csv', 'json'];
