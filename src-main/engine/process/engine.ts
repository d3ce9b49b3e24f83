/**
 * The engine's composition root: builds the store, the source and the pipeline from the active
 * profile, drives the pipeline's clock, and answers requests. It runs in its own process (utility
 * process, worker or child) behind the protocol in engine-entry.ts, or in-process in tests.
 */
import type { EngineHandle, EngineHooks, EngineOptions, StopReport } from '../engine-api';
import type { PipelineStatus } from '../../../src-shared/ipc/status';
import { activeProfile } from '../../../src-shared/settings/schema';
import type { Profile, Settings } from '../../../src-shared/settings/schema';
import type { Rule } from '../../../src-shared/domain/rules';
import type { HistoryStore } from '../../core/ports';
import { RetrySleep } from '../../adapters/sql/retry-sleep';
import { Pipeline, StoreWriteFailed } from '../../core/pipeline';
import { EventHub } from './event-hub';
import { createSource, sourceResumeKey } from './create-source';
import { isHttpPushSource } from '../../adapters/http-push/http-push-source';
import { openHistoryStore } from './open-history-store';
import { scheduleRetention } from '../../adapters/sql/retention-schedule';
import { handleRequest } from './engine-requests';
import { buildStatus, type EngineContext } from './engine-context';
import type { QuarantineInput } from '../../core/quarantine';
import { startEngineEscalation } from '../../adapters/notify/engine-escalation';
import type { EngineEscalation } from '../../adapters/notify/engine-escalation';
import { startShiftJournal } from './shift-journal';
import { startPublicNotices } from './public-notices';
import { primeLiveQuality, refreshLiveInvalidations } from './air-quality-requests';

/** How often the pipeline's wall-clock tick runs (frames, idle watermark, stale stations, shelf expiry). */
export const TICK_MS = 50;
/** How often pipeline status is pushed and the store's backpressure checked. */
export const STATUS_MS = 1000;
/** How often the pipeline's checkpoint commits the Kafka offsets that are safe (its own timer). */
export const COMMIT_MS = 1000;

