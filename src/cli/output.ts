import { type ErrorKind, isZbooksError } from '../core/errors.js';
import { redact } from '../core/redact.js';

/** Exit codes, the same for every command. */
export const EXIT = { ok: 0, bug: 1, usage: 2, auth: 3, api: 4, rateLimited: 5, unavailable: 6 } as const;

const BY_KIND: Record<ErrorKind, number> = {
  config: EXIT.usage,
  auth: EXIT.auth,
  api: EXIT.api,
  rate_limit: EXIT.rateLimited,
  network: EXIT.unavailable,
  bug: EXIT.bug,
};

export function exitCodeFor(error: unknown): number {
  return isZbooksError(error) ? BY_KIND[error.kind] : EXIT.bug;
}

/**
 * What a person sees when a command fails: one line saying what happened, one saying what to do. Everything
 * printed goes through redaction with the secrets this run knows, whatever produced the text.
 */
function formatError(error: unknown, secrets: Iterable<string | undefined>, debug: boolean): string {
  const lines: string[] = [];
  if (isZbooksError(error)) {
    lines.push(`zbooks: ${error.message}`, `  ${error.hint}`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    lines.push(
      `zbooks: unexpected error: ${message}`,
      '  This is a bug in zbooks; run again with --debug and report it.',
    );
  }
  if (debug && error instanceof Error) {
    lines.push(String(error.stack ?? ''));
    if (error.cause instanceof Error) lines.push(`cause: ${error.cause.stack ?? error.cause.message}`);
  }
  return redact(lines.join('\n'), secrets);
}

interface FailingRun {
  secrets: Iterable<string>;
  debug: boolean;
  io: { stderr: NodeJS.WritableStream };
}

/** Prints a failure as one or two redacted lines on the run's stderr; returns its exit code. */
export function printFailure(run: FailingRun, error: unknown): number {
  run.io.stderr.write(`${formatError(error, run.secrets, run.debug)}\n`);
  return exitCodeFor(error);
}
