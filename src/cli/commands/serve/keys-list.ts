import { keysPath, readKeyFile } from '../../../serve/keys.js';
import { configDir } from '../../profile-file.js';
import type { ServeContext } from './context.js';

export interface KeysListOptions {
  json?: boolean;
}

/** `zbooks serve keys list`: names and policies (the keys themselves were never kept). */
export async function run(options: KeysListOptions, context: ServeContext): Promise<number> {
  const keys = await readKeyFile(keysPath(configDir(context.env)));
  const view = keys.map((k) => ({
    name: k.name,
    created_at: k.createdAt,
    read_only: k.readOnly,
    token: k.token,
    modules: k.modules ?? null,
    operations: k.operations ?? null,
    organizations: k.organizations ?? null,
    profiles: k.profiles ?? null,
  }));
  if (options.json) {
    context.io.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
    return 0;
  }
  if (view.length === 0) {
    context.io.stderr.write('zbooks: no keys; `zbooks serve` is open to local processes only.\n');
    return 0;
  }
  for (const k of view) {
    const limits = [
      k.read_only ? 'read-only' : 'read-write',
      k.token ? 'token endpoint' : 'proxy only',
      k.modules ? `modules ${k.modules.join(',')}` : '',
      k.operations ? `operations ${k.operations.join(',')}` : '',
      k.organizations ? `orgs ${k.organizations.join(',')}` : '',
      k.profiles ? `profiles ${k.profiles.join(',')}` : '',
    ].filter(Boolean);
    context.io.stdout.write(`${k.name}\t${k.created_at}\t${limits.join('; ')}\n`);
  }
  return 0;
}
