// Báo cáo: a document for signature made by the back end as a PDF: the periodic report
// (Báo cáo tình hình thực hiện nhiệm vụ), an urging letter to one unit (Công văn đôn đốc)
// or the task register (Sổ theo dõi nhiệm vụ). Choosing the document, period, unit or
// origin reloads the words the settings give; every printed word can then be edited, previewed
// inside the window (Ctrl+Enter) and saved to Documents/Nhiệm Vụ. Unit staff print only
// their own unit's report and register.
import { useEffect, useState, type FormEvent, type KeyboardEvent } from "react";
import { reportDefaults, reportPdf, reportSave } from "../api";
import type { Origin } from "../bindings/Origin";
import type { ReportKind } from "../bindings/ReportKind";
import type { ReportRequest } from "../bindings/ReportRequest";
import type { Secrecy } from "../bindings/Secrecy";
import type { Urgency } from "../bindings/Urgency";
import { ErrorBanner } from "../components/ErrorBanner";
import { DateInput, SelectField, TextField } from "../components/form";
import { PdfPreview } from "../components/PdfPreview";
import { UnitPicker } from "../components/UnitPicker";
import { errorField, errorMessage } from "../errors";
import { useFormErrors } from "../hooks/useFormErrors";
import { t } from "../i18n";
import { isUnit, unitName, useSession } from "../session";
import { currentQuarter, PERIOD_KINDS, periodRange, type PeriodChoice } from "../state/reportPeriod";
import { PeriodFields } from "../components/PeriodFields";

export { currentQuarter };
import "../styles/reports.css";

const KINDS: ReportKind[] = ["periodic", "urging", "register"];
const URGENCIES: Urgency[] = ["normal", "urgent", "very_urgent", "flash"];
const SECRECIES: Secrecy[] = ["confidential", "secret", "top_secret"];

/** The back end's period argument: "2026-03", "2026-Q1", "2026-6T", "2026-9T", "2026",
 * "2026-01-05..2026-02-10"; null while an ad-hoc range is incomplete. */
export function periodParam(p: PeriodChoice): string | null {
  switch (p.kind) {
    case "month":
      return `${p.year}-${String(p.n).padStart(2, "0")}`;
    case "quarter":
      return `${p.year}-Q${p.n}`;
    case "half":
      return `${p.year}-6T`;
    case "nine":
      return `${p.year}-9T`;
    case "year":
      return String(p.year);
    case "custom": {
      const range = periodRange(p);
      return range ? `${range.from}..${range.to}` : null;
    }
  }
}


/** The printed words as the form edits them (lists as one line per item). */
type Form = {
  parent_body: string;
  issuing_body: string;
  number: string;
  place: string;
  date: string | null;
  urgency: Urgency;
  secrecy: Secrecy | "";
  as_of: string | null;
  addressees: string;
  recipients: string;
  filed: string;
  authority: string;
  title: string;
  name: string;
  remarks: string;
  reply_by: string | null;
};
type DateKey = "date" | "as_of" | "reply_by";
/** The fields typed as plain text. */
type TextKey = { [K in keyof Form]: Form[K] extends string ? K : never }[keyof Form];
type FieldKey = keyof Form | "kind" | "period" | "unit_id" | "origin";

function toForm(r: ReportRequest): Form {
  return {
    parent_body: r.letterhead.parent_body,
    issuing_body: r.letterhead.issuing_body,
    number: r.letterhead.number,
    place: r.letterhead.place,
    date: r.letterhead.date,
    urgency: r.letterhead.urgency,
    secrecy: r.letterhead.secrecy ?? "",
    as_of: r.as_of,
    addressees: r.addressees.join("\n"),
    recipients: r.recipients.join("\n"),
    filed: r.filed,
    authority: r.signature.authority,
    title: r.signature.title,
    name: r.signature.name,
    remarks: r.remarks,
    reply_by: r.reply_by,
  };
}

