// Vietnamese formatting: dot as thousands separator, comma as decimal separator,
// dates as dd/mm/yyyy, instants in Vietnam time (UTC+7, no daylight saving) whatever the
// machine's time zone is. Written by hand (not Intl) so every webview shows the same thing.

/**
 * 1234567 → "1.234.567"; 1234.5 → "1.234,5"; formatNumber(2.5, 2) → "2,50".
 * Without `decimals`, integers get none and other numbers at most two (trailing zeros cut).
 */
export function formatNumber(value: number, decimals?: number): string {
  if (!Number.isFinite(value)) return "";
  const fixed = decimals ?? (Number.isInteger(value) ? 0 : 2);
  let text = Math.abs(value).toFixed(fixed);
  if (decimals === undefined && text.includes(".")) {
    text = text.replace(/0+$/, "").replace(/\.$/, "");
  }
  const [intPart, fracPart] = text.split(".");
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  const sign = value < 0 && Number(text) !== 0 ? "-" : "";
  return sign + grouped + (fracPart ? "," + fracPart : "");
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2026-03-05" → "05/03/2026"; null or empty → "". Anything else is shown unchanged. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const m = ISO_DATE.exec(iso);
  if (!m) return iso;
  return `${m[3]}/${m[2]}/${m[1]}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * "05/03/2026" (also "5/3/2026", "05-03-2026", "05.03.2026") → "2026-03-05".
 * Returns null for anything that is not a real calendar date (e.g. "31/02/2026").
 */
export function parseDate(text: string): string | null {
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text.trim());
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = Number(m[3]);
  if (year < 1900 || year > 2199) return null;
  if (month < 1 || month > 12) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  return `${m[3]}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Vietnam's offset from UTC (it keeps no daylight saving time). */
export const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Milliseconds since the epoch of an ISO instant (no zone means UTC), or null. */
export function instantMs(iso: string): number | null {
  // Parsed by hand: the core sends up to nine fractional digits, which not every
  // webview's Date.parse accepts.
  const m = INSTANT.exec(iso.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, zone] = m;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  if (zone && zone !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return ms;
}

/** "2026-03-10T01:30:00Z" → "08:30 10/03/2026" (Vietnam time); null or empty → ""; unparsable text unchanged. */
export function formatMoment(iso: string | null | undefined): string {
  if (!iso) return "";
  const ms = instantMs(iso);
  if (ms === null) return iso;
  const local = new Date(ms + VIETNAM_OFFSET_MS).toISOString();
  return `${local.slice(11, 16)} ${formatDate(local.slice(0, 10))}`;
}
