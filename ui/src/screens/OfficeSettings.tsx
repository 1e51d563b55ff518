// Cấu hình cơ quan: the province's settings (report header and signature, the symbols,
// recipients and "Lưu" line of reports and urging letters, "sắp đến hạn", which task
// classes are tracked) and this PC's interface language.
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { saveSettings } from "../api";
import type { Classification } from "../bindings/Classification";
import type { Settings } from "../bindings/Settings";
import { ErrorBanner } from "../components/ErrorBanner";
import { CheckboxField, SelectField, TextField } from "../components/form";
import { useFormErrors } from "../hooks/useFormErrors";
import { getLocale, setLocale, t, type Locale } from "../i18n";
import { directoryEn } from "../i18n/en/directory";
import { directoryVi } from "../i18n/vi/directory";
import { isOffice, useSession } from "../session";

type DirKey = keyof typeof directoryVi;
/** t() for this screen's keys; uses the module catalogue until it is registered. */
function tr(k: DirKey, p?: Record<string, string | number>): string {
  const s = t(k as never, p);
  if (s !== k) return s;
  const text: string = (getLocale() === "en" ? directoryEn : directoryVi)[k];
  return p ? text.replace(/\{(\w+)\}/g, (w, n: string) => (n in p ? String(p[n]) : w)) : text;
}

const LOCALE_STORAGE_KEY = "nhiemvu.locale";
const CLASSES: Classification[] = ["a", "b", "c", "d"];
/** The lists edited as one item per line. */
type ListKey = "report_recipients" | "urging_recipients";
type TextKey = Exclude<keyof Settings, "due_soon_days" | "tracked_classes" | ListKey>;
const SETTINGS_FIELDS: (keyof Settings)[] = [
  "province_name",
  "issuing_body",
  "parent_body",
  "report_place",
  "signer_authority",
  "signer_title",
  "signer_name",
  "report_symbol",
  "urging_symbol",
  "report_recipients",
  "urging_recipients",
  "filed",
  "due_soon_days",
  "tracked_classes",
];
const HINTS: Partial<Record<TextKey | ListKey, DirKey>> = {
  parent_body: "settings.parent_body.hint",
  report_place: "settings.report_place.hint",
  signer_authority: "settings.signer_authority.hint",
  report_symbol: "settings.report_symbol.hint",
  urging_symbol: "settings.urging_symbol.hint",
  filed: "settings.filed.hint",
  report_recipients: "settings.recipients.hint",
  urging_recipients: "settings.recipients.hint",
};
/** The longest each field may be (the core refuses longer ones too). */
const MAX_LENGTH: Partial<Record<TextKey, number>> = { report_symbol: 30, urging_symbol: 30, filed: 100 };

type Form = Omit<Settings, "due_soon_days" | ListKey> & { due_soon_days: string } & Record<ListKey, string>;

function toForm(s: Settings): Form {
  return {
    ...s,
    tracked_classes: [...s.tracked_classes],
    due_soon_days: String(s.due_soon_days),
    report_recipients: s.report_recipients.join("\n"),
    urging_recipients: s.urging_recipients.join("\n"),
  };
}

/** One item per line, trimmed, without the empty lines. */
function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** "5" → 5; anything that is not a whole number from 0 to 30 → null. */
function parseDays(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,2}$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n <= 30 ? n : null;
}

