/**
 * The bodies pushed most recently, by digest, with how many readings each held: a resend of the very same
 * body (a client that got no answer) is answered as all duplicates without going through the pipeline.
 * The pipeline's duplicate filter remembers only the last 64 readings per station, so a resent Sensor
 * Logger batch of hundreds of one phone's readings would otherwise be counted twice in windows still open.
 */
import { createHash } from 'node:crypto';

/** Bodies remembered; an entry is ~100 bytes, so this is well under a megabyte. */
const DEFAULT_CAPACITY = 4_096;

export class RecentBodies {
  /** Insertion order is age order (a Map iterates in insertion order). */
  private readonly readings = new Map<string, number>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  /** The digest of a body pushed to a route (the routes decode differently, so they never share one). */
  static digest(route: string, body: Uint8Array): string {
    return createHash('sha256').update(route).update('\u0000').update(body).digest('base64');
  }

  /** How many readings the body with this digest held when it was taken, or null when it was not taken lately. */
  readingsOf(digest: string): number | null {
    return this.readings.get(digest) ?? null;
  }

  remember(digest: string, readings: number): void {
    this.readings.delete(digest);
    this.readings.set(digest, readings);
    if (this.readings.size > this.capacity) this.readings.delete(this.readings.keys().next().value as string);
  }
}
