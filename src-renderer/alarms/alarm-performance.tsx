import { useState } from 'react';
import { useObservable, useSession } from '../app-context';
import { useNow } from '../shell/use-now';
import { ACCEPTABLE_PER_10_MIN, alarmPerformance, FLOOD_PER_10_MIN, FLOOD_TIME_TARGET, TEN_MINUTES_MS } from './eemua-stats';
import { useAlarmHistory } from './use-alarm-history';
import { formatShort } from '../time/control-room-time';

const HOUR_MS = 3_600_000;
/** The periods the page offers; figures, bars and lists all cover the one chosen. */
const PERIODS = [
  { id: '1h', label: 'Last hour', ms: HOUR_MS },
  { id: '24h', label: 'Last 24 hours', ms: 24 * HOUR_MS },
  { id: '7d', label: 'Last 7 days', ms: 7 * 24 * HOUR_MS },
] as const;
type PeriodId = (typeof PERIODS)[number]['id'];

function when(ms: number): string {
  return formatShort(ms);
}

/** A bar per 10-minute interval of the period, with the acceptable and flood levels marked. */
function RateBars(props: { readonly perInterval: readonly number[]; readonly from: number; readonly label: string }) {
  const max = Math.max(FLOOD_PER_10_MIN + 2, ...props.perInterval);
  return (
    <div className="rate-bars" role="img" aria-label={`Alarms per 10 minutes, ${props.label}`} data-testid="perf-bars" style={{ gap: props.perInterval.length > 300 ? 0 : undefined }}>
      <div className="rate-line flood" style={{ bottom: `${(FLOOD_PER_10_MIN / max) * 100}%` }}>flood &gt; {FLOOD_PER_10_MIN}</div>
      <div className="rate-line ok" style={{ bottom: `${(ACCEPTABLE_PER_10_MIN / max) * 100}%` }}>acceptable ≈ {ACCEPTABLE_PER_10_MIN}</div>
      {props.perInterval.map((n, i) => (
        <span key={i} className={n > FLOOD_PER_10_MIN ? 'bar flood' : n > ACCEPTABLE_PER_10_MIN ? 'bar high' : 'bar'} style={{ height: `${(n / max) * 100}%` }} title={`${n}`} aria-label={`${when(props.from + i * TEN_MINUTES_MS)}: ${n}`} />
      ))}
    </div>
  );
}

/**
 * EEMUA 191 / ISA-18.2 alarm performance over one chosen period of the data's clock: the figures, the
 * bars and the lists all cover it, and it is named with its dates above them.
 */
export function AlarmPerformancePage() {
  const session = useSession();
  const current = useObservable(session.alarms.all);
  const now = useNow(10_000);
  const [periodId, setPeriodId] = useState<PeriodId>('24h');
  const period = PERIODS.find((p) => p.id === periodId) ?? PERIODS[1];
  const { data, error, range } = useAlarmHistory();
  const known = new Map([...(data?.alarms ?? []), ...current].map((a) => [a.id, a]));
  // Whole 10-minute intervals of the clock, the one running now last.
  const end = Math.ceil(range.dataTo / TEN_MINUTES_MS) * TEN_MINUTES_MS;
  const perf = alarmPerformance(data?.events ?? [], [...known.values()], end - period.ms, end, now, session.live.dataTime(now));
  const intervals = perf.perInterval.length;
  const label = `${period.label.toLowerCase()} of the data's clock: ${when(perf.from)} – ${when(perf.to)}, ${intervals} ten-minute intervals`;
  return (
    <section className="panel performance" aria-label="Alarm performance" data-testid="alarm-performance">
      {error !== null && <p className="form-error" role="alert">{error}</p>}
      <div className="filter-bar">
        <label className="check">
          <span>Period</span>
          <select value={periodId} onChange={(e) => setPeriodId(e.target.value as PeriodId)} data-testid="perf-period">
            {PERIODS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <span data-testid="perf-period-label">Figures and bars: {label}</span>
      </div>
      <dl className="figures">
        <div><dt>Alarms</dt><dd data-testid="perf-activations">{perf.activations}</dd></div>
        <div><dt>Average per 10 min</dt><dd data-testid="perf-average">{perf.averagePer10Min.toFixed(2)}</dd></div>
        <div><dt>Average per hour</dt><dd data-testid="perf-average-hour">{perf.averagePerHour.toFixed(1)}</dd></div>
        <div><dt>Peak in one 10-min interval</dt><dd data-testid="perf-peak">{perf.peakPer10Min}</dd></div>
        <div><dt>Floods (&gt; {FLOOD_PER_10_MIN} in 10 min)</dt><dd data-testid="perf-floods">{perf.floodIntervals}</dd></div>
        <div>
          <dt>Time in flood (target &lt; {FLOOD_TIME_TARGET * 100} %)</dt>
          <dd data-testid="perf-flood-time" className={perf.isFloodTimeWithinTarget ? undefined : 'is-abnormal'}>
            {!perf.isFloodTimeWithinTarget && <span aria-hidden="true">▲ </span>}
            {(perf.floodShare * 100).toFixed(1)} %
          </dd>
        </div>
        <div><dt>Intervals with ≤ {ACCEPTABLE_PER_10_MIN} alarm</dt><dd>{((perf.acceptableIntervals / Math.max(1, intervals)) * 100).toFixed(0)} %</dd></div>
        <div><dt>Verdict on the average rate (EEMUA 191)</dt><dd data-testid="perf-verdict" data-band={perf.verdict.band}>{perf.verdict.label}</dd></div>
        <div><dt>By priority</dt><dd data-testid="perf-by-priority">{Object.entries(perf.byPriority).map(([k, v]) => `${k} ${v}`).join(' · ')}</dd></div>
      </dl>
      <h3>Alarms per 10 minutes, {period.label.toLowerCase()}</h3>
      <RateBars perInterval={perf.perInterval} from={perf.from} label={label} />
      <div className="columns">
        <div>
          <h3>Ten most frequent, {period.label.toLowerCase()}</h3>
          <ol className="plain-list" data-testid="perf-top-ten">{perf.topTen.map((t) => <li key={t.alarmId}><span className="mono">{t.alarmId}</span> — {t.count}</li>)}</ol>
        </div>
        <div>
          <h3>Chattering</h3>
          <ul className="plain-list">{perf.chattering.map((id) => <li key={id} className="mono">{id}</li>)}</ul>
          {perf.chattering.length === 0 && <p className="empty">None.</p>}
        </div>
        <div>
          <h3>Standing now (&gt; 24 h)</h3>
          <ul className="plain-list">{perf.standing.map((a) => <li key={a.id} className="mono">{a.id}</li>)}</ul>
          {perf.standing.length === 0 && <p className="empty">None.</p>}
        </div>
        <div>
          <h3>Shelved now</h3>
          <ul className="plain-list">{perf.shelved.map((a) => <li key={a.id}><span className="mono">{a.id}</span> — {a.shelf?.reason}</li>)}</ul>
          {perf.shelved.length === 0 && <p className="empty">None.</p>}
        </div>
      </div>
    </section>
  );
}
