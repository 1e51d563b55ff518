import { useState } from "react";
import { cancelDemo, createDemo, createOffice, onDemoProgress } from "../api";
import type { AppInfo } from "../bindings/AppInfo";
import type { DemoProgress } from "../bindings/DemoProgress";
import type { NewOffice } from "../bindings/NewOffice";
import type { Profile } from "../bindings/Profile";
import type { Role } from "../bindings/Role";
import { SelectField, TextField } from "../components/form";
import { useFormErrors } from "../hooks/useFormErrors";
import { ErrorBanner } from "../components/ErrorBanner";
import { ProgressBar } from "../components/ProgressBar";
import { errorCode } from "../errors";
import { formatNumber } from "../format";
import { t } from "../i18n";

export const DEMO_TASKS = 20000;

type Props = {
  info: AppInfo;
  /** The sample province is ready (the new AppInfo). */
  onReady: (info: AppInfo) => void;
  /** "Tạo cơ quan của tôi" succeeded: the person now using this PC. */
  onOfficeCreated?: (profile: Profile) => void;
};

const OFFICE_FIELDS = ["province_name", "issuing_body", "unit_name", "full_name", "title", "role"];
const ROLES: Role[] = ["office", "unit", "leader", "admin"];

/** First run of a real office: the province, my unit, my name and role. */
function CreateOfficeForm({ onCreated, disabled }: { onCreated: (p: Profile) => void; disabled: boolean }) {
  const [office, setOffice] = useState<NewOffice>({
    province_name: "",
    issuing_body: "Văn phòng UBND tỉnh",
    unit_name: "",
    full_name: "",
    title: "",
    role: "office",
  });
  const [saving, setSaving] = useState(false);
  const errors = useFormErrors();
  const set = (change: Partial<NewOffice>) => setOffice((o) => ({ ...o, ...change }));

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setSaving(true);
    errors.clear();
    try {
      onCreated(await createOffice(office));
    } catch (err) {
      errors.show(err, (field) => OFFICE_FIELDS.includes(field));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="welcome__office" onSubmit={(e) => void submit(e)} data-testid="office-form" noValidate>
      <h2>{t("welcome.officeTitle")}</h2>
      <ErrorBanner error={errors.banner} onDismiss={errors.clearBanner} />
      <div className="form-grid">
        <TextField id="office-province" label={t("welcome.province")} required value={office.province_name} onChange={(v) => set({ province_name: v })} error={errors.fields.province_name} placeholder={t("welcome.provinceHint")} />
        <TextField id="office-issuing-body" label={t("welcome.issuingBody")} required value={office.issuing_body} onChange={(v) => set({ issuing_body: v })} error={errors.fields.issuing_body} />
        <TextField id="office-unit" label={t("welcome.unit")} required value={office.unit_name} onChange={(v) => set({ unit_name: v })} error={errors.fields.unit_name} />
        <TextField id="office-name" label={t("welcome.fullName")} required value={office.full_name} onChange={(v) => set({ full_name: v })} error={errors.fields.full_name} />
        <TextField id="office-title" label={t("welcome.personTitle")} value={office.title} onChange={(v) => set({ title: v })} error={errors.fields.title} />
        <SelectField
          id="office-role"
          label={t("welcome.role")}
          required
          value={office.role ?? ""}
          onChange={(v) => set({ role: v === "" ? null : (v as Role) })}
          options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
          error={errors.fields.role}
        />
      </div>
      <div className="form-actions">
        <span className="muted">{t("form.required")}</span>
        <button type="submit" className="button-primary" disabled={saving || disabled} data-testid="office-create">
          {saving ? t("form.saving") : t("welcome.officeButton")}
        </button>
      </div>
    </form>
  );
}

type Phase = "idle" | "running" | "cancelling";

export function Welcome({ info, onReady, onOfficeCreated }: Props) {
  const [phase, setPhase] = useState<Phase>("idle");
  const [progress, setProgress] = useState<DemoProgress | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function start() {
    setPhase("running");
    setProgress(null);
    setError(null);
    setNotice(null);
    let unlisten: (() => void) | undefined;
    try {
      unlisten = await onDemoProgress((p) => setProgress(p));
      const result = await createDemo(DEMO_TASKS);
      unlisten?.();
      unlisten = undefined;
      onReady(result);
    } catch (e) {
      if (errorCode(e) === "cancelled") setNotice(t("welcome.cancelled"));
      else setError(e);
      setPhase("idle");
    } finally {
      unlisten?.();
    }
  }

  function cancel() {
    setPhase("cancelling");
    cancelDemo().catch((e: unknown) => setError(e));
  }

  const shown = progress ?? { done: 0, total: DEMO_TASKS };
  const busy = phase !== "idle";

  return (
    <main className="welcome">
      <div className="welcome__card">
        <h1>{t("welcome.title")}</h1>
        <p>{t("welcome.intro")}</p>
        <p>{t("welcome.empty")}</p>
        <p>{t("welcome.demoHint", { count: formatNumber(DEMO_TASKS) })}</p>
        <ErrorBanner error={error} onDismiss={() => setError(null)} />
        {notice && <p className="notice" role="status">{notice}</p>}
        {!busy && (
          <button type="button" className="button-primary" data-testid="demo-button" onClick={() => void start()}>
            {t("welcome.demoButton")}
          </button>
        )}
        {busy && (
          <div className="welcome__progress">
            <ProgressBar
              value={shown.done}
              max={shown.total}
              label={t("welcome.progress", { done: formatNumber(shown.done), total: formatNumber(shown.total) })}
            />
            <button type="button" onClick={cancel} disabled={phase === "cancelling"}>
              {phase === "cancelling" ? t("welcome.cancelling") : t("welcome.cancel")}
            </button>
          </div>
        )}
        {onOfficeCreated && (
          <>
            <p className="welcome__or">{t("welcome.or")}</p>
            <CreateOfficeForm onCreated={onOfficeCreated} disabled={busy} />
          </>
        )}
        <p className="welcome__db muted">{t("welcome.dbPath", { path: info.db_path })}</p>
      </div>
    </main>
  );
}
