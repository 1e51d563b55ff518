// Demo mode: one person can act as the office, a unit or a leader in turn. A dialog lists
// the province's people, narrowed as you type a name or a unit (accent-insensitive).
import { useMemo, useState } from "react";
import { setProfile } from "../api";
import type { Profile } from "../bindings/Profile";
import { Dialog } from "../components/Dialog";
import { ErrorBanner } from "../components/ErrorBanner";
import { t } from "../i18n";
import { unitName, useSession } from "../session";
import { matchesWords } from "../text";

const SHOWN = 60;

export function ProfileSwitch({ onSwitched }: { onSwitched: (p: Profile) => void }) {
  const session = useSession();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [error, setError] = useState<unknown>(null);

  const matches = useMemo(
    () =>
      session.people
        .map((p) => ({ person: p, unit: unitName(session.units, p.unit_id) }))
        .filter(
          ({ person, unit }) =>
            query === "" || matchesWords(`${person.full_name} ${t(`role.${person.role}`)} ${unit}`, query),
        ),
    [session.people, session.units, query],
  );

  async function choose(personId: string) {
    setError(null);
    try {
      onSwitched(await setProfile(personId));
      setOpen(false);
      setQuery("");
    } catch (e) {
      setError(e);
    }
  }

  if (!session.profile.demo) return null;
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} data-testid="profile-switch">
        {t("shell.switchProfile")}
      </button>
      {open && (
        <Dialog title={t("shell.profileTitle")} onClose={() => setOpen(false)} testId="profile-dialog">
          <ErrorBanner error={error} onDismiss={() => setError(null)} />
          <input
            id="profile-search"
            type="search"
            aria-label={t("shell.profileSearchLabel")}
            placeholder={t("shell.profileSearch")}
            autoComplete="off"
            spellCheck={false}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && matches.length > 0) {
                e.preventDefault();
                void choose(matches[0].person.id);
              }
            }}
            className="profile-search"
          />
          <ul className="profile-list" role="listbox" aria-label={t("shell.profileSearchLabel")}>
            {matches.length === 0 && <li className="muted">{t("shell.profileNone")}</li>}
            {matches.slice(0, SHOWN).map(({ person, unit }) => (
              <li key={person.id} role="option" aria-selected={person.id === session.profile.person.id}>
                <button type="button" className="profile-option" data-testid="profile-option" onClick={() => void choose(person.id)}>
                  <strong>{person.full_name}</strong> — {t(`role.${person.role}`)}
                  <span className="muted"> · {unit}</span>
                </button>
              </li>
            ))}
            {matches.length > SHOWN && <li className="muted">{t("shell.profileMore", { count: matches.length - SHOWN })}</li>}
          </ul>
        </Dialog>
      )}
    </>
  );
}
