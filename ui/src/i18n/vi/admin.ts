// Vietnamese strings of the admin screens (merged into ../vi.ts).
export const adminVi = {} as const satisfies Record<string, string>;
