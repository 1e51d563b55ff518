// Vietnamese strings of the tasks screens (merged into ../vi.ts).
export const tasksVi = {} as const satisfies Record<string, string>;
