import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src-shared/settings/default-rules';
import type { Rule } from '../../src-shared/domain/rules';
import { LiveStore } from '../data/live-store';
import { buildFrame } from '../data/test-frame';
import { metricChartData, thresholdLines } from './chart-series';

describe('metricChartData', () => {
  it('lays out x, city mean, min, max, p5, p95 for uPlot, and one line per selected station', () => {
    const live = new LiveStore();
    live.watch(['st-01', 'st-03']);
    live.ingest(
      buildFrame(
        [
          { station: 'st-01', metric: 'temperature', ts: 10_000, value: 26 },
          { station: 'st-01', metric: 'temperature', ts: 11_000, value: 27 },
          { station: 'st-02', metric: 'temperature', ts: 10_000, value: 30 },
          { station: 'st-03', metric: 'temperature', ts: 12_000, value: 24 },
        ],
        [{ metric: 'temperature', start: 10_000, mean: 28, min: 26, max: 30, p5: 26.5, p95: 29.5 }],
      ),
      0,
    );
    const { city, lines } = metricChartData(live, 'temperature', ['st-01', 'st-03'], 0, 20_000, 20);
    expect(city.length).toBe(6);
    expect([...city[0]]).toEqual([10_000]);
    expect(city.slice(1)).toEqual([[28], [26], [30], [26.5], [29.5]]);
    expect(lines.count).toBe(2);
    expect([...lines.start.subarray(0, 3)]).toEqual([0, 2, 3]);
    expect([...lines.xs.subarray(0, 3)]).toEqual([10_000, 11_000, 12_000]);
    expect([...lines.ys.subarray(0, 3)]).toEqual([26, 27, 24]);
    expect([lines.min, lines.max]).toEqual([24, 27]);
  });
});

describe('thresholdLines', () => {
  it('takes the default heat levels and ignores rules of other stations and disabled rules', () => {
    const extra: Rule[] = [
      { kind: 'threshold', id: 'x', name: 'x', enabled: true, severity: 'critical', metric: 'temperature', stationId: 'st-09', statistic: 'value', windowMs: null, operator: '>', level: 50, clearLevel: 49, pendingMs: 0 },
      { kind: 'threshold', id: 'y', name: 'y', enabled: false, severity: 'critical', metric: 'temperature', stationId: null, statistic: 'value', windowMs: null, operator: '>', level: 60, clearLevel: 59, pendingMs: 0 },
    ];
    expect(thresholdLines([...DEFAULT_RULES, ...extra], 'temperature', ['st-01'])).toEqual([
      { level: 35, severity: 'warning' },
      { level: 40, severity: 'critical' },
    ]);
    expect(thresholdLines([...DEFAULT_RULES, ...extra], 'temperature', ['st-09']).map((l) => l.level)).toEqual([35, 40, 50]);
  });
});
