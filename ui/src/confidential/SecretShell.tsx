// The confidential workstation's frame while the store is open, in the look of the normal
// shell: the header ("Máy tính mật", the clerk, "Khóa sổ"), the navigation (Alt+1…9), the
// screen and the status bar (network, idle lock, where the store is). Ctrl+L locks.
import { useEffect } from "react";
import type { AppInfo } from "../bindings/AppInfo";
import type { NetworkState } from "../bindings/NetworkState";
import type { Profile } from "../bindings/Profile";
import { formatDate } from "../format";
import { t, type MessageKey } from "../i18n";
import { AuditScreen } from "./AuditScreen";
import { NetworkStatus } from "./NetworkBanner";
import { CopyScreen } from "./registers/CopyScreen";
import { HandoverScreen } from "./registers/HandoverScreen";
import { ProtectionScreen } from "./registers/ProtectionScreen";
import { IncomingRegisterScreen, OutgoingRegisterScreen } from "./registers/RegisterScreen";
import { SecretSettingsScreen } from "./SecretSettingsScreen";
import { SecretStatsScreen } from "./SecretStatsScreen";
import { SecretTasksScreen } from "./SecretTasksScreen";

export type SecretScreen = "incoming" | "outgoing" | "handovers" | "copies" | "protection" | "tasks" | "stats" | "audit" | "settings";

/** The navigation in Alt+1…9 order. */
export const SECRET_NAV: readonly { screen: SecretScreen; label: MessageKey }[] = [
  { screen: "incoming", label: "secret.nav.incoming" },
  { screen: "outgoing", label: "secret.nav.outgoing" },
  { screen: "handovers", label: "secret.nav.handovers" },
  { screen: "copies", label: "secret.nav.copies" },
  { screen: "protection", label: "secret.nav.protection" },
  { screen: "tasks", label: "secret.nav.tasks" },
  { screen: "stats", label: "secret.nav.stats" },
  { screen: "audit", label: "secret.nav.audit" },
  { screen: "settings", label: "secret.nav.settings" },
];

type Props = {
  info: AppInfo;
  profile: Profile;
  network: NetworkState;
  idleMinutes: number;
  folder: string;
  screen: SecretScreen;
  onScreen: (screen: SecretScreen) => void;
  onLock: () => void;
};

export function SecretShell({ info, profile, network, idleMinutes, folder, screen, onScreen, onLock }: Props) {
  // Alt+1…9 switch screens; Ctrl+L locks the store.
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.altKey && !e.ctrlKey && !e.metaKey && /^[1-9]$/.test(e.key)) {
        const item = SECRET_NAV[Number(e.key) - 1];
        if (item) {
          e.preventDefault();
          onScreen(item.screen);
        }
        return;
      }
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "l") {
        e.preventDefault();
        onLock();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onScreen, onLock]);

  return (
    <div className="shell secret-shell" data-testid="secret-shell">
      <header className="shell__header secret-shell__header">
        <span className="shell__app">{t("app.name")}</span>
        <span className="secret-shell__badge">{t("secret.shell.title")}</span>
        <span className="shell__profile" data-testid="profile-name">
          <strong>{profile.person.full_name}</strong> · {t(`role.${profile.person.role}`)} · {profile.unit.name}
        </span>
        <button type="button" className="secret-shell__lock" title={t("secret.shell.lockHint")} onClick={onLock} data-testid="secret-lock">
          {t("secret.shell.lock")}
        </button>
      </header>
      <nav className="shell__nav" aria-label={t("nav.label")}>
        {SECRET_NAV.map((n, i) => (
          <button
            key={n.screen}
            type="button"
            className={"shell__nav-item" + (n.screen === screen ? " is-current" : "")}
            aria-current={n.screen === screen ? "page" : undefined}
            data-testid={`secret-nav-${n.screen}`}
            title={t("nav.shortcut", { n: i + 1 })}
            onClick={() => onScreen(n.screen)}
          >
            {t(n.label)}
          </button>
        ))}
        <p className="shell__shortcuts muted">{t("secret.shell.shortcuts")}</p>
      </nav>
      <main className="shell__main">
        {screen === "incoming" && <IncomingRegisterScreen />}
        {screen === "outgoing" && <OutgoingRegisterScreen />}
        {screen === "handovers" && <HandoverScreen />}
        {screen === "copies" && <CopyScreen />}
        {screen === "protection" && <ProtectionScreen />}
        {screen === "tasks" && <SecretTasksScreen />}
        {screen === "stats" && <SecretStatsScreen />}
        {screen === "audit" && <AuditScreen />}
        {screen === "settings" && <SecretSettingsScreen />}
      </main>
      <footer className="shell__status">
        <NetworkStatus network={network} />
        <span>{t("shell.today", { date: formatDate(info.today) })}</span>
        <span>{t("secret.shell.idle", { n: idleMinutes })}</span>
        <span className="muted shell__db" title={folder}>
          {t("secret.shell.folder", { folder })}
        </span>
        <span className="muted">{t("shell.version", { version: info.version })}</span>
      </footer>
    </div>
  );
}
