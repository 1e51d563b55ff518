// Đồng bộ với Văn phòng: connecting this PC to the office database (address and password,
// tested before anything is kept; the password goes to the OS keychain), then where the
// sync stands, "sync now", disconnecting (the local data stays), what is wrong on the
// server's side (records this PC cannot read, changes held back by an open transaction),
// and the changes the office database refused, each to be marked as read.
import { useCallback, useEffect, useState, type FormEvent, type KeyboardEvent } from "react";
import { syncAcknowledge, syncConfigure, syncDisconnect, syncNow, syncRejections, syncStatus } from "../api";
import type { RejectionView } from "../bindings/RejectionView";
import type { SyncStatusView } from "../bindings/SyncStatusView";
import { Dialog } from "../components/Dialog";
import { ErrorBanner } from "../components/ErrorBanner";
import { TextField } from "../components/form";
import { ProgressBar } from "../components/ProgressBar";
import { heldBackText, mutationLabel, phaseText } from "../components/SyncIndicator";
import { formatInstant } from "../components/Timeline";
import { formatNumber } from "../format";
import { useFormErrors } from "../hooks/useFormErrors";
import { t } from "../i18n";
import { useSession } from "../session";

type Props = {
  /** The shell's sync status (null until the first answer). */
  status: SyncStatusView | null;
  /** A newer status (after connecting, disconnecting or marking as read). */
  onStatus: (status: SyncStatusView) => void;
  /** This PC shows the sample province: connecting replaces its sample data. */
  demo?: boolean;
};

export function SyncSettings({ status, onStatus, demo = false }: Props) {
  return (
    <div className="directory-screen sync-screen" data-testid="sync-screen">
      <header className="screen-header">
        <h1>{t("sync.title")}</h1>
      </header>
      <div className="directory-body">
        {status === null ? (
          <p className="muted">{t("app.loading")}</p>
        ) : status.configured ? (
          <Connected status={status} onStatus={onStatus} />
        ) : (
          <SetupForm onStatus={onStatus} demo={demo} />
        )}
        {status !== null && <ServerWarnings status={status} />}
        {status !== null && <Rejections status={status} onStatus={onStatus} />}
      </div>
    </div>
  );
}

// ---- Not configured: the connection form ---------------------------------------------

function SetupForm({ onStatus, demo }: { onStatus: (status: SyncStatusView) => void; demo: boolean }) {
  return (
    <section className="sync-setup">
      <h2>{t("sync.setupTitle")}</h2>
      <p>{t("sync.setupIntro")}</p>
      {demo && (
        <p className="notice" role="note" data-testid="sync-demo-notice">
          {t("sync.demoNotice")}
        </p>
      )}
      <SyncConnectForm onConnected={onStatus} />
    </section>
  );
}

const SETUP_FIELDS = ["url", "password"];

type ConnectFormProps = {
  /** The connection was tested and kept: the status `syncConfigure` answered. */
  onConnected: (status: SyncStatusView) => void;
  /**
   * Where Esc (and a "Quay lại" button) leads, e.g. back to the first-run choices. Without
   * it Esc clears the form.
   */
  onCancel?: () => void;
};

/**
 * The office database's address and password, tested by `syncConfigure` before anything
 * is kept (the sync screen, and the first run of a PC joining the office). Enter connects.
 */
