import type { Alarm, AlarmEvent } from '../../src-shared/domain/alarms';

/** EEMUA 191: about one alarm per 10 minutes is manageable; more than ten is a flood. */
export const ACCEPTABLE_PER_10_MIN = 1;
export const FLOOD_PER_10_MIN = 10;
export const TEN_MINUTES_MS = 600_000;
/** ISA-18.2 standing alarm: active for more than 24 hours. */
export const STANDING_MS = 86_400_000;
/** Chattering: three or more activations within 60 s. */
export const CHATTER_WINDOW_MS = 60_000;

/** Counts of one alarm (rule, station) for the "ten most frequent" table. */
export interface FrequentAlarm {
  readonly alarmId: string;
  readonly count: number;
}

/** The alarm performance page's figures, over [from, to). */
export interface AlarmPerformance {
  /** Activations per 10-minute interval, oldest first. */
  readonly perInterval: readonly number[];
  readonly activations: number;
  readonly averagePer10Min: number;
  readonly peakPer10Min: number;
  /** Intervals with more than FLOOD_PER_10_MIN activations. */
  readonly floodIntervals: number;
  /** Intervals at or under ACCEPTABLE_PER_10_MIN activations. */
  readonly acceptableIntervals: number;
  readonly topTen: readonly FrequentAlarm[];
  readonly chattering: readonly string[];
  readonly standing: readonly Alarm[];
  readonly shelved: readonly Alarm[];
  /** Activations per severity ('unknown' when the alarm is no longer known). */
  readonly byPriority: Readonly<Record<string, number>>;
}

/**
 * Compute EEMUA 191 / ISA-18.2 benchmark figures from the audit trail and the alarms it refers to. `now`
 * is the wall clock (shelf expiries); `dataNow` the data's clock, against which activation times are read.
 */
export function alarmPerformance(events: readonly AlarmEvent[], alarms: readonly Alarm[], from: number, to: number, now: number, dataNow = now): AlarmPerformance {
  const intervals = Math.max(1, Math.ceil((to - from) / TEN_MINUTES_MS));
  const perInterval = new Array<number>(intervals).fill(0);
  const severityOf = new Map(alarms.map((a) => [a.id, a.severity as string]));
  const counts = new Map<string, number>();
  const times = new Map<string, number[]>();
  const byPriority: Record<string, number> = { critical: 0, warning: 0 };
  let activations = 0;
  for (const event of events) {
    if (event.type !== 'activated' || event.at < from || event.at >= to) continue;
    activations++;
    const slot = Math.floor((event.at - from) / TEN_MINUTES_MS);
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
  return {
    perInterval,
    activations,
    averagePer10Min: activations / intervals,
    peakPer10Min: Math.max(0, ...perInterval),
    floodIntervals: perInterval.filter((n) => n > FLOOD_PER_10_MIN).length,
    acceptableIntervals: perInterval.filter((n) => n <= ACCEPTABLE_PER_10_MIN).length,
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
