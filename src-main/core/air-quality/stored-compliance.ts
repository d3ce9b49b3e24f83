/**
 * Compliance of a local year from the stored history (issue 18): the stored hourly windows become closed
 * days (`air_days`) once, with the directive's validity rules, the operators' invalidations and the stored
 * automatic data-quality flags that leave an hour out; each request builds only the days closed since the
 * last one (incremental), adds the day not closed yet from its hours, and asks the store for sums and the
 * few candidate exceedance days. A restart loses nothing, and past years work as long as their hourly
 * windows or built days are stored.
 */
import type { AirComplianceResult } from '../../../src-shared/domain/air-quality';
import { buildDays, withoutFlagged, withoutInvalidated, type AirDay, type InvalidPeriod } from './air-days';
import type { AirHistory, BuiltMark, BuiltYear, Invalidation, StoredHours } from './air-history-port';
import { standardStatus } from './compliance-summary';
import { standardsFor, type StandardSet } from './eu-standards';
import type { LocalCalendar } from './local-calendar';
import { POLLUTANT_LABEL, POLLUTANTS, type Pollutant } from './pollutants';
import { StoredYear, type StoredDayTotals } from './stored-year';
import { HOUR_MS, type HourlyValue } from './validity';

/** Hours before a day that its first running 8-hour mean reads. */
const PRIME_MS = 7 * HOUR_MS;
/**
 * Builds of one pollutant per read when its stored hours keep changing meanwhile; past them the read answers
 * from the days built before (the next read builds the rest).
 */
const BUILD_ATTEMPTS = 3;
/** The mark of a pollutant's whole year: every series stored then is built up to it. */
const ALL = '*';

/** The compliance answer for local year `year` (null: the year of the newest stored hour). */
export async function storedCompliance(history: AirHistory, options: { calendar: LocalCalendar; set: StandardSet; year: number | null }): Promise<AirComplianceResult> {
  const { calendar, set } = options;
  const horizon = await history({ op: 'horizon' });
  const dataYear = horizon === null ? null : calendar.dayOf(horizon - 1).year;
  const year = options.year ?? dataYear ?? new Date(0).getUTCFullYear();
  const bounds = calendar.year(year);
  const until = horizon === null ? bounds.startMs : Math.max(bounds.startMs, Math.min(horizon, bounds.endMs));
  // Days are built up to the last local midnight the data has passed; the rest is the open day.
  const target = until >= bounds.endMs ? bounds.endMs : calendar.dayOf(until).startMs;
  const open = new Map<string, HourlyValue[]>();
  /** Pollutants whose new days could not be written: their stored hours kept changing while they were built. */
  const behind: Pollutant[] = [];
  if (horizon !== null) {
    let built = await history({ op: 'built', year });
    for (const pollutant of POLLUTANTS) {
      // A change to the pollutant's stored hours before `target` while its days were built (a flag, a late merge,
      // an invalidation) leaves them unwritten: read the marks again and build from what is stored now.
      let written = await buildPollutant(history, { calendar, year, pollutant, built, from: bounds.startMs, target });
      for (let attempt = 1; !written && attempt < BUILD_ATTEMPTS; attempt++) {
        built = await history({ op: 'built', year });
        written = await buildPollutant(history, { calendar, year, pollutant, built, from: bounds.startMs, target });
      }
      if (!written) behind.push(pollutant);
    }
  }
  // The open day and the built year are independent reads: asked together, their round trips overlap.
  const [stored] = await Promise.all([history({ op: 'year', year }), horizon !== null && target < until ? readOpenDay(history, target, until, open) : Promise.resolve()]);
  const totals = new Map(stored.totals.map((t) => [seriesKey(t.stationId, t.pollutant), t as StoredDayTotals]));
  const candidates = groupBy(stored.candidates, (d) => seriesKey(d.stationId, d.pollutant));
  const keys = [...new Set([...totals.keys(), ...open.keys()])].sort();
  const rows: AirComplianceResult['rows'][number][] = [];
  for (const key of keys) {
    const [stationId, pollutant] = key.split('\u0000') as [string, Pollutant];
    const none = { validMeanDays: 0, validRunningDays: 0, validHours: 0, validSum: 0 };
    const counts = new StoredYear(pollutant, year, calendar, until, totals.get(key) ?? none, candidates.get(key) ?? [], open.get(key) ?? []);
    const figures = standardsFor(set, pollutant).map((s) => standardStatus(counts, s));
    if (figures.length > 0) rows.push({ stationId, pollutant, figures });
  }
  // While some days could not be built, "nothing stored" would be wrong: the note says why figures are missing instead.
  const notes = [behind.length > 0 && dataYear !== null ? null : note(year, dataYear, rows.length), behindNote(behind)].filter((n): n is string => n !== null);
  return { year, standard: set.id, timeZone: calendar.zone, rows, note: notes.length === 0 ? null : notes.join(' ') };
}

/** Says which pollutants' figures miss the days closed since their last build (see BUILD_ATTEMPTS), or null. */
function behindNote(behind: readonly Pollutant[]): string | null {
  if (behind.length === 0) return null;
  const names = behind.map((p) => POLLUTANT_LABEL[p]).join(', ');
  return `The stored ${names} hours kept changing (late data, new data-quality flags) while these figures were built, so the days closed since their last build are not counted yet; read the page again in a moment.`;
}

