// English strings of the confidential workstation (secret) (merged into ../en.ts); same keys
// as ../vi/secret.ts.
import type { secretVi } from "../vi/secret";

export const secretEn: Record<keyof typeof secretVi, string> = {
};
