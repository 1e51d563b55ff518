// What the confidential screens share while the store is open: the store's settings, today,
// the unit directory (names of units are not secret), and the way back to the unlock screen
// when a command finds the store locked (it locks itself when idle).
import { createContext, useContext } from "react";
import type { SecretSettings } from "../bindings/SecretSettings";
import type { Unit } from "../bindings/Unit";
import { errorCode } from "../errors";

export type Secret = {
  /** The open store's settings (idle lock, export, expiry warning). */
  settings: SecretSettings;
  /** After the settings were saved. */
  setSettings: (settings: SecretSettings) => void;
  /** Today in Vietnam time (ISO date). */
  today: string;
  units: Unit[];
  /** The store is locked: back to the unlock screen (with the back end's message, if any). */
  onLocked: (error?: unknown) => void;
  /** True, after going back to the unlock screen, when `error` says the store is locked. */
  checkLocked: (error: unknown) => boolean;
};

export const SecretContext = createContext<Secret | null>(null);

export function useSecret(): Secret {
  const secret = useContext(SecretContext);
  if (!secret) throw new Error("useSecret outside of SecretContext");
  return secret;
}

/** Whether a failed command was refused because the store is locked. */
export function isLocked(error: unknown): boolean {
  return errorCode(error) === "locked";
}
