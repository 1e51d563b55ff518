// Entering the tasks of a directive document: the fields of one task (TaskFields), and the
// list of them with add/remove (useTaskList + TaskFieldsList) shared by the registration form
// and "Thêm nhiệm vụ". Values are kept exactly as typed; only the payload turns empty
// optional text into null. Errors arrive keyed "field@index" (see fieldKey).
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { NewTask } from "../bindings/NewTask";
import type { Unit } from "../bindings/Unit";
import type { FormErrors } from "../hooks/useFormErrors";
import { fieldKey } from "../hooks/useFormErrors";
import { t } from "../i18n";
import { unitName, useSession } from "../session";
import { CheckboxField, DateInput, SelectField, TextField } from "./form";
import { UnitPicker } from "./UnitPicker";

/** The NewTask fields the core may name in an error (Rust names). */
export const TASK_FIELDS = [
  "description",
  "follow_up_content",
  "lead_unit_id",
  "coordinating_unit_ids",
  "follow_up_officer_id",
  "director",
  "direction_notes",
  "deadline",
  "must_report",
] as const;
export type TaskField = (typeof TASK_FIELDS)[number];

export function isTaskField(field: string): field is TaskField {
  return (TASK_FIELDS as readonly string[]).includes(field);
}

const FIELD_IDS: Record<TaskField, string> = {
  description: "description",
  follow_up_content: "follow-up-content",
  lead_unit_id: "lead-unit",
  coordinating_unit_ids: "coordinating-units",
  follow_up_officer_id: "officer",
  director: "director",
  direction_notes: "direction-notes",
  deadline: "deadline",
  must_report: "must-report",
};

/** The element id of a task's control ("task-1-deadline"); the end-to-end test relies on it. */
export function taskFieldId(index: number, field: TaskField): string {
  return `task-${index}-${FIELD_IDS[field]}`;
}

export function emptyTask(): NewTask {
  return {
    description: "",
    follow_up_content: "",
    lead_unit_id: null,
    coordinating_unit_ids: [],
    follow_up_officer_id: null,
    director: null,
    direction_notes: "",
    deadline: null,
    must_report: false,
  };
}

/** What is sent for a task: blank optional text becomes null, the lead never coordinates. */
export function toNewTask(task: NewTask): NewTask {
  const director = task.director !== null && task.director.trim() !== "" ? task.director : null;
  return {
    ...task,
    director,
    coordinating_unit_ids: task.coordinating_unit_ids.filter((id) => id !== task.lead_unit_id),
  };
}

/** The coordinating units chosen so far, each with a button that takes it off. */
export function CoordinatingChips({ units, unitIds, onRemove }: { units: readonly Unit[]; unitIds: readonly string[]; onRemove: (unitId: string) => void }) {
  if (unitIds.length === 0) return null;
  return (
    <ul className="unit-chips" aria-label={t("doc.taskForm.coordinating")}>
      {unitIds.map((unitId) => {
        const name = unitName(units, unitId) || unitId;
        return (
          <li key={unitId} className="filter-chip">
            {name}
            <button type="button" aria-label={t("doc.taskForm.removeUnit", { name })} onClick={() => onRemove(unitId)}>
              ×
            </button>
          </li>
        );
      })}
    </ul>
  );
}

type Props = {
  index: number;
  value: NewTask;
  onChange: (value: NewTask) => void;
  /** Messages per field of this task (Rust field names). */
  errors: Partial<Record<string, string>>;
  /** Whether the typed deadline is a real date (an invalid one blocks the save). */
  onDeadlineValidity?: (valid: boolean) => void;
  /** Shown as a button when the list has more than one task. */
  onRemove?: () => void;
};

