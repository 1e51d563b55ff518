import { en } from "./en";
import { vi, type MessageKey } from "./vi";

export type { MessageKey } from "./vi";
export type Locale = "vi" | "en";

const catalogues: Record<Locale, Record<MessageKey, string>> = { vi, en };
let current: Locale = "vi";

/** Switches the catalogue used by t(). Vietnamese is the default. */
export function setLocale(locale: Locale): void {
  current = locale;
}

export function getLocale(): Locale {
  return current;
}

/**
 * Looks up a UI string; `{name}` placeholders are replaced from `params`.
 * Falls back to Vietnamese, then to the key itself.
 */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = catalogues[current][key] ?? vi[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