/** The marks that make the days an invalidation touches be built again: from the day it starts in, in each local year it reaches (its running 8-hour means reach 7 hours further). */
export function rebuildMarks(invalidation: Pick<Invalidation, 'stationId' | 'metric' | 'fromMs' | 'toMs'>, calendar: LocalCalendar): BuiltMark[] {
  if (!(POLLUTANTS as readonly string[]).includes(invalidation.metric)) return [];
  const first = calendar.dayOf(invalidation.fromMs);
  const last = calendar.dayOf(invalidation.toMs + PRIME_MS).year;
  const marks: BuiltMark[] = [];
  for (let year = first.year; year <= last; year++) {
    marks.push({ stationId: invalidation.stationId, pollutant: invalidation.metric, year, builtUntil: Math.max(calendar.year(year).startMs, first.startMs) });
  }
  return marks;
}

/**
 * Builds the days of one pollutant from the lowest mark up to `target`. Station '*' marks how far every
 * series then stored was built, so a station that appears later is found by reading on from there. False
 * when the store wrote nothing because the pollutant's stored hours changed after `year` was read.
 */
async function buildPollutant(history: AirHistory, job: { calendar: LocalCalendar; year: number; pollutant: Pollutant; built: BuiltYear; from: number; target: number }): Promise<boolean> {
  const { calendar, year, pollutant, target } = job;
  const built = new Map(job.built.marks.filter((m) => m.pollutant === pollutant).map((m) => [seriesKey(m.stationId, m.pollutant), m.builtUntil]));
  let from = built.get(seriesKey(ALL, pollutant)) ?? job.from;
  for (const until of built.values()) if (until < from) from = until;
  if (from >= target) return true;
  const hours = await history({ op: 'hours', pollutants: [pollutant], fromMs: from - PRIME_MS, toMs: target });
  const leftOut = await leftOutHours(history, from - PRIME_MS, target, pollutant);
  const days: AirDay[] = [];
  const marks = new Map<string, BuiltMark>();
  for (const [key, series] of hoursBySeries(hours)) {
    const [stationId] = key.split('\u0000') as [string];
    const start = built.get(key) ?? from;
    if (start >= target) continue;
    days.push(...buildDays(trusted(series, key, leftOut), { stationId, pollutant, calendar, fromMs: start, untilMs: target }));
    marks.set(stationId, { stationId, pollutant, year, builtUntil: target });
  }
  for (const [key, until] of built) {
    const [stationId, of] = key.split('\u0000') as [string, string];
    if (of === pollutant && until < target) marks.set(stationId, { stationId, pollutant, year, builtUntil: target });
  }
  marks.set(ALL, { stationId: ALL, pollutant, year, builtUntil: target });
  const bounds = calendar.year(year);
  return history({ op: 'write-days', pollutant, changes: job.built.changes[pollutant] ?? 0, untilMs: target, year, yearStartMs: bounds.startMs, yearEndMs: bounds.endMs, days, built: [...marks.values()] });
}

/** The hours of the day not closed yet, every pollutant in one read. */
async function readOpenDay(history: AirHistory, fromMs: number, toMs: number, open: Map<string, HourlyValue[]>): Promise<void> {
  const [hours, leftOut] = await Promise.all([history({ op: 'hours', pollutants: POLLUTANTS, fromMs, toMs }), leftOutHours(history, fromMs, toMs, null)]);
  for (const [key, series] of hoursBySeries(hours)) open.set(key, trusted(series, key, leftOut));
}

/** What leaves hours of [fromMs, toMs) out, by series: the operators' invalid periods, and the starts of the hours whose stored automatic flag excludes them. */
interface LeftOut {
  readonly periods: Map<string, InvalidPeriod[]>;
  readonly flagged: Map<string, Set<number>>;
}

/**
 * Reads what leaves hours out of [fromMs, toMs) (one pollutant, or all with null). Flagged hours are left
 * out only where the flag means the data cannot be trusted — out of range, stuck, spike, drift — the same
 * kinds the live feed leaves out; a possible local event is counted.
 */
async function leftOutHours(history: AirHistory, fromMs: number, toMs: number, pollutant: Pollutant | null): Promise<LeftOut> {
  const [invalidations, flags] = await Promise.all([
    history({ op: 'invalidations', stationId: null, metric: pollutant, fromMs, toMs }),
    history({ op: 'flags', stationIds: null, metric: pollutant, fromMs, toMs, excludedOnly: true, limit: null }),
  ]);
  const flagged = new Map<string, Set<number>>();
  for (const f of flags) {
    const key = seriesKey(f.stationId, f.metric);
    let starts = flagged.get(key);
    if (starts === undefined) flagged.set(key, (starts = new Set()));
    starts.add(f.hourStartMs);
  }
  return { periods: groupBy(invalidations, (i) => seriesKey(i.stationId, i.metric)), flagged };
}

/** One series' hours with those left out (invalidated or flagged) made invalid. */
function trusted(series: readonly HourlyValue[], key: string, leftOut: LeftOut): HourlyValue[] {
  return withoutFlagged(withoutInvalidated(series, leftOut.periods.get(key) ?? []), leftOut.flagged.get(key));
}

function hoursBySeries(hours: StoredHours): Map<string, HourlyValue[]> {
  const out = new Map<string, HourlyValue[]>();
  for (let i = 0; i < hours.stationId.length; i++) {
    const key = seriesKey(hours.stationId[i] as string, hours.metric[i] as string);
    let series = out.get(key);
    if (series === undefined) out.set(key, (series = []));
    series.push({ startMs: hours.startMs[i] as number, value: hours.value[i] as number, coverage: hours.coverage[i] as number });
  }
  return out;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list === undefined) out.set(k, [item]);
    else list.push(item);
  }
  return out;
}

function seriesKey(stationId: string, pollutant: string): string {
  return `${stationId}\u0000${pollutant}`;
}

function note(year: number, dataYear: number | null, rows: number): string | null {
  if (dataYear === null) return 'No hourly pollutant window is stored yet.';
  if (rows === 0) return `No pollutant hours of ${year} are stored.`;
  return null;
}
