// English strings of the admin screens (merged into ../en.ts); same keys as ../vi/admin.ts.
import type { adminVi } from "../vi/admin";

export const adminEn: Record<keyof typeof adminVi, string> = {};
