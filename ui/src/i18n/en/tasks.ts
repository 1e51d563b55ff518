// English strings of the tasks screens (merged into ../en.ts); same keys as ../vi/tasks.ts.
import type { tasksVi } from "../vi/tasks";

export const tasksEn: Record<keyof typeof tasksVi, string> = {};
