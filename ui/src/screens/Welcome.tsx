import { useState } from "react";
import { cancelDemo, createDemo, onDemoProgress } from "../api";
import type { AppInfo } from "../bindings/AppInfo";
import type { DemoProgress } from "../bindings/DemoProgress";
import { ErrorBanner } from "../components/ErrorBanner";
import { ProgressBar } from "../components/ProgressBar";
import { errorCode } from "../errors";
import { formatNumber } from "../format";
import { t } from "../i18n";

export const DEMO_TASKS = 20000;

type Props = {
  info: AppInfo;
  /** The sample province is ready (the new AppInfo). */
  onReady: (info: AppInfo) => void;
};

type Phase = "idle" | "running" | "cancelling";

export function Welcome({ info, onReady }: Props) {
  const [phase, setPhase] = useState<Phase>("idle");
  const [progress, setProgress] = useState<DemoProgress | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function start() {
    setPhase("running");
    setProgress(null);
    setError(null);
    setNotice(null);
    let unlisten: (() => void) | undefined;
    try {
      unlisten = await onDemoProgress((p) => setProgress(p));
      const result = await createDemo(DEMO_TASKS);
      unlisten?.();
      unlisten = undefined;
      onReady(result);
    } catch (e) {
      if (errorCode(e) === "cancelled") setNotice(t("welcome.cancelled"));
      else setError(e);
      setPhase("idle");
    } finally {
      unlisten?.();
    }
  }

  function cancel() {
    setPhase("cancelling");
    cancelDemo().catch((e: unknown) => setError(e));
  }

  const shown = progress ?? { done: 0, total: DEMO_TASKS };
  const busy = phase !== "idle";

  return (
    <main className="welcome">
      <div className="welcome__card">
        <h1>{t("welcome.title")}</h1>
        <p>{t("welcome.intro")}</p>
        <p>{t("welcome.empty")}</p>
        <p>{t("welcome.demoHint", { count: formatNumber(DEMO_TASKS) })}</p>
        <ErrorBanner error={error} onDismiss={() => setError(null)} />
        {notice && <p className="notice" role="status">{notice}</p>}
        {!busy && (
          <button type="button" className="button-primary" data-testid="demo-button" onClick={() => void start()}>
            {t("welcome.demoButton")}
          </button>
        )}
        {busy && (
          <div className="welcome__progress">
            <ProgressBar
              value={shown.done}
              max={shown.total}
              label={t("welcome.progress", { done: formatNumber(shown.done), total: formatNumber(shown.total) })}
            />
            <button type="button" onClick={cancel} disabled={phase === "cancelling"}>
              {phase === "cancelling" ? t("welcome.cancelling") : t("welcome.cancel")}
            </button>
          </div>
        )}
        <p className="welcome__db muted">{t("welcome.dbPath", { path: info.db_path })}</p>
      </div>
    </main>
  );
}
