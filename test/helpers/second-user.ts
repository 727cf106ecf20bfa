import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { it } from 'vitest';

/** Another local user, for attacks a neighbour on the same machine would make. */
export interface SecondUser {
  uid: number;
  gid: number;
  /** Runs a command as that user (setpriv: no account needs to exist for a bare uid). */
  run(command: string, args: string[]): Promise<string>;
}

/** A uid no account on a test machine is likely to use. */
const UID = 47_913;
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((path) => existsSync(path));

/**
 * The second user, or why there is none: acting as another uid needs root (the suite runs as root here and in
 * CI) and setpriv (util-linux). Tests use it through `asSecondUser`, which skips honestly elsewhere.
 */
export function secondUser():
  | { user: SecondUser; reason?: undefined }
  | { user?: undefined; reason: string } {
  if (process.getuid?.() !== 0) return { reason: 'needs root, to act as a second local user' };
  if (!SETPRIV) return { reason: 'needs setpriv (util-linux), to act as a second local user' };
  const setpriv = SETPRIV;
  return {
    user: {
      uid: UID,
      gid: UID,
      run: async (command, args) =>
        (
          await promisify(execFile)(setpriv, [
            `--reuid=${UID}`,
            `--regid=${UID}`,
            '--clear-groups',
            '--',
            command,
            ...args,
          ])
        ).stdout,
    },
  };
}

/**
 * Where no second user can be had: the tests are skipped with the reason in their name, except under CI=true,
 * where one failing test says what is missing (CI must run everything).
 */
export function reportMissingSecondUser(reason: string | undefined): void {
  if (reason && process.env.CI === 'true') {
    it(`runs the second-user attacks (${reason})`, () => {
      throw new Error(`Cannot run the second-user attacks: ${reason}.`);
    });
  }
}
