// Vietnamese strings of the confidential workstation (secretRegisters) (merged into ../vi.ts).
export const secretRegistersVi = {
} as const satisfies Record<string, string>;
