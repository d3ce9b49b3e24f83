/**
 * The event-time watermark across input lanes: Kafka partitions, or one lane for the simulator and
 * replay. Like Kafka Streams and Flink, the watermark is the slowest active lane's newest event time
 * minus the allowed lateness, so a partition delivered in a big batch (a backlog, a re-read after a
 * restart) cannot make the other partitions' readings late. A lane that sent nothing for the idle
 * timeout (wall clock) stops holding the others back. Lanes may run at most `maxSkewMs` ahead of the
 * watermark; a faster lane waits (its readings are re-delivered later), unless it is itself the slowest.
 */

/** What to do with one reading of a lane. */
export type Admission = { readonly take: true; readonly advanceTo: number | null } | { readonly take: false };

interface Lane {
  max: number;
  lastSeenWall: number;
}

const TAKE: Admission = { take: true, advanceTo: null };
const WAIT: Admission = { take: false };

export class EventClock {
  private readonly lanes = new Map<string, Lane>();

  constructor(
    private readonly latenessMs: number,
    private readonly maxSkewMs: number,
    private readonly idleMs: number,
  ) {}

  /** The lanes this consumer owns now (after a rebalance); others are forgotten. New ones hold the watermark until they deliver or go idle. */
  assign(laneIds: readonly string[], nowMs: number): void {
    const keep = new Set(laneIds);
    for (const id of this.lanes.keys()) if (!keep.has(id)) this.lanes.delete(id);
    for (const id of laneIds) if (!this.lanes.has(id)) this.lanes.set(id, { max: Number.NEGATIVE_INFINITY, lastSeenWall: nowMs });
  }

  /** May this lane's reading at `ts` enter the windows, given the current watermark `mark`? */
  admit(laneId: string, ts: number, mark: number | null, nowMs: number): Admission {
    if (mark === null || ts <= mark + this.maxSkewMs) return TAKE;
    const lane = this.lanes.get(laneId);
    const own = lane === undefined ? Number.NEGATIVE_INFINITY : lane.max;
    for (const [id, other] of this.lanes) {
      // A slower active lane (or one that has not delivered yet) may still send readings this one must not outrun.
      if (id !== laneId && !this.isIdle(other, nowMs) && (other.max < own || other.max === Number.NEGATIVE_INFINITY)) return WAIT;
    }
    // This lane is the slowest: nothing else holds it, so event time jumps with it.
    return { take: true, advanceTo: ts - this.maxSkewMs };
  }

  /** Records a reading taken from a lane. */
  observe(laneId: string, ts: number, nowMs: number): void {
    const lane = this.lanes.get(laneId);
    if (lane === undefined) this.lanes.set(laneId, { max: ts, lastSeenWall: nowMs });
    else {
      if (ts > lane.max) lane.max = ts;
      lane.lastSeenWall = nowMs;
    }
  }

  /** Marks a lane as heard from (a batch arrived) even if it held only rejected messages. */
  touch(laneId: string, nowMs: number): void {
    const lane = this.lanes.get(laneId);
    if (lane !== undefined) lane.lastSeenWall = nowMs;
  }

  /** min over active lanes of their newest event time, minus the lateness; null while an active lane has none. */
  watermark(nowMs: number): number | null {
    let slowest = Number.POSITIVE_INFINITY;
    for (const lane of this.lanes.values()) {
      if (this.isIdle(lane, nowMs)) continue;
      if (lane.max === Number.NEGATIVE_INFINITY) return null;
      if (lane.max < slowest) slowest = lane.max;
    }
    return slowest === Number.POSITIVE_INFINITY ? null : slowest - this.latenessMs;
  }

  private isIdle(lane: Lane, nowMs: number): boolean {
    return nowMs - lane.lastSeenWall >= this.idleMs;
  }
}
