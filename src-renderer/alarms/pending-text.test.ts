import { describe, expect, it } from 'vitest';
import type { PendingCondition } from '../../src-shared/ipc/frame';
import { breachText, countdownText, isPendingShown, pendingSummary, ruleStatisticLabel, secondsUntilDue } from './pending-text';
import { NO_FILTER } from './alarm-sort';

const heat: PendingCondition = {
  ruleId: 'temperature-extreme', ruleName: 'Heat', stationId: 'st-05', metric: 'temperature', statistic: 'mean', windowMs: 10_000,
  operator: '>', level: 40, severity: 'critical', value: 41.25, since: 10_000, dueAt: 30_000,
};

describe('pending rows under the alarm list\'s filter', () => {
  const station = { id: 'st-05', name: 'University Bridge', district: 'Harbour', lat: null, lon: null };
  it('keeps a pending condition when the search finds its station, district, metric or rule, and the severity matches', () => {
    for (const text of ['', 'st-05', 'university bridge', 'harbour', 'temperature', 'Heat']) expect(isPendingShown(heat, station, { ...NO_FILTER, text }), text).toBe(true);
    // Before: pending rows stayed above a list filtered to other stations.
    expect(isPendingShown(heat, station, { ...NO_FILTER, text: 'parkland' })).toBe(false);
    expect(isPendingShown(heat, station, { ...NO_FILTER, severity: 'warning' })).toBe(false);
    expect(isPendingShown(heat, station, { ...NO_FILTER, showShelved: true })).toBe(false);
  });
});

describe('pending text', () => {
  it('names the statistic the rule evaluates', () => {
    expect(ruleStatisticLabel('mean', 10_000)).toBe('10-s mean');
    expect(ruleStatisticLabel('p95', 60_000)).toBe('1-min p95');
    expect(ruleStatisticLabel('max', 3_600_000)).toBe('1-h max');
    expect(ruleStatisticLabel('value', null)).toBe('value');
  });

  it('counts down on the data clock to the due time, in whole seconds, then says the alarm is due', () => {
    expect(secondsUntilDue(heat, 10_000)).toBe(20);
    expect(countdownText(heat, 17_500)).toBe('alarm in 13 s');
    expect(countdownText(heat, 29_001)).toBe('alarm in 1 s');
    expect(countdownText(heat, 30_000)).toBe('alarm due');
    expect(secondsUntilDue(heat, 45_000)).toBe(0);
  });

  it('says what breached in the metric\'s units, for the tooltip', () => {
    expect(breachText(heat)).toBe('10-s mean 41.3 °C > 40.0 °C');
    // A value that rounds to its limit gets the decimals that tell them apart (a row read "35.0 °C > 35.0 °C").
    expect(breachText({ ...heat, value: 35.02, level: 35 })).toBe('10-s mean 35.02 °C > 35.0 °C');
    expect(breachText({ ...heat, value: 35.00004, level: 35 })).toBe('10-s mean 35.0000 °C > 35.0 °C');
    expect(pendingSummary(heat, 18_000)).toBe('Pending critical: 10-s mean 41.3 °C > 40.0 °C, alarm in 12 s');
  });
});
