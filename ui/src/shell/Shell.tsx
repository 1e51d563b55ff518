// The window's frame once somebody uses the app: the navigation on the left (Alt+1…9),
// the header with the province and the person (switchable in the demo province), the
// screen, the task detail panel over it, and the status bar with the office sync. It owns
// the session that every screen reads, and reloads it when the back end reports a write.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { appInfo, getProfile, getSettings, listPeople, listUnits, onDataChanged, onSyncStatus, syncStatus } from "../api";
import type { AppInfo } from "../bindings/AppInfo";
import type { Person } from "../bindings/Person";
import type { Profile } from "../bindings/Profile";
import type { Settings } from "../bindings/Settings";
import type { SyncStatusView } from "../bindings/SyncStatusView";
import type { Unit } from "../bindings/Unit";
import { ErrorBanner } from "../components/ErrorBanner";
import { SyncIndicator } from "../components/SyncIndicator";
import { formatDate } from "../format";
import { t, type MessageKey } from "../i18n";
import { Documents } from "../screens/Documents";
import { HolidayCalendar } from "../screens/HolidayCalendar";
import { OfficeSettings } from "../screens/OfficeSettings";
import { Overview } from "../screens/Overview";
import { UnitDirectory } from "../screens/UnitDirectory";
import { Inbox } from "../screens/Inbox";
import { Register } from "../screens/Register";
import { Reports } from "../screens/Reports";
import { ReviewQueue } from "../screens/ReviewQueue";
import { SyncSettings } from "../screens/SyncSettings";
import { TaskDetail } from "../screens/TaskDetail";
import { isOffice, isUnit, SessionContext, type Screen, type Session } from "../session";
import { withPreset, type RegisterFilters } from "../state/filters";
import { runPerfScript } from "../perf";
import { ProfileSwitch } from "./ProfileSwitch";

/** `sync`: only on builds that sync (known once the back end has answered). */
type NavItem = { screen: Screen; label: MessageKey; shown: (p: Profile) => boolean; sync?: true };

/**
 * Who prints reports for signature: the office, leaders and admins any document, a unit's
 * staff their own unit's report and register (the back end enforces the same).
 */
function printsReports(profile: Profile): boolean {
  const role = profile.person.role;
  return role === "office" || role === "leader" || role === "admin" || role === "unit";
}

const NAV: NavItem[] = [
  { screen: "dashboard", label: "nav.dashboard", shown: () => true },
  { screen: "inbox", label: "nav.inbox", shown: isUnit },
  { screen: "review", label: "nav.review", shown: isOffice },
  { screen: "documents", label: "nav.documents", shown: () => true },
  { screen: "tasks", label: "nav.tasks", shown: () => true },
  { screen: "reports", label: "nav.reports", shown: printsReports },
  { screen: "calendar", label: "nav.calendar", shown: () => true },
  { screen: "units", label: "nav.units", shown: () => true },
  { screen: "settings", label: "nav.settings", shown: () => true },
  { screen: "sync", label: "nav.sync", shown: () => true, sync: true },
];

const SCREEN_KEY = "nhiemvu.shell.screen.v1";

/** Where a person starts: units at their inbox, everybody else at the overview. */
function startScreen(profile: Profile, perf = false): Screen {
  if (perf) return "tasks";
  const saved = window.localStorage.getItem(SCREEN_KEY) as Screen | null;
  if (saved && NAV.some((n) => n.screen === saved && n.shown(profile) && !n.sync)) return saved;
  return isUnit(profile) ? "inbox" : "dashboard";
}

type Props = {
  info: AppInfo;
  profile: Profile;
  units: Unit[];
  people: Person[];
  settings: Settings;
};

