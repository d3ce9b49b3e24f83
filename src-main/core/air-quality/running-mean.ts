import { HOUR_MS, RUNNING_8H_MIN_HOURS, isHourValid, type HourlyValue } from './validity';

const SPAN = 8;

/**
 * The running eight-hour mean, updated each hour (2008/50/EC Annex VII A and Annex XI B note on CO):
 * the mean of the eight hours ending with the latest one, valid when at least 6 of them are.
 * A fixed ring of eight slots tagged with their hour, so a gap in the data needs no bookkeeping.
 */
export class RunningEightHourMean {
  private readonly hourIndex = new Float64Array(SPAN).fill(Number.NaN);
  private readonly values = new Float64Array(SPAN);
  private readonly isValid = new Uint8Array(SPAN);

  /** Adds an hour; answers the mean of the eight hours ending with it, or NaN when fewer than 6 are valid. */
  add(hour: HourlyValue): number {
    const index = Math.floor(hour.startMs / HOUR_MS);
    const slot = ((index % SPAN) + SPAN) % SPAN;
    this.hourIndex[slot] = index;
    this.values[slot] = hour.value;
    this.isValid[slot] = isHourValid(hour) ? 1 : 0;
    return this.meanEndingAt(index);
  }

  /** The mean of hours index−7…index, or NaN when fewer than 6 of them are valid. */
  meanEndingAt(index: number): number {
    let sum = 0;
    let count = 0;
    for (let slot = 0; slot < SPAN; slot++) {
      const tag = this.hourIndex[slot] as number;
      if (this.isValid[slot] === 1 && tag <= index && tag > index - SPAN) {
        sum += this.values[slot] as number;
        count++;
      }
    }
    return count >= RUNNING_8H_MIN_HOURS ? sum / count : Number.NaN;
  }
}
