import { EmulatorInputError } from './errors.js';

/** What an organization created in a DC looks like by default (REFERENCE §1 lists the DC ids). */
interface DcProfile {
  currency: string;
  timeZone: string;
  country: string;
}

const PROFILES: Readonly<Record<string, DcProfile>> = {
  us: { currency: 'USD', timeZone: 'America/New_York', country: 'U.S.A' },
  eu: { currency: 'EUR', timeZone: 'Europe/Berlin', country: 'Germany' },
  in: { currency: 'INR', timeZone: 'Asia/Calcutta', country: 'India' },
  au: { currency: 'AUD', timeZone: 'Australia/Sydney', country: 'Australia' },
  jp: { currency: 'JPY', timeZone: 'Asia/Tokyo', country: 'Japan' },
  ca: { currency: 'CAD', timeZone: 'America/Toronto', country: 'Canada' },
  cn: { currency: 'CNY', timeZone: 'Asia/Shanghai', country: 'China' },
  sa: { currency: 'SAR', timeZone: 'Asia/Riyadh', country: 'Saudi Arabia' },
  uk: { currency: 'GBP', timeZone: 'Europe/London', country: 'U.K' },
};

const KNOWN_DCS: readonly string[] = Object.keys(PROFILES);

export function dcProfile(dc: string): DcProfile {
  const profile = PROFILES[dc];
  if (!profile) throw new EmulatorInputError(`unknown data centre "${dc}"`);
  return profile;
}

export function validateDcList(dcs: readonly string[]): string[] {
  if (dcs.length === 0) throw new EmulatorInputError('dcs must name at least one data centre');
  const seen = new Set<string>();
  for (const dc of dcs) {
    if (!PROFILES[dc]) {
      throw new EmulatorInputError(`unknown data centre "${dc}" (known: ${KNOWN_DCS.join(', ')})`);
    }
    if (seen.has(dc)) throw new EmulatorInputError(`data centre "${dc}" listed twice`);
    seen.add(dc);
  }
  return [...dcs];
}
