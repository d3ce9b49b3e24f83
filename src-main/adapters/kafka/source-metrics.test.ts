import { describe, expect, it } from 'vitest';
import { SourceMetrics, partitionKey } from './source-metrics';

describe('SourceMetrics', () => {
  it('lag is the high watermark minus the next offset to read, per partition', () => {
    const m = new SourceMetrics();
    m.onBatch('r', 0, '99', '150', 100, 1_000);
    m.onBatch('r', 1, '9', '10', 10, 1_000);
    m.onBatch('r', 0, '149', '150', 50, 1_100);
    expect(m.lag()).toEqual([
      { topic: 'r', partition: 0, lag: 0 },
      { topic: 'r', partition: 1, lag: 0 },
    ]);
    m.onBatch('r', 1, '19', '1000020', 10, 1_200);
    expect(m.lag()[1]).toEqual({ topic: 'r', partition: 1, lag: 1_000_000 });
  });

  it('counts messages per second over whole seconds', () => {
    const m = new SourceMetrics();
    for (let s = 0; s < 5; s++) m.onBatch('r', 0, String(s * 200 + 199), '5000', 200, s * 1_000 + 10);
    expect(m.messagesPerSec(5_000)).toBe(200);
  });

  it('forgets partitions no longer assigned', () => {
    const m = new SourceMetrics();
    m.onBatch('r', 0, '1', '2', 2, 0);
    m.onBatch('r', 1, '1', '2', 2, 0);
    m.retain(new Set([partitionKey('r', 1)]));
    expect(m.lag().map((l) => l.partition)).toEqual([1]);
  });
});
