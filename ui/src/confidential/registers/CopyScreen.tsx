// Sổ quản lý sao, chụp: every copy or photo of a secret document, with who authorised it,
// who made it and where the copies went; numbered within the year.
import { useCallback, useRef, useState, type FormEvent } from "react";
import type { CopyMethod } from "../../bindings/CopyMethod";
import type { CopyRecord } from "../../bindings/CopyRecord";
import type { NewCopy } from "../../bindings/NewCopy";
import { Dialog } from "../../components/Dialog";
import { ErrorBanner } from "../../components/ErrorBanner";
import { SelectField, TextField } from "../../components/form";
import { errorField } from "../../errors";
import { formatNumber } from "../../format";
import { useFormErrors } from "../../hooks/useFormErrors";
import { t } from "../../i18n";
import { secretCopies, secretRecordCopy } from "../../secretApi";
import {
  COPY_METHODS,
  ctrlEnter,
  focusById,
  formatMoment,
  methodLabel,
  MomentField,
  parseCount,
  parseMoment,
  SecrecyBadge,
  useNewShortcut,
  useYearChoice,
  YearSelect,
} from "./common";
import { DOCUMENT_IDS, DocumentFields, documentPayload, NO_DOCUMENT, useYearLines, type DocumentDraft } from "./TransferParts";

const IDS = {
  ...DOCUMENT_IDS,
  method: "sreg-copy-method",
  count: "sreg-copy-count",
  authorized_by: "sreg-copy-authorized-by",
  made_by: "sreg-copy-made-by",
  made_at: "sreg-copy-made-at",
  delivered_to: "sreg-copy-delivered-to",
  note: "sreg-copy-note",
} as const;
type CopyField = keyof typeof IDS;

type Draft = { method: CopyMethod; count: string; authorizedBy: string; madeBy: string; madeAt: string; deliveredTo: string; note: string };
const EMPTY: Draft = { method: "copy", count: "", authorizedBy: "", madeBy: "", madeAt: "", deliveredTo: "", note: "" };