export function OfficeSettings() {
  const session = useSession();
  const editable = isOffice(session.profile);
  const [form, setForm] = useState<Form>(() => toForm(session.settings));
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [locale, setLocaleState] = useState<Locale>(getLocale());
  const errors = useFormErrors();
  const dirty = useRef(false);
  const daysId = `s${useId().replace(/:/g, "")}`;

  // Settings reloaded from elsewhere replace the form, unless something is being typed.
  useEffect(() => {
    if (!dirty.current) setForm(toForm(session.settings));
  }, [session.settings]);

  function set<K extends keyof Form>(key: K, value: Form[K]) {
    dirty.current = true;
    setNotice(null);
    setForm((f) => ({ ...f, [key]: value }));
    errors.setField(key, null);
  }

  function toggleClass(c: Classification, on: boolean) {
    const next = on ? [...form.tracked_classes, c] : form.tracked_classes.filter((x) => x !== c);
    set("tracked_classes", CLASSES.filter((x) => next.includes(x)));
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!editable || saving) return;
    setNotice(null);
    errors.clear();
    const days = parseDays(form.due_soon_days);
    if (days === null) {
      errors.setField("due_soon_days", tr("settings.dueSoonInvalid"));
      return;
    }
    const settings: Settings = {
      province_name: form.province_name.trim(),
      issuing_body: form.issuing_body.trim(),
      due_soon_days: days,
      tracked_classes: CLASSES.filter((c) => form.tracked_classes.includes(c)),
      parent_body: form.parent_body.trim(),
      report_place: form.report_place.trim(),
      signer_authority: form.signer_authority.trim(),
      signer_title: form.signer_title.trim(),
      signer_name: form.signer_name.trim(),
      report_symbol: form.report_symbol.trim(),
      urging_symbol: form.urging_symbol.trim(),
      report_recipients: lines(form.report_recipients),
      urging_recipients: lines(form.urging_recipients),
      filed: form.filed.trim(),
    };
    setSaving(true);
    try {
      const saved = await saveSettings(settings);
      dirty.current = false;
      setForm(toForm(saved ?? settings));
      setNotice(tr("settings.saved"));
      session.reload();
    } catch (error) {
      errors.show(error, (field) => (SETTINGS_FIELDS as string[]).includes(field));
    } finally {
      setSaving(false);
    }
  }

  function changeLocale(next: string) {
    const value: Locale = next === "en" ? "en" : "vi";
    setLocale(value);
    try {
      window.localStorage.setItem(LOCALE_STORAGE_KEY, value);
    } catch {
      // Storage unavailable: the choice lasts until the app closes.
    }
    setLocaleState(value);
    session.reload();
  }

  const text = (key: TextKey) => (
    <TextField
      key={key}
      id={`settings-${key}`}
      label={tr(`settings.${key}`)}
      value={form[key]}
      hint={HINTS[key] ? tr(HINTS[key]) : undefined}
      disabled={!editable}
      maxLength={MAX_LENGTH[key] ?? 300}
      error={errors.fields[key]}
      onChange={(v) => set(key, v)}
    />
  );
  // At most 20 lines of 200 characters (the core says which limit a list exceeds).
  const list = (key: ListKey) => (
    <TextField
      key={key}
      id={`settings-${key}`}
      className="span-all"
      label={tr(`settings.${key}`)}
      value={form[key]}
      hint={HINTS[key] ? tr(HINTS[key]) : undefined}
      disabled={!editable}
      multiline
      rows={4}
      maxLength={5000}
      error={errors.fields[key]}
      onChange={(v) => set(key, v)}
    />
  );

  const daysError = errors.fields.due_soon_days;
  return (
    <div className="directory-screen settings-screen" data-testid="settings-screen">
      <header className="screen-header">
        <h1>{tr("settings.title")}</h1>
      </header>
      <div className="directory-body">
        <section className="settings-language">
          <SelectField
            id="settings-locale"
            label={tr("settings.language")}
            value={locale}
            options={[
              { value: "vi", label: tr("settings.lang.vi") },
              { value: "en", label: tr("settings.lang.en") },
            ]}
            onChange={changeLocale}
          />
        </section>

        {!editable && <p className="muted">{tr("settings.readOnly")}</p>}
        <form onSubmit={save} noValidate className="settings-form">
          <ErrorBanner error={errors.banner} onDismiss={errors.clearBanner} />
          <fieldset>
            <legend>{tr("settings.sectionOffice")}</legend>
            <div className="form-grid">
              {text("province_name")}
              {text("issuing_body")}
            </div>
          </fieldset>
          <fieldset>
            <legend>{tr("settings.sectionReport")}</legend>
            <div className="form-grid">
              {text("parent_body")}
              {text("report_place")}
              {text("signer_authority")}
              {text("signer_title")}
              {text("signer_name")}
            </div>
            <div className="settings-subsection" role="group" aria-labelledby="settings-documents">
              <h3 id="settings-documents" className="settings-subheading">
                {tr("settings.sectionDocuments")}
              </h3>
              <p className="muted settings-subsection__intro">{tr("settings.sectionDocuments.intro")}</p>
              <div className="form-grid">
                {text("report_symbol")}
                {text("urging_symbol")}
                {text("filed")}
                {list("report_recipients")}
                {list("urging_recipients")}
              </div>
            </div>
          </fieldset>
          <fieldset>
            <legend>{tr("settings.sectionTracking")}</legend>
            <div className="form-grid">
              <div className={"form-field" + (daysError ? " has-error" : "")}>
                <label htmlFor={daysId}>{tr("settings.due_soon_days")}</label>
                <input
                  id={daysId}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={30}
                  step={1}
                  className="days-input"
                  value={form.due_soon_days}
                  disabled={!editable}
                  aria-invalid={daysError ? true : undefined}
                  aria-describedby={`${daysId}-${daysError ? "error" : "hint"}`}
                  onChange={(e) => set("due_soon_days", e.target.value)}
                />
                {daysError ? (
                  <span id={`${daysId}-error`} className="field-error" role="alert">
                    {daysError}
                  </span>
                ) : (
                  <span id={`${daysId}-hint`} className="field-hint">
                    {tr("settings.due_soon_days.hint")}
                  </span>
                )}
              </div>
            </div>
            <div className="tracked-classes" role="group" aria-labelledby="settings-tracked">
              <span id="settings-tracked" className="group-label">
                {tr("settings.tracked_classes")}
              </span>
              {CLASSES.map((c) => (
                <CheckboxField
                  key={c}
                  id={`settings-class-${c}`}
                  label={tr(`settings.class.${c}`)}
                  checked={form.tracked_classes.includes(c)}
                  disabled={!editable}
                  onChange={(on) => toggleClass(c, on)}
                />
              ))}
              {errors.fields.tracked_classes && (
                <span className="field-error" role="alert">
                  {errors.fields.tracked_classes}
                </span>
              )}
            </div>
          </fieldset>
          {editable && (
            <div className="form-actions">
              {notice && (
                <span className="notice" role="status">
                  {notice}
                </span>
              )}
              <button type="submit" className="button-primary" disabled={saving}>
                {saving ? t("form.saving") : tr("settings.save")}
              </button>
            </div>
          )}
        </form>
      </div>
    </div>
  );
}
