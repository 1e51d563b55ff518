// What the Sổ chuyển giao and the Sổ quản lý sao, chụp share: the document a line is about
// (an entry chosen from either register, searched by number, số ký hiệu or trích yếu, or a
// document typed by hand) with its độ mật, the form around it, and the screen: one year of
// the register, the columns every line has, and the form on Ctrl+N.
import { useCallback, useEffect, useMemo, useState, type ComponentType, type ReactNode } from "react";
import type { Entry } from "../../bindings/Entry";
import type { Secrecy } from "../../bindings/Secrecy";
import { ErrorBanner } from "../../components/ErrorBanner";
import { SelectField, TextField } from "../../components/form";
import { formatMoment, formatNumber } from "../../format";
import { useFormErrors, type FormErrors } from "../../hooks/useFormErrors";
import { t } from "../../i18n";
import { secretEntries } from "../../secretApi";
import { matchesWords } from "../../text";
import {
  entryShortName,
  RegisterHeader,
  RegisterNotice,
  RegisterTotal,
  secrecyLabel,
  SecrecyBadge,
  secrecyOptions,
  useLines,
  useNewShortcut,
  useYearChoice,
} from "./common";
import { DialogForm, SaveActions, useDraft, useSave } from "./forms";

// ---- The document ------------------------------------------------------------------------

const MAX_RESULTS = 8;

/** "Đến 3/2026 · 15/CV-BCA · Công văn · trích yếu" (a tuyệt mật entry without approval has no trích yếu). */
export function entryLine(entry: Entry): string {
  const summary = entry.sealed_for !== null ? t("sreg.sealed", { name: entry.sealed_for }) : entry.summary;
  return [entryShortName(entry), entry.doc_number, entry.doc_kind, summary ?? ""].filter((p) => p.trim() !== "").join(" · ");
}

function haystack(entry: Entry): string {
  return [`${entry.number}/${entry.year}`, entryShortName(entry), entry.doc_number, entry.doc_kind, entry.summary ?? "", entry.issuer].join(" ");
}

/** The active entries of both registers, all years (for choosing the one a line is about). */
function useActiveEntries() {
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    Promise.all([secretEntries("incoming", null), secretEntries("outgoing", null)]).then(
      ([incoming, outgoing]) => {
        if (!live) return;
        const all = [...(incoming ?? []), ...(outgoing ?? [])].filter((e) => e.status === "active");
        // Newest first: the document being handed over is usually a recent one.
        all.sort((a, b) => (a.registered_at < b.registered_at ? 1 : a.registered_at > b.registered_at ? -1 : 0));
        setEntries(all);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, []);
  return { entries, error };
}

export function EntryPicker({ value, onChange, onError }: { value: Entry | null; onChange: (entry: Entry | null) => void; onError: (error: unknown) => void }) {
  const { entries, error } = useActiveEntries();
  const [query, setQuery] = useState("");

  useEffect(() => {
    if (error) onError(error);
  }, [error, onError]);

  const results = useMemo(() => {
    if (entries === null || query.trim() === "") return [];
    return entries.filter((e) => matchesWords(haystack(e), query)).slice(0, MAX_RESULTS);
  }, [entries, query]);

  function pick(entry: Entry) {
    onChange(entry);
    setQuery("");
  }

  return (
    <div className="form-field sreg-picker span-all">
      <label htmlFor="sreg-picker-search">{t("sreg.picker.label")}</label>
      {value !== null ? (
        <div className="sreg-picker__chosen" data-testid="picked-entry">
          <span>{t("sreg.picker.chosen", { entry: entryLine(value) })}</span>{" "}
          <button type="button" className="button-link" onClick={() => onChange(null)} data-testid="clear-entry">
            {t("sreg.picker.clear")}
          </button>
        </div>
      ) : (
        <>
          <input
            id="sreg-picker-search"
            type="search"
            autoComplete="off"
            spellCheck={false}
            placeholder={t("sreg.picker.placeholder")}
            value={query}
            aria-describedby="sreg-picker-hint"
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && !e.ctrlKey && !e.metaKey) {
                // Enter chooses the first match instead of saving the form.
                if (results.length > 0) {
                  e.preventDefault();
                  pick(results[0]);
                } else if (query.trim() !== "") {
                  e.preventDefault();
                }
              } else if (e.key === "Escape" && query !== "") {
                e.preventDefault();
                e.stopPropagation();
                setQuery("");
              }
            }}
          />
          {query.trim() !== "" && (
            <ul className="sreg-picker__results" data-testid="picker-results">
              {entries === null ? (
                <li className="muted">{t("sreg.loading")}</li>
              ) : results.length === 0 ? (
                <li className="muted">{t("sreg.picker.none")}</li>
              ) : (
                results.map((e) => (
                  <li key={e.id}>
                    <button type="button" className="sreg-picker__option" onClick={() => pick(e)} data-testid="picker-option">
                      {entryLine(e)}
                    </button>
                  </li>
                ))
              )}
            </ul>
          )}
          <span id="sreg-picker-hint" className="field-hint">
            {t("sreg.picker.hint")}
          </span>
        </>
      )}
    </div>
  );
}

