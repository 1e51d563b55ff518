// A session for component tests: an office user in a small province, overridable.
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { vi } from "vitest";
import type { Person } from "../bindings/Person";
import type { Profile } from "../bindings/Profile";
import type { Settings } from "../bindings/Settings";
import { SessionContext, type Session } from "../session";
import { INFO, UNITS } from "./fixtures";

export const PEOPLE: Person[] = [
  { id: "p-office", full_name: "Trần Thị Thu", unit_id: "u-office", role: "office", title: "Chuyên viên" },
  { id: "p-health", full_name: "Lê Văn Hùng", unit_id: "u-health", role: "unit", title: "Chuyên viên" },
  { id: "p-leader", full_name: "Nguyễn Văn Minh", unit_id: "u-office", role: "leader", title: "Phó Chủ tịch" },
];

export const OFFICE_PROFILE: Profile = {
  person: PEOPLE[0],
  unit: UNITS[0],
  demo: true,
};

export const UNIT_PROFILE: Profile = {
  person: PEOPLE[1],
  unit: UNITS[1],
  demo: true,
};

export const SETTINGS: Settings = {
  province_name: "Quảng Trị",
  issuing_body: "Văn phòng UBND tỉnh",
  due_soon_days: 3,
  tracked_classes: ["a", "b", "c", "d"],
  parent_body: "UBND TỈNH QUẢNG TRỊ",
  report_place: "Quảng Trị",
  signer_authority: "KT. CHÁNH VĂN PHÒNG",
  signer_title: "PHÓ CHÁNH VĂN PHÒNG",
  signer_name: "Nguyễn Văn Minh",
  report_symbol: "BC-VP",
  urging_symbol: "VP-TH",
  report_recipients: ["Chủ tịch, các PCT UBND tỉnh", "Lãnh đạo Văn phòng"],
  urging_recipients: ["Lãnh đạo Văn phòng"],
  filed: "VT, TH",
};

export function makeSession(overrides: Partial<Session> = {}): Session {
  return {
    info: INFO,
    profile: OFFICE_PROFILE,
    units: UNITS,
    people: PEOPLE,
    settings: SETTINGS,
    dataVersion: 0,
    screen: "dashboard",
    go: vi.fn(),
    openTask: vi.fn(),
    reload: vi.fn(),
    ...overrides,
  };
}

/** Renders `ui` inside a session; returns the render result and the session used. */
export function renderWithSession(ui: ReactElement, overrides: Partial<Session> = {}) {
  const session = makeSession(overrides);
  const result = render(<SessionContext.Provider value={session}>{ui}</SessionContext.Provider>);
  return { ...result, session };
}
