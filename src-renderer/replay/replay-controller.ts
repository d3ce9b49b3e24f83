/**
 * Incident replay in the renderer (issue 19): the one owner of the replay's moment, speed and play state.
 * Replaying builds a session of its own — a live store and an alarm list fed from `replay:seek` answers,
 * and an API that refuses operator actions — which the dashboard and the alarm list are given instead of
 * the live one; the live session keeps running underneath, so new live alarms still notify.
 */
import type { Incident } from '../../src-shared/domain/replay';
import type { RequestArgs, RequestName, RequestResult, StationwatchApi } from '../../src-shared/ipc/contract';
import { STATE_CHANGING_REQUESTS } from '../../src-shared/ipc/contract';
import { AlarmStore } from '../data/alarm-store';
import { LiveStore } from '../data/live-store';
import { Observable } from '../data/observable';
import type { Session } from '../data/session';
import { advanceReplay, REPLAY_STEP_MS } from './replay-clock';
import type { ReplaySpeed } from './replay-clock';
import { replayFrame } from './replay-frame';

/** The incident being replayed: a saved one (id set) or one opened from an alarm, not saved yet. */
export type ReplayIncident = Pick<Incident, 'title' | 'from' | 'to' | 'notes' | 'alarmId'> & { readonly id: string | null };

/** Where the replay stands; the controller's `state` is null while the console is live. */
export interface ReplayState {
  readonly at: number;
  readonly speed: ReplaySpeed;
  readonly isPlaying: boolean;
  readonly isLoading: boolean;
  /** Why the last seek failed, in words; null when it did not. */
  readonly problem: string | null;
  /** Paused because playing reached the present. */
  readonly hasReachedLive: boolean;
  readonly incident: ReplayIncident | null;
}

/** Span of city windows a jump loads for the charts (they fetch longer spans from history themselves). */
const JUMP_SPAN_MS = 15 * 60_000;
const REFUSAL = 'Replay — not live: return to live to act on alarms.';

export class ReplayController {
  /** null: live. */
  readonly state = new Observable<ReplayState | null>(null);
  /** The session the replayed views read; null while live. A new one after every jump (views remount on it). */
  readonly session = new Observable<{ readonly key: number; readonly session: Session } | null>(null);
  /** Counts incidents opened, so the shell can bring the dashboard forward (e.g. from the shift log). */
  readonly opened = new Observable(0);
  private generation = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private isStepping = false;
  private frameSeq = 0;
  private lastPlayedAt = 0;

  constructor(
    private readonly base: Session,
    private readonly now: () => number = Date.now,
  ) {}

  /** Moves the console to `at` (a jump: the charts start afresh from there), optionally as an incident. */
  async seek(at: number, incident: ReplayIncident | null = this.state.get()?.incident ?? null): Promise<void> {
    const generation = ++this.generation;
    const previous = this.state.get();
    this.state.set({ at, speed: previous?.speed ?? 1, isPlaying: previous?.isPlaying ?? false, isLoading: true, problem: null, hasReachedLive: false, incident });
    try {
      const snapshot = await this.base.api.request('replay:seek', { at, spanMs: JUMP_SPAN_MS });
      if (generation !== this.generation) return;
      const live = new LiveStore();
      const alarms = new AlarmStore();
      live.watch(this.base.selection.get());
      live.ingest(replayFrame(snapshot, ++this.frameSeq, this.now(), Number.NEGATIVE_INFINITY), this.now());
      alarms.load(snapshot.alarms);
      this.session.set({ key: generation, session: this.replaySession(live, alarms) });
      this.update({ isLoading: false });
    } catch (error) {
      if (generation === this.generation) this.update({ isLoading: false, isPlaying: false, problem: `Replay: ${error instanceof Error ? error.message : String(error)}` });
    }
    this.syncTimer();
  }

  /** Replays an incident from its start. */
  openIncident(incident: ReplayIncident): Promise<void> {
    this.opened.set(this.opened.get() + 1);
    return this.seek(incident.from, incident);
  }

  play(): void {
    this.update({ isPlaying: true, hasReachedLive: false });
    this.syncTimer();
  }

  pause(): void {
    this.update({ isPlaying: false });
    this.syncTimer();
  }

  setSpeed(speed: ReplaySpeed): void {
    this.update({ speed });
  }

  /** Keeps the incident being replayed in step with what was saved. */
  setIncident(incident: ReplayIncident | null): void {
    this.update({ incident });
  }

  /** Back to live: one click, whatever the replay was doing. */
  goLive(): void {
    this.generation++;
    this.state.set(null);
    this.session.set(null);
    this.syncTimer();
  }

  dispose(): void {
    this.goLive();
  }

  private update(change: Partial<ReplayState>): void {
    const state = this.state.get();
    if (state !== null) this.state.set({ ...state, ...change });
  }

  /** The timer runs while replaying: it plays, or while paused keeps the moment's stations fresh. */
  private syncTimer(): void {
    const shouldRun = this.state.get() !== null;
    if (this.state.get()?.isPlaying !== true) this.lastPlayedAt = this.now();
    if (shouldRun && this.timer === null) {
      this.timer = setInterval(() => void this.tick(), REPLAY_STEP_MS);
    } else if (!shouldRun && this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private async tick(): Promise<void> {
    if (this.state.get()?.isPlaying === true) return this.step();
    // The map greys a station not heard from for a while, by the wall clock: a paused moment is not silence.
    const wall = this.now();
    this.lastPlayedAt = wall;
    for (const latest of this.session.get()?.session.live.latest.values() ?? []) latest.lastSeenAt = wall;
  }

  /** One play step: forward by speed × the wall time since the last, into the same stores (the charts run on). */
  private async step(): Promise<void> {
    const state = this.state.get();
    const current = this.session.get();
    if (state === null || current === null || this.isStepping || state.isLoading) return;
    const wall = this.now();
    const { at, hasReachedLive } = advanceReplay(state.at, state.speed, wall - this.lastPlayedAt, this.base.live.dataTime(wall));
    this.lastPlayedAt = wall;
    const generation = this.generation;
    this.isStepping = true;
    try {
      const snapshot = await this.base.api.request('replay:seek', { at, spanMs: Math.min(JUMP_SPAN_MS, at - state.at + 60_000) });
      if (generation !== this.generation) return;
      current.session.live.ingest(replayFrame(snapshot, ++this.frameSeq, this.now(), state.at), this.now());
      current.session.alarms.load(snapshot.alarms);
      this.update({ at, problem: null, ...(hasReachedLive ? { isPlaying: false, hasReachedLive: true } : {}) });
    } catch (error) {
      if (generation === this.generation) this.update({ isPlaying: false, problem: `Replay: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      this.isStepping = false;
      this.syncTimer();
    }
  }

  /** The live session with the replay's stores, and operator actions refused (the past cannot be acknowledged). */
  private replaySession(live: LiveStore, alarms: AlarmStore): Session {
    const base = this.base;
    const api: StationwatchApi = {
      request<N extends RequestName>(name: N, args: RequestArgs<N>): Promise<RequestResult<N>> {
        return STATE_CHANGING_REQUESTS.has(name) ? Promise.reject(new Error(REFUSAL)) : base.api.request(name, args);
      },
      subscribe: (event, listener) => base.api.subscribe(event, listener),
    };
    return {
      ...base,
      api,
      live,
      alarms,
      toggleStation(stationId: string): void {
        base.toggleStation(stationId);
        live.watch(base.selection.get());
      },
      dispose: () => undefined,
    };
  }
}
