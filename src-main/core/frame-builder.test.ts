import { describe, expect, it } from 'vitest';
import { FrameBuilder, MAX_RAW_ROWS_PER_FRAME } from './frame-builder';

function rowsOf(frame: ReturnType<FrameBuilder['build']>): string[] {
  return Array.from(frame.raw.ts, (ts, i) => `${frame.stations[frame.raw.station[i]!]}|${frame.metrics[frame.raw.metric[i]!]}|${ts}|${frame.raw.value[i]}`);
}

describe('FrameBuilder', () => {
  it('turns readings into columnar rows with per-frame dictionaries', () => {
    const builder = new FrameBuilder();
    builder.addReading({ stationId: 'st-01', ts: 1000, metrics: { temperature: 21.5, humidity: 60 } });
    builder.addReading({ stationId: 'st-02', ts: 1001, metrics: { temperature: 22 } });
    const frame = builder.build(5000, [], 3, 900);
    expect(rowsOf(frame)).toEqual(['st-01|temperature|1000|21.5', 'st-01|humidity|1000|60', 'st-02|temperature|1001|22']);
    expect(frame.raw.ts).toBeInstanceOf(Float64Array);
    expect(frame.seq).toBe(1);
    expect(frame.watermark).toBe(900);
  });

  it('takes a message held as columns like the same Reading', () => {
    const builder = new FrameBuilder();
    builder.addValues('st-01', 1000, ['temperature', 'humidity', 'ignored'], Float64Array.of(21.5, 60, 99), 2);
    builder.addReading({ stationId: 'st-01', ts: 1000, metrics: { temperature: 21.5, humidity: 60 } });
    const rows = rowsOf(builder.build(5000, [], 0, null));
    expect(rows).toEqual(['st-01|temperature|1000|21.5', 'st-01|humidity|1000|60', 'st-01|temperature|1000|21.5', 'st-01|humidity|1000|60']);
  });

  it('starts empty after each frame and numbers frames', () => {
    const builder = new FrameBuilder();
    builder.addReading({ stationId: 'a', ts: 1, metrics: { x: 1 } });
    builder.build(1, [], 0, null);
    const second = builder.build(2, [], 0, null);
    expect(second.seq).toBe(2);
    expect(second.raw.ts.length).toBe(0);
    expect(second.stations).toEqual([]);
  });

  it('carries closed windows and the city band with shared dictionaries', () => {
    const builder = new FrameBuilder();
    builder.addWindows([{ stationId: '*', metric: 'noise_level', sizeMs: 10_000, start: 0, count: 4, mean: 50, min: 45, max: 55, stddev: 3, p95: 54 }]);
    const frame = builder.build(1, [{ metric: 'noise_level', start: 10_000, count: 2, mean: 51, min: 50, max: 52 }], 0, null);
    expect(frame.stations[frame.windows.station[0]!]).toBe('*');
    expect(frame.metrics[frame.windows.metric[0]!]).toBe('noise_level');
    expect(frame.windows.p95[0]).toBe(54);
    expect(frame.metrics[frame.city.metric[0]!]).toBe('noise_level');
    expect(frame.city.mean[0]).toBe(51);
  });

  it('keeps only the newest value per series when a frame would be too large', () => {
    const builder = new FrameBuilder();
    const perStation = Math.ceil(MAX_RAW_ROWS_PER_FRAME / 10) + 1;
    for (let s = 0; s < 10; s++) for (let t = 0; t < perStation; t++) builder.addReading({ stationId: `s${s}`, ts: t, metrics: { m: t * 2 } });
    const frame = builder.build(1, [], 0, null);
    expect(frame.raw.ts.length).toBe(10);
    expect([...frame.raw.ts]).toEqual(new Array(10).fill(perStation - 1));
    expect([...frame.raw.value]).toEqual(new Array(10).fill((perStation - 1) * 2));
  });
});
