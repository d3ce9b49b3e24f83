import { describe, expect, it } from 'vitest';
import type { WindowAggregate } from '../../src-shared/domain/window-aggregate';
import type { Station } from '../../src-shared/domain/station';
import { AIR_INDEX_RESEND_MS, AirQualityFeed, thresholdRuleId } from './air-quality-feed';

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** 2026-07-01T00:00Z: a summer day, Europe/Amsterdam is UTC+2 (local midnight = 22:00Z the day before). */
const T0 = Date.UTC(2026, 6, 1);

function win(stationId: string, metric: string, sizeMs: number, start: number, mean: number, count = 1): WindowAggregate {
  return { stationId, metric, sizeMs, start, count, mean, min: mean, max: mean, stddev: 0, p95: mean };
}

/** One hour of `metric` at `value`: `minutes` 1-minute windows with data, then the 1-hour window. */
function hour(stationId: string, metric: string, start: number, value: number, minutes = 60): WindowAggregate[] {
  const out: WindowAggregate[] = [];
  for (let m = 0; m < minutes; m++) out.push(win(stationId, metric, MINUTE, start + m * MINUTE, value));
  out.push(win(stationId, metric, HOUR, start, value, minutes));
  return out;
}

/** Quality flags off: these hours are constant by construction, which the stuck check rightly flags (see air-quality/quality-flagger.test.ts). */
function feed(index: 'eea' | 'epa' = 'eea'): AirQualityFeed {
  return new AirQualityFeed({ index, standard: '2008/50/EC', timeZone: 'Europe/Amsterdam' }, null);
}

