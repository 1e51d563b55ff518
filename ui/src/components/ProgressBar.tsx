type Props = { value: number; max: number; label: string };

export function ProgressBar({ value, max, label }: Props) {
  const ratio = max > 0 ? Math.min(1, Math.max(0, value / max)) : 0;
  return (
    <div className="progress">
      <div
        className="progress__track"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={value}
        aria-valuetext={label}
      >
        <div className="progress__fill" style={{ width: `${(ratio * 100).toFixed(2)}%` }} />
      </div>
      <div className="progress__label">{label}</div>
    </div>
  );
}