export function SyncConnectForm({ onConnected, onCancel }: ConnectFormProps) {
  const [url, setUrl] = useState("");
  const [password, setPassword] = useState("");
  const [connecting, setConnecting] = useState(false);
  const errors = useFormErrors();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (connecting) return;
    errors.clear();
    let bad = false;
    if (url.trim() === "") {
      errors.setField("url", t("sync.urlRequired"));
      bad = true;
    }
    if (password === "") {
      errors.setField("password", t("sync.passwordRequired"));
      bad = true;
    }
    if (bad) return;
    setConnecting(true);
    try {
      const next = await syncConfigure({ url: url.trim(), password });
      setPassword("");
      onConnected(next);
    } catch (error) {
      errors.show(error, (field) => SETUP_FIELDS.includes(field));
    } finally {
      setConnecting(false);
    }
  }

  // Esc goes back when there is somewhere to go, else clears the form (nothing is kept
  // until the connection has been tested).
  function onKeyDown(e: KeyboardEvent) {
    if (e.key !== "Escape" || connecting) return;
    e.preventDefault();
    if (onCancel) {
      onCancel();
      return;
    }
    setUrl("");
    setPassword("");
    errors.clear();
  }

  return (
    <form onSubmit={submit} onKeyDown={onKeyDown} noValidate className="sync-form" data-testid="sync-form">
      <ErrorBanner error={errors.banner} onDismiss={errors.clearBanner} />
      <TextField
        id="sync-url"
        label={t("sync.url")}
        required
        autoFocus
        maxLength={500}
        value={url}
        placeholder={t("sync.urlPlaceholder")}
        hint={t("sync.urlHint")}
        disabled={connecting}
        error={errors.fields.url}
        onChange={(v) => {
          setUrl(v);
          errors.setField("url", null);
        }}
      />
      <TextField
        id="sync-password"
        type="password"
        label={t("sync.password")}
        required
        maxLength={500}
        value={password}
        hint={t("sync.passwordHint")}
        disabled={connecting}
        error={errors.fields.password}
        onChange={(v) => {
          setPassword(v);
          errors.setField("password", null);
        }}
      />
      <div className="form-actions">
        <span className="muted">{onCancel ? t("sync.formHintBack") : t("sync.formHint")}</span>
        {onCancel && (
          <button type="button" disabled={connecting} onClick={onCancel}>
            {t("sync.back")}
          </button>
        )}
        <button type="submit" className="button-primary" disabled={connecting}>
          {connecting ? t("sync.connecting") : t("sync.connect")}
        </button>
      </div>
    </form>
  );
}

// ---- Configured: where the sync stands -----------------------------------------------

function Row({ label, value, testId }: { label: string; value: string | null; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value !== null && value !== "" ? value : <span className="muted">{t("sync.none")}</span>}</dd>
    </>
  );
}

