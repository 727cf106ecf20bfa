import type { TokenProvider } from '../../../auth/token-provider.js';
import type { Clock } from '../../../core/clock.js';
import type { ResolvedSettings } from '../../settings.js';

/**
 * What the serve commands need from a CLI run, in the shape of the CLI's injected context: output streams,
 * the environment, the clock, the stop signal, and the factories for settings and token providers. run()
 * functions read nothing from `process`.
 */
export interface ServeContext {
  io: { stdout: { write(text: string): unknown }; stderr: { write(text: string): unknown } };
  env: NodeJS.ProcessEnv;
  clock: Clock;
  stops: {
    /** Resolves on SIGINT or SIGTERM. */
    untilStopped(): Promise<void>;
    /** How long the command may take to end after the stop. */
    graceFor?(ms: number): void;
  };
  settings(flags: { profile?: string | undefined }): Promise<ResolvedSettings>;
  provider(settings: ResolvedSettings): Promise<TokenProvider>;
  /** Closes what the run opened, and registers more. */
  onClose(close: () => Promise<unknown>): void;
}
