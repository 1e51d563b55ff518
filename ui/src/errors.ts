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
    return { code, message: error.message };
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
