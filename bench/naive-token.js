// The token helper people copy today (REFERENCE §7), written by us from its description, not quoted. It is
// the benchmark's baseline, so its flaws are deliberate and kept:
// - the token and its expiry live in two module-level variables of one process (nothing shared);
// - the cached token is returned while now < expiry, expiry = receipt + expires_in - 60 s;
// - the refresh sends client id, secret and refresh token in the URL query string;
// - only `response.ok` is checked, so Zoho's HTTP-200 errors ("Access Denied") cache `undefined`;
// - no single-flight: N callers on an empty or expired cache make N refreshes; no backoff when throttled.
// The one change: time comes from `now()` so the benchmark can follow the emulator's advanced clock.

let accessToken;
let expiresAt = 0;

/** @param {{ accountsUrl: string, clientId: string, clientSecret: string, refreshToken: string, now: () => number }} c */
export async function getAccessToken(c) {
  if (c.now() < expiresAt) return accessToken;
  const query = new URLSearchParams({
    refresh_token: c.refreshToken,
    client_id: c.clientId,
    client_secret: c.clientSecret,
    grant_type: 'refresh_token',
  });
  const response = await fetch(`${c.accountsUrl}/oauth/v2/token?${query}`, { method: 'POST' });
  if (!response.ok) throw new Error(`Token refresh failed: HTTP ${response.status}`);
  const data = await response.json();
  accessToken = data.access_token;
  expiresAt = c.now() + data.expires_in * 1000 - 60_000;
  return accessToken;
}
