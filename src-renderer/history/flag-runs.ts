import type { QualityFlagHour } from '../../src-shared/domain/air-quality';

const HOUR_MS = 3_600_000;

/** Consecutive flagged hours of one station with one kind, as the History page lists and shades them. */
export interface FlagRun {
  readonly stationId: string;
  readonly kind: QualityFlagHour['kind'];
  readonly isExcluded: boolean;
  /** [fromMs, toMs): the first flagged hour's start to the last one's end. */
  readonly fromMs: number;
  readonly toMs: number;
  readonly hours: number;
  /** The reason of the run's last hour (the longest run length in words). */
  readonly reason: string;
}

/** The flagged hours (any order) as runs: by station, then time; a gap, another kind or another station starts a new run. */
export function flagRuns(flags: readonly QualityFlagHour[]): FlagRun[] {
  const sorted = [...flags].sort((a, b) => a.stationId.localeCompare(b.stationId) || a.hourStartMs - b.hourStartMs);
  const runs: FlagRun[] = [];
  for (const f of sorted) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last.stationId === f.stationId && last.kind === f.kind && last.toMs === f.hourStartMs) {
      runs[runs.length - 1] = { ...last, toMs: f.hourStartMs + HOUR_MS, hours: last.hours + 1, reason: f.reason };
    } else {
      runs.push({ stationId: f.stationId, kind: f.kind, isExcluded: f.isExcluded, fromMs: f.hourStartMs, toMs: f.hourStartMs + HOUR_MS, hours: 1, reason: f.reason });
    }
  }
  return runs;
}
