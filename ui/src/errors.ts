import type { ErrorPayload } from "./bindings/ErrorPayload";
import { t } from "./i18n";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/**
 * Turns whatever a failed call rejected with into an ErrorPayload. The backend rejects
 * with {code, message}; a string (possibly JSON) or an Error are accepted too, and the
 * user never sees raw JSON.
 */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (isRecord(error) && typeof error.message === "string" && error.message !== "") {
    const code = typeof error.code === "string" ? error.code : "error";
    const payload: ErrorPayload = { code, message: error.message };
    if (typeof error.field === "string") payload.field = error.field;
    if (typeof error.item === "number") payload.item = error.item;
    return payload;
  }
  if (typeof error === "string") {
    const trimmed = error.trim();
    if (trimmed.startsWith("{")) {
      try {
        return toErrorPayload(JSON.parse(trimmed));
      } catch {
        return { code: "error", message: t("error.unknown") };
      }
    }
    if (trimmed !== "") return { code: "error", message: trimmed };
  }
  return { code: "unknown", message: t("error.unknown") };
}

export function errorMessage(error: unknown): string {
  return toErrorPayload(error).message;
}

export function errorCode(error: unknown): string {
  return toErrorPayload(error).code;
}

/**
 * The field a bad-input error belongs to ("deadline"), or null for other errors. The core
 * sends it as `field`; older payloads only have the code "invalid.<field>".
 */
export function errorField(error: unknown): string | null {
  const payload = toErrorPayload(error);
  if (payload.field) return payload.field;
  return payload.code.startsWith("invalid.") ? payload.code.slice("invalid.".length) : null;
}

/** For bad input in a list (the tasks of a document form): the item's index, else null. */
export function errorItem(error: unknown): number | null {
  const item = toErrorPayload(error).item;
  return typeof item === "number" ? item : null;
}
