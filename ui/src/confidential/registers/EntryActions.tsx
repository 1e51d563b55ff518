// The small forms of an entry's detail pane: ký nhận (the incoming document's handler, or a
// nơi nhận of an outgoing one), ghi trích yếu of a tuyệt mật document with the leader's
// agreement, and hủy (the entry stays in the register with its number and the reason).
import { useState } from "react";
import type { Entry } from "../../bindings/Entry";
import { ErrorBanner } from "../../components/ErrorBanner";
import { DateInput, TextField } from "../../components/form";
import { useFormErrors } from "../../hooks/useFormErrors";
import { t } from "../../i18n";
import { secretApproveSummary, secretCancelEntry } from "../../secretApi";
import { entryName, focusById, MomentField, parseMoment } from "./common";
import { DialogForm, NO_DATE, SaveActions, useSave, type DateValue } from "./forms";

// ---- Ký nhận -----------------------------------------------------------------------------

const SIGN_IDS = { received_by: "sreg-sign-by", received_at: "sreg-sign-at" };

type SignProps = {
  title: string;
  /** Who receives it, shown above the fields. */
  what: string;
  onClose: () => void;
  /** The back end call: who signed, and when (ISO instant, or null for now). */
  sign: (by: string, at: string | null) => Promise<Entry>;
  onSaved: (entry: Entry) => void;
};

export function SignDialog({ title, what, onClose, sign, onSaved }: SignProps) {
  const [by, setBy] = useState("");
  const [at, setAt] = useState("");
  const errors = useFormErrors();
  const { saving, run } = useSave(errors, SIGN_IDS);
  const f = errors.fields;

  function submit() {
    errors.clear();
    const moment = parseMoment(at);
    if (by.trim() === "") {
      errors.setField("received_by", t("sreg.sign.byRequired"));
      focusById(SIGN_IDS.received_by);
      return;
    }
    if (!moment.valid) {
      errors.setField("received_at", t("sreg.moment.invalid"));
      focusById(SIGN_IDS.received_at);
      return;
    }
    void run(async () => {
      const entry = await sign(by.trim(), moment.iso);
      onSaved(entry);
      onClose();
    });
  }

  return (
    <DialogForm title={title} testId="sign-form" onClose={onClose} onSubmit={submit}>
      <ErrorBanner error={errors.banner} onDismiss={errors.clearBanner} />
      <p className="sreg-explain">{what}</p>
      <div className="form-grid">
        <TextField
          id={SIGN_IDS.received_by}
          label={t("sreg.sign.by")}
          required
          autoFocus
          value={by}
          onChange={(v) => {
            errors.setField("received_by", null);
            setBy(v);
          }}
          error={f.received_by}
        />
        <MomentField
          id={SIGN_IDS.received_at}
          label={t("sreg.sign.at")}
          value={at}
          onChange={(v) => {
            errors.setField("received_at", null);
            setAt(v);
          }}
          error={f.received_at}
        />
      </div>
      <SaveActions saving={saving} label={t("sreg.sign.save")} onClose={onClose} testId="save-sign" />
    </DialogForm>
  );
}

// ---- Ghi trích yếu (tuyệt mật) -----------------------------------------------------------

const SUMMARY_IDS = {
  summary: "sreg-approve-summary",
  summary_approved_by: "sreg-approve-by",
  summary_approved_on: "sreg-approve-on",
};

export function SummaryDialog({ entry, onClose, onSaved }: { entry: Entry; onClose: () => void; onSaved: (entry: Entry) => void }) {
  const [summary, setSummary] = useState("");
  const [by, setBy] = useState("");
  const [on, setOn] = useState<DateValue>(NO_DATE);
  const errors = useFormErrors();
  const { saving, run } = useSave(errors, SUMMARY_IDS);
  const f = errors.fields;

  function submit() {
    errors.clear();
    if (!on.valid || on.iso === null) {
      errors.setField("summary_approved_on", on.valid ? t("sreg.summary.approvedOnRequired") : t("form.invalidDate"));
      focusById(SUMMARY_IDS.summary_approved_on);
      return;
    }
    const approvedOn = on.iso;
    void run(async () => {
      const saved = await secretApproveSummary(entry.id, { summary: summary.trim(), approved_by: by.trim(), approved_on: approvedOn });
      onSaved(saved);
      onClose();
    });
  }

  return (
    <DialogForm title={t("sreg.summary.title", { entry: entryName(entry) })} testId="summary-form" onClose={onClose} onSubmit={submit}>
      <ErrorBanner error={errors.banner} onDismiss={errors.clearBanner} />
      <p className="sreg-rule">{t("sreg.form.topSecretRule")}</p>
      <div className="form-grid">
        <TextField
          id={SUMMARY_IDS.summary_approved_by}
          label={t("sreg.form.approvedBy")}
          required
          autoFocus
          value={by}
          onChange={(v) => {
            errors.setField("summary_approved_by", null);
            setBy(v);
          }}
          error={f.summary_approved_by}
        />
        <DateInput
          id={SUMMARY_IDS.summary_approved_on}
          label={t("sreg.form.approvedOn")}
          required
          value={on.iso}
          onChange={(iso, valid) => {
            errors.setField("summary_approved_on", null);
            setOn({ iso, valid });
          }}
          error={f.summary_approved_on}
        />
        <TextField
          id={SUMMARY_IDS.summary}
          className="span-all"
          label={t("sreg.field.summary")}
          required
          multiline
          rows={3}
          value={summary}
          onChange={(v) => {
            errors.setField("summary", null);
            setSummary(v);
          }}
          error={f.summary}
        />
      </div>
      <SaveActions saving={saving} label={t("sreg.summary.save")} onClose={onClose} testId="save-summary" />
    </DialogForm>
  );
}

// ---- Hủy ---------------------------------------------------------------------------------

const CANCEL_IDS = { reason: "sreg-cancel-reason" };

export function CancelDialog({ entry, onClose, onSaved }: { entry: Entry; onClose: () => void; onSaved: (entry: Entry) => void }) {
  const [reason, setReason] = useState("");
  const errors = useFormErrors();
  const { saving, run } = useSave(errors, CANCEL_IDS);

  function submit() {
    errors.clear();
    if (reason.trim() === "") {
      errors.setField("reason", t("sreg.cancel.reasonRequired"));
      focusById(CANCEL_IDS.reason);
      return;
    }
    void run(async () => {
      const saved = await secretCancelEntry(entry.id, reason.trim());
      onSaved(saved);
      onClose();
    });
  }

  return (
    <DialogForm title={t("sreg.cancel.title", { entry: entryName(entry) })} testId="cancel-form" onClose={onClose} onSubmit={submit}>
      <ErrorBanner error={errors.banner} onDismiss={errors.clearBanner} />
      <p className="sreg-warning" data-testid="cancel-explain">
        {t("sreg.cancel.explain", { number: entry.number, year: entry.year })}
      </p>
      <TextField
        id={CANCEL_IDS.reason}
        label={t("sreg.cancel.reason")}
        required
        multiline
        rows={3}
        autoFocus
        value={reason}
        onChange={(v) => {
          errors.setField("reason", null);
          setReason(v);
        }}
        error={errors.fields.reason}
      />
      <SaveActions saving={saving} label={t("sreg.cancel.confirm")} onClose={onClose} testId="confirm-cancel" closeLabel={t("sreg.cancel.back")} />
    </DialogForm>
  );
}
