// First run, when the local database has no profile: open the sample province, create my
// office, or (builds with the office sync) connect this PC to an office that already has a
// shared database, wait for the first download, then go on as the logged-in person.
import { useEffect, useRef, useState } from "react";
import { cancelDemo, createDemo, createOffice, onDemoProgress, onSyncStatus, syncStatus } from "../api";
import type { AppInfo } from "../bindings/AppInfo";
import type { DemoProgress } from "../bindings/DemoProgress";
import type { NewOffice } from "../bindings/NewOffice";
import type { Profile } from "../bindings/Profile";
import type { Role } from "../bindings/Role";
import type { SyncStatusView } from "../bindings/SyncStatusView";
import { SelectField, TextField } from "../components/form";
import { useFormErrors } from "../hooks/useFormErrors";
import { ErrorBanner } from "../components/ErrorBanner";
import { ProgressBar } from "../components/ProgressBar";
import { errorCode } from "../errors";
import { formatNumber } from "../format";
import { t } from "../i18n";
import { SyncConnectForm } from "./SyncSettings";

export const DEMO_TASKS = 20000;

type Props = {
  info: AppInfo;
  /** The sample province is ready (the new AppInfo). */
  onReady: (info: AppInfo) => void;
  /** "Tạo cơ quan của tôi" succeeded: the person now using this PC. */
  onOfficeCreated?: (profile: Profile) => void;
  /**
   * "Kết nối cơ sở dữ liệu của Văn phòng": the first download has finished, the worker has
   * set this PC's profile; re-read it (the app moves on). Offered only when the build syncs.
   */
  onJoined?: () => void;
};

const OFFICE_FIELDS = ["province_name", "issuing_body", "unit_name", "full_name", "title", "role"];
const ROLES: Role[] = ["office", "unit", "leader", "admin", "confidential_clerk"];

/** First run of a real office: the province, my unit, my name and role. */
function CreateOfficeForm({ onCreated, disabled }: { onCreated: (p: Profile) => void; disabled: boolean }) {
  const [office, setOffice] = useState<NewOffice>({
    province_name: "",
    issuing_body: "Văn phòng UBND tỉnh",
    unit_name: "",
    full_name: "",
    title: "",
    role: "office",
  });
  const [saving, setSaving] = useState(false);
  const errors = useFormErrors();
  const set = (change: Partial<NewOffice>) => setOffice((o) => ({ ...o, ...change }));

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setSaving(true);
    errors.clear();
    try {
      onCreated(await createOffice(office));
    } catch (err) {
      errors.show(err, (field) => OFFICE_FIELDS.includes(field));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="welcome__office" onSubmit={(e) => void submit(e)} data-testid="office-form" noValidate>
      <h2>{t("welcome.officeTitle")}</h2>
      <ErrorBanner error={errors.banner} onDismiss={errors.clearBanner} />
      <div className="form-grid">
        <TextField id="office-province" label={t("welcome.province")} required value={office.province_name} onChange={(v) => set({ province_name: v })} error={errors.fields.province_name} placeholder={t("welcome.provinceHint")} />
        <TextField id="office-issuing-body" label={t("welcome.issuingBody")} required value={office.issuing_body} onChange={(v) => set({ issuing_body: v })} error={errors.fields.issuing_body} />
        <TextField id="office-unit" label={t("welcome.unit")} required value={office.unit_name} onChange={(v) => set({ unit_name: v })} error={errors.fields.unit_name} />
        <TextField id="office-name" label={t("welcome.fullName")} required value={office.full_name} onChange={(v) => set({ full_name: v })} error={errors.fields.full_name} />
        <TextField id="office-title" label={t("welcome.personTitle")} value={office.title} onChange={(v) => set({ title: v })} error={errors.fields.title} />
        <SelectField
          id="office-role"
          label={t("welcome.role")}
          required
          value={office.role ?? ""}
          onChange={(v) => set({ role: v === "" ? null : (v as Role) })}
          options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
          error={errors.fields.role}
        />
      </div>
      <div className="form-actions">
        <span className="muted">{t("form.required")}</span>
        <button type="submit" className="button-primary" disabled={saving || disabled} data-testid="office-create">
          {saving ? t("form.saving") : t("welcome.officeButton")}
        </button>
      </div>
    </form>
  );
}

// ---- Joining an office that already has a shared database ---------------------------

/** The first download is over (the worker sets the profile before it says so). */
function downloaded(status: SyncStatusView): boolean {
  return status.last_sync_at !== null || status.phase === "idle";
}

type JoinStep =
  | { step: "form" }
  | { step: "waiting"; login: string | null }
  | { step: "failed"; message: string | null };

/**
 * The connection form, then "Đang tải dữ liệu của Văn phòng…" with the download's progress
 * until a `sync-status` says it is done (→ `onJoined`); an error leads back to the form.
 */
