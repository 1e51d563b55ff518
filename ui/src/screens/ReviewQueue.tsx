// Chờ Văn phòng xử lý: the office's queues. Choosing a row shows the task beside what the
// unit sent (its latest result report and progress, its reason for returning the task, or
// its extension request) with the decision buttons of that queue.
import { useMemo, useState, type ReactNode } from "react";
import { openAttachment } from "../api";
import type { Attachment } from "../bindings/Attachment";
import type { RegisterQuery } from "../bindings/RegisterQuery";
import type { TaskDetail } from "../bindings/TaskDetail";
import type { TaskEvent } from "../bindings/TaskEvent";
import { ErrorBanner } from "../components/ErrorBanner";
import { TaskActions, type ActionKind } from "../components/TaskActions";
import { emptyQuery, QueueTabs, TaskList, useQueues, type Tab } from "../components/TaskList";
import { FileButton, formatInstant, fullNumber, replyDocument } from "../components/Timeline";
import { formatDate } from "../format";
import { t } from "../i18n";
import { isOffice, useSession } from "../session";
import { statusClass, useTaskDetail } from "./TaskDetail";

type TabKey = "submitted" | "returned" | "extension";

const TAB_KEYS: readonly TabKey[] = ["submitted", "returned", "extension"];

/** The decisions each queue offers. */
const TAB_ACTIONS: Record<TabKey, readonly ActionKind[]> = {
  submitted: ["review_pass", "review_fail"],
  returned: ["reassign"],
  extension: ["approve_extension", "refuse_extension"],
};

export function reviewQueries(): Record<TabKey, RegisterQuery> {
  return {
    submitted: { ...emptyQuery(), states: ["submitted"] },
    returned: { ...emptyQuery(), states: ["returned"] },
    extension: { ...emptyQuery(), extension_requested: true },
  };
}

