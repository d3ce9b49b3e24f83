import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src-shared/settings/default-rules';
import type { Rule } from '../../src-shared/domain/rules';
import { LiveStore } from '../data/live-store';
import { buildFrame } from '../data/test-frame';
import type { WindowRow } from '../data/test-frame';
import { statisticKeys, statisticLabel, statisticLines } from './chart-series';

const rule = (overrides: Partial<Rule>): Rule =>
  ({ kind: 'threshold', id: 'r', name: 'r', enabled: true, severity: 'warning', metric: 'temperature', stationId: null, statistic: 'mean', windowMs: 60_000, operator: '>', level: 30, clearLevel: 28, pendingMs: 0, ...overrides }) as Rule;

describe('statisticKeys: what the rules on a chart evaluate', () => {
  it('takes the default heat rules\' 10-s mean once, for every station, worst = highest', () => {
    expect(statisticKeys(DEFAULT_RULES, 'temperature', [])).toEqual([{ metric: 'temperature', statistic: 'mean', sizeMs: 10_000, stationId: null, direction: 'high' }]);
    expect(statisticLabel(statisticKeys(DEFAULT_RULES, 'temperature', [])[0]!)).toBe('highest station 10-s mean');
  });

  it('skips raw-value and disabled rules and rules of unselected stations; a low rule looks for the lowest', () => {
    const rules = [rule({ statistic: 'value', windowMs: null }), rule({ enabled: false }), rule({ stationId: 'st-09' }), rule({ operator: '<', level: 5, clearLevel: 6, statistic: 'min', windowMs: 300_000 })];
    const labels = (stations: string[]): string[] => statisticKeys(rules, 'temperature', stations).map((k) => statisticLabel(k));
    expect(labels([])).toEqual(['lowest station 5-min min']);
    expect(labels(['st-09'])).toEqual(['st-09 1-min mean', 'lowest station 5-min min']);
    expect(statisticLabel(statisticKeys(rules, 'temperature', [])[0]!, true)).toBe('5-min min');
  });
});

describe('statisticLines: the rule statistic from the frames\' closed windows', () => {
  it('is, per window, the highest station value of the statistic (a brute-force reference over the same windows)', () => {
    const live = new LiveStore();
    const [key] = statisticKeys(DEFAULT_RULES, 'temperature', []);
    live.ruleStatistics.track([key!]);
    const windows: WindowRow[] = [];
    for (let w = 0; w < 6; w++) {
      for (const [s, station] of ['st-01', 'st-02', 'st-03'].entries()) {
        const mean = 25 + ((w * 7 + s * 5) % 11) / 2 + (station === 'st-03' && w >= 3 ? 16 : 0);
        windows.push({ station, metric: 'temperature', sizeMs: 10_000, start: w * 10_000, mean, min: mean - 1, max: mean + 1 });
      }
      // Other sizes, the city window and other metrics are not what the rule evaluates.
      windows.push({ station: 'st-01', metric: 'temperature', sizeMs: 60_000, start: 0, mean: 99, min: 99, max: 99 });
      windows.push({ metric: 'temperature', sizeMs: 10_000, start: w * 10_000, mean: 98, min: 98, max: 98 });
      windows.push({ station: 'st-02', metric: 'humidity', sizeMs: 10_000, start: w * 10_000, mean: 97, min: 97, max: 97 });
    }
    // Delivered over three frames in time order, each holding several window starts in reverse order.
    const part = (from: number, to: number): WindowRow[] => windows.filter((r) => r.start >= from && r.start < to).reverse();
    live.ingest(buildFrame([], [], part(0, 20_000)), 0);
    live.ingest(buildFrame([], [], part(20_000, 50_000)), 0);
    live.ingest(buildFrame([], [], part(50_000, 60_000)), 0);
    const reference = new Map<number, number>();
    for (const r of windows) {
      if (r.station === undefined || r.station === '*' || r.metric !== 'temperature' || r.sizeMs !== 10_000) continue;
      reference.set(r.start, Math.max(reference.get(r.start) ?? Number.NEGATIVE_INFINITY, r.mean));
    }
    const [line] = statisticLines(live, [key!], 0, 60_000);
    expect(line?.count).toBe(6);
    const starts = [...line!.starts.subarray(0, line!.count)];
    expect(starts).toEqual([...reference.keys()].sort((a, b) => a - b));
    expect([...line!.values.subarray(0, line!.count)]).toEqual(starts.map((start) => reference.get(start)));
    expect(line?.max).toBe(Math.max(...reference.values()));
    // The window that began before the chart's left edge is drawn too (it reaches into the range).
    expect(statisticLines(live, [key!], 25_000, 60_000)[0]?.starts[0]).toBe(20_000);
    // A chart's redraws reuse their lines' arrays.
    const out = statisticLines(live, [key!], 0, 60_000);
    const arrays = out[0]!.starts;
    expect(statisticLines(live, [key!], 30_000, 60_000, out)[0]?.starts).toBe(arrays);
    expect(out[0]?.count).toBe(4);
  });

  it('keeps nothing for keys no chart tracks', () => {
    const live = new LiveStore();
    const [key] = statisticKeys(DEFAULT_RULES, 'temperature', []);
    live.ingest(buildFrame([], [], [{ station: 'st-01', metric: 'temperature', sizeMs: 10_000, start: 0, mean: 30, min: 29, max: 31 }]), 0);
    expect(statisticLines(live, [key!], 0, 60_000)).toEqual([]);
  });
});