function JoinOffice({ onJoined, onBack }: { onJoined: () => void; onBack: () => void }) {
  const [join, setJoin] = useState<JoinStep>({ step: "form" });
  const [latest, setLatest] = useState<SyncStatusView | null>(null);
  const stepRef = useRef<JoinStep["step"]>("form");
  // A download that finished while the form was still waiting for syncConfigure's answer.
  const doneEarly = useRef(false);
  const onJoinedRef = useRef(onJoined);
  onJoinedRef.current = onJoined;

  const go = (next: JoinStep) => {
    stepRef.current = next.step;
    setJoin(next);
  };

  useEffect(() => {
    let unlisten: (() => void) | undefined;
    let gone = false;
    onSyncStatus((status) => {
      const step = stepRef.current;
      if (step === "failed") return;
      setLatest(status);
      if (downloaded(status)) {
        if (step === "waiting") onJoinedRef.current();
        else doneEarly.current = true;
      } else if (status.phase === "error" && step === "waiting") {
        go({ step: "failed", message: status.last_error });
      }
    }).then(
      (stop) => {
        if (gone) stop();
        else unlisten = stop;
      },
      () => {},
    );
    return () => {
      gone = true;
      unlisten?.();
    };
  }, []);

  function connected(status: SyncStatusView) {
    go({ step: "waiting", login: status.login });
    if (doneEarly.current) {
      doneEarly.current = false;
      onJoinedRef.current();
    }
  }

  function retry() {
    doneEarly.current = false;
    setLatest(null);
    go({ step: "form" });
  }

  if (join.step === "form") {
    return (
      <section className="welcome__join" data-testid="join-form">
        <h2>{t("welcome.joinFormTitle")}</h2>
        <p>{t("welcome.joinFormIntro")}</p>
        <SyncConnectForm onConnected={connected} onCancel={onBack} />
      </section>
    );
  }

  if (join.step === "failed") {
    return (
      <section className="welcome__join" data-testid="join-failed">
        <h2>{t("welcome.joinFailed")}</h2>
        <ErrorBanner error={{ code: "sync", message: join.message ?? t("sync.error") }} />
        <div className="form-actions">
          <button type="button" className="button-primary" autoFocus onClick={retry}>
            {t("app.retry")}
          </button>
        </div>
      </section>
    );
  }

  const progress = latest?.progress ?? null;
  const offline = latest?.phase === "offline";
  return (
    <section className="welcome__join" data-testid="join-waiting" aria-busy="true">
      <h2>{t("welcome.joinWaiting")}</h2>
      <p>{t("welcome.joinWaitingHint")}</p>
      {join.login && <p className="muted">{t("welcome.joinLogin", { login: join.login })}</p>}
      <div className="welcome__progress" role="status">
        {progress ? (
          <ProgressBar
            value={progress.done}
            max={progress.total}
            label={t("sync.progress", { done: formatNumber(progress.done), total: formatNumber(progress.total) })}
          />
        ) : (
          <p className="muted">{t("welcome.joinStarting")}</p>
        )}
      </div>
      {offline && (
        <p className="notice" data-testid="join-offline">
          {t("welcome.joinOffline")}
          {latest?.last_error && <> ({latest.last_error})</>}
        </p>
      )}
    </section>
  );
}

/** Whether this build can sync (false on the offline build, or when the core cannot say). */
function useSyncAvailable(wanted: boolean): boolean {
  const [available, setAvailable] = useState(false);
  useEffect(() => {
    if (!wanted) return;
    let gone = false;
    syncStatus().then(
      (status) => !gone && setAvailable(status.available),
      () => {},
    );
    return () => {
      gone = true;
    };
  }, [wanted]);
  return wanted && available;
}

type Phase = "idle" | "running" | "cancelling";

export function Welcome({ info, onReady, onOfficeCreated, onJoined }: Props) {
  const [phase, setPhase] = useState<Phase>("idle");
  const [joining, setJoining] = useState(false);
  const canJoin = useSyncAvailable(onJoined !== undefined);
  const joinButton = useRef<HTMLButtonElement>(null);
  // Back from the connection form: focus where the user left.
  const backFromJoin = useRef(false);
  useEffect(() => {
    if (!joining && backFromJoin.current) {
      backFromJoin.current = false;
      joinButton.current?.focus();
    }
  }, [joining]);
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

  if (joining && onJoined) {
    return (
      <main className="welcome">
        <div className="welcome__card">
          <h1>{t("welcome.title")}</h1>
          <JoinOffice
            onJoined={onJoined}
            onBack={() => {
              backFromJoin.current = true;
              setJoining(false);
            }}
          />
          <p className="welcome__db muted">{t("welcome.dbPath", { path: info.db_path })}</p>
        </div>
      </main>
    );
  }

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
        {canJoin && (
          <>
            <p className="welcome__or">{t("welcome.or")}</p>
            <section className="welcome__join" data-testid="join-choice">
              <h2>{t("welcome.joinTitle")}</h2>
              <p>{t("welcome.joinHint")}</p>
              <button
                type="button"
                ref={joinButton}
                className="button-primary"
                data-testid="join-button"
                disabled={busy}
                onClick={() => setJoining(true)}
              >
                {t("welcome.joinButton")}
              </button>
            </section>
          </>
        )}
        {onOfficeCreated && (
          <>
            <p className="welcome__or">{t("welcome.or")}</p>
            <CreateOfficeForm onCreated={onOfficeCreated} disabled={busy} />
          </>
        )}
        <p className="welcome__db muted">{t("welcome.dbPath", { path: info.db_path })}</p>
      </div>
    </main>
  );
}
