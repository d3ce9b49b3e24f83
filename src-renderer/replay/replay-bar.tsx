import { useState } from 'react';
import { useObservable, useSession } from '../app-context';
import { isUnacknowledged } from '../alarms/alarm-sort';
import { formatDateTime, formatSortable, instantOfWallClock, zoneLabel } from '../time/control-room-time';
import { REPLAY_SPEEDS } from './replay-clock';
import type { ReplaySpeed } from './replay-clock';
import type { ReplayController, ReplayState } from './replay-controller';
import { IncidentForm, SavedIncidents } from './incident-form';
import '../styles/replay.css';

/**
 * The time control (issue 19): "Live", or a past moment. While replaying it is a banner that cannot be
 * mistaken for the live console — "REPLAY — not live", the moment shown, hatched — with play/pause, the
 * speed, the incident and one button back to live; new live critical alarms are counted in it.
 */
export function ReplayBar(props: { readonly replay: ReplayController }) {
  const state = useObservable(props.replay.state);
  return state === null ? <LiveControl replay={props.replay} /> : <ReplayBanner replay={props.replay} state={state} />;
}

function LiveControl(props: { readonly replay: ReplayController }) {
  const session = useSession();
  const [text, setText] = useState('');
  const moment = instantOfWallClock(text);
  // Lost contact: nothing on the screen is live, so the time control does not claim it (the banner says why).
  const isLive = useObservable(session.connectionLostAt) === null;
  return (
    <div className="time-control" data-testid="time-control">
      <span className="time-control-live" data-testid="time-control-live" data-live={isLive}>{isLive ? '● Live' : '○ Not live'}</span>
      <label>
        Replay from <input type="datetime-local" step={1} value={text} onChange={(e) => setText(e.target.value)} data-testid="replay-at-input" aria-label="Replay from (control-room time)" />
      </label>
      <button type="button" disabled={moment === null} onClick={() => moment !== null && void props.replay.seek(Math.min(moment, session.live.dataTime(Date.now())), null)} data-testid="replay-go">
        Replay
      </button>
      <SavedIncidents replay={props.replay} />
    </div>
  );
}

function ReplayBanner(props: { readonly replay: ReplayController; readonly state: ReplayState }) {
  const { replay, state } = props;
  const session = useSession();
  // The live session keeps running underneath: what needs the operator now is said here too.
  const liveAlarms = useObservable(session.alarms.all);
  const liveCritical = liveAlarms.filter((a) => a.severity === 'critical' && isUnacknowledged(a)).length;
  const [text, setText] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const shown = text ?? formatSortable(state.at).replace(' ', 'T');
  const jump = (at: number | null): void => {
    setText(null);
    if (at !== null) void replay.seek(at);
  };
  return (
    <section className="replay-banner" role="region" aria-label="Replay — not live" data-testid="replay-banner" data-at={state.at}>
      <div className="replay-banner-line">
        <strong className="replay-banner-title" data-testid="replay-banner-title">REPLAY — not live</strong>
        <span className="replay-banner-moment" data-testid="replay-moment">
          {formatDateTime(state.at)} {zoneLabel(state.at)}
        </span>
        {state.incident !== null && <span className="replay-banner-incident" data-testid="replay-incident">Incident: {state.incident.title}</span>}
        {state.isLoading && <span className="replay-banner-note">loading…</span>}
        {state.hasReachedLive && <span className="replay-banner-note" data-testid="replay-caught-up">Caught up with the present.</span>}
        {liveCritical > 0 && (
          <span className="replay-banner-live-alarms" role="alert" data-testid="replay-live-alarms">
            Live now: ◆ {liveCritical} critical alarm{liveCritical === 1 ? '' : 's'} not acknowledged
          </span>
        )}
        <button type="button" className="replay-live-button" onClick={() => replay.goLive()} data-testid="replay-go-live">
          Return to live
        </button>
      </div>
      <div className="replay-banner-line">
        {state.isPlaying ? (
          <button type="button" onClick={() => replay.pause()} data-testid="replay-pause">❚❚ Pause</button>
        ) : (
          <button type="button" onClick={() => replay.play()} data-testid="replay-play">▶ Play</button>
        )}
        <label>
          Speed{' '}
          <select value={state.speed} onChange={(e) => replay.setSpeed(Number(e.target.value) as ReplaySpeed)} data-testid="replay-speed">
            {REPLAY_SPEEDS.map((s) => <option key={s} value={s}>{s}×</option>)}
          </select>
        </label>
        <button type="button" onClick={() => jump(state.at - 60_000)} data-testid="replay-back">−1 min</button>
        <button type="button" onClick={() => jump(state.at + 60_000)} data-testid="replay-forward">+1 min</button>
        <label>
          Moment <input type="datetime-local" step={1} value={shown} onChange={(e) => setText(e.target.value)} onBlur={() => jump(text === null ? null : instantOfWallClock(text))} data-testid="replay-moment-input" />
        </label>
        {state.incident !== null && (
          <button type="button" onClick={() => jump(state.incident!.from)} data-testid="replay-incident-start">Incident start</button>
        )}
        <button type="button" onClick={() => setIsSaving(!isSaving)} data-testid="replay-save-open">{state.incident?.id ? 'Edit incident…' : 'Save incident…'}</button>
        <SavedIncidents replay={replay} />
      </div>
      {state.problem !== null && <p className="replay-banner-problem" role="alert" data-testid="replay-problem">{state.problem}</p>}
      {isSaving && <IncidentForm replay={replay} state={state} onDone={() => setIsSaving(false)} />}
    </section>
  );
}
