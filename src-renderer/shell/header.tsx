import { useEffect } from 'react';
import { useObservable, useSession } from '../app-context';
import { isOpen, isShelved } from '../alarms/alarm-sort';
import { Nav, viewForShortcut } from './nav';
import type { ViewName } from './nav';
import { useNow } from './use-now';
import { controlRoomZone, formatTime, zoneLabel } from '../time/control-room-time';
import { AlertControls } from '../alerts/alert-controls';

function formatRate(n: number): string {
  return n >= 10_000 ? `${(n / 1000).toFixed(1)} k` : n.toFixed(n < 10 ? 1 : 0);
}

/** Connection state, readings/s, consumer lag and the clock, with the navigation. */
export function Header(props: { readonly view: ViewName; readonly onView: (view: ViewName) => void; readonly onSettings: () => void }) {
  const session = useSession();
  const transport = useObservable(session.transport);
  const status = useObservable(session.status);
  const alarms = useObservable(session.alarms.all);
  const problem = useObservable(session.problem);
  const lostAt = useObservable(session.connectionLostAt);
  const person = useObservable(session.person);
  const now = useNow();
  const { onView } = props;

  useEffect(() => {
    function onKey(e: KeyboardEvent): void {
      if (!e.altKey) return;
      const view = viewForShortcut(e.key);
      if (view !== null) {
        e.preventDefault();
        onView(view);
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onView]);

  const openAlarms = alarms.filter((a) => isOpen(a) && !isShelved(a, now)).length;
  const connected = transport === 'open';
  // Without contact the last status is history, not news: claim nothing about the source, rate or lag.
  const live = connected ? status : null;
  const lag = live?.lag.reduce((sum, p) => sum + p.lag, 0) ?? null;
  const sourceState = connected ? (status?.source.state ?? 'starting') : 'unknown';
  const sourceOk = sourceState === 'connected' || sourceState === 'running';
  const unknownTitle = connected ? undefined : 'No contact with the server: its state is unknown';
  return (
    <header className="header">
      <div className="brand">Stationwatch</div>
      <Nav view={props.view} onView={props.onView} onSettings={props.onSettings} openAlarms={openAlarms} />
      <div className="header-stats" role="status" aria-live="polite" data-live={connected}>
        <span className={connected ? 'stat' : 'stat stat-abnormal'} data-testid="connection-state" data-state={transport}>
          <span aria-hidden="true">{connected ? '●' : '▲'}</span> {connected ? 'Connected' : lostAt === null ? 'Connecting…' : 'Disconnected'}
        </span>
        <span className={sourceOk || !connected ? 'stat' : 'stat stat-abnormal'} data-testid="source-state" title={live?.source.detail ?? unknownTitle}>
          {status?.source.kind ?? 'source'}: {sourceState}
        </span>
        <span className="stat" data-testid="readings-per-sec" title={unknownTitle}>
          <span className="stat-value">{live === null ? '—' : formatRate(live.readingsPerSec)}</span> readings/s
        </span>
        <span className="stat" data-testid="consumer-lag" title={unknownTitle}>
          lag <span className="stat-value">{lag ?? '—'}</span>
        </span>
        {person !== null && (
          <span className="stat" data-testid="signed-in-as" title="Your actions are recorded in the audit trail under this name">
            Signed in as {person}
          </span>
        )}
        <time className="stat clock" dateTime={new Date(now).toISOString()} data-testid="clock">
          {formatTime(now)} <span className="muted" data-testid="clock-zone" title={controlRoomZone()}>{zoneLabel(now)}</span>
        </time>
      </div>
      <AlertControls />
      {problem !== null && (
        <button type="button" className="problem" data-testid="problem" onClick={() => session.problem.set(null)} title="Dismiss">
          ▲ {problem}
        </button>
      )}
    </header>
  );
}