/** One item per non-empty line. */
function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** The request to send: what the defaults chose (document, period, unit, origin) and the form's words. */
function toRequest(base: ReportRequest, f: Form): ReportRequest {
  return {
    kind: base.kind,
    period: base.period,
    as_of: f.as_of ?? base.as_of,
    unit_id: base.unit_id,
    origin: base.kind === "periodic" ? base.origin : null,
    letterhead: {
      parent_body: f.parent_body,
      issuing_body: f.issuing_body,
      number: f.number,
      place: f.place,
      date: f.date ?? base.letterhead.date,
      urgency: f.urgency,
      secrecy: f.secrecy === "" ? null : f.secrecy,
    },
    addressees: lines(f.addressees),
    recipients: lines(f.recipients),
    filed: f.filed,
    signature: { authority: f.authority, title: f.title, name: f.name },
    remarks: f.remarks,
    reply_by: base.kind === "urging" ? f.reply_by : null,
  };
}

const SIGNED: FieldKey[] = ["number", "place", "date", "urgency", "secrecy", "addressees", "remarks", "recipients", "filed", "authority", "title", "name"];

/** The fields the form shows for a document (the register prints no letter parts). */
function visibleFields(kind: ReportKind): Set<FieldKey> {
  const common: FieldKey[] = ["kind", "period", "unit_id", "parent_body", "issuing_body", "as_of"];
  if (kind === "periodic") return new Set([...common, "origin", ...SIGNED]);
  if (kind === "urging") return new Set([...common, "reply_by", ...SIGNED]);
  return new Set(common);
}

/** The form field a back-end error names ("signature.name", "signer_name", "name" …). */
function fieldOf(field: string | null): FieldKey | null {
  if (!field) return null;
  const plain = field.replace(/^(letterhead|signature)\./, "");
  const aliases: Record<string, FieldKey> = {
    unit: "unit_id",
    signer_authority: "authority",
    signer_title: "title",
    signer_name: "name",
    report_place: "place",
  };
  if (plain in aliases) return aliases[plain];
  const keys: FieldKey[] = ["kind", "period", "unit_id", "origin", "parent_body", "issuing_body", "number", "place", "date", "urgency", "secrecy", "as_of", "addressees", "recipients", "filed", "authority", "title", "name", "remarks", "reply_by"];
  return keys.includes(plain as FieldKey) ? (plain as FieldKey) : null;
}

const fieldId = (key: FieldKey) => `rep-${key}`;

type Busy = "preview" | "save" | "open" | null;

