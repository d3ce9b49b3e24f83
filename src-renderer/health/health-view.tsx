import { useObservable, useSession } from '../app-context';
import { useNow } from '../shell/use-now';
import { QuarantineList } from './quarantine-list';
import { SilentStation } from './silent-station';
import { StationRegistry } from './station-registry';
import { AirFlagsPanel } from '../air/air-flags-panel';
import type { CapStatus, LatenessStatus } from '../../src-shared/ipc/status';
import { formatTime } from '../time/control-room-time';

/** One decoder cap: in use / limit, and what was refused at it (abnormal once anything was) or given up by idle stations. */
function CapFigure(props: { readonly label: string; readonly testId: string; readonly cap: CapStatus }) {
  const { used, cap, refused, released } = props.cap;
  const notes = [refused > 0 ? `${refused} refused` : null, released !== undefined && released > 0 ? `${released} idle released` : null].filter(Boolean);
  return (
    <div>
      <dt>{props.label} (cap)</dt>
      <dd className={refused > 0 ? 'abnormal' : ''} data-testid={props.testId} title={refused > 0 ? 'New ids were refused at the cap: see the system alarm' : undefined}>
        {used} / {cap}
        {notes.length > 0 && ` · ${notes.join(', ')}`}
      </dd>
    </div>
  );
}

/**
 * Which stations deliver late (data loggers uploading in batches, a slow link) — their late readings are
 * merged into the stored windows, not dropped — and the allowed lateness that would have taken every late
 * reading on time: what an operator needs to set windows.allowedLatenessMs.
 */
function LateStations(props: { readonly lateness: LatenessStatus }) {
  const { stations, allowedMs, suggestedMs } = props.lateness;
  return (
    <section className="panel" aria-label="Late readings merged, by station">
      <h3>Late readings merged, by station</h3>
      {stations.length === 0 ? (
        <p className="empty">No reading arrived after its window had closed.</p>
      ) : (
        <>
          <p className="hint">
            A late reading is merged into the stored windows it belongs to, so history, export and the rule back-test include it; it raises no
            notification, since live rules act on live data only.
          </p>
          <table className="data-table" data-testid="health-late">
            <thead><tr><th>Station</th><th className="num">Late readings merged</th><th className="num">Most behind</th></tr></thead>
            <tbody>{stations.map((s) => <tr key={s.stationId} data-testid="late-row"><td>{s.stationId}</td><td className="num">{s.late}</td><td className="num">{seconds(s.maxBehindMs)}</td></tr>)}</tbody>
          </table>
          {suggestedMs !== null && suggestedMs > allowedMs && (
            <p className="hint" data-testid="health-late-suggestion">
              The allowed lateness is {seconds(allowedMs)}; {seconds(suggestedMs)} (windows.allowedLatenessMs = {suggestedMs}) would have taken every late reading so far on time (so live rules see it too), at the cost of windows closing that much later.
            </p>
          )}
        </>
      )}
    </section>
  );
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** Pipeline health: throughput, source and store state, lag per partition, rejects, silent stations. */
export function HealthView() {
  const session = useSession();
  const status = useObservable(session.status);
  useNow(1000);
  const live = session.live;
  if (status === null) return <p className="empty">Waiting for pipeline status…</p>;
  const rejected = Object.entries(status.counters.rejected).sort((a, b) => b[1] - a[1]);
  const storeOk = status.store.state === 'ok';
  return (
    <div className="page health" data-testid="health-view">
      <dl className="figures">
        <div><dt>Readings/s</dt><dd data-testid="health-rate">{status.readingsPerSec.toFixed(1)}</dd></div>
        <div><dt>Source</dt><dd className={status.source.state === 'connected' || status.source.state === 'running' ? '' : 'abnormal'}>{status.source.kind}: {status.source.state}</dd></div>
        <div><dt>Store</dt><dd className={storeOk ? '' : 'abnormal'}>{status.store.kind}: {status.store.state}</dd></div>
        <div><dt>Store queue</dt><dd data-testid="health-queue">{status.store.queueDepth} / {status.store.queueCapacity}</dd></div>
        <div><dt>Readings</dt><dd>{status.counters.readings}</dd></div>
        <div><dt>Late / duplicates / outliers</dt><dd>{status.counters.late} / {status.counters.duplicates} / {status.counters.outliers}</dd></div>
        <div><dt>Windows closed / open</dt><dd>{status.counters.windowsClosed} / {status.openWindows}</dd></div>
        <div><dt>Watermark</dt><dd className="mono">{status.watermark === null ? '–' : formatTime(status.watermark)}</dd></div>
        <div><dt>Frames received</dt><dd>{live.frames}</dd></div>
        <div><dt>Engine restarts</dt><dd className={status.engineRestarts > 0 ? 'abnormal' : ''}>{status.engineRestarts}</dd></div>
        {status.caps !== undefined && <CapFigure label="Stations" testId="health-cap-stations" cap={status.caps.stations} />}
        {status.caps !== undefined && <CapFigure label="Metrics" testId="health-cap-metrics" cap={status.caps.metrics} />}
      </dl>
      {(status.source.detail ?? status.store.detail) !== null && <p className="hint">{[status.source.detail, status.store.detail].filter(Boolean).join(' · ')}</p>}
      <div className="columns">
        <section className="panel" aria-label="Lag per partition">
          <h3>Consumer lag per partition</h3>
          {status.lag.length === 0 ? (
            <p className="empty">No partitions (the simulator and replay have no lag).</p>
          ) : (
            <table className="data-table" data-testid="health-lag">
              <thead><tr><th>Topic</th><th className="num">Partition</th><th className="num">Lag</th></tr></thead>
              <tbody>{status.lag.map((p) => <tr key={`${p.topic}-${p.partition}`} data-testid="lag-row"><td>{p.topic}</td><td className="num">{p.partition}</td><td className="num">{p.lag}</td></tr>)}</tbody>
            </table>
          )}
        </section>
        <section className="panel" aria-label="Rejected messages by reason">
          <h3>Rejected messages by reason</h3>
          {rejected.length === 0 ? (
            <p className="empty">None rejected.</p>
          ) : (
            <table className="data-table" data-testid="health-rejected">
              <thead><tr><th>Reason</th><th className="num">Count</th></tr></thead>
              <tbody>{rejected.map(([reason, n]) => <tr key={reason} data-testid={`rejected-${reason}`}><td>{reason}</td><td className="num">{n}</td></tr>)}</tbody>
            </table>
          )}
        </section>
        {status.lateness !== undefined && <LateStations lateness={status.lateness} />}
        <SilentStation />
        <AirFlagsPanel />
        <StationRegistry />
      </div>
      <QuarantineList />
    </div>
  );
}
