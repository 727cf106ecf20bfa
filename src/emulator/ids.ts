import { randomBytes, randomInt } from 'node:crypto';

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** Access tokens, refresh tokens and grant codes share Zoho's `1000.<32 hex>.<32 hex>` look. */
export function newTokenString(): string {
  return `1000.${hex(16)}.${hex(16)}`;
}

export function newClientId(): string {
  const bytes = randomBytes(30);
  let id = '';
  for (const b of bytes) id += UPPER_ALNUM[b % UPPER_ALNUM.length];
  return `1000.${id}`;
}

export function newClientSecret(): string {
  return hex(21);
}

/** Real organization ids are 9-11 digits; ten keeps them clearly numeric but still strings. */
export function newOrganizationId(isTaken: (id: string) => boolean): string {
  for (;;) {
    const id = String(randomInt(1_000_000_000, 10_000_000_000));
    if (!isTaken(id)) return id;
  }
}
