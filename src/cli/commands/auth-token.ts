import type { RunContext } from '../context.js';
import { run, type TokenOptions } from './auth/token.js';

/**
 * The form the `auth token` fast path (token-fast-path.ts, kept with the transport code) calls; the command
 * itself is commands/auth/token.ts. Remove once the fast path calls that module's `run`.
 */
export function authToken(context: RunContext, options: TokenOptions): Promise<number> {
  return run(options, context);
}
