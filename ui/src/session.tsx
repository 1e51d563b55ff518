// What every screen of the window shares: who is using the app, the unit tree, people,
// settings, today's date, a counter that moves whenever the back end reports a write, and
// navigation (which screen, the task detail panel, a register opened with given filters).
import { createContext, useContext } from "react";
import type { AppInfo } from "./bindings/AppInfo";
import type { Person } from "./bindings/Person";
import type { Profile } from "./bindings/Profile";
import type { Settings } from "./bindings/Settings";
import type { Unit } from "./bindings/Unit";
import type { RegisterFilters } from "./state/filters";

export type Screen =
  | "dashboard"
  | "documents"
  | "tasks"
  | "reports"
  | "inbox"
  | "review"
  | "calendar"
  | "settings"
  | "units"
  | "sync";

export type Session = {
  info: AppInfo;
  profile: Profile;
  units: Unit[];
  people: Person[];
  settings: Settings;
  /** Increments after every write reported by the back end: screens reload on change. */
  dataVersion: number;
  screen: Screen;
  /** Switches screen; for "tasks", `filters` replaces the register's filters. */
  go: (screen: Screen, filters?: Partial<RegisterFilters>) => void;
  /** Opens the task detail panel over the current screen. */
  openTask: (taskId: string) => void;
  /** Reloads units, people, settings and the profile (after admin changes). */
  reload: () => void;
};

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside of SessionContext");
  return session;
}

/** Whether the person acts for the office (Văn phòng or the administrator). */
export function isOffice(profile: Profile): boolean {
  return profile.person.role === "office" || profile.person.role === "admin";
}

/** Whether the person acts for a unit (cán bộ đơn vị). */
export function isUnit(profile: Profile): boolean {
  return profile.person.role === "unit";
}

/** The unit's name by id ("" when unknown). */
export function unitName(units: readonly Unit[], id: string | null | undefined): string {
  if (!id) return "";
  return units.find((u) => u.id === id)?.name ?? "";
}
