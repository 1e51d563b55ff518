// Cài đặt sổ mật: the idle lock, the expiry warning and whether the registers may be saved
// as PDF files (off by default: printing only). Kept inside the store; every change is logged.
import { useState, type FormEvent } from "react";
import type { SecretSettings } from "../bindings/SecretSettings";
import { ErrorBanner } from "../components/ErrorBanner";
import { CheckboxField, TextField } from "../components/form";
import { useFormErrors } from "../hooks/useFormErrors";
import { t } from "../i18n";
import { secretSetSettings } from "../secretApi";
import { useSecret } from "./SecretContext";

const FIELDS: (keyof SecretSettings)[] = ["idle_lock_minutes", "expiry_warning_days", "export_enabled"];

/** "15" → 15 when it is a whole number within [min, max]; null otherwise. */
export function wholeNumber(text: string, min: number, max: number): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,5}$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= min && n <= max ? n : null;
}

type Form = { idle_lock_minutes: string; expiry_warning_days: string; export_enabled: boolean };

function toForm(s: SecretSettings): Form {
  return {
    idle_lock_minutes: String(s.idle_lock_minutes),
    expiry_warning_days: String(s.expiry_warning_days),
    export_enabled: s.export_enabled,
  };
}

export function SecretSettingsScreen() {
  const secret = useSecret();
  const [form, setForm] = useState<Form>(() => toForm(secret.settings));
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const errors = useFormErrors();

  function set<K extends keyof Form>(key: K, value: Form[K]) {
    setForm((f) => ({ ...f, [key]: value }));
    setNotice(null);
    errors.setField(key, null);
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    if (saving) return;
    setNotice(null);
    errors.clear();
    const idle = wholeNumber(form.idle_lock_minutes, 1, 120);
    const expiry = wholeNumber(form.expiry_warning_days, 1, 3650);
    if (idle === null) errors.setField("idle_lock_minutes", t("secret.settings.idleInvalid"));
    if (expiry === null) errors.setField("expiry_warning_days", t("secret.settings.expiryInvalid"));
    if (idle === null || expiry === null) return;
    setSaving(true);
    try {
      const saved = await secretSetSettings({ idle_lock_minutes: idle, expiry_warning_days: expiry, export_enabled: form.export_enabled });
      secret.setSettings(saved);
      setForm(toForm(saved));
      setNotice(t("secret.settings.saved"));
    } catch (error) {
      if (!secret.checkLocked(error)) errors.show(error, (field) => (FIELDS as string[]).includes(field));
    } finally {
      setSaving(false);
    }
  }

  const f = errors.fields;
  return (
    <div className="directory-screen secret-screen" data-testid="secret-settings">
      <header className="screen-header">
        <h1>{t("secret.settings.title")}</h1>
      </header>
      <form className="directory-body settings-form secret-settings" noValidate onSubmit={save}>
        <p className="muted">{t("secret.settings.intro")}</p>
        <ErrorBanner error={errors.banner} onDismiss={errors.clearBanner} />
        <div className="form-grid">
          <TextField
            id="secret-idle-minutes"
            label={t("secret.settings.idle")}
            hint={t("secret.settings.idleHint")}
            value={form.idle_lock_minutes}
            maxLength={5}
            error={f.idle_lock_minutes}
            onChange={(v) => set("idle_lock_minutes", v)}
          />
          <TextField
            id="secret-expiry-days"
            label={t("secret.settings.expiry")}
            hint={t("secret.settings.expiryHint")}
            value={form.expiry_warning_days}
            maxLength={5}
            error={f.expiry_warning_days}
            onChange={(v) => set("expiry_warning_days", v)}
          />
        </div>
        <div className="secret-settings__export">
          <CheckboxField
            id="secret-export-enabled"
            label={t("secret.settings.export")}
            checked={form.export_enabled}
            error={f.export_enabled}
            onChange={(v) => set("export_enabled", v)}
          />
          <p className="secret-warning" data-testid="secret-export-warning">
            {t("secret.settings.exportWarning")}
          </p>
        </div>
        <div className="form-actions">
          {notice && (
            <span className="notice" role="status">
              {notice}
            </span>
          )}
          <button type="submit" className="button-primary" disabled={saving} data-testid="secret-settings-save">
            {saving ? t("form.saving") : t("form.save")}
          </button>
        </div>
      </form>
    </div>
  );
}
