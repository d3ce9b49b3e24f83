import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import { metricInfo } from '../../src-shared/domain/metrics';
import { useObservable, useSession } from '../app-context';
import { chartOptions, themeColours } from './chart-options';
import { createChartScratch, metricChartData, statisticLabel, statisticLines } from './chart-series';
import type { StatisticLine, ThresholdLine } from './chart-series';
import { statisticKeyId } from '../data/rule-statistics';
import type { StatisticKey } from '../data/rule-statistics';
import { onAnimationFrame, recordRedrawPhases } from './redraw-loop';
import { shouldRedraw } from './redraw-policy';
import type { Drawn } from './redraw-policy';
import { flagSpan, flagsShown, type FlagSpan } from './flag-shading';
import { FLAG_KIND_NAME } from '../air/air-index-store';

/** At most this often (ms) a redraw updates the chart's value label and data attributes. */
const LABEL_INTERVAL_MS = 250;

/** Props of one live chart. `levelsKey` and `stations` changes rebuild the chart; span changes do not. */
export interface MetricChartProps {
  readonly metric: string;
  readonly spanMs: number;
  readonly stations: readonly string[];
  readonly levels: readonly ThresholdLine[];
  /** The window statistics the metric's rules evaluate, drawn next to their levels. */
  readonly statistics?: readonly StatisticKey[];
  readonly theme: string;
}

/**
 * One live uPlot chart. Created once per (metric, stations, levels, theme), destroyed on unmount; data
 * comes straight from the LiveStore's rings on the shared animation-frame loop, never via React state.
 */
