import { ConfigError } from './errors.js';

/** A Zoho data centre: where a Self Client lives and where its tokens work (REFERENCE §1). */
export interface DataCentre {
  id: DcId;
  accountsUrl: string;
  apiDomain: string;
  consoleUrl: string;
  /** Facts that are not settled, for `status` and `doctor`. */
  note?: string;
}

export type DcId = 'us' | 'eu' | 'in' | 'au' | 'jp' | 'ca' | 'cn' | 'sa' | 'uk';

const dc = (id: DcId, domain: string, accountsHost = `accounts.${domain}`, note?: string): DataCentre => ({
  id,
  accountsUrl: `https://${accountsHost}`,
  apiDomain: `https://www.zohoapis.${domain.replace(/^zoho(cloud)?\./, '')}`,
  consoleUrl: `https://api-console.${accountsHost.replace(/^accounts\./, '')}`,
  ...(note ? { note } : {}),
});

export const DATA_CENTRES: readonly DataCentre[] = Object.freeze([
  dc('us', 'zoho.com'),
  dc('eu', 'zoho.eu'),
  dc('in', 'zoho.in'),
  dc('au', 'zoho.com.au'),
  dc('jp', 'zoho.jp'),
  // Canada's accounts server is on zohocloud.ca; there is no accounts.zoho.ca.
  dc('ca', 'zohocloud.ca', 'accounts.zohocloud.ca'),
  dc('cn', 'zoho.com.cn'),
  dc('sa', 'zoho.sa'),
  dc('uk', 'zoho.uk', undefined, 'Zoho Books availability in the UK data centre is not confirmed'),
]);

export const DC_IDS = DATA_CENTRES.map((d) => d.id);

export function isDcId(value: string): value is DcId {
  return (DC_IDS as string[]).includes(value);
}

export function dcById(id: string): DataCentre {
  const found = DATA_CENTRES.find((d) => d.id === id.trim().toLowerCase());
  if (!found) {
    throw new ConfigError(`Unknown data centre "${id}".`, `Use one of: ${DC_IDS.join(', ')}.`);
  }
  return found;
}

const originOf = (url: string): string | undefined => {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
};

/** The data centre whose accounts server is at `url`, or undefined (an emulator, a proxy). */
export function dcByAccountsUrl(url: string): DataCentre | undefined {
  const origin = originOf(url);
  return DATA_CENTRES.find((d) => d.accountsUrl === origin);
}

/** The data centre whose API domain is `url` (as in a token response's `api_domain`), or undefined. */
export function dcByApiDomain(url: string): DataCentre | undefined {
  const origin = originOf(url);
  return DATA_CENTRES.find((d) => d.apiDomain === origin);
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Parses a base URL and refuses anything a secret should not travel over: plain http is only accepted for
 * loopback hosts (the emulator). Returns the origin plus any path, without a trailing slash.
 */
export function normalizeBaseUrl(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ConfigError(
      `${what} is not a URL: "${value}".`,
      'Give a full URL such as https://accounts.zoho.eu.',
    );
  }
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) {
    throw new ConfigError(
      `${what} uses plain http on a non-loopback host (${url.host}).`,
      'Use https; http is accepted only for 127.0.0.1, localhost or [::1] (the emulator).',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${what} must be an https URL, not ${url.protocol}.`, 'Use https://…');
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ConfigError(
      `${what} must not carry credentials, a query or a fragment.`,
      'Give only the origin.',
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** A short name for messages: the host for real data centres, the full origin for anything else. */
export function describeAccountsUrl(url: string): string {
  return dcByAccountsUrl(url) ? new URL(url).host : url;
}
