// No store yet: what the store is, how its key is kept (the OS keychain, or a passphrase
// typed twice), then the recovery code shown this once, until the clerk confirms having
// written it down. The code lives only in this component's state and is dropped on
// "Tiếp tục"; it is never written to the WebView's storage.
import { useState, type FormEvent } from "react";
import type { Protection } from "../bindings/Protection";
import type { SecretStatus } from "../bindings/SecretStatus";
import type { Unlock } from "../bindings/Unlock";
import { ErrorBanner } from "../components/ErrorBanner";
import { CheckboxField, TextField } from "../components/form";
import { useFormErrors } from "../hooks/useFormErrors";
import { t } from "../i18n";
import { secretCreate } from "../secretApi";

/** The back end's minimum (it checks the same, trimmed). */
export const MIN_PASSPHRASE = 10;

/** A new passphrase typed twice: the message to show next to a field, or null when fine. */
export function checkNewPassphrase(passphrase: string, again: string): { field: "passphrase" | "again"; message: string } | null {
  if ([...passphrase.trim()].length < MIN_PASSPHRASE) return { field: "passphrase", message: t("secret.passphraseShort") };
  if (passphrase !== again) return { field: "again", message: t("secret.passphraseMismatch") };
  return null;
}

type Props = {
  status: SecretStatus;
  /** The store exists and is open; `how` is how it opens from now on. */
  onCreated: (how: Unlock) => void;
};

export function CreateScreen({ status, onCreated }: Props) {
  const [kind, setKind] = useState<Protection["kind"]>(status.keychain ? "keychain" : "passphrase");
  const [passphrase, setPassphrase] = useState("");
  const [again, setAgain] = useState("");
  const [busy, setBusy] = useState(false);
  const [code, setCode] = useState<string | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [finished, setFinished] = useState(false);
  const errors = useFormErrors();

  async function create(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    errors.clear();
    if (kind === "passphrase") {
      const problem = checkNewPassphrase(passphrase, again);
      if (problem) {
        errors.setField(problem.field, problem.message);
        return;
      }
    }
    const protection: Protection = kind === "keychain" ? { kind: "keychain" } : { kind: "passphrase", passphrase };
    setBusy(true);
    try {
      const created = await secretCreate({ protection });
      setPassphrase("");
      setAgain("");
      setCode(created.recovery_code);
    } catch (error) {
      errors.show(error, (field) => field === "passphrase" && kind === "passphrase");
    } finally {
      setBusy(false);
    }
  }

  function proceed() {
    if (!confirmed) return;
    setCode(null);
    setFinished(true);
    onCreated(kind);
  }

  // The store is being opened: neither the code nor the form any more.
  if (finished) {
    return (
      <main className="welcome secret-lock">
        <p className="muted">{t("app.loading")}</p>
      </main>
    );
  }

  if (code !== null) {
    return (
      <main className="welcome secret-lock" data-testid="secret-recovery">
        <section className="welcome__card secret-lock__card">
          <h1>{t("secret.recovery.title")}</h1>
          <p>{t("secret.recovery.intro")}</p>
          <p className="secret-recovery__label" id="secret-recovery-label">
            {t("secret.recovery.code")}
          </p>
          <p className="secret-recovery__code" aria-describedby="secret-recovery-label" data-testid="recovery-code">
            {code}
          </p>
          <p className="secret-recovery__instruction">
            <strong>{t("secret.recovery.instruction")}</strong>
          </p>
          <CheckboxField id="secret-recovery-confirm" label={t("secret.recovery.confirm")} checked={confirmed} onChange={setConfirmed} />
          <div className="form-actions">
            <button type="button" className="button-primary" disabled={!confirmed} onClick={proceed} data-testid="recovery-continue">
              {t("secret.recovery.continue")}
            </button>
          </div>
        </section>
      </main>
    );
  }

  return (
    <main className="welcome secret-lock" data-testid="secret-create">
      <form className="welcome__card secret-lock__card" noValidate onSubmit={create}>
        <h1>{t("secret.create.title")}</h1>
        <p>{t("secret.create.intro")}</p>
        <p>{t("secret.create.intro2")}</p>
        {status.folder && <p className="muted secret-lock__folder">{t("secret.create.folder", { folder: status.folder })}</p>}
        <ErrorBanner error={errors.banner} onDismiss={errors.clearBanner} />
        <fieldset className="secret-choice">
          <legend>{t("secret.create.protection")}</legend>
          {status.keychain ? (
            <label className="secret-choice__option" htmlFor="secret-protection-keychain">
              <input
                id="secret-protection-keychain"
                type="radio"
                name="secret-protection"
                checked={kind === "keychain"}
                onChange={() => {
                  setKind("keychain");
                  errors.clear();
                }}
              />
              <span>
                <strong>{t("secret.create.keychain")}</strong>
                <span className="field-hint">{t("secret.create.keychainHint")}</span>
              </span>
            </label>
          ) : (
            <p className="muted">{t("secret.create.noKeychain")}</p>
          )}
          <label className="secret-choice__option" htmlFor="secret-protection-passphrase">
            <input
              id="secret-protection-passphrase"
              type="radio"
              name="secret-protection"
              checked={kind === "passphrase"}
              onChange={() => setKind("passphrase")}
            />
            <span>
              <strong>{t("secret.create.passphrase")}</strong>
              <span className="field-hint">{t("secret.create.passphraseHint")}</span>
            </span>
          </label>
        </fieldset>
        {kind === "passphrase" && (
          <div className="form-grid">
            <TextField
              id="secret-create-passphrase"
              type="password"
              label={t("secret.passphrase")}
              required
              value={passphrase}
              error={errors.fields.passphrase}
              onChange={(v) => {
                setPassphrase(v);
                errors.setField("passphrase", null);
              }}
            />
            <TextField
              id="secret-create-again"
              type="password"
              label={t("secret.passphraseAgain")}
              required
              value={again}
              error={errors.fields.again}
              onChange={(v) => {
                setAgain(v);
                errors.setField("again", null);
              }}
            />
          </div>
        )}
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={busy} data-testid="secret-create-submit">
            {busy ? t("secret.create.creating") : t("secret.create.submit")}
          </button>
        </div>
      </form>
    </main>
  );
}