export function Shell(props: Props) {
  const [info, setInfo] = useState(props.info);
  const [profile, setProfileState] = useState(props.profile);
  const [units, setUnits] = useState(props.units);
  const [people, setPeople] = useState(props.people);
  const [settings, setSettings] = useState(props.settings);
  const [screen, setScreen] = useState<Screen>(() => startScreen(props.profile, props.info.perf));
  const [registerPreset, setRegisterPreset] = useState<{ filters: RegisterFilters; key: number } | null>(null);
  const [taskId, setTaskId] = useState<string | null>(null);
  const [dataVersion, setDataVersion] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [sync, setSync] = useState<SyncStatusView | null>(null);
  const syncAvailable = sync?.available === true;
  const syncAvailableRef = useRef(false);
  syncAvailableRef.current = syncAvailable;

  const reload = useCallback(() => {
    Promise.all([appInfo(), getProfile(), listUnits(), listPeople(), getSettings()]).then(
      ([i, p, u, pe, s]) => {
        setInfo(i);
        if (p) setProfileState(p);
        setUnits(u);
        setPeople(pe);
        setSettings(s);
      },
      (e: unknown) => setError(e),
    );
  }, []);

  // The office sync's status: asked once, then pushed by the back end. An answer that comes
  // after a pushed status is older than it and dropped. No answer means no sync UI.
  useEffect(() => {
    let unlisten: (() => void) | undefined;
    let live = true;
    let pushed = false;
    syncStatus().then(
      (s) => {
        if (live && !pushed) setSync(s);
      },
      () => {},
    );
    void onSyncStatus((s) => {
      pushed = true;
      setSync(s);
    }).then((u) => {
      if (live) unlisten = u;
      else u();
    });
    return () => {
      live = false;
      unlisten?.();
    };
  }, []);

  // Every write moves dataVersion (screens reload); changes to the tree, the settings or
  // the person also reload the session itself. A local write also adds to what the sync
  // has to send, so its counts are asked again.
  useEffect(() => {
    let unlisten: (() => void) | undefined;
    let live = true;
    void onDataChanged((change) => {
      setDataVersion((v) => v + 1);
      if (change === "units" || change === "settings" || change === "profile" || change === "demo") reload();
      if (syncAvailableRef.current) syncStatus().then((s) => live && setSync(s), () => {});
    }).then((u) => {
      if (live) unlisten = u;
      else u();
    });
    return () => {
      live = false;
      unlisten?.();
    };
  }, [reload]);

  const go = useCallback((next: Screen, filters?: Partial<RegisterFilters>) => {
    if (next === "tasks" && filters) setRegisterPreset((p) => ({ filters: withPreset(filters), key: (p?.key ?? 0) + 1 }));
    setScreen(next);
    setTaskId(null);
    try {
      window.localStorage.setItem(SCREEN_KEY, next);
    } catch {
      // not remembered
    }
  }, []);

  // Measurement mode: the bench's scripted session, once.
  useEffect(() => {
    if (props.info.perf) void runPerfScript();
  }, [props.info.perf]);

  const nav = useMemo(() => NAV.filter((n) => n.shown(profile) && (!n.sync || syncAvailable)), [profile, syncAvailable]);

  // Keyboard: Alt+1…9 switch screens; Ctrl+N a new document; Ctrl+Shift+N a new task.
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.altKey && !e.ctrlKey && /^[1-9]$/.test(e.key)) {
        const item = nav[Number(e.key) - 1];
        if (item) {
          e.preventDefault();
          go(item.screen);
        }
        return;
      }
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "n" && isOffice(profile)) {
        e.preventDefault();
        go("documents");
        const name = e.shiftKey ? "nhiemvu:new-task" : "nhiemvu:new-document";
        // After the documents screen has mounted and listens.
        setTimeout(() => window.dispatchEvent(new CustomEvent(name)), 0);
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [nav, go, profile]);

  const session: Session = {
    info,
    profile,
    units,
    people,
    settings,
    dataVersion,
    screen,
    go,
    openTask: setTaskId,
    reload,
  };

  function switched(p: Profile) {
    setProfileState(p);
    setTaskId(null);
    if (!NAV.some((n) => n.screen === screen && n.shown(p))) setScreen(startScreen(p));
    setDataVersion((v) => v + 1);
  }

  return (
    <SessionContext.Provider value={session}>
      <div className="shell">
        <header className="shell__header">
          <span className="shell__app">{t("app.name")}</span>
          {settings.province_name && <span className="shell__province">{t("shell.province", { name: settings.province_name })}</span>}
          {profile.demo && <span className="shell__demo">{t("shell.demo")}</span>}
          <span className="shell__profile" data-testid="profile-name">
            <strong>{profile.person.full_name}</strong> · {t(`role.${profile.person.role}`)} · {profile.unit.name}
          </span>
          <ProfileSwitch onSwitched={switched} />
        </header>
        <nav className="shell__nav" aria-label={t("nav.label")}>
          {nav.map((n, i) => (
            <button
              key={n.screen}
              type="button"
              className={"shell__nav-item" + (n.screen === screen ? " is-current" : "")}
              aria-current={n.screen === screen ? "page" : undefined}
              data-testid={`nav-${n.screen}`}
              title={t("nav.shortcut", { n: i + 1 })}
              onClick={() => go(n.screen)}
            >
              {t(n.label)}
            </button>
          ))}
          <p className="shell__shortcuts muted">{t("shell.shortcuts")}</p>
        </nav>
        <main className="shell__main">
          <ErrorBanner error={error} onDismiss={() => setError(null)} />
          {screen === "dashboard" && <Overview />}
          {screen === "documents" && <Documents />}
          {screen === "tasks" && (
            <Register key={registerPreset?.key ?? 0} initialFilters={registerPreset?.filters} />
          )}
          {screen === "reports" && <Reports />}
          {screen === "inbox" && <Inbox />}
          {screen === "review" && <ReviewQueue />}
          {screen === "calendar" && <HolidayCalendar />}
          {screen === "units" && <UnitDirectory />}
          {screen === "settings" && <OfficeSettings />}
          {screen === "sync" && <SyncSettings status={sync} onStatus={setSync} demo={profile.demo} />}
        </main>
        {taskId !== null && <TaskDetail key={taskId} taskId={taskId} onClose={() => setTaskId(null)} />}
        <footer className="shell__status">
          {syncAvailable ? (
            <SyncIndicator status={sync} today={info.today} onOpen={() => go("sync")} />
          ) : (
            <span className="muted">{t("shell.offline")}</span>
          )}
          <span>{t("shell.today", { date: formatDate(info.today) })}</span>
          <span className="muted shell__db" title={info.db_path}>
            {t("shell.dbPath", { path: info.db_path })}
          </span>
          <span className="muted">{t("shell.version", { version: info.version })}</span>
        </footer>
      </div>
    </SessionContext.Provider>
  );
}