describe('AirQualityFeed: threshold alarms', () => {
  it('raises the O3 information threshold as a warning over one valid hour above 180 µg/m³, and clears it', () => {
    const f = feed();
    expect(f.onWindows(hour('s1', 'o3', T0, 170))).toEqual([]);
    const raised = f.onWindows(hour('s1', 'o3', T0 + HOUR, 195));
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ ruleId: thresholdRuleId('o3', 'information'), stationId: 's1', metric: 'o3', isActive: true, severity: 'warning', value: 195, threshold: 180, at: T0 + 2 * HOUR });
    expect(raised[0]?.message).toContain('information threshold');
    expect(raised[0]?.message).toContain('195 µg/m³');
    const cleared = f.onWindows(hour('s1', 'o3', T0 + 2 * HOUR, 150));
    expect(cleared).toEqual([expect.objectContaining({ ruleId: 'air:o3-information', isActive: false })]);
  });

  it('after a restart, clears a threshold alarm restored active at the first valid hour at or below its level (its episode began before the engine did)', () => {
    const f = feed();
    f.restoreActiveThresholds(['air:o3-information@s1', 'air:no2-alert@s1', 'temperature-high@s1']);
    // Still above: the alarm stands (an invalid hour below changes nothing either).
    expect(f.onWindows(hour('s1', 'o3', T0, 190))).toEqual([expect.objectContaining({ ruleId: 'air:o3-information', isActive: true })]);
    expect(f.onWindows(hour('s1', 'no2', T0, 100, 30))).toEqual([]);
    const cleared = f.onWindows([...hour('s1', 'o3', T0 + HOUR, 150), ...hour('s1', 'no2', T0 + HOUR, 100)]);
    expect(cleared).toEqual([
      expect.objectContaining({ ruleId: 'air:o3-information', stationId: 's1', metric: 'o3', isActive: false, value: null, threshold: 180, at: T0 + 2 * HOUR }),
      expect.objectContaining({ ruleId: 'air:no2-alert', stationId: 's1', metric: 'no2', isActive: false, threshold: 400, at: T0 + 2 * HOUR }),
    ]);
    expect(cleared[1]?.message).toContain('back at or below the alert threshold');
    expect(cleared[1]?.message).toContain('began before the engine restarted');
    // Kept as the alarm's episode, an end only, for its public notice.
    expect(f.episode('air:no2-alert@s1')).toMatchObject({ startMs: T0 + HOUR, endMs: T0 + HOUR, latestValue: 100 });
    // Once cleared, a later hour below raises nothing more.
    expect(f.onWindows(hour('s1', 'o3', T0 + 2 * HOUR, 140))).toEqual([]);
  });

  it('raises both information and alert (critical) above 240 µg/m³', () => {
    const f = feed();
    const raised = f.onWindows(hour('s1', 'o3', T0, 250));
    expect(raised.map((c) => [c.ruleId, c.severity]).sort()).toEqual([
      ['air:o3-alert', 'critical'],
      ['air:o3-information', 'warning'],
    ]);
  });

  it('ignores an hour above the threshold with only 44 minutes of data (not valid), and counts 45', () => {
    const f = feed();
    expect(f.onWindows(hour('s1', 'o3', T0, 200, 44))).toEqual([]);
    expect(f.onWindows(hour('s1', 'o3', T0 + HOUR, 200, 45))).toHaveLength(1);
  });

  it('counts an hour\'s minutes when one batch also closes minutes of the next hour (a stream that fell behind)', () => {
    const f = feed();
    // The batch a lagging engine closes at once: hour T0's minutes and hour, then the next hour's first ten minutes.
    const next = hour('s1', 'o3', T0 + HOUR, 200).slice(0, 10);
    expect(f.onWindows([...hour('s1', 'o3', T0, 200), ...next])).toEqual([expect.objectContaining({ ruleId: 'air:o3-information', isActive: true })]);
    // The next hour keeps the ten minutes counted early: with 35 more it has the 45 a valid hour needs.
    const rest = hour('s1', 'o3', T0 + HOUR, 250).slice(25);
    expect(f.onWindows(rest)).toContainEqual(expect.objectContaining({ ruleId: 'air:o3-alert', isActive: true }));
  });

  it('judges each hour of a batch that closes two hours of one series on its own (quality flags on)', () => {
    const f = new AirQualityFeed({ index: 'eea', standard: '2008/50/EC', timeZone: 'Europe/Amsterdam' });
    // Hour T0 is out of the physical range (left out), hour T0+1h is valid and above 180; the batch lists the later hour first.
    const first = hour('s1', 'o3', T0, 1200);
    const second = hour('s1', 'o3', T0 + HOUR, 200).map((w) => ({ ...w, min: 190, max: 210 }));
    const raised = f.onWindows([...second, ...first]);
    expect(f.drainFlags()).toEqual([expect.objectContaining({ stationId: 's1', metric: 'o3', hourStartMs: T0, kind: 'out-of-range', isExcluded: true })]);
    expect(raised).toEqual([expect.objectContaining({ ruleId: 'air:o3-information', isActive: true, value: 200, at: T0 + 2 * HOUR })]);
  });

  it('needs three consecutive hours above 400 µg/m³ for the NO2 alert threshold', () => {
    const f = feed();
    expect(f.onWindows(hour('s1', 'no2', T0, 410))).toEqual([]);
    expect(f.onWindows(hour('s1', 'no2', T0 + HOUR, 420))).toEqual([]);
    expect(f.onWindows(hour('s1', 'no2', T0 + 2 * HOUR, 430))).toEqual([expect.objectContaining({ ruleId: 'air:no2-alert', severity: 'critical', isActive: true })]);
  });

  it('leaves non-pollutant metrics and other window sizes alone, and a repeated hour out without throwing', () => {
    const f = feed();
    expect(f.onWindows([win('s1', 'temperature', HOUR, T0, 400), win('s1', 'o3', 300_000, T0, 400), ...hour('*', 'o3', T0, 400)])).toEqual([]);
    expect(f.currentIndices()).toEqual([]);
    f.onWindows(hour('s1', 'o3', T0, 100));
    expect(() => f.onWindows(hour('s1', 'o3', T0, 300))).not.toThrow();
    expect(f.compliance(null).note).toContain('1 hourly windows were left out');
  });
});

