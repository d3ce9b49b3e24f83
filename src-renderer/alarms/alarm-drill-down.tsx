import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import type { Alarm } from '../../src-shared/domain/alarms';
import { formatLevel } from '../../src-shared/domain/format';
import { metricInfo } from '../../src-shared/domain/metrics';
import type { Rule } from '../../src-shared/domain/rules';
import { useSession } from '../app-context';
import { MINUTE_STEPS, clockLabel, themeColours } from '../charts/chart-options';
import { drillDownPlan, trendOf } from './drill-down-plan';
import type { DrillDownPlan } from './drill-down-plan';
import { dateInZone, formatTime } from '../time/control-room-time';
import { isPollutant, FLAG_KIND_NAME } from '../air/air-index-store';
import { flagRuns, type FlagRun } from '../history/flag-runs';
import { shadeFlagged } from '../charts/flag-shading';
import { ReasonAction } from '../air/reason-action';

const timeOf = (t: number): string => formatTime(t);
const MARK_IDS = { button: 'drill-flag-invalidate', form: 'drill-flag-invalidate-form', reason: 'drill-flag-reason', confirm: 'drill-flag-confirm' } as const;
const HOUR_MS = 3_600_000;

/**
 * The trend of the selected alarm row: the statistic its rule evaluates around the activation (stored
 * windows of the rule's size, from history:query), the warning and critical limits as lines, and the
 * activation and clearing as vertical marks; for a pollutant, the station's data-quality flags of that time
 * (issue 18) shaded and listed, each flagged run with "Mark invalid" (a reason, then `quality:invalidate` for
 * the run's hours: audited, and left out of indices and compliance). Loaded once per row and per activation,
 * not live: it is a look back at how the alarm came about.
 */
