import { describe, expect, it } from 'vitest';
import type { StreamFrame } from './frame';
import { FrameWatch } from './frame-watch';

/** A frame at `at` with one reading each of st-a and st-b; only `at` and the raw rows matter here. */
function frameAt(at: number): StreamFrame {
  const empty = new Float64Array();
  return {
    seq: at,
    at,
    stations: ['st-a', 'st-b'],
    metrics: ['pm10'],
    raw: { station: new Uint32Array([0, 1]), metric: new Uint32Array([0, 0]), ts: new Float64Array([at, at]), value: new Float64Array([1, 2]) },
    windows: { station: new Uint32Array(), metric: new Uint32Array(), sizeMs: empty, start: empty, count: empty, mean: empty, min: empty, max: empty, stddev: empty, p95: empty },
    city: { metric: new Uint32Array(), start: empty, count: empty, mean: empty, min: empty, max: empty },
    readingsPerSec: 0,
    watermark: null,
  };
}

describe('FrameWatch', () => {
  it('sends the whole frame until told what to watch', () => {
    const frame = frameAt(1000);
    expect(new FrameWatch().next(frame)).toBe(frame);
  });

  it('sends the others’ latest rows once a second of the frames’ clock, at once again when that clock goes back', () => {
    const watch = new FrameWatch();
    expect(watch.watch(['st-a', 'st-a'])).toBe(1);
    // Whether the cut sent carried the others' latest rows (between those, only their single newest row goes).
    const withOthers = (at: number): boolean => {
      const frame = frameAt(at);
      const cut = watch.cut(frame);
      watch.delivered(cut, frame);
      return cut.includeOthersLatest;
    };
    expect(withOthers(10_000)).toBe(true);
    expect(withOthers(10_100)).toBe(false);
    expect(withOthers(10_999)).toBe(false);
    expect(withOthers(11_000)).toBe(true);
    expect(withOthers(5_000)).toBe(true);
  });

  it('counts a cut as sent only when told it was delivered (a skipped frame leaves the others due)', () => {
    const watch = new FrameWatch();
    watch.watch(['st-a']);
    const first = watch.cut(frameAt(10_000));
    expect(first.includeOthersLatest).toBe(true);
    expect(watch.cut(frameAt(10_100)).includeOthersLatest).toBe(true);
    watch.delivered(watch.cut(frameAt(10_100)), frameAt(10_100));
    expect(watch.cut(frameAt(10_200))).toMatchObject({ includeOthersLatest: false, key: '-st-a' });
  });
});
