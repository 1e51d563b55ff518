import { errorMessage } from "../errors";
import { t } from "../i18n";

type Props = {
  /** Whatever a failed call rejected with; nothing is shown when null. */
  error: unknown;
  onDismiss?: () => void;
};

/** A red banner with the error's message (never the raw payload). */
export function ErrorBanner({ error, onDismiss }: Props) {
  if (error === null || error === undefined) return null;
  return (
    <div className="error-banner" role="alert" data-testid="error-banner">
      <span className="error-banner__title">{t("error.title")}:</span>{" "}
      <span className="error-banner__message">{errorMessage(error)}</span>
      {onDismiss && (
        <button type="button" className="error-banner__close" onClick={onDismiss} aria-label={t("error.dismiss")}>
          ×
        </button>
      )}
    </div>
  );
}
