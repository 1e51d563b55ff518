// The only place that talks to the Rust back end. Components import these typed
// functions (tests mock this module); failures reject with an ErrorPayload.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type { AppInfo } from "./bindings/AppInfo";
import type { DemoProgress } from "./bindings/DemoProgress";
import type { ErrorPayload } from "./bindings/ErrorPayload";
import type { RegisterPage } from "./bindings/RegisterPage";
import type { RegisterQuery } from "./bindings/RegisterQuery";
import type { Unit } from "./bindings/Unit";
import { toErrorPayload } from "./errors";
import { t } from "./i18n";

function inTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  if (!inTauri()) {
    const payload: ErrorPayload = { code: "no_backend", message: t("error.noBackend") };
    throw payload;
  }
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw toErrorPayload(error);
  }
}

export function appInfo(): Promise<AppInfo> {
  return call<AppInfo>("app_info");
}

export function listUnits(): Promise<Unit[]> {
  return call<Unit[]>("list_units");
}

export function listTasks(query: RegisterQuery): Promise<RegisterPage> {
  return call<RegisterPage>("list_tasks", { query });
}

/** Creates the sample province; progress arrives through onDemoProgress. */
export function createDemo(tasks: number): Promise<AppInfo> {
  return call<AppInfo>("create_demo", { tasks });
}

export function cancelDemo(): Promise<null> {
  return call<null>("cancel_demo");
}

/** Subscribes to "demo-progress" events; resolves to the function that unsubscribes. */
export async function onDemoProgress(handler: (progress: DemoProgress) => void): Promise<() => void> {
  if (!inTauri()) return () => {};
  return listen<DemoProgress>("demo-progress", (event) => handler(event.payload));
}
