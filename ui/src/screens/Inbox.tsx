// Việc của đơn vị: a unit's work queues. New tasks can be accepted or returned right from
// the list; every row opens the task detail panel.
import { useMemo, useState } from "react";
import { applyAction } from "../api";
import type { RegisterQuery } from "../bindings/RegisterQuery";
import type { TaskRow } from "../bindings/TaskRow";
import type { WorkflowState } from "../bindings/WorkflowState";
import { ErrorBanner } from "../components/ErrorBanner";
import { ActionDialog } from "../components/TaskActions";
import { emptyQuery, QueueTabs, TaskList, useQueues, type Tab } from "../components/TaskList";
import { t } from "../i18n";
import { isUnit, useSession } from "../session";

type TabKey = "new" | "in_progress" | "submitted" | "done";

const TAB_STATES: Record<TabKey, WorkflowState> = {
  new: "assigned",
  in_progress: "in_progress",
  submitted: "submitted",
  done: "done",
};

const TAB_KEYS: readonly TabKey[] = ["new", "in_progress", "submitted", "done"];

/** The queries of the four tabs: the unit's tasks (its phòng included) in one state each. */
export function inboxQueries(unitId: string): Record<TabKey, RegisterQuery> {
  const of = (state: WorkflowState): RegisterQuery => ({
    ...emptyQuery(),
    unit_id: unitId,
    include_sub_units: true,
    states: [state],
    sort: "deadline",
  });
  return {
    new: of(TAB_STATES.new),
    in_progress: of(TAB_STATES.in_progress),
    submitted: of(TAB_STATES.submitted),
    done: of(TAB_STATES.done),
  };
}

export function Inbox() {
  const session = useSession();
  const unit = isUnit(session.profile);
  const unitId = session.profile.unit.id;
  const queries = useMemo(() => (unit ? inboxQueries(unitId) : null), [unit, unitId]);
  const queues = useQueues(queries, session.dataVersion);
  const [tab, setTab] = useState<TabKey>("new");
  const [returning, setReturning] = useState<TaskRow | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  if (!unit) {
    return (
      <div className="inbox" data-testid="inbox">
        <header className="screen-header">
          <h1>{t("inbox.title")}</h1>
        </header>
        <p className="queue-note muted" data-testid="inbox-not-unit">
          {t("inbox.onlyUnits")}
        </p>
      </div>
    );
  }

  async function accept(row: TaskRow) {
    setBusy(row.id);
    setError(null);
    try {
      // The list does not carry the task's version: the core checks the state itself.
      await applyAction(row.id, row.version, { type: "accept" });
      queues.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  const tabs: Tab<TabKey>[] = TAB_KEYS.map((key) => ({
    key,
    label: t(`inbox.tab.${key}`),
    count: queues.pages[key]?.total ?? null,
  }));

  return (
    <div className="inbox queue-screen" data-testid="inbox">
      <header className="screen-header">
        <h1>{t("inbox.title")}</h1>
        <span className="muted">{session.profile.unit.name}</span>
      </header>
      <ErrorBanner error={queues.error} onDismiss={queues.clearError} />
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <QueueTabs tabs={tabs} active={tab} onChange={setTab} label={t("inbox.title")} />
      <div className="queue-panel" role="tabpanel" aria-labelledby={`tab-${tab}`}>
        <TaskList
          page={queues.pages[tab]}
          rowTestId="inbox-row"
          emptyText={t(`inbox.empty.${tab}`)}
          onOpen={(row) => session.openTask(row.id)}
          onPage={(offset) => queues.setOffset(tab, offset)}
          rowActions={
            tab === "new"
              ? (row) => (
                  <span className="row-buttons">
                    <button
                      type="button"
                      className="button-primary"
                      data-testid="inbox-accept"
                      disabled={busy === row.id}
                      onClick={() => void accept(row)}
                    >
                      {t("task.action.accept")}
                    </button>
                    <button type="button" data-testid="inbox-return" disabled={busy === row.id} onClick={() => setReturning(row)}>
                      {t("task.action.return")}
                    </button>
                  </span>
                )
              : undefined
          }
        />
      </div>
      {returning && (
        <ActionDialog
          kind="return"
          taskId={returning.id}
          expectedVersion={returning.version}
          onClose={() => setReturning(null)}
          onDone={() => queues.reload()}
        />
      )}
    </div>
  );
}
