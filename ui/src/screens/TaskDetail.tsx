// The task detail panel over the right side of the screen: everything about one task, the
// actions this person may take, the timeline and the audited changes. It reloads after an
// action and whenever the back end reports a write; Esc closes it.
import { useCallback, useEffect, useState, type ReactNode } from "react";
import { openAttachment, taskDetail } from "../api";
import type { Attachment } from "../bindings/Attachment";
import type { TaskDetail as Detail } from "../bindings/TaskDetail";
import { ErrorBanner } from "../components/ErrorBanner";
import { TaskActions } from "../components/TaskActions";
import { AuditHistory, FileButton, formatInstant, fullNumber, kindLabel, Timeline } from "../components/Timeline";
import { formatDate, formatNumber } from "../format";
import { useSidePanel } from "../hooks/useSidePanel";
import { t } from "../i18n";
import { useSession } from "../session";

type Props = {
  taskId: string;
  onClose: () => void;
};

/** The red / orange class of a status, as in the register. */
export function statusClass(detail: Pick<Detail, "status" | "due_soon">): string {
  if (detail.status === "overdue") return "row-overdue";
  if (detail.due_soon) return "row-due-soon";
  return "";
}

/** "QC45_a": the task's origin and class. */
export function classificationCode(task: Detail["task"]): string {
  return `${task.origin.toUpperCase()}_${task.classification}`;
}

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </>
  );
}

