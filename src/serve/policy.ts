import type { Operation } from '../books/operation-shape.js';
import type { KeyPolicy } from './keys.js';

interface CallFacts {
  method: string;
  operation: Operation;
  organizationId: string | undefined;
  profile: string;
}

const READS = new Set(['GET', 'HEAD']);

/**
 * Why `policy` does not allow the call, or undefined when it does. Checked before anything reaches Zoho: this is
 * what Zoho's scopes cannot do (many consumers, each with less than the refresh token's scope).
 */
export function refusal(policy: KeyPolicy, call: CallFacts): string | undefined {
  const op = call.operation;
  const what = `${call.method} ${op.path} (${op.id})`;
  if (policy.readOnly && !READS.has(call.method)) return `this key is read-only; ${what} writes`;
  if (policy.modules && !policy.modules.includes(op.module)) {
    return `this key lacks the module "${op.module}" that ${what} belongs to`;
  }
  if (policy.operations && !policy.operations.includes(op.id)) return `this key lacks the operation ${op.id}`;
  if (policy.profiles && !policy.profiles.includes(call.profile)) {
    return `this key lacks the profile "${call.profile}"`;
  }
  if (policy.organizations) {
    if (call.organizationId === undefined)
      return 'this key is limited to some organizations: name one with organization_id';
    if (!policy.organizations.includes(call.organizationId)) {
      return `this key lacks the organization ${call.organizationId}`;
    }
  }
  return undefined;
}
