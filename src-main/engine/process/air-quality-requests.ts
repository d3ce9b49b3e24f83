/**
 * The engine's air-quality requests (issue 18): compliance from the stored history, and the operators'
 * invalidations (audited on `quality:<station>:<metric>` in the alarm audit trail). A store without the
 * air-quality history (the in-memory one), or one that is away, answers compliance from the live counters.
 */
import { randomUUID } from 'node:crypto';
import type { EngineContext } from './engine-context';
import type { AirComplianceResult, QualityFlagHour, QualityInvalidation, RevokedInvalidation } from '../../../src-shared/domain/air-quality';
import { QUALITY_FLAGS_LIMIT } from '../../../src-shared/ipc/contract';
import type { AlarmEvent } from '../../../src-shared/domain/alarms';
import { ContractError } from '../../../src-shared/ipc/contract-error';
import { LocalCalendar } from '../../core/air-quality/local-calendar';
import { DIRECTIVE_2008_50, DIRECTIVE_2024_2881 } from '../../core/air-quality/eu-standards';
import { rebuildMarks, storedCompliance } from '../../core/air-quality/stored-compliance';
import { POLLUTANTS } from '../../core/air-quality/pollutants';
import { HOUR_MS } from '../../core/air-quality/validity';
import { AIR_RELATIONS_KEY } from '../../core/air-quality/neighbour-relations';
import type { WindowAggregate } from '../../../src-shared/domain/window-aggregate';
import type { PrimedCoverage } from '../../core/air-quality-feed';

const calendars = new Map<string, LocalCalendar>();
/**
 * Stored hours that prime the live air quality after a restart: the spike check and NowCast need 12, stuck and
 * drift runs 6, an 8-hour mean 8.
 */
const PRIME_HOURS = 24;

/**
 * One air-history job at a time per store. A compliance read builds days in steps — the built marks and the
 * invalid periods first, then the days and the raised marks — so a mark or revoke landing between those steps
 * had its lowered mark raised again over days built the old way, and those days were never built again.
 */
const jobs = new WeakMap<object, Promise<unknown>>();

function serially<T>(context: EngineContext, job: () => Promise<T>): Promise<T> {
  const run = (jobs.get(context.store) ?? Promise.resolve()).then(job, job);
  jobs.set(context.store, run.catch(() => undefined));
  return run;
}

/** Compliance of local year `year` (null: the year of the newest stored hour). */
export async function airCompliance(context: EngineContext, year: number | null): Promise<AirComplianceResult> {
  const history = context.store.airHistory;
  if (history === undefined) return context.pipeline.airCompliance(year);
  const settings = context.options.settings.airQuality;
  try {
    return await serially(context, () => storedCompliance(history, { calendar: calendarOf(settings.timeZone), set: settings.standard === '2024/2881' ? DIRECTIVE_2024_2881 : DIRECTIVE_2008_50, year }));
  } catch (error) {
    const live = context.pipeline.airCompliance(year);
    const why = `The stored history could not be read (${error instanceof Error ? error.message : String(error)}); these are the live counters since the engine started.`;
    return { ...live, note: live.note === null ? why : `${why} ${live.note}` };
  }
}

/** Marks [from, to) of a station's metric invalid with a reason; audited, applied to the live feed, and the days it touches are built again. */
export async function invalidate(context: EngineContext, args: { stationId: string; metric: string; from: number; to: number; reason: string }, by: string): Promise<QualityInvalidation> {
  if (args.to <= args.from) throw new ContractError('invalid-arguments', 'The invalid period must end after it starts.');
  const history = context.store.airHistory;
  if (history === undefined) throw new ContractError('not-implemented', 'This store keeps no data-quality marks (the in-memory store).');
  const at = context.now();
  const invalidation: QualityInvalidation = { id: randomUUID(), stationId: args.stationId, metric: args.metric, fromMs: args.from, toMs: args.to, reason: args.reason.trim(), by, at };
  const calendar = calendarOf(context.options.settings.airQuality.timeZone);
  await serially(context, () => history({ op: 'invalidate', invalidation, rebuildFrom: rebuildMarks(invalidation, calendar) }));
  const event: AlarmEvent = {
    alarmId: `quality:${args.stationId}:${args.metric}`,
    type: 'data-invalidated',
    at,
    who: by,
    comment: `${args.metric} at ${args.stationId} invalid from ${new Date(args.from).toISOString()} to ${new Date(args.to).toISOString()}: ${invalidation.reason}`,
    fromState: 'normal',
    toState: 'normal',
    value: null,
  };
  await context.store.writeAlarms([], [event]);
  await refreshLiveInvalidations(context);
  return invalidation;
}

/**
 * Revokes an invalidation with a reason: the stored row keeps who and when (revoked_at, revoked_by), the
 * audit trail the reason; the days it touched are built again with its hours valid, and the live feed
 * counts them again from the next hour.
 */