/** The newest timeline event of one type, with when and by whom. */
export function lastEvent<T extends TaskEvent["type"]>(detail: TaskDetail, type: T) {
  for (let i = detail.timeline.length - 1; i >= 0; i--) {
    const entry = detail.timeline[i];
    if (entry.event.type === type) return { ...entry, event: entry.event as Extract<TaskEvent, { type: T }> };
  }
  return null;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  if (children === null || children === undefined || children === "") return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function UnitSide({ tab, detail, onOpenFile }: { tab: TabKey; detail: TaskDetail; onOpenFile: (file: Attachment) => void }) {
  if (tab === "returned") {
    const returned = lastEvent(detail, "returned");
    return (
      <section className="review__unit" data-testid="review-returned">
        <h3>{t("review.returnedTitle")}</h3>
        {returned ? (
          <dl className="task-detail__fields">
            <Row label={t("review.when")}>{`${formatInstant(returned.at)} · ${returned.actor_name ?? t("task.system")}`}</Row>
            <Row label={t("task.reason")}>{returned.event.reason}</Row>
          </dl>
        ) : (
          <p className="muted">{t("review.noReason")}</p>
        )}
      </section>
    );
  }
  if (tab === "extension") {
    const pending = detail.pending_extension;
    return (
      <section className="review__unit" data-testid="review-extension">
        <h3>{t("review.extensionTitle")}</h3>
        {pending ? (
          <dl className="task-detail__fields">
            <Row label={t("review.when")}>{formatInstant(pending.requested_at)}</Row>
            <Row label={t("review.proposedDeadline")}>{formatDate(pending.proposed_deadline)}</Row>
            <Row label={t("task.reason")}>{pending.reason}</Row>
          </dl>
        ) : (
          <p className="muted">{t("review.noExtension")}</p>
        )}
      </section>
    );
  }
  const result = lastEvent(detail, "result_submitted");
  const progress = lastEvent(detail, "progress");
  return (
    <section className="review__unit" data-testid="review-report">
      <h3>{t("review.reportTitle")}</h3>
      {result ? (
        <dl className="task-detail__fields">
          <Row label={t("review.when")}>{`${formatInstant(result.at)} · ${result.actor_name ?? t("task.system")}`}</Row>
          <Row label={t("task.reply")}>{replyDocument(result.event)}</Row>
          <Row label={t("task.replySummary")}>{result.event.reply_summary}</Row>
          <Row label={t("task.replySigner")}>{result.event.reply_signer}</Row>
          <Row label={t("task.outcome")}>{t(`task.outcome.${result.event.outcome}`)}</Row>
          <Row label={t("task.completedOn")}>{result.event.completed_on ? formatDate(result.event.completed_on) : null}</Row>
          <Row label={t("task.explanation")}>{result.event.explanation}</Row>
          <Row label={t("task.file")}>{result.event.attachment ? <FileButton file={result.event.attachment} onOpen={onOpenFile} /> : null}</Row>
        </dl>
      ) : (
        <p className="muted">{t("review.noReport")}</p>
      )}
      {progress && (
        <>
          <h4>{t("review.progressTitle", { at: formatInstant(progress.at) })}</h4>
          <dl className="task-detail__fields" data-testid="review-progress">
            <Row label={t("task.progressText")}>{progress.event.text}</Row>
            <Row label={t("task.difficulties")}>{progress.event.difficulties}</Row>
            <Row label={t("task.proposals")}>{progress.event.proposals}</Row>
            <Row label={t("task.delayReasons")}>{progress.event.delay_reasons}</Row>
          </dl>
        </>
      )}
    </section>
  );
}

export function ReviewQueue() {
  const session = useSession();
  const office = isOffice(session.profile);
  const queries = useMemo(() => (office ? reviewQueries() : null), [office]);
  const queues = useQueues(queries, session.dataVersion);
  const [tab, setTab] = useState<TabKey>("submitted");
  const [selected, setSelected] = useState<string | null>(null);
  const { detail, error, reload, clearError } = useTaskDetail(selected, session.dataVersion);
  const [openError, setOpenError] = useState<unknown>(null);

  if (!office) {
    return (
      <div className="review-queue" data-testid="review-queue">
        <header className="screen-header">
          <h1>{t("review.title")}</h1>
        </header>
        <p className="queue-note muted" data-testid="review-not-office">
          {t("review.onlyOffice")}
        </p>
      </div>
    );
  }

  function open(file: Attachment) {
    setOpenError(null);
    openAttachment(file).catch((e: unknown) => setOpenError(e));
  }

  const tabs: Tab<TabKey>[] = TAB_KEYS.map((key) => ({
    key,
    label: t(`review.tab.${key}`),
    count: queues.pages[key]?.total ?? null,
  }));

  return (
    <div className="review-queue queue-screen" data-testid="review-queue">
      <header className="screen-header">
        <h1>{t("review.title")}</h1>
      </header>
      <ErrorBanner error={queues.error} onDismiss={queues.clearError} />
      <QueueTabs
        tabs={tabs}
        active={tab}
        label={t("review.title")}
        onChange={(key) => {
          setTab(key);
          setSelected(null);
        }}
      />
      <div className="queue-panel" role="tabpanel" aria-labelledby={`tab-${tab}`}>
        <TaskList
          page={queues.pages[tab]}
          rowTestId="review-row"
          emptyText={t(`review.empty.${tab}`)}
          selectedId={selected}
          onOpen={(row) => setSelected(row.id)}
          onPage={(offset) => queues.setOffset(tab, offset)}
        />
      </div>
      {selected !== null && (
        <div className="review" data-testid="review-compare">
          <ErrorBanner error={error} onDismiss={clearError} />
          <ErrorBanner error={openError} onDismiss={() => setOpenError(null)} />
          {detail === null ? (
            error === null && <p className="muted">{t("task.loading")}</p>
          ) : (
            <>
              <div className="review__sides">
                <section className="review__task" data-testid="review-task">
                  <h3>{t("review.taskTitle")}</h3>
                  <p className="task-detail__description">{detail.task.description}</p>
                  <dl className="task-detail__fields">
                    <Row label={t("task.document")}>{fullNumber(detail.document.number, detail.document.symbol)}</Row>
                    <Row label={t("task.leadUnit")}>{detail.lead_unit_name}</Row>
                    <Row label={t("task.deadline")}>{detail.task.deadline ? formatDate(detail.task.deadline) : t("task.noDeadline")}</Row>
                    <Row label={t("task.status")}>
                      <span className={`task-status ${statusClass(detail)}`} data-testid="review-status">
                        {detail.status_label}
                      </span>
                    </Row>
                  </dl>
                  <button type="button" className="button-link" onClick={() => session.openTask(detail.task.id)} data-testid="review-open-detail">
                    {t("review.openDetail")}
                  </button>
                </section>
                <UnitSide tab={tab} detail={detail} onOpenFile={open} />
              </div>
              <TaskActions
                detail={detail}
                only={TAB_ACTIONS[tab]}
                onReload={reload}
                onDone={() => {
                  // The task has left this queue.
                  setSelected(null);
                  queues.reload();
                }}
              />
            </>
          )}
        </div>
      )}
    </div>
  );
}
