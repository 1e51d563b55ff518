// Vietnamese strings of the documents screens (merged into ../vi.ts).
export const documentsVi = {} as const satisfies Record<string, string>;
