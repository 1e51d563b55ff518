// Sổ quản lý sao, chụp: every copy or photo of a secret document, with who authorised it,
// who made it and where the copies went; numbered within the year.
import type { CopyMethod } from "../../bindings/CopyMethod";
import type { CopyRecord } from "../../bindings/CopyRecord";
import type { NewCopy } from "../../bindings/NewCopy";
import { SelectField, TextField } from "../../components/form";
import { formatNumber } from "../../format";
import { t } from "../../i18n";
import { secretCopies, secretRecordCopy } from "../../secretApi";
import { COPY_METHODS, methodLabel, MomentField, parseCount, parseMoment } from "./common";
import { formChecks, NoteField, useDraft } from "./forms";
import { DOCUMENT_IDS, documentPayload, TransferDialog, TransferScreen, useTransferForm } from "./TransferParts";

const IDS = {
  ...DOCUMENT_IDS,
  method: "sreg-copy-method",
  count: "sreg-copy-count",
  authorized_by: "sreg-copy-authorized-by",
  made_by: "sreg-copy-made-by",
  made_at: "sreg-copy-made-at",
  delivered_to: "sreg-copy-delivered-to",
  note: "sreg-copy-note",
} as const;
type CopyField = keyof typeof IDS;

type Draft = { method: CopyMethod; count: string; authorizedBy: string; madeBy: string; madeAt: string; deliveredTo: string; note: string };
const EMPTY: Draft = { method: "copy", count: "", authorizedBy: "", madeBy: "", madeAt: "", deliveredTo: "", note: "" };

function CopyForm({ onClose, onSaved }: { onClose: () => void; onSaved: (c: CopyRecord) => void }) {
  const form = useTransferForm(IDS);
  const [d, set] = useDraft<Draft, CopyField>(EMPTY, form.errors);
  const f = form.errors.fields;

  async function submit() {
    if (form.isBusy()) return;
    const check = formChecks(form.errors, IDS);
    const count = parseCount(d.count);
    const moment = parseMoment(d.madeAt);
    // The number of copies has no default: the register must say how many were made.
    if (count === undefined || count === null) check.flag("count", t("sreg.copy.countRequired"));
    if (!moment.valid) check.flag("made_at", t("sreg.moment.invalid"));
    if (check.failed() || count === undefined || count === null) return;
    const copy: NewCopy = {
      ...documentPayload(form.doc),
      method: d.method,
      count,
      authorized_by: d.authorizedBy.trim(),
      made_by: d.madeBy.trim(),
      made_at: moment.iso,
      delivered_to: d.deliveredTo.trim(),
      note: d.note.trim(),
    };
    await form.run(async () => {
      onSaved(await secretRecordCopy(copy));
      onClose();
    });
  }

  return (
    <TransferDialog title={t("sreg.copy.formTitle")} testId="copy-form" saveTestId="save-copy" form={form} onClose={onClose} onSubmit={() => void submit()}>
      <SelectField
        id={IDS.method}
        label={t("sreg.copy.method")}
        required
        value={d.method}
        options={COPY_METHODS.map((m) => ({ value: m, label: methodLabel(m) }))}
        onChange={(v) => set({ method: v as CopyMethod }, "method")}
        error={f.method}
      />
      <TextField id={IDS.count} label={t("sreg.copy.count")} required value={d.count} onChange={(count) => set({ count }, "count")} error={f.count} />
      <TextField
        id={IDS.authorized_by}
        label={t("sreg.copy.authorizedBy")}
        required
        value={d.authorizedBy}
        onChange={(authorizedBy) => set({ authorizedBy }, "authorized_by")}
        error={f.authorized_by}
      />
      <TextField id={IDS.made_by} label={t("sreg.copy.madeBy")} required value={d.madeBy} onChange={(madeBy) => set({ madeBy }, "made_by")} error={f.made_by} />
      <MomentField id={IDS.made_at} label={t("sreg.copy.madeAt")} value={d.madeAt} onChange={(madeAt) => set({ madeAt }, "made_at")} error={f.made_at} />
      <TextField
        id={IDS.delivered_to}
        className="span-2"
        label={t("sreg.copy.deliveredTo")}
        value={d.deliveredTo}
        onChange={(deliveredTo) => set({ deliveredTo }, "delivered_to")}
        error={f.delivered_to}
      />
      <NoteField id={IDS.note} value={d.note} onChange={(note) => set({ note }, "note")} error={f.note} />
    </TransferDialog>
  );
}

export function CopyScreen() {
  return (
    <TransferScreen<CopyRecord>
      testId="copy-screen"
      title={t("sreg.copy.title")}
      yearId="sreg-year-copies"
      add={{ testId: "new-copy", label: t("sreg.copy.new"), hint: t("sreg.copy.newHint") }}
      tableTestId="copy-register"
      rowTestId="copy-row"
      load={secretCopies}
      at={(c) => c.made_at}
      head={
        <>
          <th scope="col">{t("sreg.col.method")}</th>
          <th scope="col" className="sreg-col-count">{t("sreg.col.copyCount")}</th>
          <th scope="col">{t("sreg.col.authorizedBy")}</th>
          <th scope="col">{t("sreg.col.madeBy")}</th>
          <th scope="col">{t("sreg.col.deliveredTo")}</th>
        </>
      }
      cells={(c) => (
        <>
          <td>{methodLabel(c.method)}</td>
          <td className="sreg-col-count">{formatNumber(c.count)}</td>
          <td>{c.authorized_by}</td>
          <td>{c.made_by}</td>
          <td>{c.delivered_to}</td>
        </>
      )}
      empty={(year) => t("sreg.copy.empty", { year })}
      saved={(c) => t("sreg.copy.saved", { number: c.number, year: c.year })}
      Form={CopyForm}
    />
  );
}