function Connected({ status, onStatus }: { status: SyncStatusView; onStatus: (status: SyncStatusView) => void }) {
  const session = useSession();
  const [requesting, setRequesting] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [disconnecting, setDisconnecting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function syncNowClicked() {
    if (requesting) return;
    setError(null);
    setRequesting(true);
    try {
      await syncNow();
    } catch (e) {
      setError(e);
    } finally {
      setRequesting(false);
    }
  }

  async function disconnect() {
    if (disconnecting) return;
    setDisconnecting(true);
    setError(null);
    try {
      const next = await syncDisconnect();
      setConfirming(false);
      onStatus(next);
    } catch (e) {
      setConfirming(false);
      setError(e);
    } finally {
      setDisconnecting(false);
    }
  }

  const phase = phaseText(status, session.info.today);
  const progress = status.phase === "syncing" ? status.progress : null;
  return (
    <section className="sync-connected" data-testid="sync-connected">
      <h2>{t("sync.connectedTitle")}</h2>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {status.keychain_notice && (
        <div className="info-box" role="note" data-testid="keychain-notice">
          {status.keychain_notice}
        </div>
      )}
      <dl className="sync-details">
        <Row label={t("sync.address")} value={status.url} testId="sync-url" />
        <Row label={t("sync.login")} value={status.login} testId="sync-login" />
        <dt>{t("sync.phase")}</dt>
        <dd data-testid="sync-phase">
          <span className={`sync-phase sync-phase--${status.phase}`}>{phase}</span>
        </dd>
        <Row label={t("sync.lastSync")} value={status.last_sync_at ? formatInstant(status.last_sync_at) : null} />
        <Row label={t("sync.pendingLabel")} value={formatNumber(status.pending)} testId="sync-pending" />
        <Row label={t("sync.rejectedLabel")} value={formatNumber(status.rejected)} testId="sync-rejected-count" />
        <Row label={t("sync.conflictsLabel")} value={formatNumber(status.conflicts)} testId="sync-conflicts-count" />
        {status.last_error && <Row label={t("sync.lastError")} value={status.last_error} testId="sync-last-error" />}
      </dl>
      {progress && (
        <div className="sync-progress">
          <ProgressBar
            value={progress.done}
            max={progress.total}
            label={t("sync.progressLabel", { done: formatNumber(progress.done), total: formatNumber(progress.total) })}
          />
        </div>
      )}
      <div className="form-actions sync-actions">
        <button type="button" onClick={() => setConfirming(true)}>
          {t("sync.disconnect")}
        </button>
        <button
          type="button"
          className="button-primary"
          disabled={requesting || status.phase === "syncing"}
          onClick={() => void syncNowClicked()}
        >
          {t("sync.syncNow")}
        </button>
      </div>
      {confirming && (
        <Dialog title={t("sync.disconnectTitle")} onClose={() => !disconnecting && setConfirming(false)} testId="disconnect-dialog">
          <p>{t("sync.disconnectText")}</p>
          {status.pending > 0 && <p>{t("sync.disconnectPending", { count: formatNumber(status.pending) })}</p>}
          <div className="form-actions">
            <button type="button" disabled={disconnecting} onClick={() => setConfirming(false)}>
              {t("form.cancel")}
            </button>
            <button type="button" className="button-primary" disabled={disconnecting} onClick={() => void disconnect()}>
              {disconnecting ? t("sync.disconnecting") : t("sync.disconnect")}
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}

// ---- What is wrong on the server's side ----------------------------------------------

function ServerWarnings({ status }: { status: SyncStatusView }) {
  const session = useSession();
  const held = status.held_back;
  if (status.damaged.length === 0 && !held) return null;
  return (
    <section className="sync-warnings" data-testid="sync-warnings">
      {held && (
        // A note, not an alert: its minutes change with every status and would be read out
        // again each time.
        <div
          className={held.released ? "info-box" : "warning-box"}
          role="note"
          data-testid="sync-held-back"
          data-released={held.released ? "true" : "false"}
        >
          {heldBackText(held, session.info.today)}
        </div>
      )}
      {status.damaged.length > 0 && (
        <>
          <h2>{t("sync.damagedTitle")}</h2>
          <p className="warning-box" role="note" data-testid="sync-damaged-intro">
            {t("sync.damagedIntro")}
          </p>
          <table className="directory-table damaged-table">
            <thead>
              <tr>
                <th scope="col">{t("sync.damaged.col.what")}</th>
                <th scope="col">{t("sync.damaged.col.reason")}</th>
                <th scope="col">{t("sync.damaged.col.since")}</th>
              </tr>
            </thead>
            <tbody>
              {status.damaged.map((d, i) => (
                <tr key={`${d.entity}-${i}`} data-testid="damaged" data-entity={d.entity}>
                  <td>{d.label}</td>
                  <td className="damaged-reason">{d.reason}</td>
                  <td className="num damaged-since">{formatInstant(d.first_seen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

// ---- The refused changes -------------------------------------------------------------

function Rejections({ status, onStatus }: { status: SyncStatusView; onStatus: (status: SyncStatusView) => void }) {
  const [rows, setRows] = useState<RejectionView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(() => {
    syncRejections().then(
      (list) => {
        setRows(list);
        setError(null);
      },
      (e: unknown) => setError(e),
    );
  }, []);

  // Reloaded when the count of unread refusals moves (a sync brought new ones).
  useEffect(load, [load, status.rejected]);

  async function acknowledge(id: string) {
    if (busy) return;
    setBusy(id);
    setError(null);
    try {
      await syncAcknowledge(id);
      setRows((list) => list?.map((r) => (r.id === id ? { ...r, acknowledged: true } : r)) ?? list);
      // The status bar's count of unread refusals.
      syncStatus().then(onStatus, () => {});
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  // Before the office is set up there is nothing to show unless something was refused.
  if (!status.configured && (rows === null || rows.length === 0)) return null;

  return (
    <section className="sync-rejections" data-testid="sync-rejections">
      <h2>{t("sync.rejectionsTitle")}</h2>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {rows === null ? (
        <p className="muted">{t("sync.rejectionsLoading")}</p>
      ) : rows.length === 0 ? (
        <p className="muted">{t("sync.rejectionsNone")}</p>
      ) : (
        <>
          <p className="muted">{t("sync.rejectionsIntro")}</p>
          <table className="directory-table rejection-table">
            <thead>
              <tr>
                <th scope="col">{t("sync.col.when")}</th>
                <th scope="col">{t("sync.col.what")}</th>
                <th scope="col">{t("sync.col.reason")}</th>
                <th scope="col">
                  <span className="sr-only">{t("sync.acknowledge")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr
                  key={r.id}
                  className={r.acknowledged ? "is-acknowledged" : undefined}
                  data-testid="rejection"
                  data-acknowledged={r.acknowledged ? "true" : "false"}
                >
                  <td className="num">{formatInstant(r.created_at)}</td>
                  <td>{mutationLabel(r.name)}</td>
                  <td className="rejection-reason">{r.reason}</td>
                  <td className="rejection-ack">
                    {r.acknowledged ? (
                      <span className="muted">
                        <span aria-hidden="true">✓ </span>
                        {t("sync.acknowledged")}
                      </span>
                    ) : (
                      <button type="button" disabled={busy !== null} onClick={() => void acknowledge(r.id)}>
                        {t("sync.acknowledge")}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
