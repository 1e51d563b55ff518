// The Tauri bridge replaced by spies for component tests (`vi.mock("…/api")` picks this up);
// each test sets the answers it needs.
import { vi } from "vitest";

export const appInfo = vi.fn();
export const listUnits = vi.fn();
export const listTasks = vi.fn();
export const createDemo = vi.fn();
export const cancelDemo = vi.fn();
export const onDemoProgress = vi.fn();
