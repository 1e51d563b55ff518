// A detail panel over the right side of a screen, which behaves as a dialog without being one:
// it takes the focus when it opens and gives it back when it closes, and Esc closes it.
import { useEffect, useRef } from "react";

/** The panel's ref. Esc closes it; a dialog on top of it handles (and stops) its own Esc first. */
export function useSidePanel(onClose: () => void) {
  const panel = useRef<HTMLElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    panel.current?.focus();
    function onKey(e: KeyboardEvent) {
      if (e.key === "Escape" && !e.defaultPrevented) {
        e.preventDefault();
        onCloseRef.current();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
      before?.focus?.();
    };
  }, []);

  return panel;
}
