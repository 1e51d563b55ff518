import { useCallback, useEffect, useState } from "react";
import { appInfo, getProfile, getSettings, listPeople, listUnits } from "./api";
import type { AppInfo } from "./bindings/AppInfo";
import type { Person } from "./bindings/Person";
import type { Profile } from "./bindings/Profile";
import type { SecretStatus } from "./bindings/SecretStatus";
import type { Settings } from "./bindings/Settings";
import type { Unit } from "./bindings/Unit";
import { ErrorBanner } from "./components/ErrorBanner";
import { ConfidentialApp } from "./confidential/ConfidentialApp";
import { t } from "./i18n";
import { ChoosePerson } from "./screens/ChoosePerson";
import { Welcome } from "./screens/Welcome";
import { secretStatus } from "./secretApi";
import { Shell } from "./shell/Shell";

type Loaded = {
  info: AppInfo;
  profile: Profile | null;
  units: Unit[];
  people: Person[];
  settings: Settings;
  /** The confidential store's status; null when the back end does not answer (not the workstation). */
  secret: SecretStatus | null;
};

/** The workstation's status, or null: any failure means the normal window. */
function loadSecret(): Promise<SecretStatus | null> {
  return Promise.resolve()
    .then(secretStatus)
    .then(
      (s) => s ?? null,
      () => null,
    );
}

async function loadAll(): Promise<Loaded> {
  const [info, profile, units, people, settings, secret] = await Promise.all([
    appInfo(),
    getProfile(),
    listUnits(),
    listPeople(),
    getSettings(),
    loadSecret(),
  ]);
  return { info, profile, units, people, settings, secret };
}

/**
 * Chooses the screen: the welcome page for an empty database, "who are you" when the
 * database has people but this PC has no profile yet, otherwise the window's shell — or, on
 * the confidential workstation, its own (ConfidentialApp).
 */
export function App() {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    setError(null);
    loadAll().then(setLoaded, (e: unknown) => setError(e));
  }, []);

  useEffect(load, [load]);

  if (loaded === null) {
    return (
      <main className="loading-screen">
        {error !== null ? (
          <>
            <ErrorBanner error={error} />
            <button type="button" onClick={load}>
              {t("app.retry")}
            </button>
          </>
        ) : (
          <p className="muted">{t("app.loading")}</p>
        )}
      </main>
    );
  }
  const { info, profile } = loaded;
  if (!profile) {
    if (info.unit_count === 0) return <Welcome info={info} onReady={load} onOfficeCreated={load} onJoined={load} />;
    return <ChoosePerson people={loaded.people} units={loaded.units} onChosen={load} />;
  }
  if (loaded.secret?.enabled === true) {
    return (
      <ConfidentialApp
        key={profile.person.id}
        info={info}
        profile={profile}
        units={loaded.units}
        people={loaded.people}
        settings={loaded.settings}
        status={loaded.secret}
      />
    );
  }
  return (
    <Shell
      key={profile.person.id}
      info={info}
      profile={profile}
      units={loaded.units}
      people={loaded.people}
      settings={loaded.settings}
    />
  );
}
