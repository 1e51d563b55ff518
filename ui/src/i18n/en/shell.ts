// English strings of the shell screens (merged into ../en.ts); same keys as ../vi/shell.ts.
import type { shellVi } from "../vi/shell";

export const shellEn: Record<keyof typeof shellVi, string> = {};