function CopyForm({ onClose, onSaved }: { onClose: () => void; onSaved: (c: CopyRecord) => void }) {
  const [doc, setDoc] = useState<DocumentDraft>(NO_DOCUMENT);
  const [d, setD] = useState<Draft>(EMPTY);
  const [saving, setSaving] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(null);
  const busy = useRef(false);
  const errors = useFormErrors();
  const f = errors.fields;

  function set(patch: Partial<Draft>, field: CopyField) {
    errors.setField(field, null);
    setD((v) => ({ ...v, ...patch }));
  }

  const known = (field: string): field is CopyField => field in IDS && !(field === "secrecy" && doc.entry !== null);

  async function submit() {
    if (busy.current) return;
    errors.clear();
    let first: string | null = null;
    const flag = (field: CopyField, message: string) => {
      errors.setField(field, message);
      first ??= IDS[field];
    };
    const count = parseCount(d.count);
    const moment = parseMoment(d.madeAt);
    // The number of copies has no default: the register must say how many were made.
    if (count === undefined || count === null) flag("count", t("sreg.copy.countRequired"));
    if (!moment.valid) flag("made_at", t("sreg.moment.invalid"));
    if (first !== null || count === undefined || count === null) {
      focusById(first);
      return;
    }
    const copy: NewCopy = {
      ...documentPayload(doc),
      method: d.method,
      count,
      authorized_by: d.authorizedBy.trim(),
      made_by: d.madeBy.trim(),
      made_at: moment.iso,
      delivered_to: d.deliveredTo.trim(),
      note: d.note.trim(),
    };
    busy.current = true;
    setSaving(true);
    try {
      const saved = await secretRecordCopy(copy);
      onSaved(saved);
      onClose();
    } catch (err) {
      errors.show(err, known);
      const field = errorField(err);
      if (field !== null && known(field)) focusById(IDS[field]);
    } finally {
      busy.current = false;
      setSaving(false);
    }
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void submit();
  }

  return (
    <Dialog title={t("sreg.copy.formTitle")} onClose={onClose} wide testId="copy-form">
      <form className="sreg-form" noValidate onSubmit={onSubmit} onKeyDown={ctrlEnter(() => void submit())}>
        <ErrorBanner error={errors.banner ?? loadError} onDismiss={() => (errors.banner ? errors.clearBanner() : setLoadError(null))} />
        <div className="form-grid">
          <DocumentFields draft={doc} onChange={(p) => setDoc((v) => ({ ...v, ...p }))} errors={errors} onError={setLoadError} />
          <SelectField
            id={IDS.method}
            label={t("sreg.copy.method")}
            required
            value={d.method}
            options={COPY_METHODS.map((m) => ({ value: m, label: methodLabel(m) }))}
            onChange={(v) => set({ method: v as CopyMethod }, "method")}
            error={f.method}
          />
          <TextField id={IDS.count} label={t("sreg.copy.count")} required value={d.count} onChange={(count) => set({ count }, "count")} error={f.count} />
          <TextField
            id={IDS.authorized_by}
            label={t("sreg.copy.authorizedBy")}
            required
            value={d.authorizedBy}
            onChange={(authorizedBy) => set({ authorizedBy }, "authorized_by")}
            error={f.authorized_by}
          />
          <TextField id={IDS.made_by} label={t("sreg.copy.madeBy")} required value={d.madeBy} onChange={(madeBy) => set({ madeBy }, "made_by")} error={f.made_by} />
          <MomentField id={IDS.made_at} label={t("sreg.copy.madeAt")} value={d.madeAt} onChange={(madeAt) => set({ madeAt }, "made_at")} error={f.made_at} />
          <TextField
            id={IDS.delivered_to}
            className="span-2"
            label={t("sreg.copy.deliveredTo")}
            value={d.deliveredTo}
            onChange={(deliveredTo) => set({ deliveredTo }, "delivered_to")}
            error={f.delivered_to}
          />
          <TextField id={IDS.note} className="span-all" label={t("sreg.field.note")} multiline rows={2} value={d.note} onChange={(note) => set({ note }, "note")} error={f.note} />
        </div>
        <div className="form-actions">
          <span className="muted">{t("form.saveHint")}</span>
          <button type="button" onClick={onClose}>
            {t("form.cancel")}
          </button>
          <button type="submit" className="button-primary" disabled={saving} data-testid="save-copy">
            {saving ? t("form.saving") : t("sreg.form.save")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function CopyScreen() {
  const { year, setYear, years, yearsError, reloadYears } = useYearChoice();
  const load = useCallback((y: number) => secretCopies(y), []);
  const { lines, loading, error, setError, reload } = useYearLines<CopyRecord>(load, year);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const openForm = useCallback(() => setCreating(true), []);
  useNewShortcut(openForm);

  const rows = lines ?? [];
  return (
    <div className="sreg-screen" data-testid="copy-screen">
      <header className="screen-header">
        <h1>{t("sreg.copy.title")}</h1>
        <div className="screen-header__tools">
          <YearSelect
            id="sreg-year-copies"
            year={year}
            years={years}
            onChange={(y) => {
              setYear(y);
              setNotice(null);
            }}
          />
          <button type="button" className="button-primary" data-testid="new-copy" title={t("sreg.copy.newHint")} onClick={openForm}>
            {t("sreg.copy.new")}
          </button>
        </div>
      </header>
      <ErrorBanner error={error ?? yearsError} onDismiss={() => setError(null)} />
      {notice && (
        <p className="sreg-notice" role="status" data-testid="register-notice">
          {notice}
        </p>
      )}
      <div className="sreg-screen__body">
        <div className="sreg-screen__list" aria-busy={loading}>
          <table className="sreg-table" data-testid="copy-register">
            <thead>
              <tr>
                <th scope="col" className="sreg-col-number">{t("sreg.col.lineNumber")}</th>
                <th scope="col" className="sreg-col-moment">{t("sreg.col.time")}</th>
                <th scope="col" className="sreg-col-summary">{t("sreg.col.document")}</th>
                <th scope="col">{t("sreg.col.secrecy")}</th>
                <th scope="col">{t("sreg.col.method")}</th>
                <th scope="col" className="sreg-col-count">{t("sreg.col.copyCount")}</th>
                <th scope="col">{t("sreg.col.authorizedBy")}</th>
                <th scope="col">{t("sreg.col.madeBy")}</th>
                <th scope="col">{t("sreg.col.deliveredTo")}</th>
                <th scope="col">{t("sreg.col.note")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id} data-testid="copy-row">
                  <td className="sreg-col-number">{c.number}</td>
                  <td className="sreg-col-moment">{formatMoment(c.made_at)}</td>
                  <td className="sreg-col-summary">{c.document}</td>
                  <td>
                    <SecrecyBadge secrecy={c.secrecy} />
                  </td>
                  <td>{methodLabel(c.method)}</td>
                  <td className="sreg-col-count">{formatNumber(c.count)}</td>
                  <td>{c.authorized_by}</td>
                  <td>{c.made_by}</td>
                  <td>{c.delivered_to}</td>
                  <td className="sreg-col-note">{c.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {lines !== null && rows.length === 0 && <p className="sreg-empty muted">{t("sreg.copy.empty", { year })}</p>}
          <footer className="status-bar">
            <span data-testid="register-total">{lines !== null ? t("sreg.lines", { year, count: formatNumber(rows.length) }) : t("sreg.loading")}</span>
          </footer>
        </div>
      </div>
      {creating && (
        <CopyForm
          onClose={() => setCreating(false)}
          onSaved={(c) => {
            setNotice(t("sreg.copy.saved", { number: c.number, year: c.year }));
            setYear(c.year);
            reloadYears();
            reload();
          }}
        />
      )}
    </div>
  );
}
