// Where a refused save shows its message: next to the field the core named, or in a banner
// when the field is not on this form (or the error is not about input at all).
import { useCallback, useState } from "react";
import { errorField, errorItem, errorMessage } from "../errors";

export type FormErrors = {
  /** Message per field name (for lists: "field@index", see fieldKey). */
  fields: Record<string, string>;
  /** An error that belongs to no field of the form. */
  banner: unknown;
  /** Shows `error` next to its field when `known(field, item)` says the form has it. */
  show: (error: unknown, known: (field: string, item: number | null) => boolean) => void;
  setField: (key: string, message: string | null) => void;
  clear: () => void;
  clearBanner: () => void;
};

/** The key of a field of list item `item` ("deadline@1"), or of a plain field. */
export function fieldKey(field: string, item: number | null = null): string {
  return item === null ? field : `${field}@${item}`;
}

export function useFormErrors(): FormErrors {
  const [fields, setFields] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<unknown>(null);

  const show = useCallback((error: unknown, known: (field: string, item: number | null) => boolean) => {
    const field = errorField(error);
    const item = errorItem(error);
    if (field !== null && known(field, item)) {
      setFields({ [fieldKey(field, item)]: errorMessage(error) });
      setBanner(null);
    } else {
      setFields({});
      setBanner(error);
    }
  }, []);

  const setField = useCallback((key: string, message: string | null) => {
    setFields((f) => {
      if (message === null) {
        if (!(key in f)) return f;
        const next = { ...f };
        delete next[key];
        return next;
      }
      return { ...f, [key]: message };
    });
  }, []);

  const clear = useCallback(() => {
    setFields({});
    setBanner(null);
  }, []);
  const clearBanner = useCallback(() => setBanner(null), []);

  return { fields, banner, show, setField, clear, clearBanner };
}
