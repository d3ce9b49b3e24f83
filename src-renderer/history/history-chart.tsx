import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import type { HistoryResult } from '../../src-shared/ipc/contract';
import { metricInfo } from '../../src-shared/domain/metrics';
import { alignOnGrid } from '../charts/align-grid';
import { wholeSeries } from '../charts/chart-data';
import type { CollectedSeries } from '../charts/chart-data';
import { themeColours } from '../charts/chart-options';
import { dateInZone } from '../time/control-room-time';
import { plotSpan, shadeFlagged, type FlagSpan } from '../charts/flag-shading';

/** A history series as chart input: the store's resolution sets what counts as a gap. */
function collected(ts: Float64Array, mean: Float64Array, sizeMs: number): CollectedSeries {
  return wholeSeries(ts, [mean], new Float64Array(ts.length).fill(Math.max(5_000, sizeMs * 2.5)));
}

/** Periods marked invalid (issue 18): shaded and hatched across the plot, so they read without colour too. */
function shadeInvalid(u: uPlot, periods: readonly { readonly fromMs: number; readonly toMs: number }[], colour: string): void {
  const ctx = u.ctx;
  ctx.save();
  for (const p of periods) {
    const span = plotSpan(u, p.fromMs, p.toMs);
    if (span === null) continue;
    const { x, width } = span;
    ctx.fillStyle = 'rgba(128, 128, 128, 0.22)';
    ctx.fillRect(x, u.bbox.top, width, u.bbox.height);
    ctx.strokeStyle = colour;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let d = -u.bbox.height; d < width; d += 12) {
      ctx.moveTo(x + Math.max(0, d), u.bbox.top + Math.max(0, -d));
      ctx.lineTo(x + Math.min(width, d + u.bbox.height), u.bbox.top + Math.min(u.bbox.height, width - d));
    }
    ctx.stroke();
  }
  ctx.restore();
}

/** The history chart: one line per station; dragging across it zooms, which re-queries the store. Invalid periods are hatched, flagged hours shaded. */
export function HistoryChart(props: {
  readonly result: HistoryResult;
  readonly from: number;
  readonly to: number;
  readonly onZoom: (from: number, to: number) => void;
  readonly invalid?: readonly { readonly fromMs: number; readonly toMs: number }[];
  readonly flagged?: readonly FlagSpan[];
}) {
  const box = useRef<HTMLDivElement>(null);
  const { result, from, to, onZoom, invalid, flagged } = props;
  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const colours = themeColours();
    const info = metricInfo(result.metric);
    const data = alignOnGrid(result.series.map((s) => collected(s.ts, s.mean, result.sizeMs)), { from, to, slots: Math.max(100, el.clientWidth) });
    const axis = { stroke: colours.axis, grid: { stroke: colours.grid, width: 1 }, ticks: { stroke: colours.grid, width: 1 } };
    const size = () => ({ width: Math.max(100, el.clientWidth), height: Math.max(100, el.clientHeight) });
    const chart = new uPlot(
      {
        ...size(),
        ms: 1,
        tzDate: (ts) => dateInZone(ts),
        legend: { show: false },
        scales: { x: { time: true, range: () => [from, to] } },
        axes: [axis, { ...axis, size: 56, label: info.unit }],
        series: [{}, ...result.series.map((s, i) => ({ label: s.stationId, stroke: colours.stations[i % colours.stations.length] ?? colours.axis, width: 1.25, spanGaps: false }))],
        cursor: { drag: { x: true, y: false, setScale: false } },
        hooks: {
          draw: [(u) => shadeFlagged(u, flagged ?? [], colours.warning), (u) => shadeInvalid(u, invalid ?? [], colours.axis)],
          setSelect: [
            (u) => {
              if (u.select.width < 5) return;
              const min = u.posToVal(u.select.left, 'x');
              const max = u.posToVal(u.select.left + u.select.width, 'x');
              u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
              onZoom(Math.floor(min), Math.ceil(max));
            },
          ],
        },
      },
      data as unknown as uPlot.AlignedData,
      el,
    );
    const resize = new ResizeObserver(() => chart.setSize(size()));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [result, from, to, onZoom, invalid, flagged]);
  return <div className="history-chart" ref={box} data-testid="history-chart" role="img" aria-label={`${metricInfo(result.metric).label} history; drag to zoom`} />;
}
