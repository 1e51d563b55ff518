// Sổ chuyển giao: every hand-over of a secret document between drafter, clerk, handler and
// keeper, numbered within the year and signed by the receiver on the printed register.
import { useCallback, useRef, useState, type FormEvent } from "react";
import type { Handover } from "../../bindings/Handover";
import type { NewHandover } from "../../bindings/NewHandover";
import { Dialog } from "../../components/Dialog";
import { ErrorBanner } from "../../components/ErrorBanner";
import { TextField } from "../../components/form";
import { errorField } from "../../errors";
import { formatNumber } from "../../format";
import { useFormErrors } from "../../hooks/useFormErrors";
import { t } from "../../i18n";
import { secretHandovers, secretRecordHandover } from "../../secretApi";
import { ctrlEnter, focusById, formatMoment, MomentField, parseCount, parseMoment, SecrecyBadge, useNewShortcut, useYearChoice, YearSelect } from "./common";
import { DOCUMENT_IDS, DocumentFields, documentPayload, NO_DOCUMENT, useYearLines, type DocumentDraft } from "./TransferParts";

export const PURPOSES = ["sreg.purpose.submit", "sreg.purpose.handle", "sreg.purpose.keep", "sreg.purpose.return"] as const;

const IDS = {
  ...DOCUMENT_IDS,
  copies: "sreg-handover-copies",
  giver: "sreg-handover-giver",
  receiver: "sreg-handover-receiver",
  handed_at: "sreg-handover-at",
  purpose: "sreg-handover-purpose",
  note: "sreg-handover-note",
} as const;
type HandoverField = keyof typeof IDS;

type Draft = { copies: string; giver: string; receiver: string; handedAt: string; purpose: string; note: string };
const EMPTY: Draft = { copies: "1", giver: "", receiver: "", handedAt: "", purpose: "", note: "" };

