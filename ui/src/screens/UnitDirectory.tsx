// Danh bạ: the unit tree with the people of each unit; the office adds units and people.
import { useMemo, useState, type FormEvent } from "react";
import { createPerson, createUnit } from "../api";
import type { Person } from "../bindings/Person";
import type { Role } from "../bindings/Role";
import type { Unit } from "../bindings/Unit";
import type { UnitKind } from "../bindings/UnitKind";
import { Dialog } from "../components/Dialog";
import { ErrorBanner } from "../components/ErrorBanner";
import { SelectField, TextField } from "../components/form";
import { UnitPicker, unitTree } from "../components/UnitPicker";
import { useFormErrors } from "../hooks/useFormErrors";
import { getLocale, t, type MessageKey } from "../i18n";
import { directoryEn } from "../i18n/en/directory";
import { directoryVi } from "../i18n/vi/directory";
import { isOffice, useSession } from "../session";
import { matchesWords } from "../text";

type DirKey = keyof typeof directoryVi;
/** t() for this screen's keys; uses the module catalogue until it is registered. */
function tr(k: DirKey, p?: Record<string, string | number>): string {
  const s = t(k as never, p);
  if (s !== k) return s;
  const text: string = (getLocale() === "en" ? directoryEn : directoryVi)[k];
  return p ? text.replace(/\{(\w+)\}/g, (w, n: string) => (n in p ? String(p[n]) : w)) : text;
}

const KINDS: UnitKind[] = ["office", "department", "agency", "division", "commune"];
const ROLES: Role[] = ["office", "unit", "leader", "confidential_clerk", "admin"];
const roleLabel = (role: Role) => t(`role.${role}` as MessageKey);