export async function startEngine(options: EngineOptions, hooks: EngineHooks = {}): Promise<EngineHandle> {
  const profile = activeProfile(options.settings);
  const now = () => Date.now();
  const hub = new EventHub();
  const store = await openHistoryStore(profile, options);
  let settings = withSimulatedClock(options.settings, profile);
  let quarantineSink: ((input: QuarantineInput) => void) | null = null;
  const source = createSource(profile, options, { now, store, onReject: (input) => quarantineSink?.(input) });
  let fatal = false;
  /** This engine cannot go on: it takes no more input and asks its host for a new one (EngineHooks.onFatal). */
  const cannotGoOn = (reason: string): void => {
    if (fatal) return;
    fatal = true;
    console.error('stationwatch:', reason);
    source.pause?.();
    hooks.onFatal?.(reason);
  };
  const pipeline = new Pipeline({
    settings,
    store,
    shape: profile.source.kind === 'kafka' || profile.source.kind === 'mqtt' ? profile.source.shape : null,
    now,
    onFrame: (frame) => hub.emit('stream:frame', frame),
    onAlarm: (change) => hub.emit('alarm:changed', change),
    commitTarget: source.commitTarget,
    // Durations on the monotonic clock: a jump of the system clock neither marks every station stale nor refuses every reading.
    monotonic: () => performance.now(),
    onWarning: (text) => console.error(`stationwatch: ${text}`),
    onRestartNeeded: (reason) => cannotGoOn(reason),
  });
  quarantineSink = (input) => pipeline.quarantineMessage(input);
  if ((options.restartCount ?? 0) > 0) pipeline.onEngineRestarted(options.restartCount as number, options.restartReason);
  if (source.stations.length > 0) await store.upsertStations(source.stations);
  // The simulator's stations at once (calibration dates, air-quality metadata); the stored registry once the
  // database has answered (below) — a database that is away must not keep the engine from starting.
  if (source.stations.length > 0) pipeline.setStations(source.stations);
  const unsubscribeStore = store.onStatus((s) => pipeline.onStoreFill(s.queueCapacity > 0 ? s.queueDepth / s.queueCapacity : 0));

  const context: EngineContext = { options: { ...options, settings }, profile, pipeline, store, source, hub, now, restarts: options.restartCount ?? 0 };
  let started = false;
  let stopping = false;
  let stopCommitting: (() => void) | null = null;
  // Escalation beyond the screen (issue 19): fed every alarm change, ticked with the pipeline.
  let escalation: EngineEscalation | null = null;
  const unsubscribeEscalation = hub.subscribe('alarm:changed', (change) => escalation?.observe(change.alarm));
  const stopShiftJournal = startShiftJournal(context);
  // Public notices of air-quality threshold alarms (issue 18): drafted as the alarm is raised.
  const stopPublicNotices = startPublicNotices(context);
  // Nothing is read from the source before the store has caught up and the saved state is loaded (see loadSavedState).
  const begun = (async () => {
    const saved = await loadSavedState(store, profile, pipeline, () => stopping);
    if (saved === null) return;
    const stations = await store.listStations().catch((error: unknown) => {
      console.error('stationwatch: the station registry could not be read:', error instanceof Error ? error.message : String(error));
      return null;
    });
    if (stations !== null) pipeline.setStations(stations);
    // Operators' invalidated periods (issue 18) leave the live indices before the first hour is read.
    await refreshLiveInvalidations(context).catch((error: unknown) => console.error('stationwatch: data-quality marks could not be read:', error instanceof Error ? error.message : String(error)));
    // The live air quality goes on from the stored hours — checks, indices, thresholds (after the stations: neighbours are judged too).
    await primeLiveQuality(context, saved.resumeFrom ?? now()).catch((error: unknown) => console.error('stationwatch: stored pollutant hours could not be read to prime the live air quality:', error instanceof Error ? error.message : String(error)));
    if (saved.rules !== null) {
      settings = { ...settings, rules: [...saved.rules] };
      context.options = { ...context.options, settings };
      pipeline.setRules(saved.rules);
    }
    // The restored alarms' conditions, under the rules now in force: an active alarm clears when its condition does.
    pipeline.resumeConditions();
    if (stopping) return;
    escalation = await startEngineEscalation({
      profile, secrets: options.secrets, store, now, stations: source.stations,
      alarms: pipeline.listAlarms({ includeNormal: true, includeShelved: true }),
      onProblem: (message) => console.error('stationwatch: escalation:', message),
    }).catch((error: unknown) => {
      console.error('stationwatch: escalation did not start:', error instanceof Error ? error.message : String(error));
      return null;
    });
    context.escalation = escalation;
    if (stopping) return void (await escalation?.close());
    started = true;
    stopCommitting = pipeline.commitEvery(COMMIT_MS, (error) => console.error('stationwatch: offset commit failed:', error));
    await source.start(pipeline);
  })().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error('stationwatch: the source did not start:', message);
    if (!stopping) pipeline.onStatus('disconnected', `could not start: ${message}`);
  });
  // Retention (raw readings, windows) runs at start and hourly; the rule is read live so settings changes apply.
  const stopRetention = scheduleRetention(store, () => context.options.settings.store, {
    onResult: (result) => {
      if (result instanceof Error) console.error('stationwatch: retention failed:', result.message);
    },
  });
  const status = (): PipelineStatus => buildStatus(context);
  let ticking = false;
  const tick = setInterval(() => {
    if (ticking || fatal) return;
    escalation?.tick();
    ticking = true;
    pipeline
      .tick()
      .catch((error: unknown) => {
        // A refused store write is sticky: this engine cannot go on, and only a restart (which re-reads
        // from the last commit) loses nothing. Anything else is logged and the next tick tries again.
        if (!(error instanceof StoreWriteFailed)) return console.error('stationwatch: tick failed:', error);
        cannotGoOn(error.message);
      })
      .finally(() => (ticking = false));
  }, TICK_MS);
  const statusTimer = setInterval(() => {
    hub.emit('status:changed', status());
    if (!started) return;
    // Backpressure: while the store's outage buffer is full, stop fetching rather than queue without bound.
    if (store.isFull()) source.pause?.();
    else source.resume?.();
  }, STATUS_MS);
  // With the database answering (always for the embedded one) this is a moment, and a source that
  // cannot start fails the start as before; a database that is away does not hold the engine up.
  await Promise.race([begun, new Promise((resolve) => setTimeout(resolve, STARTUP_WAIT_MS))]);

  let stopped: Promise<StopReport> | null = null;
  return {
    request: (name, args, by) => handleRequest(context, name, args, by),
    subscribe: (event, listener) => hub.subscribe(event, listener),
    push: (route, body) => (isHttpPushSource(source) ? source.push(route, body) : Promise.resolve({ status: 'unavailable', detail: `the active profile's source is ${source.kind}, not HTTP push` })),
    stop() {
      stopped ??= (async (): Promise<StopReport> => {
        // Graceful: stop taking new data, flush what the pipeline holds, commit what is now safe, close.
        stopping = true;
        clearInterval(tick);
        clearInterval(statusTimer);
        stopCommitting?.();
        source.pause?.();
        await pipeline.tick();
        await succeeded(pipeline.saveAirRelations(), 'saving the data-quality checks\' neighbour relations');
        const flushed = await succeeded(pipeline.flush(), 'final store write');
        const committed = started && source.commitTarget !== undefined ? await succeeded(pipeline.commit(), 'final offset commit') : null;
        await source.stop();
        unsubscribeStore();
        unsubscribeEscalation();
        stopShiftJournal();
        stopPublicNotices();
        await succeeded(escalation?.close() ?? Promise.resolve(), 'finishing escalation deliveries');
        stopRetention();
        const storeClosed = await succeeded(store.close(), 'closing the store');
        await begun;
        return { flushed, committed, storeClosed };
      })();
      return stopped;
    },
  };
}

