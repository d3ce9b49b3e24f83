import { describe, expect, it } from 'vitest';
import { OffsetTracker } from './offset-tracker';

function offsets(tracker: OffsetTracker, oldestOpenStart: number | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of tracker.safePositions(oldestOpenStart)) out[`${p.topic}/${p.partition}`] = p.offset;
  return out;
}

describe('OffsetTracker', () => {
  it('returns nothing before anything is processed', () => {
    expect(new OffsetTracker().safePositions(null)).toEqual([]);
  });

  it('with no open window, everything processed is safe (next offset to read)', () => {
    const t = new OffsetTracker();
    t.record('r', 0, '0', '99', 1_000);
    t.record('r', 0, '100', '149', 2_000);
    t.record('r', 1, '7', '7', 1_500);
    expect(offsets(t, null)).toEqual({ 'r/0': '150', 'r/1': '8' });
  });

  it('stops at the first segment that still feeds an open window', () => {
    const t = new OffsetTracker();
    t.record('r', 0, '0', '99', 9_000);
    t.record('r', 0, '100', '199', 10_500); // has a reading in the window starting at 10_000
    t.record('r', 0, '200', '299', 9_500); // older again (out-of-order events), but after the open segment
    expect(offsets(t, 10_000)).toEqual({ 'r/0': '100' });
    expect(offsets(t, 11_000)).toEqual({ 'r/0': '300' });
  });

  it('treats a segment whose newest event equals the open window start as unsafe', () => {
    const t = new OffsetTracker();
    t.record('r', 2, '10', '19', 5_000);
    expect(offsets(t, 5_000)).toEqual({ 'r/2': '10' });
    expect(offsets(t, 5_001)).toEqual({ 'r/2': '20' });
  });

  it('a batch that fed no window (all rejected) never holds commits back', () => {
    const t = new OffsetTracker();
    t.record('r', 0, '0', '4', Number.NEGATIVE_INFINITY);
    expect(offsets(t, 0)).toEqual({ 'r/0': '5' });
  });

  it('keeps partitions and topics apart', () => {
    const t = new OffsetTracker();
    t.record('a', 0, '0', '9', 100);
    t.record('b', 0, '0', '9', 900);
    t.record('a', 1, '50', '59', 900);
    expect(offsets(t, 500)).toEqual({ 'a/0': '10', 'b/0': '0', 'a/1': '50' });
  });

  it('handles offsets beyond 2^53 exactly', () => {
    const t = new OffsetTracker();
    t.record('r', 0, '9007199254740993', '9223372036854775806', 1);
    expect(offsets(t, null)).toEqual({ 'r/0': '9223372036854775807' });
    expect(offsets(t, 0)).toEqual({ 'r/0': '9007199254740993' });
  });

  it('reports a partition again only when its safe position moved past the last commit', () => {
    const t = new OffsetTracker();
    t.record('r', 0, '0', '9', 100);
    t.record('r', 1, '0', '9', 100);
    t.markCommitted(t.safePositions(null));
    expect(t.safePositions(null)).toEqual([]);
    t.record('r', 1, '10', '19', 200);
    expect(offsets(t, null)).toEqual({ 'r/1': '20' });
  });

  it('markCommitted forgets segments wholly before the committed offset, keeping the rest', () => {
    const t = new OffsetTracker();
    t.record('r', 0, '0', '9', 100);
    t.record('r', 0, '10', '19', 300);
    t.record('r', 0, '20', '29', 400);
    t.markCommitted(t.safePositions(200)); // commits 10
    expect(t.segmentCount()).toBe(2);
    expect(offsets(t, 350)).toEqual({ 'r/0': '20' });
    expect(offsets(t, null)).toEqual({ 'r/0': '30' });
  });

  it('never moves backwards below what was committed', () => {
    const t = new OffsetTracker();
    t.record('r', 0, '0', '9', 100);
    t.markCommitted([{ topic: 'r', partition: 0, offset: '10' }]);
    t.record('r', 0, '10', '19', 500);
    expect(t.safePositions(400)).toEqual([]); // safe is 10, already committed
  });

  it('merges a re-read that overlaps earlier segments, staying conservative', () => {
    const t = new OffsetTracker();
    t.record('r', 0, '0', '9', 100);
    t.record('r', 0, '10', '19', 900);
    t.record('r', 0, '20', '29', 100);
    // After a seek the consumer re-reads 15..24: the merged segment spans 10..29 and keeps the newest event.
    t.record('r', 0, '15', '24', 150);
    expect(t.segmentCount()).toBe(2);
    expect(offsets(t, 500)).toEqual({ 'r/0': '10' });
    expect(offsets(t, 1_000)).toEqual({ 'r/0': '30' });
  });

  it('a re-read from the start replaces everything it covers', () => {
    const t = new OffsetTracker();
    t.record('r', 0, '5', '9', 100);
    t.record('r', 0, '10', '14', 100);
    t.record('r', 0, '0', '20', 50);
    expect(t.segmentCount()).toBe(1);
    expect(offsets(t, 60)).toEqual({ 'r/0': '0' });
    expect(offsets(t, 101)).toEqual({ 'r/0': '21' });
  });

  it('forgetPartition drops a revoked partition', () => {
    const t = new OffsetTracker();
    t.record('r', 0, '0', '9', 100);
    t.record('r', 1, '0', '9', 100);
    t.forgetPartition('r', 0);
    expect(offsets(t, null)).toEqual({ 'r/1': '10' });
  });

  it('rejects a segment that ends before it starts', () => {
    expect(() => new OffsetTracker().record('r', 0, '10', '9', 0)).toThrow(RangeError);
  });

  it('matches a brute-force rule over random batches', () => {
    let seed = 12345;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let round = 0; round < 200; round++) {
      const t = new OffsetTracker();
      const batches: { first: number; last: number; maxTs: number }[] = [];
      let next = Math.floor(rand() * 1000);
      const n = 1 + Math.floor(rand() * 8);
      for (let i = 0; i < n; i++) {
        const size = 1 + Math.floor(rand() * 50);
        const gap = rand() < 0.2 ? Math.floor(rand() * 5) : 0;
        const b = { first: next + gap, last: next + gap + size - 1, maxTs: Math.floor(rand() * 100) };
        batches.push(b);
        t.record('r', 0, String(b.first), String(b.last), b.maxTs);
        next = b.last + 1;
      }
      const open = rand() < 0.2 ? null : Math.floor(rand() * 110);
      const firstUnsafe = open === null ? undefined : batches.find((b) => b.maxTs >= open);
      const expected = firstUnsafe ? firstUnsafe.first : (batches[batches.length - 1] as { last: number }).last + 1;
      expect(offsets(t, open)).toEqual({ 'r/0': String(expected) });
    }
  });
});
