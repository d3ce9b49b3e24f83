/** A station (metric null = every sensor of it) or one sensor taken out of service for maintenance. */
export interface OutOfServiceKey {
  readonly stationId: string;
  readonly metric: string | null;
}

/** The set of stations and sensors out of service. */
export class OutOfServiceSet {
  private readonly keys = new Map<string, OutOfServiceKey>();

  /** Add an entry; false if it was already there. */
  add(stationId: string, metric: string | null): boolean {
    const key = keyOf(stationId, metric);
    if (this.keys.has(key)) return false;
    this.keys.set(key, { stationId, metric });
    return true;
  }

  /** Remove an entry; false if it was not there. */
  remove(stationId: string, metric: string | null): boolean {
    return this.keys.delete(keyOf(stationId, metric));
  }

  /** True if the station is out of service, or (metric given) that sensor of it is. */
  covers(stationId: string, metric: string | null): boolean {
    if (this.keys.size === 0) return false;
    if (this.keys.has(keyOf(stationId, null))) return true;
    return metric !== null && this.keys.has(keyOf(stationId, metric));
  }

  /** Every entry, for storage. */
  entries(): OutOfServiceKey[] {
    return [...this.keys.values()];
  }

  /** Forget every entry. */
  clear(): void {
    this.keys.clear();
  }
}

function keyOf(stationId: string, metric: string | null): string {
  // JSON keeps the two parts apart whatever characters ids contain.
  return JSON.stringify([stationId, metric]);
}
