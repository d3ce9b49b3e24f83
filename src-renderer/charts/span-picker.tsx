/** The live chart spans (5 min … 6 h); longer ones than the rings hold are filled from history. */
export const SPANS = [
  { label: '5 min', ms: 300_000 },
  { label: '15 min', ms: 900_000 },
  { label: '1 h', ms: 3_600_000 },
  { label: '6 h', ms: 21_600_000 },
] as const;

/** Radio-style buttons choosing the span of every live chart. */
export function SpanPicker(props: { readonly value: number; readonly onChange: (ms: number) => void }) {
  return (
    <div className="segmented" role="radiogroup" aria-label="Time span">
      {SPANS.map((s) => (
        <button key={s.ms} type="button" role="radio" aria-checked={props.value === s.ms} data-testid={`span-${s.ms}`} onClick={() => props.onChange(s.ms)}>
          {s.label}
        </button>
      ))}
    </div>
  );
}
