// Sổ đăng ký bí mật nhà nước đến / đi: one year of the register as the paper form's table,
// a detail pane for the selected entry with its actions (ký nhận, ghi trích yếu, hủy,
// quyết định), and "Vào sổ" (Ctrl+N). Nothing is ever deleted: a cancelled, declassified or
// destroyed entry keeps its row, greyed, with its status.
import { useCallback, useEffect, useState } from "react";
import type { Decision } from "../../bindings/Decision";
import type { Entry } from "../../bindings/Entry";
import type { Recipient } from "../../bindings/Recipient";
import type { Register } from "../../bindings/Register";
import { ErrorBanner } from "../../components/ErrorBanner";
import { formatDate, formatMoment, formatNumber } from "../../format";
import { t } from "../../i18n";
import { secretDecisions, secretEntries, secretSignIncoming, secretSignRecipient } from "../../secretApi";
import {
  decisionLabel,
  Field,
  isEditable,
  KindAndSummary,
  RegisterHeader,
  RegisterNotice,
  RegisterTotal,
  rowKeys,
  secrecyLabel,
  SecrecyBadge,
  statusLabel,
  summaryText,
  urgencyLabel,
  useLines,
  useNewShortcut,
  useYearChoice,
} from "./common";
import { DecisionDialog } from "./DecisionForm";
import { CancelDialog, SignDialog, SummaryDialog } from "./EntryActions";
import { IncomingForm, OutgoingForm } from "./EntryForms";

// ---- The table ---------------------------------------------------------------------------

function signedText(by: string | null, at: string | null) {
  if (by === null) return <span className="muted">{t("sreg.notSigned")}</span>;
  return t("sreg.signedBy", { name: by, time: formatMoment(at) });
}

/** The Ghi chú cell: the status of a row that is no longer active, then the note. */
function NoteCell({ entry }: { entry: Entry }) {
  return (
    <td className="sreg-col-note">
      {entry.status !== "active" && (
        <span className={`sreg-status sreg-status--${entry.status}`} data-testid="entry-status">
          {statusLabel(entry.status)}
          {entry.cancel_reason ? `: ${entry.cancel_reason}` : ""}
        </span>
      )}
      {entry.status !== "active" && entry.note !== "" && <br />}
      {entry.note}
    </td>
  );
}

function RecipientList({ recipients }: { recipients: readonly Recipient[] }) {
  return (
    <ul className="sreg-recipients">
      {recipients.map((r) => (
        <li key={r.id}>
          {r.recipient}
          {" — "}
          {signedText(r.received_by, r.received_at)}
        </li>
      ))}
    </ul>
  );
}

function IncomingHead() {
  return (
    <tr>
      <th scope="col" className="sreg-col-number">{t("sreg.col.inNumber")}</th>
      <th scope="col" className="sreg-col-moment">{t("sreg.col.arrived")}</th>
      <th scope="col">{t("sreg.col.issuer")}</th>
      <th scope="col">{t("sreg.col.docNumber")}</th>
      <th scope="col" className="sreg-col-date">{t("sreg.col.docDate")}</th>
      <th scope="col" className="sreg-col-summary">{t("sreg.col.kindSummary")}</th>
      <th scope="col">{t("sreg.col.secrecy")}</th>
      <th scope="col">{t("sreg.col.urgency")}</th>
      <th scope="col">{t("sreg.col.handler")}</th>
      <th scope="col">{t("sreg.col.signed")}</th>
      <th scope="col">{t("sreg.col.note")}</th>
    </tr>
  );
}

function IncomingCells({ entry }: { entry: Entry }) {
  return (
    <>
      <td className="sreg-col-number">{entry.number}</td>
      <td className="sreg-col-moment">{formatMoment(entry.registered_at)}</td>
      <td>{entry.issuer}</td>
      <td>{entry.doc_number}</td>
      <td className="sreg-col-date">{formatDate(entry.doc_date)}</td>
      <td className="sreg-col-summary">
        <KindAndSummary entry={entry} />
      </td>
      <td>
        <SecrecyBadge secrecy={entry.secrecy} />
      </td>
      <td className={`sreg-urgency--${entry.urgency}`}>{urgencyLabel(entry.urgency)}</td>
      <td>{entry.handler}</td>
      <td>{signedText(entry.handler_signed_by, entry.handler_signed_at)}</td>
      <NoteCell entry={entry} />
    </>
  );
}

