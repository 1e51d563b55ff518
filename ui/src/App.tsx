import { useCallback, useEffect, useState } from "react";
import { appInfo, getProfile, getSettings, listPeople, listUnits } from "./api";
import type { AppInfo } from "./bindings/AppInfo";
import type { Person } from "./bindings/Person";
import type { Profile } from "./bindings/Profile";
import type { Settings } from "./bindings/Settings";
import type { Unit } from "./bindings/Unit";
import { ErrorBanner } from "./components/ErrorBanner";
import { t } from "./i18n";
import { ChoosePerson } from "./screens/ChoosePerson";
import { Welcome } from "./screens/Welcome";
import { Shell } from "./shell/Shell";

type Loaded = {
  info: AppInfo;
  profile: Profile | null;
  units: Unit[];
  people: Person[];
  settings: Settings;
};

async function loadAll(): Promise<Loaded> {
  const [info, profile, units, people, settings] = await Promise.all([
    appInfo(),
    getProfile(),
    listUnits(),
    listPeople(),
    getSettings(),
  ]);
  return { info, profile, units, people, settings };
}

/**
 * Chooses the screen: the welcome page for an empty database, "who are you" when the
 * database has people but this PC has no profile yet, otherwise the window's shell.
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