/** Whether `work` succeeded; a failure is logged with `what`, never thrown (a stop always finishes). */
async function succeeded(work: Promise<unknown>, what: string): Promise<boolean> {
  try {
    await work;
    return true;
  } catch (error) {
    console.error(`stationwatch: ${what} failed:`, error);
    return false;
  }
}

/** How long startEngine waits for the saved state and the source before it answers anyway. */
export const STARTUP_WAIT_MS = 5000;

/**
 * Loads rules, alarms (acknowledged, shelved, out of service) and, for Kafka, the event time the
 * committed offsets are safe up to — only once the store has caught up. Read from a database that is
 * away, or behind a spill an earlier run left, they would come back as defaults: acknowledged alarms
 * as new ones, and re-read messages rebuilding windows that are already stored. Until then the source
 * status says what it waits for. Null when the engine stopped first.
 */
async function loadSavedState(store: HistoryStore, profile: Profile, pipeline: Pipeline, isStopping: () => boolean): Promise<{ rules: readonly Rule[] | null; resumeFrom: number | null } | null> {
  const retry = new RetrySleep({ initialMs: 250, maxMs: 5000 });
  for (;;) {
    if (isStopping()) return null;
    try {
      const waiting = store.caughtUp();
      const first = await Promise.race([waiting.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 200))]);
      if (!first) {
        pipeline.onStatus('starting', `waiting for the database before reading, so that alarms and the resume point are current: ${store.status().detail ?? 'connecting'}`);
        await waiting;
      }
      const rules = await store.loadRules();
      const snapshot = await store.loadAlarms();
      const key = sourceResumeKey(profile);
      const resume = key === null ? null : await store.getState(key);
      pipeline.restore(snapshot.alarms, snapshot.outOfService);
      if (resume !== null) pipeline.resumeFrom(Number(resume));
      return { rules, resumeFrom: resume === null ? null : Number(resume) };
    } catch (error) {
      if (isStopping()) return null;
      const message = error instanceof Error ? error.message : String(error);
      pipeline.onStatus('starting', `waiting for the database before reading: ${message}`);
      await retry.wait();
    }
  }
}

/**
 * A simulator running faster than real time produces event times ahead of the wall clock; they are
 * generated, not received, so the decoder's "time far in the future" guard does not apply to them.
 */
function withSimulatedClock(settings: Settings, profile: Profile): Settings {
  if (profile.source.kind !== 'simulator' || profile.source.speed <= 1) return settings;
  return { ...settings, decoder: { ...settings.decoder, maxFutureMs: Number.MAX_SAFE_INTEGER } };
}
