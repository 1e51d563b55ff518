// The store is locked: one button when its key is in the OS keychain, a passphrase field
// otherwise, and always the recovery code (with the choice of how to keep the key on this
// computer afterwards). The back end's Vietnamese refusals (wrong passphrase, wrong key, bad
// code) show next to the field they concern.
import { useState, type FormEvent } from "react";
import type { Protection } from "../bindings/Protection";
import type { SecretStatus } from "../bindings/SecretStatus";
import type { SecretUnlock } from "../bindings/SecretUnlock";
import { ErrorBanner } from "../components/ErrorBanner";
import { TextField } from "../components/form";
import { errorCode, errorField, errorMessage } from "../errors";
import { useFormErrors } from "../hooks/useFormErrors";
import { t } from "../i18n";
import { secretUnlock } from "../secretApi";
import { checkNewPassphrase } from "./CreateScreen";

type Keep = "keychain" | "passphrase" | "none";

type Props = {
  status: SecretStatus;
  /** Why the store is locked (it locked itself, a command found it locked); null: nothing to say. */
  note: string | null;
  onUnlocked: (status: SecretStatus) => void;
};

export function UnlockScreen({ status, note, onUnlocked }: Props) {
  const how = status.unlock;
  const [recovery, setRecovery] = useState(how === "recovery_code");
  const [passphrase, setPassphrase] = useState("");
  const [code, setCode] = useState("");
  const [keep, setKeep] = useState<Keep>(status.keychain ? "keychain" : "passphrase");
  const [newPassphrase, setNewPassphrase] = useState("");
  const [again, setAgain] = useState("");
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors();

  /** The field a refusal belongs to on the form in view, or null for the banner. */
  function fieldOf(error: unknown): string | null {
    const c = errorCode(error);
    if (recovery) {
      if (c === "bad_recovery_code" || c === "wrong_key") return "code";
      if (errorField(error) === "passphrase") return "passphrase";
      return null;
    }
    if (how === "passphrase" && (c === "wrong_passphrase" || c === "wrong_key" || errorField(error) === "passphrase")) return "passphrase";
    return null;
  }

  async function unlock(request: SecretUnlock) {
    if (busy) return;
    setBusy(true);
    errors.clear();
    try {
      const opened = await secretUnlock(request);
      setPassphrase("");
      setCode("");
      setNewPassphrase("");
      setAgain("");
      onUnlocked(opened);
    } catch (error) {
      setBusy(false);
      const field = fieldOf(error);
      if (field !== null) {
        errors.setField(field, errorMessage(error));
      } else {
        // The key is not on this computer: only the recovery code opens the store.
        if (errorCode(error) === "key_not_here") setRecovery(true);
        errors.show(error, () => false);
      }
    }
  }

  function submitPassphrase(e: FormEvent) {
    e.preventDefault();
    if (passphrase === "") {
      errors.setField("passphrase", t("secret.passphraseRequired"));
      return;
    }
    void unlock({ kind: "passphrase", passphrase });
  }

  function submitRecovery(e: FormEvent) {
    e.preventDefault();
    errors.clear();
    if (code.trim() === "") {
      errors.setField("code", t("secret.unlock.recoveryRequired"));
      return;
    }
    let kept: Protection | null = null;
    if (keep === "keychain") kept = { kind: "keychain" };
    if (keep === "passphrase") {
      const problem = checkNewPassphrase(newPassphrase, again);
      if (problem) {
        errors.setField(problem.field === "again" ? "again" : "passphrase", problem.message);
        return;
      }
      kept = { kind: "passphrase", passphrase: newPassphrase };
    }
    void unlock({ kind: "recovery_code", code: code.trim(), keep: kept });
  }

  function toggle(to: boolean) {
    errors.clear();
    setRecovery(to);
  }

  const f = errors.fields;
  let body;
  if (recovery) {
    body = (
      <form noValidate onSubmit={submitRecovery} data-testid="unlock-recovery">
        <h2>{t("secret.unlock.recoveryTitle")}</h2>
        {how === "recovery_code" && <p>{t("secret.unlock.keyNotHere")}</p>}
        <TextField
          id="secret-recovery-code"
          className="secret-lock__code"
          label={t("secret.unlock.recoveryCode")}
          hint={t("secret.unlock.recoveryHint")}
          required
          autoFocus
          value={code}
          error={f.code}
          onChange={(v) => {
            setCode(v);
            errors.setField("code", null);
          }}
        />
        <fieldset className="secret-choice">
          <legend>{t("secret.unlock.keep")}</legend>
          {(
            [
              ...(status.keychain ? (["keychain"] as const) : []),
              "passphrase",
              "none",
            ] as const
          ).map((k) => (
            <label key={k} className="secret-choice__option" htmlFor={`secret-keep-${k}`}>
              <input
                id={`secret-keep-${k}`}
                type="radio"
                name="secret-keep"
                checked={keep === k}
                onChange={() => {
                  setKeep(k);
                  errors.setField("passphrase", null);
                  errors.setField("again", null);
                }}
              />
              <span>{t(`secret.unlock.keep.${k}`)}</span>
            </label>
          ))}
        </fieldset>
        {keep === "passphrase" && (
          <div className="form-grid">
            <TextField
              id="secret-new-passphrase"
              type="password"
              label={t("secret.unlock.newPassphrase")}
              hint={t("secret.create.passphraseHint")}
              required
              value={newPassphrase}
              error={f.passphrase}
              onChange={(v) => {
                setNewPassphrase(v);
                errors.setField("passphrase", null);
              }}
            />
            <TextField
              id="secret-new-again"
              type="password"
              label={t("secret.passphraseAgain")}
              required
              value={again}
              error={f.again}
              onChange={(v) => {
                setAgain(v);
                errors.setField("again", null);
              }}
            />
          </div>
        )}
        <div className="form-actions">
          {how !== "recovery_code" && (
            <button type="button" className="button-link" onClick={() => toggle(false)}>
              {t("secret.unlock.back")}
            </button>
          )}
          <button type="submit" className="button-primary" disabled={busy} data-testid="unlock-submit">
            {busy ? t("secret.unlock.opening") : t("secret.unlock.open")}
          </button>
        </div>
      </form>
    );
  } else if (how === "passphrase") {
    body = (
      <form noValidate onSubmit={submitPassphrase} data-testid="unlock-passphrase">
        <p>{t("secret.unlock.passphraseIntro")}</p>
        <TextField
          id="secret-unlock-passphrase"
          type="password"
          label={t("secret.passphrase")}
          autoFocus
          value={passphrase}
          error={f.passphrase}
          onChange={(v) => {
            setPassphrase(v);
            errors.setField("passphrase", null);
          }}
        />
        <div className="form-actions">
          <button type="button" className="button-link" onClick={() => toggle(true)} data-testid="use-recovery">
            {t("secret.unlock.useRecovery")}
          </button>
          <button type="submit" className="button-primary" disabled={busy} data-testid="unlock-submit">
            {busy ? t("secret.unlock.opening") : t("secret.unlock.open")}
          </button>
        </div>
      </form>
    );
  } else {
    body = (
      <div data-testid="unlock-keychain">
        <p>{t("secret.unlock.keychainIntro")}</p>
        <div className="form-actions">
          <button type="button" className="button-link" onClick={() => toggle(true)} data-testid="use-recovery">
            {t("secret.unlock.useRecovery")}
          </button>
          <button
            type="button"
            className="button-primary"
            autoFocus
            disabled={busy}
            data-testid="unlock-submit"
            onClick={() => void unlock({ kind: "keychain" })}
          >
            {busy ? t("secret.unlock.opening") : t("secret.unlock.open")}
          </button>
        </div>
      </div>
    );
  }

  return (
    <main className="welcome secret-lock" data-testid="secret-unlock">
      <section className="welcome__card secret-lock__card">
        <h1>{t("secret.unlock.title")}</h1>
        {note && (
          <p className="secret-lock__note" role="status" data-testid="lock-note">
            {note}
          </p>
        )}
        <ErrorBanner error={errors.banner} onDismiss={errors.clearBanner} />
        {body}
      </section>
    </main>
  );
}