/** Loads the detail of one task; `reload` asks again (after an action, a stale refusal). */
export function useTaskDetail(taskId: string | null, version: number) {
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (taskId === null) {
      setDetail(null);
      return;
    }
    let live = true;
    taskDetail(taskId).then(
      (d) => {
        if (!live) return;
        setDetail(d);
        setError(null);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [taskId, version, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  // A detail of another task is never shown while the next one loads.
  const current = detail !== null && detail.task.id === taskId ? detail : null;
  return { detail: current, error, reload, clearError: () => setError(null) };
}

export function TaskDetail({ taskId, onClose }: Props) {
  const session = useSession();
  const { detail, error, reload, clearError } = useTaskDetail(taskId, session.dataVersion);
  const [openError, setOpenError] = useState<unknown>(null);
  const panel = useSidePanel(onClose);

  function open(file: Attachment) {
    setOpenError(null);
    openAttachment(file).catch((e: unknown) => setOpenError(e));
  }

  const title = detail ? t("task.detail.title", { number: fullNumber(detail.document.number, detail.document.symbol) }) : t("task.detail.titleLoading");

  return (
    <aside
      ref={panel}
      className="task-detail"
      role="dialog"
      aria-label={title}
      tabIndex={-1}
      data-testid="task-detail"
    >
      <header className="task-detail__header">
        <h2>{title}</h2>
        <button type="button" className="dialog__close" onClick={onClose} aria-label={t("task.detail.close")} title={t("task.detail.closeHint")} data-testid="task-detail-close">
          ×
        </button>
      </header>
      <div className="task-detail__body">
        <ErrorBanner error={error} onDismiss={clearError} />
        {error !== null && detail === null && (
          <button type="button" onClick={reload}>
            {t("task.reload")}
          </button>
        )}
        {detail === null && error === null && <p className="muted">{t("task.loading")}</p>}
        {detail !== null && (
          <DetailBody
            detail={detail}
            onOpenFile={open}
            openError={openError}
            onDismissOpenError={() => setOpenError(null)}
            onDone={reload}
            onReload={reload}
          />
        )}
      </div>
    </aside>
  );
}

type BodyProps = {
  detail: Detail;
  onOpenFile: (file: Attachment) => void;
  openError: unknown;
  onDismissOpenError: () => void;
  onDone: () => void;
  onReload: () => void;
};

function DetailBody({ detail, onOpenFile, openError, onDismissOpenError, onDone, onReload }: BodyProps) {
  const { task, document: doc } = detail;
  const extended = task.original_deadline !== task.deadline;
  const files = [...doc.attachments, ...detail.result_files];
  const pending = detail.pending_extension;

  return (
    <>
      <p className="task-detail__description" data-testid="task-description">
        {task.description}
      </p>
      <div className="task-detail__status">
        <span className={`task-status ${statusClass(detail)}`} data-testid="task-status">
          {detail.status_label}
        </span>
        <span className="task-state" data-testid="task-state">
          {t(`task.state.${task.state}`)}
        </span>
        <span className="muted">{t("task.asOf", { date: formatDate(detail.as_of) })}</span>
      </div>

      <dl className="task-detail__fields">
        {task.follow_up_content && <Field label={t("task.followUpContent")}>{task.follow_up_content}</Field>}
        <Field label={t("task.document")} testId="task-document">
          <span>{t("task.documentLine", { kind: kindLabel(doc.kind), number: fullNumber(doc.number, doc.symbol), date: formatDate(doc.issued_on) })}</span>
          {doc.summary && <span className="task-detail__summary">{doc.summary}</span>}
        </Field>
        <Field label={t("task.leadUnit")} testId="task-lead-unit">
          {detail.lead_unit_name}
        </Field>
        {detail.coordinating_unit_names.length > 0 && (
          <Field label={t("task.coordinatingUnits")}>{detail.coordinating_unit_names.join(", ")}</Field>
        )}
        <Field label={t("task.followUpOfficer")}>{detail.follow_up_officer_name ?? <span className="muted">—</span>}</Field>
        {task.director && <Field label={t("task.director")}>{task.director}</Field>}
        {task.direction_notes && <Field label={t("task.directionNotes")}>{task.direction_notes}</Field>}
        <Field label={t("task.deadline")} testId="task-deadline">
          {task.deadline ? formatDate(task.deadline) : t("task.noDeadline")}
          {extended && (
            <span className="muted task-detail__original" data-testid="task-original-deadline">
              {" "}
              {t("task.originalDeadline", { date: task.original_deadline ? formatDate(task.original_deadline) : t("task.noDeadline") })}
            </span>
          )}
        </Field>
        <Field label={t("task.mustReport")}>{task.must_report ? t("task.yes") : t("task.no")}</Field>
        <Field label={t("task.classification")} testId="task-classification">
          {classificationCode(task)}
        </Field>
        {task.rejection_count > 0 && (
          <Field label={t("task.rejectionCount")} testId="task-rejections">
            {formatNumber(task.rejection_count)}
          </Field>
        )}
      </dl>

      {pending && (
        <section className="task-detail__pending" data-testid="pending-extension">
          <h3>{t("task.pending.title")}</h3>
          <p>
            {t("task.pending.line", { date: formatDate(pending.proposed_deadline), at: formatInstant(pending.requested_at) })}
          </p>
          {pending.reason && (
            <p>
              <span className="timeline__label">{t("task.reason")}:</span> {pending.reason}
            </p>
          )}
        </section>
      )}

      {files.length > 0 && (
        <section className="task-detail__files">
          <h3>{t("task.files")}</h3>
          <ul>
            {files.map((file, i) => (
              <li key={`${file.sha256}-${i}`}>
                <FileButton file={file} onOpen={onOpenFile} />
              </li>
            ))}
          </ul>
        </section>
      )}
      <ErrorBanner error={openError} onDismiss={onDismissOpenError} />

      <section className="task-detail__actions">
        <h3>{t("task.actions")}</h3>
        <TaskActions detail={detail} onDone={onDone} onReload={onReload} />
      </section>

      <section className="task-detail__timeline">
        <h3>{t("task.timeline.title")}</h3>
        <Timeline entries={detail.timeline} onOpenFile={onOpenFile} />
      </section>

      <section className="task-detail__audit">
        <h3>{t("task.audit.title")}</h3>
        <AuditHistory entries={detail.audit} />
      </section>
    </>
  );
}
