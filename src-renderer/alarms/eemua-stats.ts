/**
 * Alarm performance figures after EEMUA 191 (and ISA-18.2, which uses the same measures): alarms are
 * counted per 10-minute interval of the clock (03:20–03:30, …); a flood is an interval with more than
 * 10 alarms; the long-term average rate is judged against EEMUA 191's bands.
 */
import type { Alarm, AlarmEvent } from '../../src-shared/domain/alarms';

export const TEN_MINUTES_MS = 600_000;
/** EEMUA 191: about one alarm per 10 minutes in steady operation is very likely acceptable. */
export const ACCEPTABLE_PER_10_MIN = 1;
/** A flood: more than this many alarms in one 10-minute interval. */
export const FLOOD_PER_10_MIN = 10;
/** ISA-18.2's target: the alarm system is in flood for less than about 1 % of the time. */
export const FLOOD_TIME_TARGET = 0.01;
/** ISA-18.2 standing alarm: active for more than 24 hours. */
export const STANDING_MS = 86_400_000;
/** Chattering: three or more activations within 60 s. */
export const CHATTER_WINDOW_MS = 60_000;

/** EEMUA 191's judgement of a long-term average alarm rate. */
export type RateBand = 'acceptable' | 'manageable' | 'over-demanding' | 'unacceptable';

/**
 * EEMUA 191 names four rates: one alarm per 10 minutes or fewer (very likely acceptable), one per
 * 5 minutes (manageable), one per 2 minutes (likely over-demanding), more than one per minute (very
 * likely unacceptable). A rate between two of these points takes the worse band, so the bands are,
 * per 10 minutes: ≤ 1, ≤ 2, ≤ 10, more than 10.
 */
export const RATE_BANDS: readonly { readonly band: RateBand; readonly upToPer10Min: number; readonly label: string }[] = [
  { band: 'acceptable', upToPer10Min: 1, label: 'Acceptable (≤ 1 per 10 min)' },
  { band: 'manageable', upToPer10Min: 2, label: 'Manageable (≤ 1 per 5 min)' },
  { band: 'over-demanding', upToPer10Min: 10, label: 'Over-demanding (up to 1 per min)' },
  { band: 'unacceptable', upToPer10Min: Number.POSITIVE_INFINITY, label: 'Unacceptable (more than 1 per min)' },
];

/** The band of an average rate per 10 minutes. */
export function rateBand(averagePer10Min: number): (typeof RATE_BANDS)[number] {
  return RATE_BANDS.find((b) => averagePer10Min <= b.upToPer10Min) ?? (RATE_BANDS[RATE_BANDS.length - 1] as (typeof RATE_BANDS)[number]);
}

/** Counts of one alarm (rule, station) for the "ten most frequent" table. */
export interface FrequentAlarm {
  readonly alarmId: string;
  readonly count: number;
}

/** The alarm performance page's figures over one period of whole 10-minute intervals. */
export interface AlarmPerformance {
  /** The period, widened to whole 10-minute intervals of the clock: [from, to). */
  readonly from: number;
  readonly to: number;
  /** Activations per 10-minute interval, oldest first; interval i starts at from + i × 10 min. */
  readonly perInterval: readonly number[];
  readonly activations: number;
  /** Activations divided by the number of 10-minute intervals in the period. */
  readonly averagePer10Min: number;
  /** The same rate per hour (six intervals). */
  readonly averagePerHour: number;
  /** The most activations in one interval. */
  readonly peakPer10Min: number;
  /** Intervals with more than FLOOD_PER_10_MIN activations. */
  readonly floodIntervals: number;
  /** Share of the period's intervals that were floods (0–1): the time in flood. */
  readonly floodShare: number;
  /** Intervals at or under ACCEPTABLE_PER_10_MIN activations. */
  readonly acceptableIntervals: number;
  /** EEMUA 191's band for the average rate. */
  readonly verdict: (typeof RATE_BANDS)[number];
  /** True when the time in flood is within ISA-18.2's target of about 1 %. */
  readonly isFloodTimeWithinTarget: boolean;
  readonly topTen: readonly FrequentAlarm[];
  readonly chattering: readonly string[];
  readonly standing: readonly Alarm[];
  readonly shelved: readonly Alarm[];
  /** Activations per severity ('unknown' when the alarm is no longer known). */
  readonly byPriority: Readonly<Record<string, number>>;
}

