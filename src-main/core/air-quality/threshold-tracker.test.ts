import { describe, expect, it } from 'vitest';
import { THRESHOLDS_2008_50, type AlertThreshold } from './eu-standards';
import { draftPublicNotice } from './public-notice';
import { ThresholdTracker, type ThresholdEvent } from './threshold-tracker';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-07-15T08:00:00Z');
const threshold = (id: string): AlertThreshold => THRESHOLDS_2008_50.find((t) => t.id === id) as AlertThreshold;

/** Feeds `values` as consecutive hours from T0 (null = an invalid hour, 30 minutes of data) and returns the event types. */
function feed(tracker: ThresholdTracker, values: readonly (number | null)[]): ThresholdEvent[] {
  return values.map((v, i) => tracker.addHour({ startMs: T0 + i * HOUR, value: v ?? 0, coverage: v === null ? 0.5 : 1 }));
}

describe('ThresholdTracker — NO2 alert, 400 µg/m³ over three consecutive hours', () => {
  it('crosses on the third consecutive hour above, dated from the first of the three', () => {
    const tracker = new ThresholdTracker(threshold('2008/50:no2-alert'));
    const events = feed(tracker, [390, 410, 420, 430, 440]);
    expect(events.map((e) => e.type)).toEqual(['none', 'none', 'none', 'crossed', 'continues']);
    const crossed = events[3] as Extract<ThresholdEvent, { episode: unknown }>;
    expect(crossed.episode.startMs).toBe(T0 + HOUR);
    expect(crossed.episode.highestHourly).toEqual({ value: 430, startMs: T0 + 3 * HOUR });
    expect(tracker.current?.hoursAbove).toBe(4);
  });

  it('does not cross on two hours above, nor when an invalid or missing hour breaks the run', () => {
    expect(feed(new ThresholdTracker(threshold('2008/50:no2-alert')), [410, 420, 390, 410, 420]).map((e) => e.type)).not.toContain('crossed');
    expect(feed(new ThresholdTracker(threshold('2008/50:no2-alert')), [410, 420, null, 430]).map((e) => e.type)).not.toContain('crossed');
    const gap = new ThresholdTracker(threshold('2008/50:no2-alert'));
    gap.addHour({ startMs: T0, value: 410, coverage: 1 });
    gap.addHour({ startMs: T0 + HOUR, value: 420, coverage: 1 });
    expect(gap.addHour({ startMs: T0 + 3 * HOUR, value: 430, coverage: 1 }).type).toBe('none');
  });

  it('counts exactly the level as not above ("exceeded" means more than 400)', () => {
    expect(feed(new ThresholdTracker(threshold('2008/50:no2-alert')), [400, 400, 400]).map((e) => e.type)).toEqual(['none', 'none', 'none']);
  });

  it('ends at the first valid hour back at or below the level; an invalid hour in between does not end it', () => {
    const tracker = new ThresholdTracker(threshold('2008/50:no2-alert'));
    const events = feed(tracker, [410, 420, 430, null, 380]);
    expect(events.map((e) => e.type)).toEqual(['none', 'none', 'crossed', 'none', 'ended']);
    const ended = events[4] as Extract<ThresholdEvent, { episode: unknown }>;
    expect(ended.episode.endMs).toBe(T0 + 4 * HOUR);
    expect(ended.episode.hoursAbove).toBe(3);
    expect(tracker.current).toBeNull();
  });
});

describe('ThresholdTracker — O3 information threshold, 180 µg/m³ over one hour', () => {
  it('crosses on the first hour above and keeps the highest hour, the highest 8-hour mean and the trend', () => {
    const tracker = new ThresholdTracker(threshold('2008/50:o3-information'));
    const values = [120, 130, 140, 150, 160, 170, 175, 178, 185, 200, 195];
    const events = feed(tracker, values);
    expect(events.map((e) => e.type)).toEqual([...Array.from({ length: 8 }, () => 'none'), 'crossed', 'continues', 'continues']);
    const episode = tracker.current;
    expect(episode?.startMs).toBe(T0 + 8 * HOUR);
    expect(episode?.highestHourly).toEqual({ value: 200, startMs: T0 + 9 * HOUR });
    // Running 8-hour means during the episode end at hours 8, 9, 10; the highest is hours 3–10.
    const mean = (from: number, to: number): number => values.slice(from, to + 1).reduce((a, b) => a + b, 0) / (to - from + 1);
    expect(episode?.highest8hMean?.value).toBeCloseTo(Math.max(mean(1, 8), mean(2, 9), mean(3, 10)), 9);
    expect(episode?.highest8hMean?.endMs).toBe(T0 + 11 * HOUR);
    // 195 against the mean of 185 and 200 (192.5): within 5 % of 180 (9) → steady.
    expect(episode?.trend).toBe('steady');
  });

  it('reports a rising trend when the latest hour is clearly above the ones before', () => {
    const tracker = new ThresholdTracker(threshold('2008/50:o3-alert'));
    feed(tracker, [230, 250, 280]);
    expect(tracker.current?.trend).toBe('rising');
  });

  it('refuses an hour that is not after the last one', () => {
    const tracker = new ThresholdTracker(threshold('2008/50:o3-alert'));
    tracker.addHour({ startMs: T0, value: 100, coverage: 1 });
    expect(() => tracker.addHour({ startMs: T0, value: 100, coverage: 1 })).toThrow(/increasing order/);
  });
});

describe('draftPublicNotice', () => {
  it('carries the directive’s fields as plain data and leaves the operator’s text empty', () => {
    const tracker = new ThresholdTracker(threshold('2008/50:o3-information'));
    feed(tracker, [170, 190, 210]);
    const notice = draftPublicNotice(tracker.current as NonNullable<typeof tracker.current>, 'Centrum', ['st-01', 'st-02']);
    expect(notice).toMatchObject({
      area: 'Centrum',
      stationIds: ['st-01', 'st-02'],
      pollutant: 'O3',
      thresholdKind: 'information',
      thresholdLevel: 180,
      unit: 'µg/m³',
      averaging: '1 hour',
      startMs: T0 + HOUR,
      endMs: null,
      expectedDuration: '',
      highestHourly: { value: 210, startMs: T0 + 2 * HOUR },
      highest8hMean: null,
      trend: 'rising',
      populationGroupsAtRisk: [],
      precautions: [],
    });
    expect(notice.source).toContain('Annex XII');
    expect(JSON.parse(JSON.stringify(notice))).toEqual(notice);
  });
});
