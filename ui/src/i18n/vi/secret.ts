// Vietnamese strings of the confidential workstation (secret) (merged into ../vi.ts).
export const secretVi = {
} as const satisfies Record<string, string>;
