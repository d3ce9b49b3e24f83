import { CITY_STATION_ID } from '../../src-shared/domain/reading';
import type { Statistic } from '../../src-shared/domain/rules';
import type { StreamFrame, WindowColumns } from '../../src-shared/ipc/frame';
import { RingBuffer } from './ring-buffer';

/**
 * A statistic some threshold rule evaluates, as a chart draws it: per closed window of `sizeMs`, the worst
 * value over the stations the rule watches (`stationId` null = every station, '*' = the city-wide window,
 * else that one station). Worst is the highest for '>' rules ('high'), the lowest for '<' rules ('low'),
 * so the line crosses the rule's limit exactly when the rule is breached somewhere.
 */
export interface StatisticKey {
  readonly metric: string;
  readonly statistic: Exclude<Statistic, 'value'>;
  readonly sizeMs: number;
  readonly stationId: string | null;
  readonly direction: 'high' | 'low';
}

/** One ring row per window: 4096 × 10 s ≈ 11 h. */
export const STATISTIC_CAPACITY = 4096;

/** A key as text, for maps and React keys. */
export function statisticKeyId(key: StatisticKey): string {
  return `${key.metric}|${key.statistic}|${key.sizeMs}|${key.stationId ?? ''}|${key.direction}`;
}

/**
 * The rule statistics the charts draw, collected from the closed windows of each frame. Only tracked keys
 * are kept (the charts track what the enabled rules evaluate); a key's line starts when it is tracked.
 */
export class RuleStatistics {
  private readonly rings = new Map<string, RingBuffer>();
  /** metric → tracked keys of that metric. */
  private byMetric = new Map<string, StatisticKey[]>();

  /** Keep these keys (and their collected rows); drop the others. */
  track(keys: readonly StatisticKey[]): void {
    const ids = new Set(keys.map(statisticKeyId));
    for (const id of [...this.rings.keys()]) if (!ids.has(id)) this.rings.delete(id);
    this.byMetric = new Map();
    for (const key of keys) {
      const id = statisticKeyId(key);
      if (!this.rings.has(id)) this.rings.set(id, new RingBuffer(STATISTIC_CAPACITY, 1));
      const list = this.byMetric.get(key.metric) ?? [];
      if (!list.some((k) => statisticKeyId(k) === id)) list.push(key);
      this.byMetric.set(key.metric, list);
    }
  }

  /** The collected rows of a key (time = window start, value = the worst statistic); null when not tracked. */
  ring(key: StatisticKey): RingBuffer | null {
    return this.rings.get(statisticKeyId(key)) ?? null;
  }

  /**
   * Fold one frame's closed windows into the tracked keys. A frame may hold several window starts in any
   * order (a backlog, a sped-up source): its rows are folded oldest first. Windows close in time order, so
   * a row older than what a ring already holds (beyond the same start) does not come and is ignored.
   */
  ingest(frame: StreamFrame): void {
    if (this.byMetric.size === 0) return;
    const w = frame.windows;
    const rows: { ring: RingBuffer; start: number; value: number; direction: 'high' | 'low' }[] = [];
    for (let i = 0; i < w.start.length; i++) {
      const keys = this.byMetric.get(frame.metrics[w.metric[i] as number] as string);
      if (keys === undefined) continue;
      const stationId = frame.stations[w.station[i] as number] as string;
      for (const key of keys) {
        if (key.sizeMs !== w.sizeMs[i] || !watches(key.stationId, stationId)) continue;
        const ring = this.rings.get(statisticKeyId(key));
        if (ring !== undefined) rows.push({ ring, start: w.start[i] as number, value: statisticOf(w, i, key.statistic), direction: key.direction });
      }
    }
    rows.sort((a, b) => a.start - b.start);
    for (const row of rows) foldWorst(row.ring, row.start, row.value, row.direction);
  }
}

function watches(ruleStationId: string | null, stationId: string): boolean {
  if (stationId === CITY_STATION_ID) return ruleStationId === CITY_STATION_ID;
  return ruleStationId === null || ruleStationId === stationId;
}

function statisticOf(w: WindowColumns, i: number, statistic: StatisticKey['statistic']): number {
  switch (statistic) {
    case 'mean':
      return w.mean[i] as number;
    case 'min':
      return w.min[i] as number;
    case 'max':
      return w.max[i] as number;
    case 'p95':
      return w.p95[i] as number;
  }
}

/** Keep the worse of the row already held for `start` (if any) and `value`. */
function foldWorst(ring: RingBuffer, start: number, value: number, direction: 'high' | 'low'): void {
  if (!Number.isFinite(value)) return;
  const i = ring.lowerBound(start);
  if (i < ring.length && ring.tsAt(i) === start) {
    const held = ring.valueAt(i);
    const worse = direction === 'high' ? Math.max(held, value) : Math.min(held, value);
    if (worse !== held) ring.upsert(start, worse, Number.NaN, Number.NaN, ring.length - i);
    return;
  }
  ring.push(start, value);
}
