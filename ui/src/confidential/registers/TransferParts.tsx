// What the Sổ chuyển giao and the Sổ quản lý sao, chụp share: the document a line is about
// (an entry chosen from either register, searched by number, số ký hiệu or trích yếu, or a
// document typed by hand) with its độ mật, and one year of lines read from the back end.
import { useEffect, useMemo, useState } from "react";
import type { Entry } from "../../bindings/Entry";
import type { Secrecy } from "../../bindings/Secrecy";
import { SelectField, TextField } from "../../components/form";
import type { FormErrors } from "../../hooks/useFormErrors";
import { t } from "../../i18n";
import { secretEntries } from "../../secretApi";
import { matchesWords } from "../../text";
import { entryShortName, secrecyLabel, secrecyOptions } from "./common";

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

/** One year of a register's lines; `reload` reads it again. */
export function useYearLines<T>(load: (year: number) => Promise<T[]>, year: number) {
  const [lines, setLines] = useState<T[] | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    setLoading(true);
    load(year).then(
      (list) => {
        if (!live) return;
        setLines(list);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [load, year, version]);

  return { lines, loading, error, setError, reload: () => setVersion((v) => v + 1) };
}
