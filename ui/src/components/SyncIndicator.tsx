// The office sync in the status bar: where it stands in words (with an icon and a colour),
// what waits to be sent, what was refused and the open conflicts. Clicking it opens the
// sync screen. Nothing at all on the offline build (`available: false`); before the office
// database is set up, "working on this PC" with a link to set it up.
import type { SyncStatusView } from "../bindings/SyncStatusView";
import { formatDate, formatNumber } from "../format";
import { t, type MessageKey } from "../i18n";
import { formatInstant } from "./Timeline";

/** "14:05" for a sync today (Vietnam time), "14:05 ngày 09/03/2026" for another day. */
export function syncedAt(iso: string, today: string): string {
  const shown = formatInstant(iso); // "dd/mm/yyyy HH:MM", or the text itself if unparsable
  const m = /^(\d{2}\/\d{2}\/\d{4}) (\d{2}:\d{2})$/.exec(shown);
  if (!m) return t("sync.idle", { time: shown });
  return m[1] === formatDate(today) ? t("sync.idle", { time: m[2] }) : t("sync.idleOn", { time: m[2], date: m[1] });
}

/** "12.345/100.000 nhiệm vụ" during the first download, else null. */
export function progressText(status: SyncStatusView): string | null {
  const p = status.progress;
  if (status.phase !== "syncing" || !p) return null;
  return t("sync.progress", { done: formatNumber(p.done), total: formatNumber(p.total) });
}

/** The phase in words, as the status bar says it. */
export function phaseText(status: SyncStatusView, today: string): string {
  switch (status.phase) {
    case "idle":
      return status.last_sync_at ? syncedAt(status.last_sync_at, today) : t("sync.never");
    case "syncing":
      return t("sync.syncing");
    case "offline":
      return t("sync.offline");
    case "error":
      return t("sync.error");
    case "off":
      return t("sync.off");
  }
}

/** What a refused mutation was, in words ("accept_task" → "Tiếp nhận"); unknown names as sent. */
export function mutationLabel(name: string): string {
  const key = `sync.mutation.${name}` as MessageKey;
  const text = t(key);
  return text === key ? name : text;
}

const ICONS: Record<SyncStatusView["phase"], string> = {
  idle: "✓",
  syncing: "↻",
  offline: "○",
  error: "⚠",
  off: "○",
};

type Props = {
  status: SyncStatusView | null;
  /** Today (ISO date) as the app counts it: a sync today shows only its time. */
  today: string;
  onOpen: () => void;
};

export function SyncIndicator({ status, today, onOpen }: Props) {
  if (!status || !status.available) return null;

  if (!status.configured) {
    return (
      <span className="sync-indicator sync-indicator--local" data-testid="sync-indicator" data-phase="local">
        <span className="muted">{t("sync.local")}</span>
        <button type="button" className="button-link sync-indicator__setup" onClick={onOpen}>
          {t("sync.setUp")}
        </button>
      </span>
    );
  }

  const { phase } = status;
  const progress = progressText(status);
  const tooltip =
    phase === "error" ? (status.last_error ?? t("sync.error")) : phase === "offline" ? t("sync.offlineHint") : t("sync.open");
  return (
    <button
      type="button"
      className={`sync-indicator sync-indicator--${phase}`}
      data-testid="sync-indicator"
      data-phase={phase}
      title={tooltip}
      onClick={onOpen}
    >
      <span className="sync-indicator__icon" aria-hidden="true">
        {ICONS[phase]}
      </span>
      <span className="sync-indicator__phase">{phaseText(status, today)}</span>
      {progress && <span className="sync-indicator__progress">{progress}</span>}
      {status.pending > 0 && (
        <span className="sync-indicator__pending">{t("sync.pending", { count: formatNumber(status.pending) })}</span>
      )}
      {status.rejected > 0 && (
        <span className="sync-badge sync-badge--rejected" data-testid="sync-rejected">
          {t("sync.rejected", { count: formatNumber(status.rejected) })}
        </span>
      )}
      {status.conflicts > 0 && (
        <span className="sync-badge sync-badge--conflicts" data-testid="sync-conflicts">
          {t("sync.conflicts", { count: formatNumber(status.conflicts) })}
        </span>
      )}
    </button>
  );
}
