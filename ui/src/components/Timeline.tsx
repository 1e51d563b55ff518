// A task's history: the timeline of lifecycle events in Vietnamese (who, when, what), and
// the audited changes field by field. Instants come from the core in UTC and are shown in
// Vietnam time (UTC+7, no daylight saving) whatever the machine's time zone is.
import type { ReactNode } from "react";
import type { Attachment } from "../bindings/Attachment";
import type { AuditEntry } from "../bindings/AuditEntry";
import type { DocumentKind } from "../bindings/DocumentKind";
import type { TaskEvent } from "../bindings/TaskEvent";
import type { TimelineEntry } from "../bindings/TimelineEntry";
import type { Person } from "../bindings/Person";
import type { Unit } from "../bindings/Unit";
import type { WorkflowState } from "../bindings/WorkflowState";
import { formatDate, formatNumber, instantMs, VIETNAM_OFFSET_MS } from "../format";
import { t, type MessageKey } from "../i18n";
import { unitName, useSession } from "../session";

/** "2026-03-09T18:05:00Z" → "10/03/2026 01:05" (Vietnam time); unparsable text unchanged. */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return "";
  const ms = instantMs(iso);
  if (ms === null) return iso;
  // Shift explicitly and read the UTC fields, so the machine's zone plays no part.
  const v = new Date(ms + VIETNAM_OFFSET_MS);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(v.getUTCDate())}/${two(v.getUTCMonth() + 1)}/${v.getUTCFullYear()} ${two(v.getUTCHours())}:${two(v.getUTCMinutes())}`;
}

/** "23" + "2016/QĐ-UBND" → "23/2016/QĐ-UBND" (either part may be missing). */
export function fullNumber(number: string, symbol: string): string {
  if (number && symbol) return `${number}/${symbol}`;
  return number || symbol;
}

export function kindLabel(kind: DocumentKind): string {
  return t(`task.kind.${kind}`);
}

// ---- Timeline ------------------------------------------------------------------------

function Line({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="timeline__line">
      <span className="timeline__label">{label}:</span> <span className="timeline__text">{children}</span>
    </div>
  );
}

/** A labelled text, left out when empty. */
function TextLine({ label, text }: { label: MessageKey; text: string | null | undefined }) {
  if (!text || text.trim() === "") return null;
  return <Line label={t(label)}>{text}</Line>;
}

export function FileButton({ file, onOpen }: { file: Attachment; onOpen: (file: Attachment) => void }) {
  return (
    <span className="attachment">
      <span className="attachment__name">{file.file_name}</span>{" "}
      <span className="muted">({t("task.fileSize", { size: formatNumber(Math.max(1, Math.ceil(file.size / 1024))) })})</span>{" "}
      <button type="button" className="button-link" onClick={() => onOpen(file)} data-testid="open-attachment">
        {t("task.open")}
      </button>
    </span>
  );
}

/** The headline of one event, e.g. "Giao nhiệm vụ cho Sở Y tế". */
function eventTitle(event: TaskEvent, units: readonly Unit[]): string {
  const unit = (id: string) => unitName(units, id) || id;
  switch (event.type) {
    case "assigned":
      return t("task.event.assigned", { unit: unit(event.lead_unit_id) });
    case "accepted":
      return t("task.event.accepted");
    case "returned":
      return t("task.event.returned");
    case "reassigned":
      return t("task.event.reassigned", { from: unit(event.from_unit_id), to: unit(event.to_unit_id) });
    case "progress":
      return t("task.event.progress");
    case "result_submitted":
      return t("task.event.resultSubmitted");
    case "reviewed":
      return event.passed ? t("task.event.reviewedPassed") : t("task.event.reviewedFailed");
    case "extended":
      return t("task.event.extended", {
        from: event.from ? formatDate(event.from) : t("task.noDeadline"),
        to: formatDate(event.extension.new_deadline),
      });
    case "cancelled":
      return event.withdrawn ? t("task.event.withdrawn") : t("task.event.cancelled");
    case "extension_requested":
      return t("task.event.extensionRequested", { date: formatDate(event.proposed_deadline) });
    case "extension_refused":
      return t("task.event.extensionRefused");
  }
}

/** The reply document of a result report: "Công văn số 12/SYT-KH ngày 05/03/2026". */
export function replyDocument(report: { reply_kind: DocumentKind; reply_number: string; reply_symbol: string; reply_issued_on: string }): string {
  return t("task.replyDocument", {
    kind: kindLabel(report.reply_kind),
    number: fullNumber(report.reply_number, report.reply_symbol),
    date: formatDate(report.reply_issued_on),
  });
}

function EventBody({ event, onOpen }: { event: TaskEvent; onOpen: (file: Attachment) => void }) {
  switch (event.type) {
    case "returned":
      return <TextLine label="task.reason" text={event.reason} />;
    case "reassigned":
      return <TextLine label="task.note" text={event.note} />;
    case "progress":
      return (
        <>
          <TextLine label="task.progressText" text={event.text} />
          <TextLine label="task.difficulties" text={event.difficulties} />
          <TextLine label="task.proposals" text={event.proposals} />
          <TextLine label="task.delayReasons" text={event.delay_reasons} />
        </>
      );
    case "result_submitted":
      return (
        <>
          <Line label={t("task.reply")}>{replyDocument(event)}</Line>
          <TextLine label="task.replySummary" text={event.reply_summary} />
          <TextLine label="task.replySigner" text={event.reply_signer} />
          <Line label={t("task.outcome")}>{t(`task.outcome.${event.outcome}`)}</Line>
          {event.completed_on && <Line label={t("task.completedOn")}>{formatDate(event.completed_on)}</Line>}
          <TextLine label="task.explanation" text={event.explanation} />
          {event.attachment && (
            <Line label={t("task.file")}>
              <FileButton file={event.attachment} onOpen={onOpen} />
            </Line>
          )}
        </>
      );
    case "reviewed":
      return (
        <>
          <TextLine label="task.comment" text={event.comment} />
          {event.late && <div className="timeline__late">{t("task.reviewedLate")}</div>}
        </>
      );
    case "extended":
      return (
        <>
          <TextLine label="task.approvingDocument" text={event.extension.approving_document} />
          <TextLine label="task.reason" text={event.extension.reason} />
        </>
      );
    case "cancelled":
    case "extension_requested":
      return <TextLine label="task.reason" text={event.reason} />;
    case "extension_refused":
      return <TextLine label="task.comment" text={event.comment} />;
    case "assigned":
    case "accepted":
      return null;
  }
}

type TimelineProps = {
  entries: readonly TimelineEntry[];
  onOpenFile: (file: Attachment) => void;
};

/** The lifecycle events, oldest first, as the core sends them. */
export function Timeline({ entries, onOpenFile }: TimelineProps) {
  const { units } = useSession();
  if (entries.length === 0) return <p className="muted">{t("task.timeline.empty")}</p>;
  return (
    <ol className="timeline" data-testid="timeline">
      {entries.map((entry, i) => (
        <li key={i} className={`timeline__entry timeline__entry--${entry.event.type}`} data-testid="timeline-entry">
          <div className="timeline__head">
            <time dateTime={entry.at} className="timeline__when">
              {formatInstant(entry.at)}
            </time>{" "}
            <span className="timeline__who">{entry.actor_name ?? t("task.system")}</span>
          </div>
          <div className="timeline__title">{eventTitle(entry.event, units)}</div>
          <EventBody event={entry.event} onOpen={onOpenFile} />
        </li>
      ))}
    </ol>
  );
}

// ---- Audit history --------------------------------------------------------------------

export type FieldChange = { field: string; before: unknown; after: unknown };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The top-level fields whose values differ between two JSON objects, in the order they
 * appear. `version` is left out: it moves with every write and tells the reader nothing.
 */
export function auditChanges(before: unknown, after: unknown): FieldChange[] {
  const b = isObject(before) ? before : {};
  const a = isObject(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys
    .filter((k) => k !== "version" && JSON.stringify(b[k] ?? null) !== JSON.stringify(a[k] ?? null))
    .map((k) => ({ field: k, before: b[k] ?? null, after: a[k] ?? null }));
}

const FIELD_LABELS: Record<string, MessageKey> = {
  description: "task.field.description",
  follow_up_content: "task.field.follow_up_content",
  lead_unit_id: "task.field.lead_unit_id",
  coordinating_unit_ids: "task.field.coordinating_unit_ids",
  follow_up_officer_id: "task.field.follow_up_officer_id",
  director: "task.field.director",
  direction_notes: "task.field.direction_notes",
  original_deadline: "task.field.original_deadline",
  deadline: "task.field.deadline",
  must_report: "task.field.must_report",
  origin: "task.field.origin",
  classification: "task.field.classification",
  state: "task.field.state",
  assigned_at: "task.field.assigned_at",
  accepted_at: "task.field.accepted_at",
  completed_submitted_at: "task.field.completed_submitted_at",
  completed_reviewed_at: "task.field.completed_reviewed_at",
  cancelled_at: "task.field.cancelled_at",
  rejection_count: "task.field.rejection_count",
};

const ACTION_LABELS: Record<string, MessageKey> = {
  assign: "task.audit.assign",
  assigned: "task.audit.assign",
  accepted: "task.audit.accepted",
  returned: "task.audit.returned",
  reassigned: "task.audit.reassigned",
  progress: "task.audit.progress",
  result_submitted: "task.audit.result_submitted",
  reviewed: "task.audit.reviewed",
  extended: "task.audit.extended",
  cancelled: "task.audit.cancelled",
  extension_requested: "task.audit.extension_requested",
  extension_refused: "task.audit.extension_refused",
};

const WORKFLOW_STATES: readonly string[] = ["assigned", "returned", "in_progress", "submitted", "done", "cancelled"];

/** One audited value for people: names for ids, dd/mm/yyyy for dates, labels for states. */
export function auditValue(field: string, value: unknown, units: readonly Unit[], people: readonly Person[]): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return value ? t("task.yes") : t("task.no");
  if (typeof value === "number") return formatNumber(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return "—";
    return value.map((v) => auditValue(field, v, units, people)).join(", ");
  }
  if (typeof value === "string") {
    if (field.endsWith("unit_id") || field.endsWith("unit_ids")) return unitName(units, value) || value;
    if (field.endsWith("officer_id")) return people.find((p) => p.id === value)?.full_name ?? value;
    if (field === "state" && WORKFLOW_STATES.includes(value)) return t(`task.state.${value as WorkflowState}`);
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
    if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return formatInstant(value);
    return value;
  }
  return JSON.stringify(value);
}

/** Lịch sử thay đổi: who changed what and when, oldest first. */
export function AuditHistory({ entries }: { entries: readonly AuditEntry[] }) {
  const { units, people } = useSession();
  if (entries.length === 0) return <p className="muted">{t("task.audit.empty")}</p>;
  return (
    <ol className="audit" data-testid="audit">
      {entries.map((entry, i) => {
        const changes = auditChanges(entry.before, entry.after);
        const label = ACTION_LABELS[entry.action];
        return (
          <li key={i} className="audit__entry" data-testid="audit-entry">
            <div className="timeline__head">
              <time dateTime={entry.at} className="timeline__when">
                {formatInstant(entry.at)}
              </time>{" "}
              <span className="timeline__who">{entry.actor_name || t("task.system")}</span>{" "}
              <span className="audit__action">{label ? t(label) : entry.action}</span>
            </div>
            {entry.before === null || entry.before === undefined ? (
              <div className="muted">{t("task.audit.created")}</div>
            ) : (
              <ul className="audit__changes">
                {changes.map((c) => (
                  <li key={c.field}>
                    <span className="timeline__label">{FIELD_LABELS[c.field] ? t(FIELD_LABELS[c.field]) : c.field}:</span>{" "}
                    {auditValue(c.field, c.before, units, people)} → {auditValue(c.field, c.after, units, people)}
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}
