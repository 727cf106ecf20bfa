import { authToken } from './commands/auth-token.js';
import { RunContext } from './context.js';
import { reportFailure } from './output.js';
import { Stops } from './stops.js';

/** `zbooks auth token [--json] [--profile <name>]` without the command-line parser (see main.ts). */
export async function tokenFastPath(args: string[]): Promise<void> {
  const stops = new Stops().install();
  const run = new RunContext(process.env, stops);
  const profileAt = args.indexOf('--profile');
  try {
    await authToken(run, {
      json: args.includes('--json'),
      ...(profileAt > 0 ? { profile: args[profileAt + 1] } : {}),
    });
  } catch (error) {
    if (!stops.stopped) reportFailure(run, error);
  } finally {
    await run.close();
    stops.finish();
    stops.dispose();
  }
}
