import type { Operation } from '../books/generated/operations.js';
import { MODULES, OPERATIONS } from '../books/generated/operations.js';
import { ConfigError } from '../core/errors.js';
import { didYouMean } from './suggest.js';

/** `customerPayments` → `customer-payments`: how modules and operations are spelled on the command line. */
export const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The module a command-line word names, if it names one. */
export function findModuleIfAny(name: string): string | undefined {
  const wanted = name.trim().toLowerCase().replace(/[-_]/g, '');
  return MODULES.find((m) => m.toLowerCase() === wanted);
}

/** Pagination is ours to drive (--all, --page, --per-page), so these never become per-operation flags. */
export const PAGING_PARAMS = new Set(['page', 'per_page']);

/** `customer_name` → `--customer-name`; commander calls it `customerName` in the options it parses. */
export const flagOf = (param: string) => param.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** A module by its command-line or library spelling (`customer-payments`, `customerPayments`). */
export function findModule(name: string): string {
  const found = findModuleIfAny(name);
  if (!found) {
    throw new ConfigError(
      `There is no Books module "${name}".${didYouMean(name, MODULES.map(kebab))}`,
      `Modules: ${MODULES.map(kebab).join(', ')}.`,
    );
  }
  return found;
}

export const operationsOf = (module: string): Operation[] => OPERATIONS.filter((op) => op.module === module);

/** The module's paginated list operation (what `export` and `<module> list --all` walk). */
export function listOperation(module: string): Operation {
  const ops = operationsOf(module).filter((op) => op.paginated && op.pathParams.length === 0);
  const op = ops.find((o) => o.name === 'list') ?? ops[0];
  if (!op) {
    throw new ConfigError(
      `The module "${kebab(module)}" has no list operation to walk.`,
      `Modules with one: ${MODULES.filter((m) =>
        operationsOf(m).some((o) => o.paginated && o.pathParams.length === 0),
      )
        .map(kebab)
        .join(', ')}.`,
    );
  }
  return op;
}
