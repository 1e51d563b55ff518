// A database that already has its units and people (from another PC or the command line)
// but no person chosen on this PC: pick who you are.
import { useState } from "react";
import { setProfile } from "../api";
import type { Person } from "../bindings/Person";
import type { Unit } from "../bindings/Unit";
import { ErrorBanner } from "../components/ErrorBanner";
import { t } from "../i18n";
import { matchesWords } from "../text";

type Props = { people: Person[]; units: Unit[]; onChosen: () => void };

export function ChoosePerson({ people, units, onChosen }: Props) {
  const [query, setQuery] = useState("");
  const [error, setError] = useState<unknown>(null);
  const name = (id: string) => units.find((u) => u.id === id)?.name ?? "";
  const shown = people.filter((p) => query === "" || matchesWords(`${p.full_name} ${name(p.unit_id)}`, query)).slice(0, 100);

  return (
    <main className="welcome">
      <div className="welcome__card" data-testid="choose-person">
        <h1>{t("welcome.choosePerson")}</h1>
        <p>{t("welcome.choosePersonHint")}</p>
        <ErrorBanner error={error} onDismiss={() => setError(null)} />
        <input
          type="search"
          className="profile-search"
          aria-label={t("shell.profileSearchLabel")}
          placeholder={t("shell.profileSearch")}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <ul className="profile-list">
          {shown.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                className="profile-option"
                onClick={() => setProfile(p.id).then(onChosen, (e: unknown) => setError(e))}
              >
                <strong>{p.full_name}</strong> — {t(`role.${p.role}`)} <span className="muted">· {name(p.unit_id)}</span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    </main>
  );
}
