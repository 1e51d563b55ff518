import { useCallback, useEffect, useState } from "react";
import { appInfo } from "./api";
import type { AppInfo } from "./bindings/AppInfo";
import { ErrorBanner } from "./components/ErrorBanner";
import { t } from "./i18n";
import { Register } from "./screens/Register";
import { Welcome } from "./screens/Welcome";

/** Chooses the screen: the welcome page for an empty database, otherwise the register. */
export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    setError(null);
    appInfo().then(setInfo, (e: unknown) => setError(e));
  }, []);

  useEffect(load, [load]);

  if (info === null) {
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
  if (info.task_count === 0) return <Welcome info={info} onReady={setInfo} />;
  return <Register info={info} />;
}