describe('AirQualityFeed: current index', () => {
  it('gives the EEA band and deciding pollutant of the latest hour (EEA table: O3 185 > 180 is level 6, PM2.5 10 is level 2)', () => {
    const f = feed();
    f.onWindows([...hour('s1', 'pm25', T0, 10), ...hour('s1', 'o3', T0, 185)]);
    expect(f.currentIndices()).toEqual([{ stationId: 's1', index: 'eea', value: 6, band: 'Extremely poor', colour: '#7D2181', decidingPollutant: 'o3', hourStartMs: T0 }]);
  });

  it('gives no index from an invalid hour', () => {
    const f = feed();
    f.onWindows(hour('s1', 'pm25', T0, 10, 30));
    expect(f.currentIndices()).toEqual([]);
  });

  it('gives the EPA AQI when selected (PM2.5 NowCast of three hours at 35.4 µg/m³ is 100, Moderate — TAD 2024 Table 6 edge)', () => {
    const f = feed('epa');
    f.onWindows(hour('s1', 'pm25', T0, 35.4));
    // NowCast needs 2 of the last 3 hours: one hour gives no AQI yet.
    expect(f.currentIndices()).toEqual([]);
    f.onWindows(hour('s1', 'pm25', T0 + HOUR, 35.4));
    f.onWindows(hour('s1', 'pm25', T0 + 2 * HOUR, 35.4));
    expect(f.currentIndices()).toEqual([expect.objectContaining({ index: 'epa', value: 100, band: 'Moderate', decidingPollutant: 'pm25' })]);
  });

  it('puts the list in a frame when it changed, then only every AIR_INDEX_RESEND_MS', () => {
    const f = feed();
    expect(f.indicesForFrame(1_000)).toBeNull();
    f.onWindows(hour('s1', 'pm10', T0, 20));
    expect(f.indicesForFrame(1_000)).toHaveLength(1);
    expect(f.indicesForFrame(1_100)).toBeNull();
    expect(f.indicesForFrame(1_000 + AIR_INDEX_RESEND_MS)).toHaveLength(1);
  });
});

describe('AirQualityFeed: compliance from the live counters', () => {
  /** Feeds local day 2026-07-01 (22:00Z on 30 June … 22:00Z on 1 July) of PM10 at `value`, with `validHours` of 24 valid. */
  function pm10Day(f: AirQualityFeed, dayStartUtc: number, value: number, validHours: number): void {
    for (let h = 0; h < 24; h++) f.onWindows(hour('s1', 'pm10', dayStartUtc + h * HOUR, value, h < validHours ? 60 : 20));
  }

  it('counts a daily mean above 50 µg/m³ with 18 valid hours as an exceedance day, and not one with 17', () => {
    const f = feed();
    const localMidnight = T0 - 2 * HOUR;
    pm10Day(f, localMidnight, 60, 18);
    pm10Day(f, localMidnight + 24 * HOUR, 60, 17);
    f.onWindows(hour('s1', 'pm10', localMidnight + 48 * HOUR, 10));
    const result = f.compliance(null);
    expect(result.year).toBe(2026);
    expect(result.standard).toBe('2008/50/EC');
    const daily = result.rows.find((r) => r.pollutant === 'pm10')?.figures.find((s) => s.standard.id === '2008/50:pm10-daily');
    // Elapsed days count from 1 January (1 Jan … 2 Jul = 183): days before the engine started are elapsed but not valid.
    expect(daily).toMatchObject({ exceedances: 1, allowed: 35, validPeriods: 1, elapsedPeriods: 183 });
    expect(daily?.exceedanceList.map((e) => e.label)).toEqual(['2026-07-01']);
    expect(daily?.text).toContain('1 of 35 allowed days used in 2026');
  });

  it('says that years the live counters do not hold need the stored history', () => {
    const f = feed();
    f.onWindows(hour('s1', 'pm10', T0, 20));
    const result = f.compliance(2020);
    expect(result.rows).toEqual([]);
    expect(result.note).toContain('need the stored hourly history');
  });
});

