// A modal dialog: a titled panel over the screen. Esc (or the × button) cancels; focus
// moves into the dialog when it opens and back to where it was when it closes.
import { useEffect, useRef, type ReactNode } from "react";
import { t } from "../i18n";

type Props = {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Wider dialogs for forms with several columns. */
  wide?: boolean;
  testId?: string;
};

export function Dialog({ title, onClose, children, wide, testId }: Props) {
  const panel = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const node = panel.current;
    const first = node?.querySelector<HTMLElement>(
      "[autofocus], input:not([type=hidden]):not(:disabled), select:not(:disabled), textarea:not(:disabled), button:not(.dialog__close)",
    );
    (first ?? node)?.focus();
    return () => before?.focus?.();
  }, []);

  // A React handler, so that a control using Esc itself (an open unit list) can keep it by
  // stopping the event first.
  function onKeyDown(e: React.KeyboardEvent) {
    if (e.key === "Escape" && !e.isPropagationStopped()) {
      e.preventDefault();
      e.stopPropagation();
      onCloseRef.current();
    }
  }

  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={panel}
        className={"dialog" + (wide ? " dialog--wide" : "")}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        tabIndex={-1}
        data-testid={testId}
        onKeyDown={onKeyDown}
      >
        <header className="dialog__header">
          <h2>{title}</h2>
          <button type="button" className="dialog__close" onClick={onClose} aria-label={t("form.close")}>
            ×
          </button>
        </header>
        <div className="dialog__body">{children}</div>
      </div>
    </div>
  );
}
