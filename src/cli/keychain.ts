/**
 * The OS keychain, when this machine has one (macOS Keychain, Windows Credential Manager, Secret Service).
 * @napi-rs/keyring is optional and may hang or fail on headless machines, so every call runs off the main
 * thread with a timeout, and any failure means "not available", never a crash.
 */
const SERVICE = 'zbooks';
const TIMEOUT_MS = 3_000;

interface AsyncEntry {
  setPassword(secret: string, signal?: AbortSignal): Promise<void>;
  getPassword(signal?: AbortSignal): Promise<string | undefined>;
  deletePassword(signal?: AbortSignal): Promise<unknown>;
}

async function attempt<T>(
  account: string,
  work: (entry: AsyncEntry, signal: AbortSignal) => Promise<T>,
): Promise<T | undefined> {
  try {
    const { AsyncEntry } = (await import('@napi-rs/keyring')) as unknown as {
      AsyncEntry: new (service: string, account: string) => AsyncEntry;
    };
    const signal = AbortSignal.timeout(TIMEOUT_MS);
    const timeout = new Promise<undefined>((resolve) =>
      signal.addEventListener('abort', () => resolve(undefined)),
    );
    return await Promise.race([work(new AsyncEntry(SERVICE, account), signal), timeout]);
  } catch {
    return undefined;
  }
}

/** True when a secret can be written to and read back from the keychain. */
export async function keychainAvailable(): Promise<boolean> {
  const ok = await attempt('zbooks-probe', async (entry, signal) => {
    await entry.setPassword('probe', signal);
    const back = (await entry.getPassword(signal)) === 'probe';
    await entry.deletePassword(signal);
    return back;
  });
  return ok === true;
}

export async function keychainSet(account: string, secret: string): Promise<boolean> {
  const stored = await attempt(account, async (entry, signal) => {
    await entry.setPassword(secret, signal);
    return true;
  });
  return stored === true;
}

export function keychainGet(account: string): Promise<string | undefined> {
  return attempt(account, (entry, signal) => entry.getPassword(signal));
}

export async function keychainDelete(account: string): Promise<void> {
  await attempt(account, (entry, signal) => entry.deletePassword(signal));
}

export const keychainAccount = (profile: string, clientId: string) => `${profile}:${clientId}`;
