// English strings of the dashboard screens (merged into ../en.ts); same keys as ../vi/dashboard.ts.
import type { dashboardVi } from "../vi/dashboard";

export const dashboardEn: Record<keyof typeof dashboardVi, string> = {};