export function Reports() {
  const session = useSession();
  const today = session.info.today;
  const unitStaff = isUnit(session.profile);
  const ownUnit = session.profile.unit.id;

  const [kind, setKind] = useState<ReportKind>("periodic");
  const [period, setPeriod] = useState<PeriodChoice>(() => currentQuarter(today));
  const [chosenUnit, setChosenUnit] = useState<string | null>(null);
  const [origin, setOrigin] = useState<Origin | "">("");
  const [base, setBase] = useState<ReportRequest | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [badDates, setBadDates] = useState<Partial<Record<DateKey, boolean>>>({});
  const [loading, setLoading] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);
  const [busy, setBusy] = useState<Busy>(null);
  const [pdf, setPdf] = useState<Uint8Array | null>(null);
  const [previewed, setPreviewed] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const errors = useFormErrors();

  // Unit staff: always their own unit (the back end refuses any other).
  const unitId = unitStaff ? ownUnit : chosenUnit;
  // Only the periodic report is limited to one origin (and a QC42 one has more addressees).
  const originParam: Origin | null = kind === "periodic" && origin !== "" ? origin : null;
  const param = periodParam(period);
  const visible = visibleFields(kind);

  function focus(key: FieldKey) {
    setTimeout(() => document.getElementById(fieldId(key))?.focus(), 0);
  }

  /** Next to its field when the form shows it, else in the banner. */
  function showError(error: unknown) {
    const key = fieldOf(errorField(error));
    if (key !== null && visible.has(key)) {
      errors.clear();
      errors.setField(key, errorMessage(error));
      focus(key);
    } else {
      errors.show(error, () => false);
    }
  }

  // The defaults for this document, period, unit and origin (and again on "Khôi phục mặc định").
  useEffect(() => {
    if (param === null) return;
    let live = true;
    setLoading(true);
    reportDefaults(kind, param, unitId, originParam).then(
      (request) => {
        if (!live) return;
        setBase(request);
        setForm(toForm(request));
        setBadDates({});
        errors.clear();
        setLoading(false);
      },
      (error: unknown) => {
        if (!live) return;
        setBase(null);
        setForm(null);
        setLoading(false);
        showError(error);
      },
    );
    return () => {
      live = false;
    };
    // Only a new choice (or "Khôi phục mặc định") reloads: edits are kept otherwise.
  }, [kind, param, unitId, originParam, reloadKey]);

  // A person switched to unit staff (demo province) cannot keep an urging letter.
  useEffect(() => {
    if (unitStaff && kind === "urging") setKind("periodic");
  }, [unitStaff, kind]);

  function setField<K extends keyof Form>(key: K, value: Form[K]) {
    setForm((f) => (f ? { ...f, [key]: value } : f));
    setSaved(null);
    errors.setField(key, null);
  }

  function setDate(key: DateKey, iso: string | null, valid: boolean) {
    setField(key, iso);
    setBadDates((b) => ({ ...b, [key]: !valid }));
  }

  function choosePeriod(change: Partial<PeriodChoice>) {
    setPeriod((p) => {
      const next = { ...p, ...change };
      // An ad-hoc range starts as the period chosen before it.
      if (change.kind === "custom" && p.kind !== "custom") {
        const range = periodRange(p);
        next.from = range?.from ?? null;
        next.to = range?.to ?? null;
      }
      return next;
    });
    errors.setField("period", null);
  }

  const request = base && form ? toRequest(base, form) : null;
  const ready = request !== null && !loading && param !== null;

  /** The request to send, or null after showing what is missing next to its field. */
  function checked(): ReportRequest | null {
    if (!request || !form) return null;
    const problems: Partial<Record<FieldKey, string>> = {};
    if (request.kind === "urging" && request.unit_id === null) problems.unit_id = t("rep.unitRequired");
    for (const key of ["date", "as_of", "reply_by"] as const) {
      if (!visible.has(key)) continue;
      if (badDates[key]) problems[key] = t("form.invalidDate");
      else if (form[key] === null && key !== "reply_by") problems[key] = t("rep.dateRequired");
    }
    const keys = Object.keys(problems) as FieldKey[];
    if (keys.length === 0) return request;
    errors.clear();
    for (const key of keys) errors.setField(key, problems[key] ?? null);
    focus(keys[0]);
    return null;
  }

  async function run(action: Exclude<Busy, null>) {
    if (busy !== null || !ready) return;
    const req = checked();
    if (!req) return;
    setBusy(action);
    setSaved(null);
    errors.clear();
    try {
      if (action === "preview") {
        const bytes = await reportPdf(req);
        setPdf(bytes);
        setPreviewed(JSON.stringify(req));
      } else {
        const result = await reportSave(req, action === "open");
        setSaved(result.path);
      }
    } catch (error) {
      showError(error);
    } finally {
      setBusy(null);
    }
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void run("preview");
  }

  // Ctrl+Enter previews from anywhere on the screen, text areas included.
  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !e.defaultPrevented) {
      e.preventDefault();
      void run("preview");
    }
  }

  const years: number[] = [];
  for (let y = Number(today.slice(0, 4)) + 1; y >= Number(today.slice(0, 4)) - 10; y--) years.push(y);
  const kinds = unitStaff ? KINDS.filter((k) => k !== "urging") : KINDS;
  const stale = pdf !== null && previewed !== null && request !== null && JSON.stringify(request) !== previewed;
  const f = errors.fields;
  const idle = busy === null;

  const text = (key: TextKey, label: string, opts: { hint?: string; multiline?: boolean; rows?: number; className?: string } = {}) => (
    <TextField
      id={fieldId(key)}
      label={label}
      value={form?.[key] ?? ""}
      error={f[key]}
      hint={opts.hint}
      multiline={opts.multiline}
      rows={opts.rows}
      className={opts.className}
      maxLength={opts.multiline ? 5000 : 300}
      onChange={(v) => setField(key, v)}
    />
  );
  const date = (key: DateKey, label: string, hint?: string) => (
    <DateInput
      id={fieldId(key)}
      label={label}
      value={form?.[key] ?? null}
      error={f[key]}
      hint={hint}
      onChange={(iso, valid) => setDate(key, iso, valid)}
    />
  );

  return (
    <div className="directory-screen reports-screen" data-testid="reports-screen" onKeyDown={onKeyDown}>
      <header className="screen-header">
        <h1>{t("rep.title")}</h1>
        <span className="muted">{t("rep.shortcutHint")}</span>
      </header>
      <div className="reports-layout">
        <form className="settings-form reports-form" noValidate onSubmit={onSubmit} aria-busy={loading}>
          <p className="muted reports-intro">{t("rep.intro")}</p>
          <ErrorBanner error={errors.banner} onDismiss={errors.clearBanner} />

          <fieldset>
            <legend>{t("rep.sectionDocument")}</legend>
            <div className="form-grid">
              <SelectField
                id={fieldId("kind")}
                className="span-all"
                label={t("rep.kind")}
                value={kind}
                error={f.kind}
                options={kinds.map((k) => ({ value: k, label: t(`rep.kind.${k}`) }))}
                onChange={(v) => {
                  setKind(v as ReportKind);
                  errors.clear();
                }}
              />
              <PeriodFields
                kindId={fieldId("period")}
                prefix="rep-"
                kinds={PERIOD_KINDS}
                period={period}
                years={years}
                today={today}
                kindError={f.period}
                onChange={choosePeriod}
              />
              {param === null && (
                <p className="field-error span-all" role="alert">
                  {t("rep.periodIncomplete")}
                </p>
              )}
              {unitStaff ? (
                <TextField
                  id={fieldId("unit_id")}
                  className="span-2"
                  label={t("rep.unit")}
                  value={unitName(session.units, ownUnit) || session.profile.unit.name}
                  hint={t("rep.unitOwn")}
                  disabled
                  onChange={() => {}}
                />
              ) : (
                <div className="span-2 reports-unit">
                  <UnitPicker
                    id={fieldId("unit_id")}
                    label={kind === "urging" ? t("rep.unitUrging") : t("rep.unit")}
                    units={session.units}
                    value={chosenUnit}
                    allowAll={kind !== "urging"}
                    required={kind === "urging"}
                    error={f.unit_id}
                    testId="report-unit"
                    onChange={(id) => {
                      setChosenUnit(id);
                      errors.setField("unit_id", null);
                    }}
                  />
                  {kind !== "urging" && !f.unit_id && <span className="field-hint">{t(`rep.unitHint.${kind}`)}</span>}
                </div>
              )}
              {kind === "periodic" && (
                <SelectField
                  id={fieldId("origin")}
                  label={t("rep.origin")}
                  value={origin}
                  error={f.origin}
                  options={[
                    { value: "", label: t("rep.origin.all") },
                    { value: "qc45", label: t("origin.qc45") },
                    { value: "qc42", label: t("origin.qc42") },
                  ]}
                  onChange={(v) => {
                    setOrigin(v as Origin | "");
                    setSaved(null);
                    errors.setField("origin", null);
                  }}
                />
              )}
            </div>
          </fieldset>

          {loading && (
            <p className="muted" role="status" data-testid="report-loading">
              {t("rep.loadingDefaults")}
            </p>
          )}

          {form && (
            <>
              <fieldset>
                <legend>{t("rep.sectionLetterhead")}</legend>
                <div className="form-grid">
                  {text("parent_body", t("rep.parent_body"))}
                  {text("issuing_body", t("rep.issuing_body"))}
                  {visible.has("number") && (
                    <>
                      {text("number", t("rep.number"), { hint: t("rep.numberHint") })}
                      {text("place", t("rep.place"))}
                      {date("date", t("rep.date"))}
                      <SelectField
                        id={fieldId("urgency")}
                        label={t("rep.urgency")}
                        value={form.urgency}
                        error={f.urgency}
                        options={URGENCIES.map((u) => ({ value: u, label: t(`doc.urgency.${u}`) }))}
                        onChange={(v) => setField("urgency", v as Urgency)}
                      />
                      <SelectField
                        id={fieldId("secrecy")}
                        label={t("rep.secrecy")}
                        value={form.secrecy}
                        error={f.secrecy}
                        options={[
                          { value: "", label: t("rep.secrecy.none") },
                          ...SECRECIES.map((s) => ({ value: s, label: t(`rep.secrecy.${s}`) })),
                        ]}
                        onChange={(v) => setField("secrecy", v as Secrecy | "")}
                      />
                    </>
                  )}
                </div>
              </fieldset>

              <fieldset>
                <legend>{t("rep.sectionBody")}</legend>
                <div className="form-grid">
                  {date("as_of", t("rep.as_of"))}
                  {visible.has("reply_by") && date("reply_by", t("rep.reply_by"), t("rep.replyByHint"))}
                  {visible.has("addressees") && text("addressees", t("rep.addressees"), { multiline: true, rows: 2, className: "span-all" })}
                  {visible.has("remarks") &&
                    text("remarks", kind === "urging" ? t("rep.remarks.urging") : t("rep.remarks.periodic"), {
                      multiline: true,
                      rows: 4,
                      className: "span-all",
                    })}
                  {kind === "register" && <p className="muted span-all">{t("rep.registerNote")}</p>}
                </div>
              </fieldset>

              {visible.has("recipients") && (
                <fieldset>
                  <legend>{t("rep.sectionClosing")}</legend>
                  <div className="form-grid">
                    {text("recipients", t("rep.recipients"), { multiline: true, rows: 3, className: "span-all" })}
                    {text("filed", t("rep.filed"), { hint: t("rep.filedHint") })}
                    {text("authority", t("rep.authority"), { hint: t("rep.authorityHint") })}
                    {text("title", t("rep.signer_title"))}
                    {text("name", t("rep.signer_name"))}
                  </div>
                </fieldset>
              )}
            </>
          )}

          <div className="form-actions reports-actions">
            {saved && (
              <span className="notice reports-saved" role="status" data-testid="report-saved">
                {t("rep.saved", { path: saved })}
              </span>
            )}
            <button type="button" data-testid="report-restore" disabled={!idle || param === null || loading} onClick={() => setReloadKey((k) => k + 1)}>
              {t("rep.restore")}
            </button>
            <button type="submit" className="button-primary" data-testid="report-preview" disabled={!idle || !ready} title={t("rep.shortcutHint")}>
              {busy === "preview" ? t("rep.generating") : t("rep.preview")}
            </button>
            <button type="button" data-testid="report-save" disabled={!idle || !ready} onClick={() => void run("save")}>
              {busy === "save" ? t("rep.saving") : t("rep.save")}
            </button>
            <button type="button" data-testid="report-save-open" disabled={!idle || !ready} onClick={() => void run("open")}>
              {busy === "open" ? t("rep.saving") : t("rep.saveOpen")}
            </button>
          </div>
        </form>

        <div className="reports-preview">
          {stale && <p className="notice reports-stale">{t("rep.previewStale")}</p>}
          <PdfPreview data={pdf} busy={busy === "preview"} />
        </div>
      </div>
    </div>
  );
}
