// Vietnamese strings of the dashboard screens (merged into ../vi.ts).
export const dashboardVi = {} as const satisfies Record<string, string>;
