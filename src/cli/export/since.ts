import { ConfigError } from '../../core/errors.js';

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * `--since` as Zoho's `last_modified_time` value (`2024-05-01T00:00:00+0000`). A date alone means midnight UTC
 * and a time without an offset is read as UTC: a server's local zone is rarely what the person meant, and UTC
 * is at least the same on every machine. Impossible dates (2024-02-30) are refused rather than rolled over.
 */
export function parseSince(raw: string): string {
  const match = DATE_TIME.exec(raw.trim());
  const [, y, mo, d, h = '0', mi = '0', s = '0', zone = 'Z'] = match ?? [];
  const parts = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const [year, month, day, hour, minute, second] = parts;
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(local);
  const valid =
    match !== null &&
    check.getUTCFullYear() === year &&
    check.getUTCMonth() === month - 1 &&
    check.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60 &&
    validZone(zone);
  if (!valid) {
    throw new ConfigError(
      `--since "${raw}" is not a date.`,
      'Use YYYY-MM-DD (midnight UTC) or an ISO 8601 time such as 2024-05-01T09:30:00+05:30.',
    );
  }
  const t = new Date(local - offsetMs(zone));
  return (
    `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}` +
    `T${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}+0000`
  );
}

function validZone(zone: string): boolean {
  if (zone.toUpperCase() === 'Z') return true;
  const digits = zone.slice(1).replace(':', '');
  return Number(digits.slice(0, 2)) <= 14 && Number(digits.slice(2)) < 60;
}

function offsetMs(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}
