import { keysPath, revokeKey } from '../../../serve/keys.js';
import { EXIT } from '../../output.js';
import { configDir } from '../../profile-file.js';
import type { ServeContext } from './context.js';

export interface KeysRevokeOptions {
  name: string;
}

/** `zbooks serve keys revoke NAME`: a running gateway refuses the key within a fraction of a second. */
export async function run(options: KeysRevokeOptions, context: ServeContext): Promise<number> {
  if (await revokeKey(keysPath(configDir(context.env)), options.name)) {
    context.io.stderr.write(`zbooks: key "${options.name}" revoked.\n`);
    return EXIT.ok;
  }
  context.io.stderr.write(
    `zbooks: there is no key named "${options.name}" (see \`zbooks serve keys list\`).\n`,
  );
  return EXIT.usage;
}