export function AlarmDrillDown(props: { readonly alarms: readonly Alarm[]; readonly rulesById: ReadonlyMap<string, Rule>; readonly stationName: string }) {
  const { api, live } = useSession();
  const { alarms, rulesById } = props;
  // A new plan only when the row's alarms change what is drawn (identity stands for them), not on every value update.
  const identity = alarms.map((a) => `${a.id}|${a.activatedAt}|${a.clearedAt ?? ''}|${a.threshold ?? ''}`).join(',');
  const plan = useMemo(() => drillDownPlan(alarms, rulesById, live.dataTime(Date.now())), [identity, rulesById, live]);
  const [trend, setTrend] = useState<ReturnType<typeof trendOf> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [flags, setFlags] = useState<readonly FlagRun[]>([]);
  /** Runs marked invalid from here (`from-to`), so the operator sees the mark was taken. */
  const [marked, setMarked] = useState<ReadonlySet<string>>(new Set());

  useEffect(() => {
    setTrend(null);
    setError(null);
    setFlags([]);
    setMarked(new Set());
    if (plan === null) return;
    let cancelled = false;
    const failed = (err: unknown) => !cancelled && setError(err instanceof Error ? err.message : String(err));
    api.request('history:query', plan.query).then((result) => !cancelled && setTrend(trendOf(result, plan)), failed);
    if (isPollutant(plan.metric)) {
      // Flags are per hour: the hour the span starts in counts too.
      const from = Math.floor(plan.query.from / HOUR_MS) * HOUR_MS;
      api.request('quality:flags', { stationIds: [plan.stationId], metric: plan.metric, from, to: plan.query.to }).then((found) => !cancelled && setFlags(flagRuns(found)), failed);
    }
    return () => {
      cancelled = true;
    };
  }, [api, plan]);

  if (plan === null) {
    return (
      <section className="drill-down panel" aria-label="Alarm trend" data-testid="alarm-drill-down">
        <p className="empty">This alarm watches no measured value, so it has no trend.</p>
      </section>
    );
  }
  const info = metricInfo(plan.metric);
  return (
    <section className="drill-down panel" aria-label="Alarm trend" data-testid="alarm-drill-down" data-station={plan.stationId}>
      <h3>
        {info.label} at {props.stationName}: {plan.statisticLabel}
      </h3>
      {error !== null && <p className="form-error" role="alert">{error}</p>}
      {trend !== null && trend.ts.length === 0 && <p className="empty">No stored windows around this alarm yet.</p>}
      {trend !== null && trend.ts.length > 0 && <TrendChart plan={plan} trend={trend} flags={flags} />}
      <ul className="drill-legend plain-list">
        {plan.limits.map((l) => (
          <li key={`${l.severity}-${l.level}`} className={`sev-${l.severity}`} data-testid="drill-limit" data-severity={l.severity} data-level={l.level}>
            — {l.severity === 'critical' ? 'Critical' : 'Warning'} limit {formatLevel(l.level, plan.metric)}
          </li>
        ))}
        {plan.marks.map((m) => (
          <li key={`${m.kind}-${m.severity}-${m.at}`} className={`sev-${m.severity}`} data-testid={`drill-${m.kind}`} data-at={m.at}>
            ┆ {m.severity === 'critical' ? 'Critical' : 'Warning'} {m.kind} at <time dateTime={new Date(m.at).toISOString()}>{timeOf(m.at)}</time>
          </li>
        ))}
        {flags.map((f) => (
          <li key={`flag-${f.kind}-${f.fromMs}`} className="drill-flag" data-testid="drill-flag" data-kind={f.kind} data-from={f.fromMs} data-to={f.toMs} title={f.reason}>
            ⚑ {FLAG_KIND_NAME[f.kind]} {timeOf(f.fromMs)}–{timeOf(f.toMs)} ({f.hours} {f.hours === 1 ? 'hour' : 'hours'}, {f.isExcluded ? 'left out' : 'still counted'}){' '}
            {marked.has(`${f.fromMs}-${f.toMs}`) ? (
              <span className="hint" data-testid="drill-flag-marked">
                marked invalid
              </span>
            ) : (
              <ReasonAction
                label="Mark invalid"
                prompt={`Why are ${timeOf(f.fromMs)}–${timeOf(f.toMs)} invalid?`}
                placeholder="e.g. analyser fault, engineer on site"
                confirm="Mark these hours invalid"
                ids={MARK_IDS}
                act={(reason) => api.request('quality:invalidate', { stationId: plan.stationId, metric: plan.metric, from: f.fromMs, to: f.toMs, reason })}
                onDone={() => setMarked((m) => new Set([...m, `${f.fromMs}-${f.toMs}`]))}
              />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The uPlot chart: created once per trend, destroyed on unmount (STYLE.md, uPlot). */
function TrendChart(props: { readonly plan: DrillDownPlan; readonly trend: ReturnType<typeof trendOf>; readonly flags: readonly FlagRun[] }) {
  const box = useRef<HTMLDivElement>(null);
  const { plan, trend, flags } = props;
  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const colours = themeColours();
    const colourOf = (severity: string): string => (severity === 'critical' ? colours.critical : colours.warning);
    const axis = { stroke: colours.axis, grid: { stroke: colours.grid, width: 1 }, ticks: { stroke: colours.grid, width: 1 } };
    const levels = plan.limits.map((l) => l.level);
    const size = () => ({ width: Math.max(160, el.clientWidth), height: Math.max(100, el.clientHeight) });
    const chart = new uPlot(
      {
        ...size(),
        ms: 1,
        tzDate: (ts) => dateInZone(ts),
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: {
          x: { time: true, range: () => [plan.query.from, plan.query.to] },
          y: { range: (_u, min, max) => padded(Math.min(min, ...levels), Math.max(max, ...levels)) },
        },
        axes: [{ ...axis, space: 40, incrs: MINUTE_STEPS, values: (_u, splits) => splits.map(clockLabel) }, { ...axis, size: 48, label: metricInfo(plan.metric).unit }],
        series: [{}, { label: plan.statisticLabel, stroke: colours.statistic, width: 1.5, spanGaps: false, points: { show: false } }],
        hooks: {
          draw: [
            (u) => shadeFlagged(u, flags, colours.warning),
            (u) => {
              const ctx = u.ctx;
              const { left, top, width, height } = u.bbox;
              ctx.save();
              ctx.lineWidth = 1.5 * devicePixelRatio;
              for (const limit of plan.limits) {
                const y = u.valToPos(limit.level, 'y', true);
                ctx.strokeStyle = colourOf(limit.severity);
                ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
                ctx.beginPath();
                ctx.moveTo(left, y);
                ctx.lineTo(left + width, y);
                ctx.stroke();
              }
              for (const mark of plan.marks) {
                const x = u.valToPos(mark.at, 'x', true);
                ctx.strokeStyle = colourOf(mark.severity);
                ctx.setLineDash(mark.kind === 'cleared' ? [2 * devicePixelRatio, 3 * devicePixelRatio] : []);
                ctx.beginPath();
                ctx.moveTo(x, top);
                ctx.lineTo(x, top + height);
                ctx.stroke();
              }
              ctx.restore();
            },
          ],
        },
      },
      [trend.ts, trend.values],
      el,
    );
    const resize = new ResizeObserver(() => chart.setSize(size()));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [plan, trend, flags]);
  const label = `${plan.statisticLabel} of ${metricInfo(plan.metric).label}: ${trend.ts.length} windows, limits ${plan.limits.map((l) => formatLevel(l.level, plan.metric)).join(' and ')}`;
  return <div className="drill-chart" ref={box} role="img" aria-label={label} data-testid="drill-chart" data-points={trend.ts.length} data-size-ms={trend.sizeMs} data-peak={Math.max(...trend.values)} />;
}

function padded(min: number, max: number): [number, number] {
  const pad = Math.max(0.5, (max - min) * 0.08);
  return [min - pad, max + pad];
}