/** The document of a line: an entry, or what is typed, and its độ mật (the entry's when chosen). */
export type DocumentDraft = { entry: Entry | null; document: string; secrecy: Secrecy | "" };
export const NO_DOCUMENT: DocumentDraft = { entry: null, document: "", secrecy: "" };

export function documentPayload(d: DocumentDraft) {
  return {
    entry_id: d.entry?.id ?? null,
    document: d.document.trim(),
    secrecy: d.entry !== null ? d.entry.secrecy : d.secrecy === "" ? null : d.secrecy,
  };
}

export const DOCUMENT_IDS = { document: "sreg-transfer-document", secrecy: "sreg-transfer-secrecy" } as const;

export function DocumentFields({
  draft,
  onChange,
  errors,
  onError,
}: {
  draft: DocumentDraft;
  onChange: (patch: Partial<DocumentDraft>) => void;
  errors: FormErrors;
  onError: (error: unknown) => void;
}) {
  const f = errors.fields;
  const chosen = draft.entry !== null;
  return (
    <>
      <EntryPicker
        value={draft.entry}
        onChange={(entry) => {
          errors.setField("document", null);
          errors.setField("secrecy", null);
          onChange({ entry });
        }}
        onError={onError}
      />
      <TextField
        id={DOCUMENT_IDS.document}
        className="span-2"
        label={t("sreg.transfer.document")}
        required={!chosen}
        value={draft.document}
        onChange={(document) => {
          errors.setField("document", null);
          onChange({ document });
        }}
        error={f.document}
        hint={chosen ? t("sreg.transfer.documentFromEntry") : t("sreg.transfer.documentHint")}
      />
      {chosen ? (
        <SelectField
          id={DOCUMENT_IDS.secrecy}
          label={t("sreg.field.secrecy")}
          disabled
          value={draft.entry?.secrecy ?? ""}
          options={secrecyOptions()}
          onChange={() => {}}
          hint={t("sreg.transfer.secrecyFromEntry", { level: secrecyLabel(draft.entry!.secrecy) })}
        />
      ) : (
        <SelectField
          id={DOCUMENT_IDS.secrecy}
          label={t("sreg.field.secrecy")}
          required
          placeholder={t("sreg.choose")}
          value={draft.secrecy}
          options={secrecyOptions()}
          onChange={(v) => {
            errors.setField("secrecy", null);
            onChange({ secrecy: v as Secrecy | "" });
          }}
          error={f.secrecy}
        />
      )}
    </>
  );
}

// ---- The form ----------------------------------------------------------------------------

/**
 * A transfer form's state: the messages, the document (with a failure to read the entries to
 * choose from) and the save. `ids` are the form's controls, the document's among them.
 */
export function useTransferForm<F extends string>(ids: Readonly<Record<F, string>>) {
  const errors = useFormErrors();
  const [doc, setDoc] = useDraft(NO_DOCUMENT, errors);
  const [loadError, setLoadError] = useState<unknown>(null);
  // A chosen entry's độ mật is shown, not typed: a message about it goes to the banner.
  const known = (field: string): field is F => field in ids && !(field === "secrecy" && doc.entry !== null);
  const save = useSave(errors, ids, known);
  return { errors, doc, setDoc, loadError, setLoadError, ...save };
}

type TransferForm = {
  errors: FormErrors;
  doc: DocumentDraft;
  setDoc: (patch: Partial<DocumentDraft>) => void;
  loadError: unknown;
  setLoadError: (error: unknown) => void;
  saving: boolean;
};

