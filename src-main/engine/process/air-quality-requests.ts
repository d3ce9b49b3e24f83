/**
 * The engine's air-quality requests (issue 18): compliance from the stored history, and the operators'
 * invalidations (audited on `quality:<station>:<metric>` in the alarm audit trail). A store without the
 * air-quality history (the in-memory one), or one that is away, answers compliance from the live counters.
 */
import { randomUUID } from 'node:crypto';
import type { EngineContext } from './engine-context';
import type { AirComplianceResult, QualityInvalidation } from '../../../src-shared/domain/air-quality';
import type { AlarmEvent } from '../../../src-shared/domain/alarms';
import { ContractError } from '../../../src-shared/ipc/contract-error';
import { LocalCalendar } from '../../core/air-quality/local-calendar';
import { DIRECTIVE_2008_50, DIRECTIVE_2024_2881 } from '../../core/air-quality/eu-standards';
import { rebuildMarks, storedCompliance } from '../../core/air-quality/stored-compliance';

const calendars = new Map<string, LocalCalendar>();

/** Compliance of local year `year` (null: the year of the newest stored hour). */
export async function airCompliance(context: EngineContext, year: number | null): Promise<AirComplianceResult> {
  const history = context.store.airHistory;
  if (history === undefined) return context.pipeline.airCompliance(year);
  const settings = context.options.settings.airQuality;
  try {
    return await storedCompliance(history, { calendar: calendarOf(settings.timeZone), set: settings.standard === '2024/2881' ? DIRECTIVE_2024_2881 : DIRECTIVE_2008_50, year });
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
  await history({ op: 'invalidate', invalidation, rebuildFrom: rebuildMarks(invalidation, calendar) });
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

/** The invalidations overlapping [from, to), newest first. */
export async function listInvalidations(context: EngineContext, args: { stationId: string | null; metric: string | null; from: number; to: number }): Promise<readonly QualityInvalidation[]> {
  const history = context.store.airHistory;
  if (history === undefined) return [];
  return history({ op: 'invalidations', stationId: args.stationId, metric: args.metric, fromMs: args.from, toMs: args.to });
}

/** Hands the live feed every current invalidation (at start and after each new one). */
export async function refreshLiveInvalidations(context: EngineContext): Promise<void> {
  const history = context.store.airHistory;
  if (history === undefined) return;
  context.pipeline.setAirInvalidations(await history({ op: 'invalidations', stationId: null, metric: null, fromMs: 0, toMs: Number.MAX_SAFE_INTEGER }));
}

function calendarOf(zone: string): LocalCalendar {
  let calendar = calendars.get(zone);
  if (calendar === undefined) calendars.set(zone, (calendar = new LocalCalendar(zone)));
  return calendar;
}