function OutgoingHead() {
  return (
    <tr>
      <th scope="col" className="sreg-col-number">{t("sreg.col.outNumber")}</th>
      <th scope="col" className="sreg-col-date">{t("sreg.col.docDate")}</th>
      <th scope="col">{t("sreg.col.docNumber")}</th>
      <th scope="col" className="sreg-col-summary">{t("sreg.col.kindSummary")}</th>
      <th scope="col">{t("sreg.col.secrecy")}</th>
      <th scope="col">{t("sreg.col.urgency")}</th>
      <th scope="col">{t("sreg.col.signer")}</th>
      <th scope="col" className="sreg-col-recipients">{t("sreg.col.recipients")}</th>
      <th scope="col">{t("sreg.col.keepingUnit")}</th>
      <th scope="col" className="sreg-col-count">{t("sreg.col.copies")}</th>
      <th scope="col">{t("sreg.col.note")}</th>
    </tr>
  );
}

function OutgoingCells({ entry }: { entry: Entry }) {
  return (
    <>
      <td className="sreg-col-number">{entry.number}</td>
      <td className="sreg-col-date">{formatDate(entry.doc_date ?? entry.registered_on)}</td>
      <td>{entry.doc_number}</td>
      <td className="sreg-col-summary">
        <KindAndSummary entry={entry} />
      </td>
      <td>
        <SecrecyBadge secrecy={entry.secrecy} />
      </td>
      <td className={`sreg-urgency--${entry.urgency}`}>{urgencyLabel(entry.urgency)}</td>
      <td>{entry.signer}</td>
      <td className="sreg-col-recipients">
        <RecipientList recipients={entry.recipients} />
      </td>
      <td>{entry.keeping_unit}</td>
      <td className="sreg-col-count">{entry.copies !== null ? formatNumber(entry.copies) : ""}</td>
      <NoteCell entry={entry} />
    </>
  );
}