/** The dialog of a transfer form: the document first, then the register's own fields. */
export function TransferDialog({
  title,
  testId,
  saveTestId,
  form,
  onClose,
  onSubmit,
  children,
}: {
  title: string;
  testId: string;
  saveTestId: string;
  form: TransferForm;
  onClose: () => void;
  onSubmit: () => void;
  children: ReactNode;
}) {
  const { errors, loadError, setLoadError } = form;
  return (
    <DialogForm title={title} onClose={onClose} wide testId={testId} onSubmit={onSubmit}>
      <ErrorBanner error={errors.banner ?? loadError} onDismiss={() => (errors.banner ? errors.clearBanner() : setLoadError(null))} />
      <div className="form-grid">
        <DocumentFields draft={form.doc} onChange={form.setDoc} errors={errors} onError={setLoadError} />
        {children}
      </div>
      <SaveActions saving={form.saving} testId={saveTestId} onClose={onClose} />
    </DialogForm>
  );
}

// ---- The screen --------------------------------------------------------------------------

/** What every line of both registers has. */
type TransferLine = { id: string; year: number; number: number; document: string; secrecy: Secrecy; note: string };

type ScreenProps<T extends TransferLine> = {
  testId: string;
  title: string;
  yearId: string;
  add: { testId: string; label: string; hint: string };
  tableTestId: string;
  rowTestId: string;
  load: (year: number) => Promise<T[]>;
  /** When it happened: the Thời gian column. */
  at: (line: T) => string;
  /** The register's own columns, between Độ mật and Ghi chú. */
  head: ReactNode;
  cells: (line: T) => ReactNode;
  empty: (year: number) => string;
  saved: (line: T) => string;
  Form: ComponentType<{ onClose: () => void; onSaved: (line: T) => void }>;
};

/** One year of the Sổ chuyển giao or the Sổ sao, chụp, with its form (Ctrl+N). */
export function TransferScreen<T extends TransferLine>({
  testId,
  title,
  yearId,
  add,
  tableTestId,
  rowTestId,
  load,
  at,
  head,
  cells,
  empty,
  saved,
  Form,
}: ScreenProps<T>) {
  const { year, setYear, years, yearsError, reloadYears } = useYearChoice();
  const { lines, loading, error, setError, reload } = useLines(useCallback(() => load(year), [load, year]));
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const openForm = useCallback(() => setCreating(true), []);
  useNewShortcut(openForm);

  const rows = lines ?? [];
  return (
    <div className="sreg-screen" data-testid={testId}>
      <RegisterHeader
        title={title}
        yearId={yearId}
        year={year}
        years={years}
        onYear={(y) => {
          setYear(y);
          setNotice(null);
        }}
        add={add}
        onAdd={openForm}
      />
      <ErrorBanner error={error ?? yearsError} onDismiss={() => setError(null)} />
      <RegisterNotice notice={notice} />
      <div className="sreg-screen__body">
        <div className="sreg-screen__list" aria-busy={loading}>
          <table className="sreg-table" data-testid={tableTestId}>
            <thead>
              <tr>
                <th scope="col" className="sreg-col-number">{t("sreg.col.lineNumber")}</th>
                <th scope="col" className="sreg-col-moment">{t("sreg.col.time")}</th>
                <th scope="col" className="sreg-col-summary">{t("sreg.col.document")}</th>
                <th scope="col">{t("sreg.col.secrecy")}</th>
                {head}
                <th scope="col">{t("sreg.col.note")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((line) => (
                <tr key={line.id} data-testid={rowTestId}>
                  <td className="sreg-col-number">{line.number}</td>
                  <td className="sreg-col-moment">{formatMoment(at(line))}</td>
                  <td className="sreg-col-summary">{line.document}</td>
                  <td>
                    <SecrecyBadge secrecy={line.secrecy} />
                  </td>
                  {cells(line)}
                  <td className="sreg-col-note">{line.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {lines !== null && rows.length === 0 && <p className="sreg-empty muted">{empty(year)}</p>}
          <RegisterTotal text={lines !== null ? t("sreg.lines", { year, count: formatNumber(rows.length) }) : t("sreg.loading")} />
        </div>
      </div>
      {creating && (
        <Form
          onClose={() => setCreating(false)}
          onSaved={(line) => {
            setNotice(saved(line));
            setYear(line.year);
            reloadYears();
            reload();
          }}
        />
      )}
    </div>
  );
}