export function TaskFields({ index, value, onChange, errors, onDeadlineValidity, onRemove }: Props) {
  const session = useSession();
  const officers = useMemo(() => session.people.filter((p) => p.role === "office"), [session.people]);
  const set = (patch: Partial<NewTask>) => onChange({ ...value, ...patch });
  const id = (field: TaskField) => taskFieldId(index, field);
  const n = index + 1;

  return (
    <fieldset className="task-fields" data-testid={`task-${index}`}>
      <legend>{t("doc.taskForm.heading", { n })}</legend>
      {onRemove && (
        <button
          type="button"
          className="button-link task-fields__remove"
          onClick={onRemove}
          aria-label={t("doc.taskForm.removeLabel", { n })}
          data-testid={`remove-task-${index}`}
        >
          {t("doc.taskForm.remove")}
        </button>
      )}
      <div className="form-grid">
        <TextField
          id={id("description")}
          className="span-all"
          label={t("doc.taskForm.description")}
          required
          multiline
          rows={3}
          value={value.description}
          onChange={(description) => set({ description })}
          error={errors.description}
        />
        <TextField
          id={id("follow_up_content")}
          className="span-all"
          label={t("doc.taskForm.followUpContent")}
          multiline
          rows={2}
          value={value.follow_up_content}
          onChange={(follow_up_content) => set({ follow_up_content })}
          error={errors.follow_up_content}
        />
        <div className="span-2">
          <UnitPicker
            id={id("lead_unit_id")}
            testId={id("lead_unit_id")}
            label={t("doc.taskForm.leadUnit")}
            required
            units={session.units}
            value={value.lead_unit_id}
            onChange={(lead_unit_id) =>
              set({
                lead_unit_id,
                // The lead unit cannot also coordinate.
                coordinating_unit_ids: value.coordinating_unit_ids.filter((u) => u !== lead_unit_id),
              })
            }
            error={errors.lead_unit_id}
          />
        </div>
        <div className="span-2 coordinating-units">
          <UnitPicker
            id={id("coordinating_unit_ids")}
            testId={id("coordinating_unit_ids")}
            label={t("doc.taskForm.coordinating")}
            placeholder={t("doc.taskForm.addCoordinating")}
            units={session.units}
            value={null}
            exclude={[...(value.lead_unit_id ? [value.lead_unit_id] : []), ...value.coordinating_unit_ids]}
            onChange={(unitId) => {
              if (unitId !== null) set({ coordinating_unit_ids: [...value.coordinating_unit_ids, unitId] });
            }}
            error={errors.coordinating_unit_ids}
          />
          <CoordinatingChips
            units={session.units}
            unitIds={value.coordinating_unit_ids}
            onRemove={(unitId) => set({ coordinating_unit_ids: value.coordinating_unit_ids.filter((u) => u !== unitId) })}
          />
        </div>
        <SelectField
          id={id("follow_up_officer_id")}
          label={t("doc.taskForm.officer")}
          placeholder={t("doc.taskForm.noOfficer")}
          value={value.follow_up_officer_id ?? ""}
          options={officers.map((p) => ({ value: p.id, label: p.full_name }))}
          onChange={(v) => set({ follow_up_officer_id: v === "" ? null : v })}
          error={errors.follow_up_officer_id}
        />
        <TextField
          id={id("director")}
          label={t("doc.taskForm.director")}
          value={value.director ?? ""}
          onChange={(v) => set({ director: v === "" ? null : v })}
          error={errors.director}
        />
        <DateInput
          id={id("deadline")}
          label={t("doc.taskForm.deadline")}
          hint={t("doc.taskForm.deadlineHint")}
          value={value.deadline}
          onChange={(iso, valid) => {
            onDeadlineValidity?.(valid);
            // An invalid text keeps the last good value, so the typed text is not replaced.
            if (valid) set({ deadline: iso });
          }}
          error={errors.deadline}
        />
        <CheckboxField
          id={id("must_report")}
          label={t("doc.taskForm.mustReport")}
          checked={value.must_report}
          onChange={(must_report) => set({ must_report })}
          error={errors.must_report}
        />
        <TextField
          id={id("direction_notes")}
          className="span-all"
          label={t("doc.taskForm.directionNotes")}
          multiline
          rows={2}
          value={value.direction_notes}
          onChange={(direction_notes) => set({ direction_notes })}
          error={errors.direction_notes}
        />
      </div>
    </fieldset>
  );
}

