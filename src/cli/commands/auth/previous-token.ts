import type { TokenProvider } from '../../../auth/token-provider.js';
import { isZbooksError } from '../../../core/errors.js';
import { mask } from '../../../core/redact.js';
import type { RunContext } from '../../context.js';
import type { ResolvedSettings } from '../../settings.js';

/** The refresh token a profile holds before a new login replaces it, ready to be revoked. */
interface PreviousToken {
  profileName: string;
  masked: string;
  provider: TokenProvider;
}

/**
 * The profile's own refresh token (from the profile file or the keychain, not the environment), when there is
 * one that could be revoked: a new login replaces it in the profile, but at Zoho it stays valid, and it may be in
 * use elsewhere (copied into a server's environment, as the Self Client walkthrough suggests).
 */
export async function findPreviousToken(
  ctx: RunContext,
  settings: ResolvedSettings,
): Promise<PreviousToken | undefined> {
  const source = settings.sources.refreshToken ?? '';
  const token = settings.values.refreshToken;
  if (!token || !(source.startsWith('profile') || source === 'OS keychain')) return undefined;
  try {
    return { profileName: settings.profileName, masked: mask(token), provider: await ctx.provider(settings) };
  } catch (error) {
    // A profile missing what a revoke needs (its data centre, its client): nothing zbooks could revoke.
    if (isZbooksError(error) && error.kind === 'config') return undefined;
    throw error;
  }
}

/** On a terminal, asks; the default is to keep the old token, since something else may depend on it. */
export async function askRevokePrevious(previous: PreviousToken): Promise<boolean> {
  const p = await import('@clack/prompts');
  const answer = await p.confirm({
    message: `Profile "${previous.profileName}" holds a refresh token (${previous.masked}) that stays valid at Zoho after this login. Revoke it once logged in? Say yes only if nothing else uses it.`,
    initialValue: false,
  });
  return answer === true;
}

/**
 * After the new login is saved: revokes the previous token when asked to, or says it is still alive and how
 * to revoke it next time. Zoho keeps only 20 refresh tokens per client and silently deletes the oldest.
 */
export async function settlePreviousToken(
  ctx: RunContext,
  previous: PreviousToken,
  revoke: boolean,
): Promise<void> {
  if (!revoke) {
    ctx.err(
      `! Profile "${previous.profileName}" held another refresh token (${previous.masked}): it is still valid at Zoho and may be in use elsewhere. Zoho keeps only 20 per client and deletes the oldest without a word; to revoke the old one when logging in, add --revoke-old.\n`,
    );
    return;
  }
  try {
    const known = await previous.provider.revoke();
    ctx.err(
      known
        ? `✓ Revoked the refresh token profile "${previous.profileName}" held before (${previous.masked}).\n`
        : `✓ The refresh token profile "${previous.profileName}" held before (${previous.masked}) was already unknown to Zoho.\n`,
    );
  } catch (error) {
    // The new login stands: only the clean-up failed.
    ctx.logger.warn(
      `zbooks: logged in, but the previous refresh token (${previous.masked}) was not revoked: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
