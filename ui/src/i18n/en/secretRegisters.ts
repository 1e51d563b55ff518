// English strings of the confidential workstation (secretRegisters) (merged into ../en.ts); same keys
// as ../vi/secretRegisters.ts.
import type { secretRegistersVi } from "../vi/secretRegisters";

export const secretRegistersEn: Record<keyof typeof secretRegistersVi, string> = {
};
