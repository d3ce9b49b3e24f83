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

/** The span asked for by `?span=<ms>` in the page URL, if it is one of SPANS; else 5 min. */
export function initialSpan(search: string): number {
  const asked = Number(new URLSearchParams(search).get('span'));
  return SPANS.find((s) => s.ms === asked)?.ms ?? SPANS[0].ms;
}
