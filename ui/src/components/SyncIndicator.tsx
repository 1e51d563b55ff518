// The office sync in the status bar: where it stands in words (with an icon and a colour),
// what waits to be sent, what was refused, the open conflicts, and a warning when the
// server has records this PC cannot read or holds changes back. Clicking it opens the
// sync screen. Nothing at all on the offline build (`available: false`); before the office
// database is set up, "working on this PC" with a link to set it up.
import type { HeldBackView } from "../bindings/HeldBackView";
import type { SyncStatusView } from "../bindings/SyncStatusView";
import { formatDate, formatNumber } from "../format";
import { t, type MessageKey } from "../i18n";
import { formatInstant } from "./Timeline";

/** The Vietnam date and time of an instant ("09/03/2026", "14:05"), null if unparsable. */
function localParts(iso: string): { date: string; time: string } | null {
  const m = /^(\d{2}\/\d{2}\/\d{4}) (\d{2}:\d{2})$/.exec(formatInstant(iso));
  return m ? { date: m[1], time: m[2] } : null;
}

/** "14:05" for a sync today (Vietnam time), "14:05 ngày 09/03/2026" for another day. */
export function syncedAt(iso: string, today: string): string {
  const p = localParts(iso);
  if (!p) return t("sync.idle", { time: formatInstant(iso) });
  return p.date === formatDate(today) ? t("sync.idle", { time: p.time }) : t("sync.idleOn", { time: p.time, date: p.date });
}

/** "10:32" for an instant today (Vietnam time), "10:32 ngày 09/03/2026" for another day. */
export function clockTime(iso: string, today: string): string {
  const p = localParts(iso);
  if (!p) return formatInstant(iso);
  return p.date === formatDate(today) ? p.time : t("sync.timeOn", { time: p.time, date: p.date });
}

/** What the core says about a transaction holding the server back, in words. */
export function heldBackText(held: HeldBackView, today: string): string {
  const params = { time: clockTime(held.since, today), minutes: formatNumber(held.minutes) };
  return held.released ? t("sync.heldBackReleased", params) : t("sync.heldBack", params);
}

/** The warning badge's words: unreadable server records, changes held back; null if none. */
export function warningText(status: SyncStatusView): string | null {
  const parts: string[] = [];
  if (status.damaged.length > 0) parts.push(t("sync.damagedBadge", { count: formatNumber(status.damaged.length) }));
  if (status.held_back && !status.held_back.released) parts.push(t("sync.heldBackBadge"));
  return parts.length > 0 ? parts.join(" · ") : null;
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
  const warning = warningText(status);
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
      {warning && (
        <span className="sync-badge sync-badge--warning" data-testid="sync-warning">
          <span aria-hidden="true">⚠ </span>
          {warning}
        </span>
      )}
    </button>
  );
}