export function MetricChart(props: MetricChartProps) {
  const session = useSession();
  const { live } = session;
  // Lost contact: the chart is frozen, and says so (the hatching is styles/connection.css).
  const isStale = useObservable(session.connectionLostAt) !== null;
  const box = useRef<HTMLDivElement>(null);
  const value = useRef<HTMLSpanElement>(null);
  const span = useRef(props.spanMs);
  span.current = props.spanMs;
  const info = metricInfo(props.metric);
  const stationsKey = props.stations.join('\u0000');
  const levelsKey = props.levels.map((l) => `${l.level}${l.severity}`).join();
  const statisticKeys = props.statistics ?? [];
  const statisticsKey = statisticKeys.map(statisticKeyId).join('\u0000');
  const statisticNames = statisticKeys.map((k) => statisticLabel(k)).join(', ');
  const statisticShortNames = statisticKeys.map((k) => statisticLabel(k, true)).join(', ');
  // Data-quality flags (issue 18) of the stations drawn: shaded on the plot and named in the title.
  const airFlags = useObservable(live.air.flags);
  const shownFlags = flagsShown(airFlags, props.metric, props.stations);
  const flagged = useRef<readonly FlagSpan[]>([]);
  flagged.current = shownFlags.map(flagSpan);

  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const stations = stationsKey === '' ? [] : stationsKey.split('\u0000');
    let range: [number, number] = [0, 1];
    const scratch = createChartScratch();
    const size = () => ({ width: Math.max(50, el.clientWidth), height: Math.max(50, el.clientHeight) });
    const keys = props.statistics ?? [];
    const statistics: StatisticLine[] = [];
    const view = { xRange: () => range, lines: () => scratch.lines, statistics: () => statistics, flagged: () => flagged.current };
    const chart = new uPlot(chartOptions(size(), props.levels, themeColours(), info.decimals, view), undefined, el);
    let drawn: Drawn | null = null;
    let city: readonly ArrayLike<number | null | undefined>[] = [[]];
    // The value label and the test/benchmark attributes change the DOM, which costs a style and layout
    // pass: they follow the redraws at most every LABEL_INTERVAL_MS (a number that changes faster cannot
    // be read anyway), and a redraw that skipped them is caught up on a later frame.
    let labelledAt = Number.NEGATIVE_INFINITY;
    let isLabelDue = false;
    const label = (now: number) => {
      labelledAt = now;
      isLabelDue = false;
      const { lines } = scratch;
      const xs = city[0] as ArrayLike<number>;
      const stationPoints = lines.start[lines.count] as number;
      el.dataset.points = String(xs.length + stationPoints);
      const lastTs = Math.max(xs[xs.length - 1] ?? Number.NEGATIVE_INFINITY, stationPoints > 0 ? (lines.xs[stationPoints - 1] as number) : Number.NEGATIVE_INFINITY);
      el.dataset.lastTs = Number.isFinite(lastTs) ? String(lastTs) : '';
      const newest = statistics.find((s) => s.count > 0);
      el.dataset.statisticLast = newest === undefined ? '' : String(newest.values[newest.count - 1]);
      const ring = live.cityRing(props.metric);
      const text = ring !== null && ring.length > 0 ? ring.valueAt(ring.length - 1, 0).toFixed(info.decimals) : null;
      if (value.current !== null && text !== null && value.current.textContent !== text) value.current.textContent = text;
    };
    const stop = onAnimationFrame(() => {
      const to = Number.isFinite(live.newestTs) ? live.newestTs : Date.now();
      const width = chart.bbox.width / devicePixelRatio || el.clientWidth;
      const started = performance.now();
      if (!shouldRedraw(drawn, live.version, span.current, to, started, width)) {
        if (isLabelDue && started - labelledAt >= LABEL_INTERVAL_MS) label(started);
        return false;
      }
      drawn = { version: live.version, spanMs: span.current, to, at: started };
      range = [to - span.current, to];
      const data = metricChartData(live, props.metric, stations, range[0], range[1], width, scratch);
      if (keys.length > 0) statisticLines(live, keys, range[0], range[1], statistics);
      city = data.city;
      // batch() draws now instead of in a microtask, so the frame's timing includes the canvas work.
      const built = performance.now();
      chart.batch(() => chart.setData(data.city as unknown as uPlot.AlignedData));
      recordRedrawPhases(built - started, performance.now() - built);
      isLabelDue = true;
      if (started - labelledAt >= LABEL_INTERVAL_MS) label(started);
      return true;
    });
    const resize = new ResizeObserver(() => chart.setSize(size()));
    resize.observe(el);
    return () => {
      stop();
      resize.disconnect();
      chart.destroy();
    };
    // props.levels and props.statistics are represented by their keys: rebuilding on identity would recreate charts needlessly.
  }, [live, props.metric, stationsKey, levelsKey, statisticsKey, props.theme, info.decimals]);

  return (
    <figure className="chart" data-testid={`chart-${props.metric}`} data-stale={isStale}>
      <figcaption className="chart-title">
        <span>{info.label}</span>
        <span className="chart-unit">{info.unit}</span>
        {statisticNames !== '' && (
          <span className="chart-statistic" data-testid={`chart-statistic-${props.metric}`} data-statistic={statisticNames} title={`What the rules compare with their limits: ${statisticNames}`}>
            <span aria-hidden="true">▬</span> {statisticShortNames}
          </span>
        )}
        {shownFlags.length > 0 && (
          <span className="chart-flags" data-testid={`chart-flags-${props.metric}`} data-count={shownFlags.length} title={shownFlags.map((f) => `${f.stationId}: ${f.reason}`).join('\n')}>
            <span aria-hidden="true">⚑</span> {shownFlags.map((f) => `${f.stationId} ${FLAG_KIND_NAME[f.kind].toLowerCase()}${f.isExcluded ? ' (left out)' : ''}`).join(', ')}
          </span>
        )}
        <span className="chart-value" title="City-wide mean, current window" ref={value}>
          –
        </span>
      </figcaption>
      <div className="chart-plot" ref={box} role="img" aria-label={`${info.label} over time, city mean with its 5th–95th percentile band and the min–max range fainter${isStale ? ' — not live: connection to the server lost' : ''}`} />
    </figure>
  );
}
