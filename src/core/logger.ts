import { redact } from './redact.js';

/** Where zbooks reports what a person may want to know. Library default: silent. */
export interface Logger {
  warn(message: string): void;
  /** Request-level detail; only called when debugging is on, and always redacted. */
  debug?(message: string): void;
}

export const silentLogger: Logger = { warn: () => {} };

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