type Draft = { key: number; task: NewTask; deadlineValid: boolean };

export type TaskDraftList = {
  drafts: readonly Draft[];
  update: (index: number, task: NewTask) => void;
  setDeadlineValidity: (index: number, valid: boolean) => void;
  add: () => void;
  remove: (index: number) => void;
  /** Marks every invalid typed deadline; true when there is none. */
  checkDates: () => boolean;
  payload: () => NewTask[];
};

/** The tasks being entered, starting with one empty task. */
export function useTaskList(errors: FormErrors): TaskDraftList {
  const nextKey = useRef(1);
  const [drafts, setDrafts] = useState<Draft[]>(() => [{ key: 0, task: emptyTask(), deadlineValid: true }]);
  const [focusKey, setFocusKey] = useState<number | null>(null);
  const { fields, setField } = errors;
  const current = useRef(drafts);
  current.current = drafts;

  // A task just added gets the focus on its description.
  useEffect(() => {
    if (focusKey === null) return;
    const index = drafts.findIndex((d) => d.key === focusKey);
    if (index >= 0) document.getElementById(taskFieldId(index, "description"))?.focus();
    setFocusKey(null);
  }, [focusKey, drafts]);

  const update = useCallback(
    (index: number, task: NewTask) => {
      const before = current.current[index]?.task;
      if (before) {
        // A field edited since the refused save loses its message.
        for (const k of TASK_FIELDS) if (before[k] !== task[k]) setField(fieldKey(k, index), null);
      }
      setDrafts((list) => list.map((d, i) => (i === index ? { ...d, task } : d)));
    },
    [setField],
  );

  const setDeadlineValidity = useCallback(
    (index: number, valid: boolean) => {
      setDrafts((list) => list.map((d, i) => (i === index ? { ...d, deadlineValid: valid } : d)));
      if (valid) setField(fieldKey("deadline", index), null);
    },
    [setField],
  );

  const add = useCallback(() => {
    const key = nextKey.current++;
    setDrafts((list) => [...list, { key, task: emptyTask(), deadlineValid: true }]);
    setFocusKey(key);
  }, []);

  const remove = useCallback(
    (index: number) => {
      setDrafts((list) => (list.length > 1 ? list.filter((_, i) => i !== index) : list));
      // Messages are keyed by position, which just shifted.
      for (const k of Object.keys(fields)) if (k.includes("@")) setField(k, null);
    },
    [fields, setField],
  );

  const checkDates = useCallback(() => {
    let ok = true;
    drafts.forEach((d, i) => {
      if (!d.deadlineValid) {
        ok = false;
        setField(fieldKey("deadline", i), t("form.invalidDate"));
      }
    });
    return ok;
  }, [drafts, setField]);

  const payload = useCallback(() => drafts.map((d) => toNewTask(d.task)), [drafts]);

  return { drafts, update, setDeadlineValidity, add, remove, checkDates, payload };
}

/** The messages of task `index` out of the form's "field@index" keys. */
function taskErrors(fields: Record<string, string>, index: number): Partial<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of TASK_FIELDS) {
    const message = fields[fieldKey(f, index)];
    if (message !== undefined) out[f] = message;
  }
  return out;
}

/** Every task of the list, then the "Thêm nhiệm vụ" button. */
export function TaskFieldsList({ list, errors }: { list: TaskDraftList; errors: FormErrors }) {
  const several = list.drafts.length > 1;
  return (
    <div className="task-list">
      {list.drafts.map((d, i) => (
        <TaskFields
          key={d.key}
          index={i}
          value={d.task}
          onChange={(task) => list.update(i, task)}
          onDeadlineValidity={(valid) => list.setDeadlineValidity(i, valid)}
          errors={taskErrors(errors.fields, i)}
          onRemove={several ? () => list.remove(i) : undefined}
        />
      ))}
      <button type="button" onClick={list.add} data-testid="add-task-row">
        {t("doc.form.addTask")}
      </button>
    </div>
  );
}
