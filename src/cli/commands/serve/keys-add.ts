import { MODULES, OPERATIONS } from '../../../books/generated/operations.js';
import { ConfigError } from '../../../core/errors.js';
import { addKey, keysPath } from '../../../serve/keys.js';
import { configDir, prepareConfigDir } from '../../profile-file.js';
import type { ServeContext } from './context.js';

export interface KeysAddOptions {
  name: string;
  readOnly?: boolean;
  token?: boolean;
  modules?: string;
  operations?: string;
  orgs?: string;
  profiles?: string;
}

const list = (text: string | undefined) =>
  text === undefined
    ? undefined
    : text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

/**
 * `zbooks serve keys add NAME`: prints the new key once, alone on stdout (so `KEY=$(zbooks serve keys add x)`
 * works), and keeps only its hash, 0600 in the config directory. Modules and operations are checked against
 * the generated table, so a typo is caught now rather than as a 403 later.
 */
export async function run(options: KeysAddOptions, context: ServeContext): Promise<number> {
  const modules = list(options.modules);
  const operations = list(options.operations);
  const organizations = list(options.orgs);
  const unknownModule = modules?.find((m) => !MODULES.includes(m));
  if (unknownModule) {
    throw new ConfigError(`"${unknownModule}" is not a Books module.`, `Modules: ${MODULES.join(', ')}.`);
  }
  const ids = new Set<string>(OPERATIONS.map((op) => op.id));
  const unknownOperation = operations?.find((id) => !ids.has(id));
  if (unknownOperation) {
    throw new ConfigError(
      `"${unknownOperation}" is not a Books operation id.`,
      'Operation ids are listed by `zbooks api --help` and in the generated table (e.g. list_invoices).',
    );
  }
  if (organizations?.some((o) => !/^\d{1,25}$/.test(o))) {
    throw new ConfigError(
      '--orgs takes organization ids (digits), comma-separated.',
      'Example: --orgs 10234695',
    );
  }
  const dir = configDir(context.env);
  await prepareConfigDir(dir);
  const key = await addKey(
    keysPath(dir),
    options.name,
    {
      readOnly: Boolean(options.readOnly),
      token: Boolean(options.token),
      ...(modules ? { modules } : {}),
      ...(operations ? { operations } : {}),
      ...(organizations ? { organizations } : {}),
      ...(options.profiles ? { profiles: list(options.profiles) } : {}),
    },
    new Date(context.clock.now()),
  );
  context.io.stdout.write(`${key}\n`);
  context.io.stderr.write(
    `zbooks: key "${options.name}" added; it is shown only now. A running \`zbooks serve\` accepts it at once.\n`,
  );
  return 0;
}