function HandoverForm({ onClose, onSaved }: { onClose: () => void; onSaved: (h: Handover) => void }) {
  const [doc, setDoc] = useState<DocumentDraft>(NO_DOCUMENT);
  const [d, setD] = useState<Draft>(EMPTY);
  const [saving, setSaving] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(null);
  const busy = useRef(false);
  const errors = useFormErrors();
  const f = errors.fields;

  function set(patch: Partial<Draft>, field: HandoverField) {
    errors.setField(field, null);
    setD((v) => ({ ...v, ...patch }));
  }

  const known = (field: string): field is HandoverField => field in IDS && !(field === "secrecy" && doc.entry !== null);

  async function submit() {
    if (busy.current) return;
    errors.clear();
    let first: string | null = null;
    const flag = (field: HandoverField, message: string) => {
      errors.setField(field, message);
      first ??= IDS[field];
    };
    const copies = parseCount(d.copies);
    const moment = parseMoment(d.handedAt);
    if (copies === undefined) flag("copies", t("sreg.transfer.copiesInvalid"));
    if (!moment.valid) flag("handed_at", t("sreg.moment.invalid"));
    if (first !== null) {
      focusById(first);
      return;
    }
    const handover: NewHandover = {
      ...documentPayload(doc),
      copies: copies ?? null,
      giver: d.giver.trim(),
      receiver: d.receiver.trim(),
      handed_at: moment.iso,
      purpose: d.purpose.trim(),
      note: d.note.trim(),
    };
    busy.current = true;
    setSaving(true);
    try {
      const saved = await secretRecordHandover(handover);
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
    <Dialog title={t("sreg.handover.formTitle")} onClose={onClose} wide testId="handover-form">
      <form className="sreg-form" noValidate onSubmit={onSubmit} onKeyDown={ctrlEnter(() => void submit())}>
        <ErrorBanner error={errors.banner ?? loadError} onDismiss={() => (errors.banner ? errors.clearBanner() : setLoadError(null))} />
        <div className="form-grid">
          <DocumentFields draft={doc} onChange={(p) => setDoc((v) => ({ ...v, ...p }))} errors={errors} onError={setLoadError} />
          <TextField id={IDS.copies} label={t("sreg.transfer.copies")} value={d.copies} onChange={(copies) => set({ copies }, "copies")} error={f.copies} />
          <TextField id={IDS.giver} label={t("sreg.handover.giver")} required value={d.giver} onChange={(giver) => set({ giver }, "giver")} error={f.giver} />
          <TextField
            id={IDS.receiver}
            label={t("sreg.handover.receiver")}
            required
            value={d.receiver}
            onChange={(receiver) => set({ receiver }, "receiver")}
            error={f.receiver}
          />
          <MomentField id={IDS.handed_at} label={t("sreg.handover.handedAt")} value={d.handedAt} onChange={(handedAt) => set({ handedAt }, "handed_at")} error={f.handed_at} />
          <div className="sreg-purpose span-2">
            <TextField id={IDS.purpose} label={t("sreg.handover.purpose")} value={d.purpose} onChange={(purpose) => set({ purpose }, "purpose")} error={f.purpose} />
            <div className="sreg-suggestions" role="group" aria-label={t("sreg.handover.purposeSuggestions")}>
              {PURPOSES.map((key) => (
                <button key={key} type="button" className="sreg-chip" onClick={() => set({ purpose: t(key) }, "purpose")}>
                  {t(key)}
                </button>
              ))}
            </div>
          </div>
          <TextField id={IDS.note} className="span-all" label={t("sreg.field.note")} multiline rows={2} value={d.note} onChange={(note) => set({ note }, "note")} error={f.note} />
        </div>
        <div className="form-actions">
          <span className="muted">{t("form.saveHint")}</span>
          <button type="button" onClick={onClose}>
            {t("form.cancel")}
          </button>
          <button type="submit" className="button-primary" disabled={saving} data-testid="save-handover">
            {saving ? t("form.saving") : t("sreg.form.save")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function HandoverScreen() {
  const { year, setYear, years, yearsError, reloadYears } = useYearChoice();
  const load = useCallback((y: number) => secretHandovers(y), []);
  const { lines, loading, error, setError, reload } = useYearLines<Handover>(load, year);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const openForm = useCallback(() => setCreating(true), []);
  useNewShortcut(openForm);

  const rows = lines ?? [];
  return (
    <div className="sreg-screen" data-testid="handover-screen">
      <header className="screen-header">
        <h1>{t("sreg.handover.title")}</h1>
        <div className="screen-header__tools">
          <YearSelect
            id="sreg-year-handovers"
            year={year}
            years={years}
            onChange={(y) => {
              setYear(y);
              setNotice(null);
            }}
          />
          <button type="button" className="button-primary" data-testid="new-handover" title={t("sreg.handover.newHint")} onClick={openForm}>
            {t("sreg.handover.new")}
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
          <table className="sreg-table" data-testid="handover-register">
            <thead>
              <tr>
                <th scope="col" className="sreg-col-number">{t("sreg.col.lineNumber")}</th>
                <th scope="col" className="sreg-col-moment">{t("sreg.col.time")}</th>
                <th scope="col" className="sreg-col-summary">{t("sreg.col.document")}</th>
                <th scope="col">{t("sreg.col.secrecy")}</th>
                <th scope="col" className="sreg-col-count">{t("sreg.col.copyCount")}</th>
                <th scope="col">{t("sreg.col.giver")}</th>
                <th scope="col">{t("sreg.col.receiver")}</th>
                <th scope="col">{t("sreg.col.purpose")}</th>
                <th scope="col">{t("sreg.col.note")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((h) => (
                <tr key={h.id} data-testid="handover-row">
                  <td className="sreg-col-number">{h.number}</td>
                  <td className="sreg-col-moment">{formatMoment(h.handed_at)}</td>
                  <td className="sreg-col-summary">{h.document}</td>
                  <td>
                    <SecrecyBadge secrecy={h.secrecy} />
                  </td>
                  <td className="sreg-col-count">{formatNumber(h.copies)}</td>
                  <td>{h.giver}</td>
                  <td>{h.receiver}</td>
                  <td>{h.purpose}</td>
                  <td className="sreg-col-note">{h.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {lines !== null && rows.length === 0 && <p className="sreg-empty muted">{t("sreg.handover.empty", { year })}</p>}
          <footer className="status-bar">
            <span data-testid="register-total">{lines !== null ? t("sreg.lines", { year, count: formatNumber(rows.length) }) : t("sreg.loading")}</span>
          </footer>
        </div>
      </div>
      {creating && (
        <HandoverForm
          onClose={() => setCreating(false)}
          onSaved={(h) => {
            setNotice(t("sreg.handover.saved", { number: h.number, year: h.year }));
            setYear(h.year);
            reloadYears();
            reload();
          }}
        />
      )}
    </div>
  );
}