export async function revokeInvalidation(context: EngineContext, args: { id: string; reason: string }, by: string): Promise<RevokedInvalidation> {
  const history = context.store.airHistory;
  if (history === undefined) throw new ContractError('not-implemented', 'This store keeps no data-quality marks (the in-memory store).');
  const at = context.now();
  const calendar = calendarOf(context.options.settings.airQuality.timeZone);
  const mark = await serially(context, async () => {
    const found = await history({ op: 'invalidation', id: args.id });
    if (found === null) throw new ContractError('not-found', `No invalid mark "${args.id}".`);
    if (found.revokedAt !== null) throw new ContractError('failed', `This invalid mark was already revoked by ${found.revokedBy ?? 'someone'}.`);
    const standing: QualityInvalidation = { id: found.id, stationId: found.stationId, metric: found.metric, fromMs: found.fromMs, toMs: found.toMs, reason: found.reason, by: found.by, at: found.at };
    if (!(await history({ op: 'revoke', id: args.id, by, at, rebuildFrom: rebuildMarks(standing, calendar) }))) throw new ContractError('failed', 'This invalid mark was revoked meanwhile.');
    return standing;
  });
  const reason = args.reason.trim();
  const event: AlarmEvent = {
    alarmId: `quality:${mark.stationId}:${mark.metric}`,
    type: 'data-invalidation-revoked',
    at,
    who: by,
    comment: `${mark.metric} at ${mark.stationId} from ${new Date(mark.fromMs).toISOString()} to ${new Date(mark.toMs).toISOString()} counts again (marked invalid by ${mark.by}): ${reason}`,
    fromState: 'normal',
    toState: 'normal',
    value: null,
  };
  await context.store.writeAlarms([], [event]);
  await refreshLiveInvalidations(context);
  return { ...mark, revokedBy: by, revokedAt: at, revokeReason: reason };
}

/** The invalidations overlapping [from, to), newest first. */
export async function listInvalidations(context: EngineContext, args: { stationId: string | null; metric: string | null; from: number; to: number }): Promise<readonly QualityInvalidation[]> {
  const history = context.store.airHistory;
  if (history === undefined) return [];
  return history({ op: 'invalidations', stationId: args.stationId, metric: args.metric, fromMs: args.from, toMs: args.to });
}

/** The stored automatic data-quality flags of these stations' metric in [from, to), by station and hour (none from a store that keeps no flags). */
export async function listQualityFlags(context: EngineContext, args: { stationIds: readonly string[]; metric: string; from: number; to: number }): Promise<readonly QualityFlagHour[]> {
  const history = context.store.airHistory;
  if (history === undefined || args.stationIds.length === 0 || args.to <= args.from) return [];
  return history({ op: 'flags', stationIds: args.stationIds, metric: args.metric, fromMs: args.from, toMs: args.to, excludedOnly: false, limit: QUALITY_FLAGS_LIMIT });
}

/** Hands the live feed every current invalidation (at start and after each new one). */
export async function refreshLiveInvalidations(context: EngineContext): Promise<void> {
  const history = context.store.airHistory;
  if (history === undefined) return;
  context.pipeline.setAirInvalidations(await history({ op: 'invalidations', stationId: null, metric: null, fromMs: 0, toMs: Number.MAX_SAFE_INTEGER }));
}

/**
 * After a restart: hands the live feed the stored hourly pollutant windows of the PRIME_HOURS before `at` (the
 * resume point, or now), with each hour's stored data capture where the store keeps the air-quality history, so
 * the data-quality runs, the indices and the threshold runs go on where they were (AirQualityFeed.prime).
 * Returns the hours read.
 */
export async function primeLiveQuality(context: EngineContext, at: number): Promise<number> {
  // First what the neighbour checks had learnt: the primed hours are then judged as before the restart.
  try {
    const relations = await context.store.getState(AIR_RELATIONS_KEY);
    if (relations !== null) context.pipeline.importAirRelations(relations);
  } catch (error) {
    console.error('stationwatch: the saved neighbour relations of the data-quality checks were not used, they are learnt again:', error instanceof Error ? error.message : String(error));
  }
  const to = Math.floor(at / HOUR_MS) * HOUR_MS + HOUR_MS;
  const from = to - (PRIME_HOURS + 1) * HOUR_MS;
  const hours: WindowAggregate[] = [];
  for (const metric of POLLUTANTS) {
    for (const s of await context.store.queryWindows({ stationIds: null, metric, sizeMs: HOUR_MS, from, to })) {
      for (let i = 0; i < s.start.length; i++) {
        hours.push({ stationId: s.stationId, metric, sizeMs: HOUR_MS, start: s.start[i]!, count: s.count[i]!, mean: s.mean[i]!, min: s.min[i]!, max: s.max[i]!, stddev: s.stddev[i]!, p95: s.p95[i]! });
      }
    }
  }
  // Without the stored data capture (a failed read) the feed's own rate rule judges the hours.
  context.pipeline.primeAirQuality(hours, await storedCoverage(context, from, to).catch(() => undefined));
  return hours.length;
}

/** The stored hours' data capture (the minute rule, air-history-sql.ts), by station, pollutant and hour; undefined without the history. */
async function storedCoverage(context: EngineContext, from: number, to: number): Promise<PrimedCoverage | undefined> {
  const history = context.store.airHistory;
  if (history === undefined) return undefined;
  const stored = await history({ op: 'hours', pollutants: POLLUTANTS, fromMs: from, toMs: to });
  const byHour = new Map<string, number>();
  for (let i = 0; i < stored.startMs.length; i++) byHour.set(`${stored.stationId[i]}\u0000${stored.metric[i]}\u0000${stored.startMs[i]}`, stored.coverage[i]!);
  return (w) => byHour.get(`${w.stationId}\u0000${w.metric}\u0000${w.start}`);
}

function calendarOf(zone: string): LocalCalendar {
  let calendar = calendars.get(zone);
  if (calendar === undefined) calendars.set(zone, (calendar = new LocalCalendar(zone)));
  return calendar;
}
