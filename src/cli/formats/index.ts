import { CsvEncoder } from './csv.js';
import type { Encoder, EncoderFormat } from './encoder.js';
import { JsonEncoder } from './json.js';
import { NdjsonEncoder } from './ndjson.js';

export { csvCell, csvRow } from './csv.js';
export type { Encoder, EncoderFormat } from './encoder.js';
export { ENCODER_FORMATS } from './encoder.js';
export { parseFields, pick, valueAt } from './fields.js';

interface EncoderOptions {
  /** The output already holds the header and records (a resumed export): go on without repeating them. */
  continued?: boolean;
  /** csv: cells exactly as received, without neutralising the ones a spreadsheet would run as formulas. */
  rawCells?: boolean;
}

/**
 * An encoder for records as received: ids stay strings, numbers are printed as parsed (never rounded or
 * localised). `fields` are dotted paths (`customer.name`); csv uses them as columns.
 */
export function createEncoder(
  format: EncoderFormat,
  fields?: readonly string[],
  options: EncoderOptions = {},
): Encoder {
  switch (format) {
    case 'csv':
      return new CsvEncoder(fields, options.continued, options.rawCells);
    case 'json':
      return new JsonEncoder(fields, options.continued);
    case 'ndjson':
      return new NdjsonEncoder(fields);
  }
}
