import type { HistoryResult } from '../../src-shared/ipc/contract';
import { themeColours } from '../charts/chart-options';

/** Which colour is which station in the history chart (uPlot's own legend would overflow the box). */
export function HistoryLegend(props: { readonly result: HistoryResult }) {
  const colours = themeColours().stations;
  return (
    <ul className="chips history-legend" aria-label="Legend">
      {props.result.series.map((s, i) => (
        <li key={s.stationId} className="chip">
          <span className="chip-swatch" style={{ background: colours[i % colours.length] }} aria-hidden="true" />
          {s.stationId} ({s.ts.length})
        </li>
      ))}
    </ul>
  );
}
