// Sổ chuyển giao: every hand-over of a secret document between drafter, clerk, handler and
// keeper, numbered within the year and signed by the receiver on the printed register.
import type { Handover } from "../../bindings/Handover";
import type { NewHandover } from "../../bindings/NewHandover";
import { TextField } from "../../components/form";
import { formatNumber } from "../../format";
import { t } from "../../i18n";
import { secretHandovers, secretRecordHandover } from "../../secretApi";
import { MomentField, parseCount, parseMoment } from "./common";
import { formChecks, NoteField, useDraft } from "./forms";
import { DOCUMENT_IDS, documentPayload, TransferDialog, TransferScreen, useTransferForm } from "./TransferParts";

export const PURPOSES = ["sreg.purpose.submit", "sreg.purpose.handle", "sreg.purpose.keep", "sreg.purpose.return"] as const;

const IDS = {
  ...DOCUMENT_IDS,
  copies: "sreg-handover-copies",
  giver: "sreg-handover-giver",
  receiver: "sreg-handover-receiver",
  handed_at: "sreg-handover-at",
  purpose: "sreg-handover-purpose",
  note: "sreg-handover-note",
} as const;
type HandoverField = keyof typeof IDS;

type Draft = { copies: string; giver: string; receiver: string; handedAt: string; purpose: string; note: string };
const EMPTY: Draft = { copies: "1", giver: "", receiver: "", handedAt: "", purpose: "", note: "" };

function HandoverForm({ onClose, onSaved }: { onClose: () => void; onSaved: (h: Handover) => void }) {
  const form = useTransferForm(IDS);
  const [d, set] = useDraft<Draft, HandoverField>(EMPTY, form.errors);
  const f = form.errors.fields;

  async function submit() {
    if (form.isBusy()) return;
    const check = formChecks(form.errors, IDS);
    const copies = parseCount(d.copies);
    const moment = parseMoment(d.handedAt);
    if (copies === undefined) check.flag("copies", t("sreg.transfer.copiesInvalid"));
    if (!moment.valid) check.flag("handed_at", t("sreg.moment.invalid"));
    if (check.failed()) return;
    const handover: NewHandover = {
      ...documentPayload(form.doc),
      copies: copies ?? null,
      giver: d.giver.trim(),
      receiver: d.receiver.trim(),
      handed_at: moment.iso,
      purpose: d.purpose.trim(),
      note: d.note.trim(),
    };
    await form.run(async () => {
      onSaved(await secretRecordHandover(handover));
      onClose();
    });
  }

  return (
    <TransferDialog
      title={t("sreg.handover.formTitle")}
      testId="handover-form"
      saveTestId="save-handover"
      form={form}
      onClose={onClose}
      onSubmit={() => void submit()}
    >
      <TextField id={IDS.copies} label={t("sreg.transfer.copies")} value={d.copies} onChange={(copies) => set({ copies }, "copies")} error={f.copies} />
      <TextField id={IDS.giver} label={t("sreg.handover.giver")} required value={d.giver} onChange={(giver) => set({ giver }, "giver")} error={f.giver} />
      <TextField
        id={IDS.receiver}
        label={t("sreg.handover.receiver")}
        required
        value={d.receiver}
        onChange={(receiver) => set({ receiver }, "receiver")}
        error={f.receiver}
      />
      <MomentField id={IDS.handed_at} label={t("sreg.handover.handedAt")} value={d.handedAt} onChange={(handedAt) => set({ handedAt }, "handed_at")} error={f.handed_at} />
      <div className="sreg-purpose span-2">
        <TextField id={IDS.purpose} label={t("sreg.handover.purpose")} value={d.purpose} onChange={(purpose) => set({ purpose }, "purpose")} error={f.purpose} />
        <div className="sreg-suggestions" role="group" aria-label={t("sreg.handover.purposeSuggestions")}>
          {PURPOSES.map((key) => (
            <button key={key} type="button" className="sreg-chip" onClick={() => set({ purpose: t(key) }, "purpose")}>
              {t(key)}
            </button>
          ))}
        </div>
      </div>
      <NoteField id={IDS.note} value={d.note} onChange={(note) => set({ note }, "note")} error={f.note} />
    </TransferDialog>
  );
}

export function HandoverScreen() {
  return (
    <TransferScreen<Handover>
      testId="handover-screen"
      title={t("sreg.handover.title")}
      yearId="sreg-year-handovers"
      add={{ testId: "new-handover", label: t("sreg.handover.new"), hint: t("sreg.handover.newHint") }}
      tableTestId="handover-register"
      rowTestId="handover-row"
      load={secretHandovers}
      at={(h) => h.handed_at}
      head={
        <>
          <th scope="col" className="sreg-col-count">{t("sreg.col.copyCount")}</th>
          <th scope="col">{t("sreg.col.giver")}</th>
          <th scope="col">{t("sreg.col.receiver")}</th>
          <th scope="col">{t("sreg.col.purpose")}</th>
        </>
      }
      cells={(h) => (
        <>
          <td className="sreg-col-count">{formatNumber(h.copies)}</td>
          <td>{h.giver}</td>
          <td>{h.receiver}</td>
          <td>{h.purpose}</td>
        </>
      )}
      empty={(year) => t("sreg.handover.empty", { year })}
      saved={(h) => t("sreg.handover.saved", { number: h.number, year: h.year })}
      Form={HandoverForm}
    />
  );
}
