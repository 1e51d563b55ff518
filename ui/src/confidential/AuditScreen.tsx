// Nhật ký: the store's hash-chained log. "Kiểm tra toàn vẹn" walks the whole chain and
// compares every register row with its last entry (green when intact, red with where it
// breaks); below, the last 200 entries in words.
import { useEffect, useState } from "react";
import type { AuditLine } from "../bindings/AuditLine";
import type { VerifyReport } from "../bindings/VerifyReport";
import { ErrorBanner } from "../components/ErrorBanner";
import { formatInstant } from "../components/Timeline";
import { formatNumber } from "../format";
import { t, type MessageKey } from "../i18n";
import { secretAudit, secretVerify } from "../secretApi";
import { useSecret } from "./SecretContext";

export const AUDIT_SHOWN = 200;

const ACTIONS: Record<string, MessageKey> = {
  create: "secret.audit.action.create",
  register_incoming: "secret.audit.action.register_incoming",
  register_outgoing: "secret.audit.action.register_outgoing",
  add_recipient: "secret.audit.action.add_recipient",
  cancel: "secret.audit.action.cancel",
  sign_incoming: "secret.audit.action.sign_incoming",
  sign_recipient: "secret.audit.action.sign_recipient",
  summary: "secret.audit.action.summary",
  extend: "secret.audit.action.extend",
  change_level: "secret.audit.action.change_level",
  declassify: "secret.audit.action.declassify",
  destroy: "secret.audit.action.destroy",
  handover: "secret.audit.action.handover",
  copy: "secret.audit.action.copy",
  add_task: "secret.audit.action.add_task",
  settings: "secret.audit.action.settings",
  print: "secret.audit.action.print",
  export: "secret.audit.action.export",
  // A secret task's lifecycle: the kinds of its timeline events.
  assigned: "secret.audit.action.assigned",
  accepted: "secret.audit.action.accepted",
  returned: "secret.audit.action.returned",
  reassigned: "secret.audit.action.reassigned",
  progress: "secret.audit.action.progress",
  result_submitted: "secret.audit.action.result_submitted",
  reviewed: "secret.audit.action.reviewed",
  extended: "secret.audit.action.extended",
  cancelled: "secret.audit.action.cancelled",
  extension_requested: "secret.audit.action.extension_requested",
  extension_refused: "secret.audit.action.extension_refused",
};

const ENTITIES: Record<string, MessageKey> = {
  entry: "secret.audit.entity.entry",
  recipient: "secret.audit.entity.recipient",
  handover: "secret.audit.entity.handover",
  copy: "secret.audit.entity.copy",
  decision: "secret.audit.entity.decision",
  task: "secret.audit.entity.task",
  store: "secret.audit.entity.store",
  settings: "secret.audit.entity.settings",
};

/** An action code in words ("register_incoming" → "Vào sổ văn bản đến"); unknown codes as they are. */
export function actionLabel(code: string): string {
  return Object.prototype.hasOwnProperty.call(ACTIONS, code) ? t(ACTIONS[code]) : code;
}

export function entityLabel(code: string): string {
  return Object.prototype.hasOwnProperty.call(ENTITIES, code) ? t(ENTITIES[code]) : code;
}

function VerifyResult({ report }: { report: VerifyReport }) {
  const broken = report.first_broken;
  if (broken === null) {
    return (
      <p className="secret-verify secret-verify--ok" role="status" data-testid="verify-ok">
        {t("secret.audit.ok", { entries: formatNumber(report.entries), rows: formatNumber(report.rows), head: report.head.slice(0, 16) })}
      </p>
    );
  }
  return (
    <div className="secret-verify secret-verify--broken" role="alert" data-testid="verify-broken">
      <strong>{t("secret.audit.broken")}</strong>
      <ul>
        {broken.seq !== null && <li>{t("secret.audit.brokenSeq", { seq: formatNumber(broken.seq) })}</li>}
        {broken.entity !== null && <li>{t("secret.audit.brokenEntity", { entity: entityLabel(broken.entity), id: broken.entity_id ?? "" })}</li>}
        <li>{t("secret.audit.brokenReason", { reason: broken.reason })}</li>
      </ul>
      <p>{t("secret.audit.brokenAdvice")}</p>
    </div>
  );
}

export function AuditScreen() {
  const { checkLocked } = useSecret();
  const [lines, setLines] = useState<AuditLine[] | null>(null);
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let live = true;
    secretAudit(AUDIT_SHOWN).then(
      (list) => live && setLines(list),
      (e: unknown) => {
        if (live && !checkLocked(e)) setError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [tick, checkLocked]);

  async function verify() {
    setVerifying(true);
    setError(null);
    setReport(null);
    try {
      setReport(await secretVerify());
      // The list is read again with the check, so both describe the same log.
      setTick((n) => n + 1);
    } catch (e) {
      if (!checkLocked(e)) setError(e);
    } finally {
      setVerifying(false);
    }
  }

  return (
    <div className="directory-screen secret-screen" data-testid="secret-audit">
      <header className="screen-header">
        <h1>{t("secret.audit.title")}</h1>
        <button type="button" className="button-primary" onClick={() => void verify()} disabled={verifying} data-testid="secret-verify">
          {verifying ? t("secret.audit.verifying") : t("secret.audit.verify")}
        </button>
      </header>
      <div className="directory-body secret-body">
        <p className="muted">{t("secret.audit.intro")}</p>
        <ErrorBanner error={error} onDismiss={() => setError(null)} />
        {report && <VerifyResult report={report} />}
        <h2>{t("secret.audit.last", { count: formatNumber(AUDIT_SHOWN) })}</h2>
        {lines === null ? (
          error === null && <p className="muted">{t("secret.audit.loading")}</p>
        ) : lines.length === 0 ? (
          <p className="muted">{t("secret.audit.empty")}</p>
        ) : (
          <table className="directory-table secret-audit__table" data-testid="secret-audit-table">
            <thead>
              <tr>
                <th scope="col">{t("secret.audit.col.seq")}</th>
                <th scope="col">{t("secret.audit.col.at")}</th>
                <th scope="col">{t("secret.audit.col.actor")}</th>
                <th scope="col">{t("secret.audit.col.action")}</th>
                <th scope="col">{t("secret.audit.col.entity")}</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => (
                <tr key={line.seq} data-testid="secret-audit-row">
                  <td className="num">{formatNumber(line.seq)}</td>
                  <td className="num">{formatInstant(line.at)}</td>
                  <td>{line.actor}</td>
                  <td>{actionLabel(line.action)}</td>
                  <td>{entityLabel(line.entity)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
