import type { AirQualityFlag } from '../../../src-shared/domain/air-quality';
import type { HourFlag } from './quality-flagger';
import { HOUR_MS } from './validity';

/**
 * The current data-quality flags, one per station and pollutant whose latest judged hour was flagged, as
 * the frame carries them: the whole list when it changed (an empty list once, when the last flag cleared)
 * and at least every `resendMs` while there are flags, so a client that joins late gets it.
 */
export class QualityFlagList {
  private readonly flags = new Map<string, AirQualityFlag>();
  private isChanged = false;
  private lastSentAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly resendMs: number) {}

  /** The verdict on a station's pollutant hour: a flag starts or continues a run, null clears it. */
  record(stationId: string, pollutant: string, hourStartMs: number, flag: HourFlag | null): void {
    const key = `${stationId}\u0000${pollutant}`;
    const previous = this.flags.get(key);
    // An older hour (read again after a restart) says nothing about the latest one.
    if (previous !== undefined && hourStartMs < previous.hourStartMs) return;
    if (flag === null) {
      if (previous !== undefined) {
        this.flags.delete(key);
        this.isChanged = true;
      }
      return;
    }
    // The same hour judged again (read again after a restart) leaves its run as it is.
    if (previous !== undefined && previous.hourStartMs === hourStartMs && previous.kind === flag.kind) return;
    const continues = previous !== undefined && previous.kind === flag.kind && previous.hourStartMs === hourStartMs - HOUR_MS;
    const sinceMs = continues ? previous.sinceMs : hourStartMs;
    const hours = continues ? previous.hours + 1 : 1;
    this.flags.set(key, { stationId, pollutant, kind: flag.kind, isExcluded: flag.isExcluded, sinceMs, hourStartMs, hours, reason: flag.reason });
    this.isChanged = true;
  }

  /** Drops a station's flags in force (its input started again from older hours: what it was is no longer current). */
  forgetStation(stationId: string): void {
    for (const key of [...this.flags.keys()]) {
      if (!key.startsWith(`${stationId}\u0000`)) continue;
      this.flags.delete(key);
      this.isChanged = true;
    }
  }

  /** Every current flag, by station then pollutant. */
  current(): AirQualityFlag[] {
    return [...this.flags.values()].sort((a, b) => a.stationId.localeCompare(b.stationId) || a.pollutant.localeCompare(b.pollutant));
  }

  /** The list for a frame built at `now`, or null when the frame need not carry it. */
  forFrame(now: number): AirQualityFlag[] | null {
    if (!this.isChanged && (this.flags.size === 0 || now - this.lastSentAt < this.resendMs)) return null;
    this.isChanged = false;
    this.lastSentAt = now;
    return this.current();
  }
}
