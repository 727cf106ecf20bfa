import { statSync } from 'node:fs';
import { chmod, lstat, mkdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PRIVATE_DIR_MODE } from './atomic-file.js';
import { currentUid, FileRefusedError } from './file-refused.js';
import { describeType } from './safe-read.js';

const STICKY = 0o1000;
const WRITABLE_BY_OTHERS = 0o022;

interface PrivateDirOptions {
  /** Create it (0700, parents too) when it is missing; otherwise a missing directory answers false. */
  create: boolean;
  /** Also chmod an existing one to 0700: only for a directory zbooks owns (its config dir). */
  tighten?: boolean;
  /** Refuse a symlink in its place: for a per-user directory inside a directory everyone can write. */
  noSymlink?: boolean;
  /** How a person moves elsewhere, for hints: "ZBOOKS_CONFIG_DIR", "ZBOOKS_TOKEN_STORE=file:<path>". */
  elsewhere: string;
}

/**
 * Checks that `dir` can hold secrets: a directory owned by this user that no group or other user can write
 * (so nobody else can plant, swap or replace the files in it). True when it is fine, false when it is missing
 * and `create` is off; a FileRefusedError otherwise. Every directory zbooks keeps a secret in passes here
 * before the secret is obtained or written.
 */
export async function ensurePrivateDir(dir: string, options: PrivateDirOptions): Promise<boolean> {
  if (options.create) await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await (options.noSymlink ? lstat(dir) : stat(dir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !options.create) return false;
    throw error;
  }
  if (!info.isDirectory()) throw refused(dir, `is ${describeType(info)}, not a directory`, options);
  const uid = currentUid();
  if (uid !== undefined && info.uid !== uid) {
    throw refused(
      dir,
      `belongs to another user (uid ${info.uid}), who could read or replace what zbooks keeps in it`,
      options,
    );
  }
  if (uid !== undefined && (info.mode & WRITABLE_BY_OTHERS) !== 0) {
    throw refused(
      dir,
      `is writable by ${info.mode & 0o002 ? 'every user' : 'its group'} (mode ${octal(info.mode)}), who could plant or replace files in it`,
      options,
      `chmod go-w ${dir}`,
    );
  }
  if (options.tighten && uid !== undefined && (info.mode & 0o077) !== 0) await chmod(dir, PRIVATE_DIR_MODE);
  return true;
}

/**
 * Where a file zbooks was told to keep at `path` actually goes. In a sticky directory others can write (/tmp),
 * anyone may create names, so the file goes one level down, in a directory of this user's own
 * (`<dir>/zbooks-<uid>/<name>`, as tmux and ssh-agent do), which then has to pass ensurePrivateDir with
 * noSymlink. Synchronous, for constructors: one stat of a directory.
 */
export function perUserPath(path: string): { path: string; perUserDir: boolean } {
  const dir = dirname(path);
  try {
    const info = statSync(dir);
    if (info.isDirectory() && (info.mode & STICKY) !== 0 && (info.mode & WRITABLE_BY_OTHERS) !== 0) {
      return { path: join(dir, `zbooks-${currentUid() ?? 'user'}`, basename(path)), perUserDir: true };
    }
  } catch {
    // Missing or unreadable: judged when it is used.
  }
  return { path, perUserDir: false };
}

function refused(dir: string, problem: string, options: PrivateDirOptions, fix?: string): FileRefusedError {
  const own = `use a directory of your own (${options.elsewhere})`;
  return new FileRefusedError({
    path: dir,
    problem,
    hint: fix ? `Run \`${fix}\`, or ${own}.` : `${capital(own)}.`,
  });
}

const octal = (mode: number) => `0${(mode & 0o7777).toString(8)}`;
const capital = (text: string) => `${text[0]!.toUpperCase()}${text.slice(1)}`;
