/** Per-partition lag and message rate of the Kafka source, updated once per batch (never per message). */
import type { PartitionLag } from '../../../src-shared/ipc/status';
import { RateMeter } from '../../core/rate-meter';

/** Lag = high watermark − next offset to read, as of each partition's latest batch. */
export class SourceMetrics {
  private readonly lags = new Map<string, { topic: string; partition: number; lag: number }>();
  private readonly rate = new RateMeter(5);

  /** Records one delivered batch. Offsets are decimal strings (64-bit). */
  onBatch(topic: string, partition: number, lastOffset: string, highWatermark: string, count: number, nowMs: number): void {
    const lag = Number(BigInt(highWatermark) - (BigInt(lastOffset) + 1n));
    const key = `${topic}\u0000${partition}`;
    const entry = this.lags.get(key);
    if (entry === undefined) this.lags.set(key, { topic, partition, lag: Math.max(0, lag) });
    else entry.lag = Math.max(0, lag);
    this.rate.add(count, nowMs);
  }

  /** Forgets partitions this consumer no longer owns. */
  retain(assigned: ReadonlySet<string>): void {
    for (const key of this.lags.keys()) if (!assigned.has(key)) this.lags.delete(key);
  }

  lag(): PartitionLag[] {
    return [...this.lags.values()].map((l) => ({ topic: l.topic, partition: l.partition, lag: l.lag }));
  }

  messagesPerSec(nowMs: number): number {
    return this.rate.perSecond(nowMs);
  }
}

/** The key SourceMetrics uses for a partition. */
export function partitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}
