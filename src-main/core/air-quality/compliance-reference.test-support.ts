import type { HourlyValue } from './validity';

/**
 * A brute-force reference for the compliance tests, written apart from the counter: it groups hours
 * by the local date ICU formats for them (no ZoneClock, no LocalCalendar) and recomputes every
 * figure from the raw hours with plain loops.
 */
export interface ReferenceDay {
  readonly date: string;
  readonly hours: number;
  readonly validHours: number;
  readonly mean: number | null;
  readonly maxRunningMean: number | null;
}

export function referenceDays(hours: readonly HourlyValue[], zone: string, year: number): ReferenceDay[] {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const valid = (h: HourlyValue): boolean => Number.isFinite(h.value) && h.coverage >= 0.75 - 1e-9;
  const groups = new Map<string, { n: number; valid: number; sum: number; running: number[] }>();
  for (let i = 0; i < hours.length; i++) {
    const hour = hours[i] as HourlyValue;
    const date = format.format(hour.startMs);
    if (!date.startsWith(`${year}-`)) continue;
    const group = groups.get(date) ?? { n: 0, valid: 0, sum: 0, running: [] };
    groups.set(date, group);
    group.n++;
    if (valid(hour)) {
      group.valid++;
      group.sum += hour.value;
    }
    let sum = 0;
    let count = 0;
    for (let j = i; j >= 0 && j > i - 8; j--) {
      const other = hours[j] as HourlyValue;
      if (other.startMs <= hour.startMs - 8 * 3_600_000) break;
      if (valid(other)) {
        sum += other.value;
        count++;
      }
    }
    if (count >= 6) group.running.push(sum / count);
  }
  return [...groups.entries()].map(([date, g]) => {
    const needed = Math.ceil(0.75 * g.n - 1e-9);
    return {
      date,
      hours: g.n,
      validHours: g.valid,
      mean: g.valid >= needed ? g.sum / g.valid : null,
      maxRunningMean: g.running.length >= needed ? Math.max(...g.running) : null,
    };
  });
}

/** Every UTC hour from `fromIso` (inclusive) to `toIso` (exclusive), valued by `make`. */
export function hoursBetween(fromIso: string, toIso: string, make: (startMs: number, index: number) => { value: number; coverage: number }): HourlyValue[] {
  const hours: HourlyValue[] = [];
  const end = Date.parse(toIso);
  for (let t = Date.parse(fromIso), i = 0; t < end; t += 3_600_000, i++) hours.push({ startMs: t, ...make(t, i) });
  return hours;
}

/** A small deterministic pseudo-random source (LCG), so the synthetic years are the same every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}
