// "Thêm nhiệm vụ": more tasks for a document already in the register. The same task list
// and error handling as the registration form; everything typed stays on a refused save.
import { useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { addTasks } from "../api";
import type { Document } from "../bindings/Document";
import type { Task } from "../bindings/Task";
import { errorField, errorItem, errorMessage } from "../errors";
import { fieldKey, useFormErrors } from "../hooks/useFormErrors";
import { t } from "../i18n";
import { Dialog } from "./Dialog";
import { ErrorBanner } from "./ErrorBanner";
import { isTaskField, taskFieldId, TaskFieldsList, useTaskList } from "./TaskFields";

type Props = {
  document: Pick<Document, "id" | "number" | "symbol">;
  onClose: () => void;
  onSaved: (tasks: Task[]) => void;
};

/** "23/2016/QĐ-UBND" from its number and symbol (either may be empty). */
export function documentNumber(doc: Pick<Document, "number" | "symbol">): string {
  if (doc.number !== "" && doc.symbol !== "") return `${doc.number}/${doc.symbol}`;
  return doc.number !== "" ? doc.number : doc.symbol;
}

export function AddTasksDialog({ document, onClose, onSaved }: Props) {
  const errors = useFormErrors();
  const tasks = useTaskList(errors);
  const [saving, setSaving] = useState(false);
  const busy = useRef(false);

  async function submit() {
    if (busy.current) return;
    errors.clear();
    if (!tasks.checkDates()) {
      const index = tasks.drafts.findIndex((d) => !d.deadlineValid);
      window.document.getElementById(taskFieldId(index, "deadline"))?.focus();
      return;
    }
    busy.current = true;
    setSaving(true);
    try {
      const saved = await addTasks(document.id, tasks.payload());
      onSaved(saved);
      onClose();
    } catch (err) {
      const count = tasks.drafts.length;
      const field = errorField(err);
      // With a single task, a message naming a task field can only be about that task.
      const item = errorItem(err) ?? (count === 1 ? 0 : null);
      if (field !== null && isTaskField(field) && item !== null && item >= 0 && item < count) {
        errors.clear();
        errors.setField(fieldKey(field, item), errorMessage(err));
        window.document.getElementById(taskFieldId(item, field))?.focus();
      } else {
        errors.show(err, () => false);
      }
    } finally {
      busy.current = false;
      setSaving(false);
    }
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void submit();
  }

  function onKeyDown(e: KeyboardEvent<HTMLFormElement>) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !e.defaultPrevented) {
      e.preventDefault();
      void submit();
    }
  }

  return (
    <Dialog
      title={t("doc.addTasks.title", { number: documentNumber(document) })}
      onClose={onClose}
      wide
      testId="add-tasks-dialog"
    >
      <form className="document-form" noValidate onSubmit={onSubmit} onKeyDown={onKeyDown}>
        <ErrorBanner error={errors.banner} onDismiss={errors.clearBanner} />
        <TaskFieldsList list={tasks} errors={errors} />
        <div className="form-actions">
          <span className="muted">{t("doc.form.hint")}</span>
          <button type="button" onClick={onClose}>
            {t("doc.form.cancel")}
          </button>
          <button type="submit" className="button-primary" disabled={saving} data-testid="save-tasks">
            {saving ? t("doc.form.saving") : t("doc.addTasks.save")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
