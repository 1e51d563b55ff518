// Vietnamese strings of the shell screens (merged into ../vi.ts).
export const shellVi = {} as const satisfies Record<string, string>;
