import type { Severity } from '../../src-shared/domain/rules';
import type { Station } from '../../src-shared/domain/station';
import type { BacktestFiring } from '../../src-shared/ipc/contract';
import { TIMELINE, timelineLayout } from './timeline-layout';
import { formatDateTime, formatHourMinute } from '../time/control-room-time';

const timeOf = (t: number): string => formatHourMinute(t);
const dateTimeOf = (t: number): string => formatDateTime(t);

/**
 * When the previewed rule would have fired: one row per station, a marker (the severity's shape) at
 * each activation and a bar while it would have stayed active, over the previewed range. A plain SVG:
 * a handful of marks does not need a chart library.
 */
export function BacktestTimeline(props: { readonly firings: readonly BacktestFiring[]; readonly from: number; readonly to: number; readonly severity: Severity; readonly stations: readonly Station[] }) {
  const { firings, from, to, severity } = props;
  const layout = timelineLayout(firings, from, to);
  if (layout.rows.length === 0) return null;
  const names = new Map(props.stations.map((s) => [s.id, s.name]));
  const nameOf = (id: string): string => names.get(id) ?? id;
  const plotTop = layout.rows.length * TIMELINE.rowHeight;
  const shape = severity === 'critical' ? '◆' : '▲';
  return (
    <figure className="backtest-timeline" data-testid="backtest-timeline">
      <svg viewBox={`0 0 ${TIMELINE.width} ${layout.height}`} width="100%" role="img" aria-label={`When the rule would have fired between ${dateTimeOf(from)} and ${dateTimeOf(to)}: ${firings.length} alarm${firings.length === 1 ? '' : 's'} at ${layout.rows.length + layout.hiddenStations} station${layout.rows.length + layout.hiddenStations === 1 ? '' : 's'}`}>
        {layout.ticks.map((tick) => (
          <g key={tick.t} className="timeline-tick">
            <line x1={tick.x} x2={tick.x} y1={0} y2={plotTop} />
            <text x={tick.x} y={plotTop + 15} textAnchor="middle">
              {timeOf(tick.t)}
            </text>
          </g>
        ))}
        {layout.rows.map((row) => (
          <g key={row.stationId} className="timeline-row" data-station={row.stationId}>
            <text x={TIMELINE.labelWidth - 6} y={row.y + 4} textAnchor="end" className="timeline-label">
              {nameOf(row.stationId)}
            </text>
            <line className="timeline-lane" x1={TIMELINE.labelWidth} x2={TIMELINE.width - 8} y1={row.y} y2={row.y} />
            {row.firings.map((f) => (
              <g key={f.at} className={`timeline-firing sev-${severity}`} data-testid="backtest-marker" data-at={f.at}>
                <title>{`${nameOf(row.stationId)}: would have fired at ${dateTimeOf(f.at)}${f.clearedAt === null ? ', still active at the end' : `, cleared at ${dateTimeOf(f.clearedAt)}`}`}</title>
                <rect x={f.x} y={row.y - 3} width={Math.max(1, f.x2 - f.x)} height={6} />
                <text x={f.x} y={row.y + 5} textAnchor="middle" className="timeline-marker">
                  {shape}
                </text>
              </g>
            ))}
          </g>
        ))}
      </svg>
      {layout.hiddenStations > 0 && <figcaption className="hint">…and {layout.hiddenStations} more station{layout.hiddenStations === 1 ? '' : 's'} not drawn.</figcaption>}
    </figure>
  );
}