describe('AirQualityFeed: data-quality checks after a restart', () => {
  /** A stuck PM10 sensor's hour h: 60 readings, all 31 µg/m³ (the stuck check needs 60 readings over 3 hours). */
  const stuck = (h: number): WindowAggregate[] => hour('s1', 'pm10', T0 + h * HOUR, 31).map((w) => (w.sizeMs === HOUR ? { ...w, count: 60 } : w));
  const hourlyOf = (windows: readonly WindowAggregate[]) => windows.filter((w) => w.sizeMs === HOUR);
  const withFlags = (): AirQualityFeed => new AirQualityFeed({ index: 'eea', standard: '2008/50/EC', timeZone: 'Europe/Amsterdam' });

  it('primed with the stored hours, shows the flag in force at once and keeps the run going; unprimed, starts the run again', () => {
    const before = withFlags();
    const stored: WindowAggregate[] = [];
    for (let h = 0; h < 5; h++) {
      before.onWindows(stuck(h));
      stored.push(...hourlyOf(stuck(h)));
    }
    expect(before.currentFlags()).toEqual([expect.objectContaining({ stationId: 's1', pollutant: 'pm10', kind: 'stuck', sinceMs: T0 + 2 * HOUR, hours: 3 })]);

    const primed = withFlags();
    primed.prime([...stored].reverse());
    expect(primed.currentFlags()).toEqual(before.currentFlags());
    expect(primed.drainFlags()).toEqual([]);
    // The last stored hour read again (the stream re-read from its resume point) changes nothing.
    primed.onWindows(stuck(4));
    expect(primed.currentFlags()).toEqual(before.currentFlags());
    primed.onWindows(stuck(5));
    expect(primed.currentFlags()).toEqual([expect.objectContaining({ kind: 'stuck', sinceMs: T0 + 2 * HOUR, hours: 4 })]);
    expect(primed.drainFlags()).toContainEqual(expect.objectContaining({ hourStartMs: T0 + 5 * HOUR, kind: 'stuck', isExcluded: true }));

    const unprimed = withFlags();
    unprimed.onWindows(stuck(5));
    expect(unprimed.currentFlags()).toEqual([]);
  });

  it('after priming, an older hour read again neither clears nor restarts the flag in force', () => {
    const f = withFlags();
    f.prime([0, 1, 2, 3, 4].flatMap((h) => hourlyOf(stuck(h))));
    const flags = f.currentFlags();
    expect(flags).toHaveLength(1);
    f.onWindows(stuck(1));
    expect(f.currentFlags()).toEqual(flags);
  });
});