function EntryTable({
  register,
  entries,
  selectedId,
  onSelect,
}: {
  register: Register;
  entries: readonly Entry[];
  selectedId: string | null;
  onSelect: (entry: Entry) => void;
}) {
  return (
    <table className={`sreg-table sreg-table--${register}`} data-testid="secret-register">
      <thead>{register === "incoming" ? <IncomingHead /> : <OutgoingHead />}</thead>
      <tbody>
        {entries.map((entry) => {
          const classes = [
            entry.status !== "active" ? `sreg-row--inactive sreg-row--${entry.status}` : "",
            entry.id === selectedId ? "is-selected" : "",
          ];
          return (
            <tr
              key={entry.id}
              tabIndex={0}
              data-testid="entry-row"
              data-entry-id={entry.id}
              aria-selected={entry.id === selectedId}
              className={classes.filter(Boolean).join(" ") || undefined}
              onClick={() => onSelect(entry)}
              onKeyDown={(e) => rowKeys(e, () => onSelect(entry))}
            >
              {register === "incoming" ? <IncomingCells entry={entry} /> : <OutgoingCells entry={entry} />}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

// ---- The detail pane ---------------------------------------------------------------------

type Open =
  | { kind: "sign" }
  | { kind: "signRecipient"; recipient: Recipient }
  | { kind: "summary" }
  | { kind: "cancel" }
  | { kind: "decision" }
  | null;

function DecisionList({ decisions }: { decisions: readonly Decision[] }) {
  return (
    <ul className="sreg-decisions" data-testid="decision-list">
      {decisions.map((d) => (
        <li key={d.id} data-testid="decision">
          <strong>{decisionLabel(d.kind)}</strong>
          {" — "}
          {t("sreg.decision.line", { number: d.decision_number, date: formatDate(d.decision_date) })}
          {d.new_secrecy !== null && <>; {t("sreg.decision.newSecrecy", { level: secrecyLabel(d.new_secrecy) })}</>}
          {d.new_until !== null && <>; {t("sreg.decision.newUntil", { date: formatDate(d.new_until) })}</>}
          {d.note !== "" && <div>{d.note}</div>}
          <div className="muted">{t("sreg.decision.recorded", { time: formatMoment(d.recorded_at), name: d.recorded_by })}</div>
        </li>
      ))}
    </ul>
  );
}

function EntryDetail({ entry, onClose, onChanged }: { entry: Entry; onClose: () => void; onChanged: (entry?: Entry) => void }) {
  const [open, setOpen] = useState<Open>(null);
  const [decisions, setDecisions] = useState<Decision[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    setDecisions(null);
    secretDecisions(entry.id).then(
      (list) => live && setDecisions(list),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [entry.id, version]);

  const incoming = entry.register === "incoming";
  const active = entry.status === "active";
  const signable = entry.status !== "cancelled";
  const { text: summary, pending } = summaryText(entry);
  const close = () => setOpen(null);

  return (
    <aside
      className="sreg-detail"
      data-testid="entry-detail"
      aria-label={t("sreg.detail.title")}
      onKeyDown={(e) => {
        if (e.key === "Escape" && !isEditable(e.target) && open === null) {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <header className="sreg-detail__header">
        <h2>{t(`sreg.detail.heading.${entry.register}`, { number: entry.number, year: entry.year })}</h2>
        <button type="button" className="dialog__close" onClick={onClose} aria-label={t("sreg.detail.close")}>
          ×
        </button>
      </header>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {!active && (
        <p className={`sreg-status sreg-status--${entry.status}`} data-testid="detail-status">
          {statusLabel(entry.status)}
          {entry.cancel_reason ? `: ${entry.cancel_reason}` : ""}
        </p>
      )}
      <dl className="sreg-detail__fields">
        <Field label={incoming ? t("sreg.field.arrivedAt") : t("sreg.field.registeredAt")}>{formatMoment(entry.registered_at)}</Field>
        {incoming && <Field label={t("sreg.field.issuer")}>{entry.issuer}</Field>}
        <Field label={t("sreg.field.docNumber")}>{entry.doc_number}</Field>
        <Field label={t("sreg.field.docDate")}>{formatDate(entry.doc_date)}</Field>
        <Field label={t("sreg.field.docKind")}>{entry.doc_kind}</Field>
        <Field label={t("sreg.field.summary")}>{summary !== null && <span className={pending ? "sreg-pending" : undefined}>{summary}</span>}</Field>
        {entry.summary_approved_by !== null && (
          <Field label={t("sreg.field.summaryApproval")}>
            {t("sreg.detail.approval", { name: entry.summary_approved_by, date: formatDate(entry.summary_approved_on) })}
          </Field>
        )}
        <Field label={t("sreg.field.secrecy")}>
          <SecrecyBadge secrecy={entry.secrecy} />
        </Field>
        <Field label={t("sreg.field.urgency")}>{urgencyLabel(entry.urgency)}</Field>
        <Field label={t("sreg.field.protectedUntil")}>{formatDate(entry.protected_until)}</Field>
        {incoming ? (
          <>
            <Field label={t("sreg.field.handler")}>{entry.handler}</Field>
            <Field label={t("sreg.field.handlerSigned")}>{signedText(entry.handler_signed_by, entry.handler_signed_at)}</Field>
          </>
        ) : (
          <>
            <Field label={t("sreg.field.signer")}>{entry.signer}</Field>
            <Field label={t("sreg.field.keepingUnit")}>{entry.keeping_unit}</Field>
            <Field label={t("sreg.field.copies")}>{entry.copies !== null ? formatNumber(entry.copies) : ""}</Field>
          </>
        )}
        <Field label={t("sreg.field.note")}>{entry.note}</Field>
        <Field label={t("sreg.field.createdBy")}>{entry.created_by}</Field>
      </dl>

      <div className="sreg-detail__actions">
        {incoming && signable && entry.handler_signed_by === null && (
          <button type="button" className="button-primary" onClick={() => setOpen({ kind: "sign" })} data-testid="sign-incoming">
            {t("sreg.detail.sign")}
          </button>
        )}
        {active && entry.secrecy === "top_secret" && entry.summary === null && entry.sealed_for === null && (
          <button type="button" onClick={() => setOpen({ kind: "summary" })} data-testid="approve-summary">
            {t("sreg.detail.approveSummary")}
          </button>
        )}
        {active && (
          <button type="button" onClick={() => setOpen({ kind: "cancel" })} data-testid="cancel-entry">
            {t("sreg.detail.cancel")}
          </button>
        )}
      </div>

      {!incoming && (
        <section className="sreg-detail__section" aria-labelledby="sreg-detail-recipients">
          <h3 id="sreg-detail-recipients">{t("sreg.field.recipients")}</h3>
          <ul className="sreg-recipients sreg-recipients--detail">
            {entry.recipients.map((r) => (
              <li key={r.id} data-testid="recipient">
                <span>{r.recipient}</span>{" "}
                {r.received_by !== null ? (
                  <span className="sreg-signed">{signedText(r.received_by, r.received_at)}</span>
                ) : signable ? (
                  <button
                    type="button"
                    className="button-link"
                    aria-label={t("sreg.detail.signRecipientLabel", { name: r.recipient })}
                    onClick={() => setOpen({ kind: "signRecipient", recipient: r })}
                  >
                    {t("sreg.detail.sign")}
                  </button>
                ) : (
                  <span className="muted">{t("sreg.notSigned")}</span>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="sreg-detail__section" aria-labelledby="sreg-detail-decisions">
        <div className="sreg-detail__section-header">
          <h3 id="sreg-detail-decisions">{t("sreg.detail.decisions")}</h3>
          {active && (
            <button type="button" onClick={() => setOpen({ kind: "decision" })} data-testid="record-decision">
              {t("sreg.detail.recordDecision")}
            </button>
          )}
        </div>
        {decisions === null ? (
          !error && <p className="muted">{t("sreg.loading")}</p>
        ) : decisions.length === 0 ? (
          <p className="muted">{t("sreg.detail.noDecisions")}</p>
        ) : (
          <DecisionList decisions={decisions} />
        )}
      </section>

      {open?.kind === "sign" && (
        <SignDialog
          title={t("sreg.sign.title", { entry: t(`sreg.detail.heading.${entry.register}`, { number: entry.number, year: entry.year }) })}
          what={t("sreg.sign.whatIncoming", { handler: entry.handler || t("sreg.none") })}
          onClose={close}
          sign={(by, at) => secretSignIncoming(entry.id, by, at)}
          onSaved={onChanged}
        />
      )}
      {open?.kind === "signRecipient" && (
        <SignDialog
          title={t("sreg.sign.recipientTitle", { name: open.recipient.recipient })}
          what={t("sreg.sign.whatRecipient", { entry: entry.doc_number || String(entry.number), name: open.recipient.recipient })}
          onClose={close}
          sign={(by, at) => secretSignRecipient(open.recipient.id, by, at)}
          onSaved={onChanged}
        />
      )}
      {open?.kind === "summary" && <SummaryDialog entry={entry} onClose={close} onSaved={onChanged} />}
      {open?.kind === "cancel" && <CancelDialog entry={entry} onClose={close} onSaved={onChanged} />}
      {open?.kind === "decision" && (
        <DecisionDialog
          entry={entry}
          onClose={close}
          onSaved={() => {
            setVersion((v) => v + 1);
            onChanged();
          }}
        />
      )}
    </aside>
  );
}

// ---- The screen --------------------------------------------------------------------------

function RegisterScreen({ register }: { register: Register }) {
  const { year, setYear, years, yearsError, reloadYears } = useYearChoice();
  const load = useCallback(() => secretEntries(register, year), [register, year]);
  const { lines: entries, setLines: setEntries, loading, error, setError, reload } = useLines(load);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const openForm = useCallback(() => setCreating(true), []);
  useNewShortcut(openForm);

  /** An action changed an entry: show it at once, then read the register again. */
  const changed = useCallback(
    (entry?: Entry) => {
      if (entry) setEntries((list) => list?.map((e) => (e.id === entry.id ? entry : e)) ?? list);
      reload();
    },
    [setEntries, reload],
  );

  function saved(entry: Entry) {
    setNotice(t("sreg.saved", { number: entry.number, year: entry.year }));
    setYear(entry.year);
    setSelectedId(entry.id);
    reloadYears();
    reload();
  }

  const rows = entries ?? [];
  const selected = rows.find((e) => e.id === selectedId) ?? null;
  const Form = register === "incoming" ? IncomingForm : OutgoingForm;

  return (
    <div className={"sreg-screen" + (selected ? " sreg-screen--with-detail" : "")} data-testid={`register-${register}`}>
      <RegisterHeader
        title={t(`sreg.title.${register}`)}
        yearId={`sreg-year-${register}`}
        year={year}
        years={years}
        onYear={(y) => {
          setYear(y);
          setSelectedId(null);
          setNotice(null);
        }}
        add={{ testId: "new-entry", label: t("sreg.new"), hint: t("sreg.newHint") }}
        onAdd={openForm}
      />
      <ErrorBanner error={error ?? yearsError} onDismiss={() => setError(null)} />
      <RegisterNotice notice={notice} />
      <div className="sreg-screen__body">
        <div className="sreg-screen__list" aria-busy={loading}>
          <EntryTable register={register} entries={rows} selectedId={selectedId} onSelect={(e) => setSelectedId(e.id)} />
          {entries !== null && rows.length === 0 && <p className="sreg-empty muted">{t("sreg.empty", { year })}</p>}
          <RegisterTotal text={entries !== null ? t("sreg.total", { year, count: formatNumber(rows.length) }) : t("sreg.loading")} />
        </div>
        {selected !== null && <EntryDetail entry={selected} onClose={() => setSelectedId(null)} onChanged={changed} />}
      </div>
      {creating && <Form onClose={() => setCreating(false)} onSaved={saved} />}
    </div>
  );
}

export function IncomingRegisterScreen() {
  return <RegisterScreen register="incoming" />;
}

export function OutgoingRegisterScreen() {
  return <RegisterScreen register="outgoing" />;
}