/**
 * Compute the figures from the audit trail over [from, to), widened to whole 10-minute intervals of the
 * clock (the interval still running counts as one). `now` is the wall clock (shelf expiries); `dataNow`
 * the data's clock, against which activation times are read.
 */
export function alarmPerformance(events: readonly AlarmEvent[], alarms: readonly Alarm[], from: number, to: number, now: number, dataNow = now): AlarmPerformance {
  const start = Math.floor(from / TEN_MINUTES_MS) * TEN_MINUTES_MS;
  const end = Math.max(start + TEN_MINUTES_MS, Math.ceil(to / TEN_MINUTES_MS) * TEN_MINUTES_MS);
  const intervals = (end - start) / TEN_MINUTES_MS;
  const perInterval = new Array<number>(intervals).fill(0);
  const severityOf = new Map(alarms.map((a) => [a.id, a.severity as string]));
  const counts = new Map<string, number>();
  const times = new Map<string, number[]>();
  const byPriority: Record<string, number> = { critical: 0, warning: 0 };
  let activations = 0;
  for (const event of events) {
    if (event.type !== 'activated' || event.at < start || event.at >= end) continue;
    activations++;
    const slot = Math.floor((event.at - start) / TEN_MINUTES_MS);
    perInterval[slot] = (perInterval[slot] as number) + 1;
    counts.set(event.alarmId, (counts.get(event.alarmId) ?? 0) + 1);
    const list = times.get(event.alarmId) ?? [];
    list.push(event.at);
    times.set(event.alarmId, list);
    const severity = severityOf.get(event.alarmId) ?? 'unknown';
    byPriority[severity] = (byPriority[severity] ?? 0) + 1;
  }
  const chattering = new Set(alarms.filter((a) => a.isChattering).map((a) => a.id));
  for (const [id, list] of times) if (hasBurst(list)) chattering.add(id);
  const topTen = [...counts]
    .map(([alarmId, count]) => ({ alarmId, count }))
    .sort((a, b) => b.count - a.count || a.alarmId.localeCompare(b.alarmId))
    .slice(0, 10);
  const averagePer10Min = activations / intervals;
  const floodIntervals = perInterval.filter((n) => n > FLOOD_PER_10_MIN).length;
  const floodShare = floodIntervals / intervals;
  return {
    from: start,
    to: end,
    perInterval,
    activations,
    averagePer10Min,
    averagePerHour: averagePer10Min * 6,
    peakPer10Min: Math.max(0, ...perInterval),
    floodIntervals,
    floodShare,
    acceptableIntervals: perInterval.filter((n) => n <= ACCEPTABLE_PER_10_MIN).length,
    verdict: rateBand(averagePer10Min),
    isFloodTimeWithinTarget: floodShare < FLOOD_TIME_TARGET,
    topTen,
    chattering: [...chattering].sort(),
    standing: alarms.filter((a) => a.isActive && dataNow - a.activatedAt > STANDING_MS),
    shelved: alarms.filter((a) => a.shelf !== null && a.shelf.until > now),
    byPriority,
  };
}

/** True when some CHATTER_WINDOW_MS holds three or more of these activation times. */
function hasBurst(times: number[]): boolean {
  times.sort((a, b) => a - b);
  for (let i = 2; i < times.length; i++) if ((times[i] as number) - (times[i - 2] as number) <= CHATTER_WINDOW_MS) return true;
  return false;
}
