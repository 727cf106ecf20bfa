/** An access token as the rest of zbooks uses it: expiry is absolute, computed when it was received. */
export interface AccessToken {
  accessToken: string;
  /** Epoch ms after which Zoho rejects it. */
  expiresAt: number;
  /** The host for API calls, as the accounts server said. */
  apiDomain: string;
  /** Granted scopes, comma-separated, when the server said (refresh answers sometimes omit it). */
  scope?: string;
  /**
   * Operation scopes (e.g. ZohoBooks.contacts.READ) Zoho refused this token for, when the refusal could not
   * be the token's expiry: shared through the store so no process mints a new token for such a call.
   */
  refusedScopes?: string[];
  /**
   * Set only on the answer of the getToken() call that minted this token (never stored): Zoho refusing it
   * cannot mean it expired or was evicted, so a new token would not help.
   */
  justMinted?: boolean;
}
