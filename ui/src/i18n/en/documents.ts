// English strings of the documents screens (merged into ../en.ts); same keys as ../vi/documents.ts.
import type { documentsVi } from "../vi/documents";

export const documentsEn: Record<keyof typeof documentsVi, string> = {};