describe('AirQualityFeed: the live air quality after a restart', () => {
  const hourly = (stationId: string, metric: string, h: number, value: number): WindowAggregate => win(stationId, metric, HOUR, T0 + h * HOUR, value, 60);

  it('primed with the stored hours, shows the index at once and goes on with a three-hour NO2 run; the primed hours raise nothing', () => {
    const f = feed();
    // Two stored hours above the NO2 alert threshold (400 µg/m³ over three consecutive hours), and PM10.
    f.prime([hourly('s1', 'no2', 0, 420), hourly('s1', 'no2', 1, 430), hourly('s1', 'pm10', 1, 30)]);
    expect(f.drainFlags()).toEqual([]);
    expect(f.currentIndices()).toEqual([expect.objectContaining({ stationId: 's1', index: 'eea', hourStartMs: T0 + HOUR })]);
    // The third hour above, the first after the restart, raises the alert; unprimed, it would take two more hours.
    expect(f.onWindows(hour('s1', 'no2', T0 + 2 * HOUR, 440))).toEqual([expect.objectContaining({ ruleId: 'air:no2-alert', stationId: 's1', isActive: true, severity: 'critical' })]);
    expect(f.episode('air:no2-alert@s1')).toMatchObject({ startMs: T0, hoursAbove: 3, highestHourly: { value: 440 } });
    const unprimed = feed();
    expect(unprimed.onWindows(hour('s1', 'no2', T0 + 2 * HOUR, 440))).toEqual([]);
    expect(unprimed.currentIndices().every((i) => i.hourStartMs === T0 + 2 * HOUR)).toBe(true);
  });

  it('a primed hour closed again (the stream re-read from its resume point) is skipped, not refused', () => {
    const f = feed();
    f.prime([hourly('s1', 'o3', 0, 100), hourly('s1', 'o3', 1, 110)]);
    expect(f.onWindows(hour('s1', 'o3', T0 + HOUR, 110))).toEqual([]);
    expect(f.onWindows(hour('s1', 'o3', T0 + 2 * HOUR, 190))).toEqual([expect.objectContaining({ ruleId: 'air:o3-information', isActive: true })]);
    expect(f.compliance(null).note).not.toContain('out of order');
    expect(f.compliance(null).note).toContain('Live counters start with the stored hours from 2026-07-01T00:00 UTC');
  });

  it('input older than the primed hours (a replay, a simulator started again) starts the station afresh: nothing skipped or refused', () => {
    const f = feed();
    f.prime([hourly('s1', 'o3', 10, 100), hourly('s1', 'o3', 11, 110)]);
    expect(f.onWindows(hour('s1', 'o3', T0, 150))).toEqual([]);
    expect(f.onWindows(hour('s1', 'o3', T0 + HOUR, 200))).toEqual([expect.objectContaining({ ruleId: 'air:o3-information', isActive: true })]);
    expect(f.currentIndices()).toEqual([expect.objectContaining({ stationId: 's1', hourStartMs: T0 + HOUR })]);
    expect(f.compliance(null).note).not.toContain('out of order');
  });

  it('input older than the primed hours counts its days in full: they are not closed at the primed hours\' end before their hours come', () => {
    const f = feed();
    const localMidnight = T0 - 2 * HOUR;
    // Stored: PM10 two days on (s1) and a day on (s2). The replay then sends local 1 July in full for both, at
    // 60 µg/m³, s2 from its second hour on, and an hour of 2 July.
    f.prime([48, 49].map((h) => win('s1', 'pm10', HOUR, localMidnight + h * HOUR, 20, 60)).concat([win('s2', 'pm10', HOUR, localMidnight + 30 * HOUR, 20, 60)]));
    for (let h = 0; h < 25; h++) f.onWindows([...hour('s1', 'pm10', localMidnight + h * HOUR, 60), ...(h > 0 ? hour('s2', 'pm10', localMidnight + h * HOUR, 60) : [])]);
    const result = f.compliance(null);
    for (const station of ['s1', 's2']) {
      const daily = result.rows.find((r) => r.stationId === station && r.pollutant === 'pm10')?.figures.find((s) => s.standard.id === '2008/50:pm10-daily');
      expect(daily?.exceedanceList.map((e) => e.label), station).toEqual(['2026-07-01']);
    }
    expect(result.year).toBe(2026);
    expect(result.note).not.toContain('out of order');
    // The replayed hours count: the note no longer says the counters start with the stored ones.
    expect(result.note).not.toContain('Live counters start with the stored hours');
  });

  it('an alarm restored active whose episode is in the primed hours ends with the tracker, keeping the episode\'s start and peak', () => {
    for (const order of ['restore first', 'prime first'] as const) {
      const f = feed();
      const stored = [hourly('s1', 'o3', 0, 150), hourly('s1', 'o3', 1, 200), hourly('s1', 'o3', 2, 190)];
      if (order === 'restore first') f.restoreActiveThresholds(['air:o3-information@s1']);
      f.prime(stored);
      if (order === 'prime first') f.restoreActiveThresholds(['air:o3-information@s1']);
      // Still above: the tracker carries the episode on; then the first hour below ends it, with the figures of the whole episode.
      expect(f.onWindows(hour('s1', 'o3', T0 + 3 * HOUR, 185))).toEqual([expect.objectContaining({ ruleId: 'air:o3-information', isActive: true })]);
      const ended = f.onWindows(hour('s1', 'o3', T0 + 4 * HOUR, 150));
      expect(ended, order).toEqual([expect.objectContaining({ ruleId: 'air:o3-information', isActive: false })]);
      expect(ended[0]?.message).not.toContain('began before the engine restarted');
      expect(f.episode('air:o3-information@s1')).toMatchObject({ startMs: T0 + HOUR, endMs: T0 + 4 * HOUR, highestHourly: { value: 200, startMs: T0 + HOUR } });
    }
  });
});

describe('AirQualityFeed: calibration check schedule', () => {
  const station: Station = { id: 's1', name: 's1', district: 'x', lat: null, lon: null, calibrationDueAt: T0 };

  it('is due once per new UTC day after the stations were set', () => {
    const f = feed();
    expect(f.calibrationCheckDue(T0)).toBeNull();
    f.setStations([station], T0 + 1000);
    expect(f.calibrationCheckDue(T0 + HOUR)).toBeNull();
    expect(f.calibrationCheckDue(T0 + 24 * HOUR)).toEqual([station]);
    expect(f.calibrationCheckDue(T0 + 25 * HOUR)).toBeNull();
  });
});