export function UnitDirectory() {
  const session = useSession();
  const editable = isOffice(session.profile);
  const [query, setQuery] = useState("");
  const [dialog, setDialog] = useState<"unit" | "person" | null>(null);

  const byUnit = useMemo(() => {
    const map = new Map<string, Person[]>();
    for (const p of session.people) {
      const list = map.get(p.unit_id) ?? [];
      list.push(p);
      map.set(p.unit_id, list);
    }
    for (const list of map.values()) list.sort((a, b) => a.full_name.localeCompare(b.full_name, "vi"));
    return map;
  }, [session.people]);

  const tree = useMemo(() => unitTree(session.units), [session.units]);
  const shown = useMemo(() => {
    const q = query.trim();
    return tree
      .map(({ unit, depth }) => {
        const people = byUnit.get(unit.id) ?? [];
        if (q === "" || matchesWords(unit.name, q)) return { unit, depth, people };
        const matching = people.filter((p) => matchesWords(p.full_name, q));
        return matching.length > 0 ? { unit, depth, people: matching } : null;
      })
      .filter((x): x is { unit: Unit; depth: number; people: Person[] } => x !== null);
  }, [tree, byUnit, query]);

  const done = () => {
    setDialog(null);
    session.reload();
  };

  return (
    <div className="directory-screen units-screen" data-testid="units-screen">
      <header className="screen-header">
        <h1>{tr("units.title")}</h1>
        <div className="screen-header__tools">
          {editable && (
            <>
              <button type="button" onClick={() => setDialog("unit")}>
                {tr("units.addUnit")}
              </button>
              <button type="button" className="button-primary" onClick={() => setDialog("person")}>
                {tr("units.addPerson")}
              </button>
            </>
          )}
        </div>
      </header>
      <div className="directory-body">
        <div className="directory-toolbar">
          <label htmlFor="units-filter">{tr("units.filter")}</label>
          <input
            id="units-filter"
            type="search"
            value={query}
            placeholder={tr("units.filterPlaceholder")}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape" && query !== "") {
                e.preventDefault();
                setQuery("");
              }
            }}
          />
          <span className="muted" data-testid="units-count">
            {tr("units.count", { units: shown.length, people: shown.reduce((n, s) => n + s.people.length, 0) })}
          </span>
        </div>
        {!editable && <p className="muted">{tr("units.readOnly")}</p>}
        {shown.length === 0 ? (
          <p className="muted">{tr("units.empty")}</p>
        ) : (
          <ul className="unit-tree" data-testid="unit-tree">
            {shown.map(({ unit, depth, people }) => (
              <li key={unit.id} className="unit-node" data-testid={`unit-${unit.id}`} style={{ marginLeft: depth * 24 }} data-depth={depth}>
                <div className="unit-node__header">
                  <span className="unit-node__name">{unit.name}</span>
                  <span className="unit-node__kind muted">{tr(`units.kind.${unit.kind}`)}</span>
                </div>
                {people.length === 0 ? (
                  <p className="muted unit-node__empty">{tr("units.noPeople")}</p>
                ) : (
                  <table className="directory-table people-table">
                    <thead>
                      <tr>
                        <th>{tr("units.fullName")}</th>
                        <th>{tr("units.role")}</th>
                        <th>{tr("units.personTitle")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {people.map((p) => (
                        <tr key={p.id} data-testid={`person-${p.id}`}>
                          <td>{p.full_name}</td>
                          <td>{roleLabel(p.role)}</td>
                          <td>{p.title}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
      {dialog === "unit" && <UnitDialog units={session.units} onClose={() => setDialog(null)} onSaved={done} />}
      {dialog === "person" && <PersonDialog units={session.units} onClose={() => setDialog(null)} onSaved={done} />}
    </div>
  );
}

function Actions({ saving, onCancel }: { saving: boolean; onCancel: () => void }) {
  return (
    <div className="form-actions">
      <button type="button" onClick={onCancel}>
        {tr("units.cancel")}
      </button>
      <button type="submit" className="button-primary" disabled={saving}>
        {saving ? t("form.saving") : tr("units.save")}
      </button>
    </div>
  );
}

function UnitDialog({ units, onClose, onSaved }: { units: Unit[]; onClose: () => void; onSaved: () => void }) {
  const [name, setName] = useState("");
  const [kind, setKind] = useState<UnitKind>("department");
  const [parent, setParent] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const errors = useFormErrors();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (saving) return;
    errors.clear();
    if (name.trim() === "") {
      errors.setField("name", tr("units.required"));
      return;
    }
    setSaving(true);
    try {
      await createUnit({ parent_id: parent, name: name.trim(), kind });
      onSaved();
    } catch (error) {
      errors.show(error, (field) => ["name", "kind", "parent_id"].includes(field));
      setSaving(false);
    }
  }

  return (
    <Dialog title={tr("units.addUnit")} onClose={onClose} testId="unit-dialog">
      <form onSubmit={submit} noValidate>
        <ErrorBanner error={errors.banner} onDismiss={errors.clearBanner} />
        <div className="form-grid">
          <TextField
            className="span-all"
            label={tr("units.name")}
            required
            autoFocus
            maxLength={300}
            value={name}
            error={errors.fields.name}
            onChange={(v) => {
              setName(v);
              errors.setField("name", null);
            }}
          />
          <SelectField
            label={tr("units.kind")}
            value={kind}
            options={KINDS.map((k) => ({ value: k, label: tr(`units.kind.${k}`) }))}
            error={errors.fields.kind}
            onChange={(v) => setKind(v as UnitKind)}
          />
          <div className="parent-field">
            <UnitPicker
              label={tr("units.parent")}
              units={units}
              value={parent}
              placeholder={tr("units.parentNone")}
              error={errors.fields.parent_id}
              onChange={(id) => {
                setParent(id);
                errors.setField("parent_id", null);
              }}
            />
            {parent !== null && (
              <button type="button" className="button-link" onClick={() => setParent(null)}>
                {tr("units.parentClear")}
              </button>
            )}
          </div>
        </div>
        <Actions saving={saving} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

function PersonDialog({ units, onClose, onSaved }: { units: Unit[]; onClose: () => void; onSaved: () => void }) {
  const [unitId, setUnitId] = useState<string | null>(null);
  const [fullName, setFullName] = useState("");
  const [role, setRole] = useState<Role>("unit");
  const [title, setTitle] = useState("");
  const [saving, setSaving] = useState(false);
  const errors = useFormErrors();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (saving) return;
    errors.clear();
    let bad = false;
    if (unitId === null) {
      errors.setField("unit_id", tr("units.required"));
      bad = true;
    }
    if (fullName.trim() === "") {
      errors.setField("full_name", tr("units.required"));
      bad = true;
    }
    if (bad || unitId === null) return;
    setSaving(true);
    try {
      await createPerson({ unit_id: unitId, full_name: fullName.trim(), role, title: title.trim() });
      onSaved();
    } catch (error) {
      errors.show(error, (field) => ["unit_id", "full_name", "role", "title"].includes(field));
      setSaving(false);
    }
  }

  return (
    <Dialog title={tr("units.addPerson")} onClose={onClose} testId="person-dialog">
      <form onSubmit={submit} noValidate>
        <ErrorBanner error={errors.banner} onDismiss={errors.clearBanner} />
        <div className="form-grid">
          <div className="span-all">
            <UnitPicker
              label={tr("units.unit")}
              units={units}
              value={unitId}
              required
              error={errors.fields.unit_id}
              onChange={(id) => {
                setUnitId(id);
                errors.setField("unit_id", null);
              }}
            />
          </div>
          <TextField
            label={tr("units.fullName")}
            required
            maxLength={200}
            value={fullName}
            error={errors.fields.full_name}
            onChange={(v) => {
              setFullName(v);
              errors.setField("full_name", null);
            }}
          />
          <SelectField
            label={tr("units.role")}
            value={role}
            options={ROLES.map((r) => ({ value: r, label: roleLabel(r) }))}
            error={errors.fields.role}
            onChange={(v) => setRole(v as Role)}
          />
          <TextField
            label={tr("units.personTitle")}
            maxLength={200}
            value={title}
            error={errors.fields.title}
            onChange={(v) => {
              setTitle(v);
              errors.setField("title", null);
            }}
          />
        </div>
        <Actions saving={saving} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
