/**
 * The hours a data-quality series has judged for learning (quality-flagger.ts): each hour's relation to the
 * neighbours is learnt at most once, whatever order the hours come in. Hours read again — the hours primed after a
 * restart, a replay of hours already judged — learn nothing; hours never judged, older ones too (a replay of older
 * files), are learnt. Kept as at most MAX_SPANS runs of hours; past that, the two runs closest together are joined,
 * so the hours between them (mostly hours the station did not report) count as judged.
 */
import { HOUR_MS } from './validity';

/** The most runs of hours a series keeps (a run is two numbers; the usual series has one). */
export const MAX_SPANS = 8;

export class LearntHours {
  /** Hour indices, inclusive: from0, to0, from1, to1, … ascending, with at least one hour between runs. */
  private spans: number[] = [];
  /**
   * Restored from a text saved before the hours were kept (saveable: false): no hour is learnt until the live
   * hours begin (resume), since the primed ones may have been learnt already.
   */
  private paused = false;
  /**
   * The hours before the next one added are not known to be unjudged: the relations were learnt afresh after a
   * service (what came before it is no guide), or the series resumed from a pause (those hours may have been
   * learnt). That hour's run then reaches back without end, as the newest hour alone did before runs were kept.
   */
  private isPastUnknown = false;

  /** Whether `hour` has been judged (every hour while paused). */
  has(hour: number): boolean {
    if (this.paused) return true;
    const spans = this.spans;
    for (let i = spans.length - 2; i >= 0; i -= 2) if (hour >= spans[i]!) return hour <= spans[i + 1]!;
    return false;
  }

  /** Records `hour` as judged; true when it was not before (false while paused, recording nothing). */
  add(hour: number): boolean {
    if (this.has(hour)) return false;
    if (this.isPastUnknown) {
      this.isPastUnknown = false;
      this.spans = [Number.NEGATIVE_INFINITY, hour];
      return true;
    }
    const spans = this.spans;
    // The usual case: the hour after the newest run.
    let i = spans.length - 2;
    while (i >= 0 && spans[i]! > hour) i -= 2;
    // spans[i] is the run starting at or before `hour` (i < 0: none), spans[i + 2] the one after it.
    const joinsBefore = i >= 0 && spans[i + 1]! === hour - 1;
    const joinsAfter = i + 2 < spans.length && spans[i + 2]! === hour + 1;
    if (joinsBefore && joinsAfter) spans.splice(i + 1, 2);
    else if (joinsBefore) spans[i + 1] = hour;
    else if (joinsAfter) spans[i + 2] = hour;
    else spans.splice(i + 2, 0, hour, hour);
    if (spans.length > 2 * MAX_SPANS) joinClosest(spans);
    return true;
  }

  /** The newest hour judged, or -Infinity. */
  newest(): number {
    return this.spans.length === 0 ? Number.NEGATIVE_INFINITY : this.spans[this.spans.length - 1]!;
  }

  /** The relations are learnt afresh (a service): from the next hour added on; no older hour is learnt. */
  clear(): void {
    this.spans = [];
    this.paused = false;
    this.isPastUnknown = true;
  }

  /** The live hours begin: a series restored from a text without its hours learns again, from the next hour added on. */
  resume(): void {
    if (this.paused) this.isPastUnknown = true;
    this.paused = false;
  }

  /**
   * Forgets the hours after `hour`: after a restart, hours ahead of the wall clock were not measured but
   * simulated ahead of it (a sped-up simulator), and the input that follows is another run of those hours.
   */
  forgetAfter(hour: number): void {
    const spans = this.spans;
    while (spans.length > 0 && spans[spans.length - 2]! > hour) spans.length -= 2;
    if (spans.length > 0 && spans[spans.length - 1]! > hour) spans[spans.length - 1] = hour;
  }

  /** The saved form: hour starts in ms, from and to of each run; null for a run open to the past (see restored). */
  saved(): (number | null)[] {
    return this.spans.map((h) => (Number.isFinite(h) ? h * HOUR_MS : null));
  }

  /**
   * Restored from a saved series: its runs (`spans`, the saved form) when valid, else everything up to its newest
   * hour (`through`, what a build before the runs were kept saved: the older hours are unknown), else paused.
   */
  static restored(spans: readonly (number | null)[] | undefined, through: number | undefined): LearntHours {
    const out = new LearntHours();
    if (spans !== undefined) out.spans = spans.map((ms) => (ms === null ? Number.NEGATIVE_INFINITY : Math.floor(ms / HOUR_MS)));
    else if (through !== undefined) out.spans = [Number.NEGATIVE_INFINITY, Math.floor(through / HOUR_MS)];
    else out.paused = true;
    return out;
  }

  /** Whether `spans` is a saved form restored can take: pairs of hour starts, ascending, apart; only the first may be null. */
  static isSavedForm(spans: unknown): spans is (number | null)[] {
    if (!Array.isArray(spans) || spans.length === 0 || spans.length % 2 !== 0 || spans.length > 2 * MAX_SPANS) return false;
    let last = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < spans.length; i++) {
      const ms: unknown = spans[i];
      if (i === 0 && ms === null) continue;
      if (!Number.isSafeInteger(ms) || (ms as number) % HOUR_MS !== 0) return false;
      const isFrom = i % 2 === 0;
      // A run's end is at or after its start; the next run starts at least two hours after it ends.
      if ((ms as number) < last + (isFrom && i > 0 ? 2 * HOUR_MS : 0)) return false;
      last = ms as number;
    }
    return true;
  }
}

/** Joins the two neighbouring runs with the fewest hours between them. */
function joinClosest(spans: number[]): void {
  let best = 1;
  for (let i = 3; i + 1 < spans.length; i += 2) if (spans[i + 1]! - spans[i]! < spans[best + 1]! - spans[best]!) best = i;
  spans.splice(best, 2);
}
