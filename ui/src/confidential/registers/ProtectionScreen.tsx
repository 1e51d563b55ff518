// Thời hạn bảo vệ: the documents whose protection has ended (red) or ends within the
// store's warning period (orange), soonest first, each with "Ghi quyết định" (gia hạn,
// điều chỉnh độ mật, giải mật, tiêu hủy).
import { useState } from "react";
import type { Entry } from "../../bindings/Entry";
import { ErrorBanner } from "../../components/ErrorBanner";
import { formatDate, formatNumber } from "../../format";
import { t } from "../../i18n";
import { secretExpiring } from "../../secretApi";
import { daysBetween, entryName, KindAndSummary, RegisterNotice, RegisterTotal, SecrecyBadge, todayVn, useLines } from "./common";
import { DecisionDialog } from "./DecisionForm";

/** "ended" once the last protected day is past, else "soon". */
export function protectionState(until: string, today: string): { state: "ended" | "soon"; days: number } {
  const days = daysBetween(today, until);
  return { state: days < 0 ? "ended" : "soon", days };
}

function StateCell({ until, today }: { until: string | null; today: string }) {
  if (until === null) return <td />;
  const { state, days } = protectionState(until, today);
  let text: string;
  if (state === "ended") text = t("sreg.protection.ended", { days: formatNumber(-days) });
  else if (days === 0) text = t("sreg.protection.endsToday");
  else text = t("sreg.protection.endsIn", { days: formatNumber(days) });
  return (
    <td className={`sreg-protection sreg-protection--${state}`} data-testid="protection-state">
      {text}
    </td>
  );
}

export function ProtectionScreen() {
  const { lines: entries, loading, error, setError, reload } = useLines(secretExpiring);
  const [deciding, setDeciding] = useState<Entry | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const today = todayVn();

  const rows = entries ?? [];
  return (
    <div className="sreg-screen" data-testid="protection-screen">
      <header className="screen-header">
        <h1>{t("sreg.protection.title")}</h1>
        <div className="screen-header__tools">
          <button type="button" onClick={reload}>
            {t("sreg.protection.reload")}
          </button>
        </div>
      </header>
      <p className="sreg-explain sreg-explain--block" data-testid="protection-explain">
        {t("sreg.protection.explain")}
      </p>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <RegisterNotice notice={notice} />
      <div className="sreg-screen__body">
        <div className="sreg-screen__list" aria-busy={loading}>
          <table className="sreg-table" data-testid="protection-list">
            <thead>
              <tr>
                <th scope="col">{t("sreg.col.register")}</th>
                <th scope="col" className="sreg-col-number">{t("sreg.col.entryNumber")}</th>
                <th scope="col">{t("sreg.col.docNumber")}</th>
                <th scope="col" className="sreg-col-summary">{t("sreg.col.kindSummary")}</th>
                <th scope="col">{t("sreg.col.secrecy")}</th>
                <th scope="col" className="sreg-col-date">{t("sreg.col.docDate")}</th>
                <th scope="col" className="sreg-col-date">{t("sreg.col.protectedUntil")}</th>
                <th scope="col">{t("sreg.col.protectionState")}</th>
                <th scope="col">
                  <span className="sreg-sr-only">{t("sreg.col.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => {
                const state = e.protected_until !== null ? protectionState(e.protected_until, today).state : null;
                return (
                  <tr key={e.id} data-testid="protection-row" className={state ? `sreg-row--${state}` : undefined}>
                    <td>{t(`sreg.registerShort.${e.register}`)}</td>
                    <td className="sreg-col-number">
                      {e.number}/{e.year}
                    </td>
                    <td>{e.doc_number}</td>
                    <td className="sreg-col-summary">
                      <KindAndSummary entry={e} />
                    </td>
                    <td>
                      <SecrecyBadge secrecy={e.secrecy} />
                    </td>
                    <td className="sreg-col-date">{formatDate(e.doc_date ?? e.registered_on)}</td>
                    <td className="sreg-col-date">{formatDate(e.protected_until)}</td>
                    <StateCell until={e.protected_until} today={today} />
                    <td>
                      <button
                        type="button"
                        onClick={() => setDeciding(e)}
                        aria-label={t("sreg.protection.decideLabel", { entry: entryName(e) })}
                        data-testid="protection-decide"
                      >
                        {t("sreg.detail.recordDecision")}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {entries !== null && rows.length === 0 && <p className="sreg-empty muted">{t("sreg.protection.empty")}</p>}
          <RegisterTotal text={entries !== null ? t("sreg.protection.count", { count: formatNumber(rows.length) }) : t("sreg.loading")} />
        </div>
      </div>
      {deciding && (
        <DecisionDialog
          entry={deciding}
          onClose={() => setDeciding(null)}
          onSaved={(d) => {
            setNotice(t("sreg.protection.decided", { entry: entryName(deciding), kind: t(`sreg.decisionKind.${d.kind}`) }));
            reload();
          }}
        />
      )}
    </div>
  );
}
