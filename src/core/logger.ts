import { redact } from './redact.js';

/**
 * Where zbooks reports what a person may want to know: a store outage, a store key mismatch, a throttled
 * refresh. Library default: processWarningLogger (Node's own warning channel); pass silentLogger, or your own.
 */
export interface Logger {
  warn(message: string): void;
  /** Request-level detail; only called when debugging is on, and always redacted. */
  debug?(message: string): void;
}

export const silentLogger: Logger = { warn: () => {} };

/** The `type` of every warning zbooks emits through process.emitWarning (for `process.on('warning')`). */
export const WARNING_TYPE = 'ZbooksWarning';

/**
 * Warnings the Node way: `process.emitWarning`, printed to stderr as `(node:…) ZbooksWarning: …` unless the
 * process runs with `--no-warnings` or `NODE_NO_WARNINGS=1`, and delivered to `process.on('warning')`
 * listeners. Messages are redacted of token shapes like every other line zbooks writes.
 */
export const processWarningLogger: Logger = {
  warn: (message) => process.emitWarning(redact(message.replace(/^zbooks: /, '')), WARNING_TYPE),
};

/** `DEBUG=zbooks*` (or `zbooks`, `zbooks:*`, `*`, in a comma-separated list) turns debug output on. */
export function debugWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.DEBUG ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .some(
      (pattern) =>
        !pattern.startsWith('-') &&
        new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(
          'zbooks:http',
        ),
    );
}

/**
 * A logger writing to stderr (or `write`). Every line goes through redaction with the secrets known at the
 * time it is written, plus token shapes, secret-named parameters and Authorization values.
 */
export function stderrLogger(options: {
  debug: boolean;
  secrets?: () => Iterable<string>;
  write?: (line: string) => void;
}): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const clean = (message: string) => redact(message, [...(options.secrets?.() ?? [])]);
  return {
    warn: (message) => write(`${clean(message)}\n`),
    ...(options.debug ? { debug: (message: string) => write(`zbooks:debug ${clean(message)}\n`) } : {}),
  };
}
