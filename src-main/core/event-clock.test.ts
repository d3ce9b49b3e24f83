import { describe, expect, it } from 'vitest';
import { EventClock } from './event-clock';

const LATE = 5_000;
const SKEW = 60_000;
const IDLE = 15_000;

describe('EventClock', () => {
  it('one lane: the watermark follows its newest reading minus the lateness', () => {
    const clock = new EventClock(LATE, SKEW, IDLE);
    clock.observe('a', 100_000, 0);
    clock.observe('a', 90_000, 0);
    expect(clock.watermark(0)).toBe(95_000);
  });

  it('several lanes: the slowest lane sets the watermark, so a fast partition cannot make a slow one late', () => {
    const clock = new EventClock(LATE, SKEW, IDLE);
    clock.assign(['p0', 'p1'], 0);
    clock.observe('p0', 500_000, 0);
    expect(clock.watermark(0)).toBeNull();
    clock.observe('p1', 200_000, 0);
    expect(clock.watermark(0)).toBe(195_000);
  });

  it('an assigned lane with no data holds the watermark until it goes idle', () => {
    const clock = new EventClock(LATE, SKEW, IDLE);
    clock.assign(['p0', 'p1'], 0);
    clock.observe('p0', 100_000, 1_000);
    expect(clock.watermark(10_000)).toBeNull();
    expect(clock.watermark(15_000)).toBe(95_000);
    // p0 itself goes idle later: nothing active, nothing to say.
    expect(clock.watermark(16_000 + IDLE)).toBeNull();
  });

  it('a lane too far ahead waits for the slower lanes; the slowest lane never waits', () => {
    const clock = new EventClock(LATE, SKEW, IDLE);
    clock.assign(['fast', 'slow'], 0);
    clock.observe('fast', 100_000, 0);
    clock.observe('slow', 40_000, 0);
    const mark = 35_000;
    expect(clock.admit('fast', mark + SKEW, mark, 0)).toEqual({ take: true, advanceTo: null });
    expect(clock.admit('fast', mark + SKEW + 1, mark, 0)).toEqual({ take: false });
    // The slow lane may jump ahead: no other lane holds it back.
    expect(clock.admit('slow', 200_000, mark, 0)).toEqual({ take: true, advanceTo: 200_000 - SKEW });
  });

  it('after a restart, a partition that has not delivered yet makes the others wait beyond the skew', () => {
    const clock = new EventClock(LATE, SKEW, IDLE);
    clock.assign(['p0', 'p1', 'p2'], 0);
    const resume = 1_000_000;
    expect(clock.admit('p0', resume + 30_000, resume, 0).take).toBe(true);
    clock.observe('p0', resume + 30_000, 0);
    expect(clock.admit('p0', resume + SKEW + 1, resume, 0).take).toBe(false);
    // Once p1 and p2 went idle (empty partitions), p0 proceeds.
    expect(clock.admit('p0', resume + SKEW + 1, resume, IDLE)).toEqual({ take: true, advanceTo: resume + 1 });
  });

  it('a rebalance forgets lanes that are no longer assigned', () => {
    const clock = new EventClock(LATE, SKEW, IDLE);
    clock.assign(['p0', 'p1'], 0);
    clock.observe('p0', 100_000, 0);
    clock.assign(['p0'], 1);
    expect(clock.watermark(1)).toBe(95_000);
  });
});
