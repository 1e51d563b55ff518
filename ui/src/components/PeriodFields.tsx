// The reporting period as a report form chooses it: the kind (month, quarter, 6 or 9
// months, year, ad hoc), then the month or quarter and the year, or the two dates.
import { currentQuarter, type PeriodChoice, type PeriodKind } from "../state/reportPeriod";
import { t } from "../i18n";
import { DateInput, SelectField } from "./form";

type Props = {
  /** Id of the kind's select; the others are `${prefix}month`, `quarter`, `year`, `from`, `to`. */
  kindId: string;
  prefix: string;
  kinds: readonly PeriodKind[];
  period: PeriodChoice;
  years: number[];
  /** Today (ISO date): a new month or quarter starts at today's. */
  today: string;
  kindError?: string | null;
  onChange: (change: Partial<PeriodChoice>) => void;
};

export function PeriodFields({ kindId, prefix, kinds, period, years, today, kindError, onChange }: Props) {
  return (
    <>
      <SelectField
        id={kindId}
        label={t("rep.period")}
        value={period.kind}
        error={kindError}
        options={kinds.map((k) => ({ value: k, label: t(`rep.period.${k}`) }))}
        onChange={(v) =>
          onChange({ kind: v as PeriodKind, n: v === "month" ? Number(today.slice(5, 7)) : v === "quarter" ? currentQuarter(today).n : period.n })
        }
      />
      {period.kind === "month" && (
        <SelectField
          id={`${prefix}month`}
          label={t("dash.month")}
          value={String(period.n)}
          options={Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: t("dash.monthN", { n: i + 1 }) }))}
          onChange={(v) => onChange({ n: Number(v) })}
        />
      )}
      {period.kind === "quarter" && (
        <SelectField
          id={`${prefix}quarter`}
          label={t("dash.quarter")}
          value={String(period.n)}
          options={[1, 2, 3, 4].map((q) => ({ value: String(q), label: t("dash.quarterN", { n: q }) }))}
          onChange={(v) => onChange({ n: Number(v) })}
        />
      )}
      {period.kind !== "custom" ? (
        <SelectField
          id={`${prefix}year`}
          label={t("dash.year")}
          value={String(period.year)}
          options={years.map((y) => ({ value: String(y), label: String(y) }))}
          onChange={(v) => onChange({ year: Number(v) })}
        />
      ) : (
        <>
          <DateInput id={`${prefix}from`} label={t("rep.from")} value={period.from} onChange={(iso, ok) => ok && onChange({ from: iso })} />
          <DateInput id={`${prefix}to`} label={t("rep.to")} value={period.to} onChange={(iso, ok) => ok && onChange({ to: iso })} />
        </>
      )}
    </>
  );
}
