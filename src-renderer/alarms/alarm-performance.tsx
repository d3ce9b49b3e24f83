import { useObservable, useSession } from '../app-context';
import { useNow } from '../shell/use-now';
import { ACCEPTABLE_PER_10_MIN, alarmPerformance, FLOOD_PER_10_MIN } from './eemua-stats';
import { useAlarmHistory } from './use-alarm-history';

/** A bar per 10-minute interval, with the acceptable and flood levels marked. */
function RateBars(props: { readonly perInterval: readonly number[] }) {
  const max = Math.max(FLOOD_PER_10_MIN + 2, ...props.perInterval);
  const recent = props.perInterval.slice(-144);
  return (
    <div className="rate-bars" role="img" aria-label="Alarms per 10 minutes over the last 24 hours">
      <div className="rate-line flood" style={{ bottom: `${(FLOOD_PER_10_MIN / max) * 100}%` }}>flood &gt; {FLOOD_PER_10_MIN}</div>
      <div className="rate-line ok" style={{ bottom: `${(ACCEPTABLE_PER_10_MIN / max) * 100}%` }}>acceptable ≈ {ACCEPTABLE_PER_10_MIN}</div>
      {recent.map((n, i) => (
        <span key={i} className={n > FLOOD_PER_10_MIN ? 'bar flood' : n > ACCEPTABLE_PER_10_MIN ? 'bar high' : 'bar'} style={{ height: `${(n / max) * 100}%` }} title={`${n}`} />
      ))}
    </div>
  );
}

/** EEMUA 191 / ISA-18.2 alarm performance over the last 7 days of the data's clock. */
export function AlarmPerformancePage() {
  const session = useSession();
  const current = useObservable(session.alarms.all);
  const now = useNow(10_000);
  const { data, error, range } = useAlarmHistory();
  const known = new Map([...(data?.alarms ?? []), ...current].map((a) => [a.id, a]));
  const perf = alarmPerformance(data?.events ?? [], [...known.values()], range.dataFrom, range.dataTo, now, session.live.dataTime(now));
  const verdict = perf.averagePer10Min <= ACCEPTABLE_PER_10_MIN ? 'Acceptable' : perf.averagePer10Min <= FLOOD_PER_10_MIN ? 'Over the acceptable rate' : 'Flood';
  return (
    <section className="panel performance" aria-label="Alarm performance" data-testid="alarm-performance">
      {error !== null && <p className="form-error" role="alert">{error}</p>}
      <dl className="figures">
        <div><dt>Average per 10 min</dt><dd data-testid="perf-average">{perf.averagePer10Min.toFixed(2)}</dd></div>
        <div><dt>Peak per 10 min</dt><dd data-testid="perf-peak">{perf.peakPer10Min}</dd></div>
        <div><dt>Flood intervals (&gt; {FLOOD_PER_10_MIN})</dt><dd>{perf.floodIntervals}</dd></div>
        <div><dt>Intervals at ≤ {ACCEPTABLE_PER_10_MIN}</dt><dd>{((perf.acceptableIntervals / Math.max(1, perf.perInterval.length)) * 100).toFixed(0)} %</dd></div>
        <div><dt>Verdict (EEMUA 191)</dt><dd>{verdict}</dd></div>
        <div><dt>By priority</dt><dd data-testid="perf-by-priority">{Object.entries(perf.byPriority).map(([k, v]) => `${k} ${v}`).join(' · ')}</dd></div>
      </dl>
      <h3>Alarms per 10 minutes, last 24 h</h3>
      <RateBars perInterval={perf.perInterval} />
      <div className="columns">
        <div>
          <h3>Ten most frequent</h3>
          <ol className="plain-list" data-testid="perf-top-ten">{perf.topTen.map((t) => <li key={t.alarmId}><span className="mono">{t.alarmId}</span> — {t.count}</li>)}</ol>
        </div>
        <div>
          <h3>Chattering</h3>
          <ul className="plain-list">{perf.chattering.map((id) => <li key={id} className="mono">{id}</li>)}</ul>
          {perf.chattering.length === 0 && <p className="empty">None.</p>}
        </div>
        <div>
          <h3>Standing (&gt; 24 h)</h3>
          <ul className="plain-list">{perf.standing.map((a) => <li key={a.id} className="mono">{a.id}</li>)}</ul>
          {perf.standing.length === 0 && <p className="empty">None.</p>}
        </div>
        <div>
          <h3>Shelved</h3>
          <ul className="plain-list">{perf.shelved.map((a) => <li key={a.id}><span className="mono">{a.id}</span> — {a.shelf?.reason}</li>)}</ul>
          {perf.shelved.length === 0 && <p className="empty">None.</p>}
        </div>
      </div>
    </section>
  );
}
