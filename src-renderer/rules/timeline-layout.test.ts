import { describe, expect, it } from 'vitest';
import { TIMELINE, timelineLayout } from './timeline-layout';

const HOUR = 3_600_000;
const FROM = Date.UTC(2026, 5, 1, 0, 0); // a whole hour in every zone with whole-hour offsets
const TO = FROM + 24 * HOUR;
const plot = TIMELINE.width - TIMELINE.labelWidth - 8;
const xAt = (t: number) => TIMELINE.labelWidth + ((t - FROM) / (TO - FROM)) * plot;

describe('timelineLayout', () => {
  it('puts each firing on its station row at its time, the earliest firer first, with a bar to its clearing or the end', () => {
    const layout = timelineLayout(
      [
        { stationId: 'st-b', at: FROM + 6 * HOUR, clearedAt: FROM + 7 * HOUR },
        { stationId: 'st-a', at: FROM + 12 * HOUR, clearedAt: null },
        { stationId: 'st-b', at: FROM + 2 * HOUR, clearedAt: FROM + 3 * HOUR },
      ],
      FROM,
      TO,
    );
    expect(layout.rows.map((r) => r.stationId)).toEqual(['st-b', 'st-a']);
    expect(layout.rows[0]!.firings.map((f) => [f.x, f.x2])).toEqual([
      [xAt(FROM + 2 * HOUR), xAt(FROM + 3 * HOUR)],
      [xAt(FROM + 6 * HOUR), xAt(FROM + 7 * HOUR)],
    ]);
    expect(layout.rows[1]!.firings[0]!.x2).toBe(TIMELINE.labelWidth + plot);
    expect(layout.rows[1]!.y).toBeGreaterThan(layout.rows[0]!.y);
    expect(layout.height).toBe(2 * TIMELINE.rowHeight + TIMELINE.axisHeight);
  });

  it('shows at most maxRows stations and counts the rest', () => {
    const firings = Array.from({ length: TIMELINE.maxRows + 3 }, (_, i) => ({ stationId: `st-${i}`, at: FROM + i * 1000, clearedAt: null }));
    const layout = timelineLayout(firings, FROM, TO);
    expect(layout.rows).toHaveLength(TIMELINE.maxRows);
    expect(layout.hiddenStations).toBe(3);
  });

  it('ticks whole local hours across 24 h, at most eight, evenly spaced and inside the plot', () => {
    const { ticks } = timelineLayout([], FROM, TO);
    expect(ticks.length).toBeGreaterThanOrEqual(6);
    expect(ticks.length).toBeLessThanOrEqual(9);
    for (const tick of ticks) {
      expect(new Date(tick.t).getMinutes()).toBe(0);
      expect(tick.x).toBeGreaterThanOrEqual(TIMELINE.labelWidth);
      expect(tick.x).toBeLessThanOrEqual(TIMELINE.width);
    }
    const gaps = ticks.slice(1).map((tick, i) => tick.t - ticks[i]!.t);
    expect(new Set(gaps).size).toBe(1);
  });
});
