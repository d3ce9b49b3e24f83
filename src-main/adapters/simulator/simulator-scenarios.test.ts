import { describe, expect, it } from 'vitest';
import type { Reading } from '../../../src-shared/domain/reading';
import { type Scenario, SimulatorSourceSchema } from '../../../src-shared/settings/schema';
import { SimulatorModel, type SimulatorSettings } from './simulator-model';
import { HEATWAVE_TEMPERATURE_RISE } from './scenario-plan';

// Deliberately 17 s past a minute, so the scenario does not line up with 1-minute windows.
const START = Date.UTC(2026, 6, 1, 12, 0, 17);
const MINUTE = 60_000;

function settings(scenarios: Partial<Scenario>[], overrides: Partial<SimulatorSettings> = {}): SimulatorSettings {
  return SimulatorSourceSchema.parse({ kind: 'simulator', outlierRate: 0, scenarios, ...overrides });
}

function run(s: SimulatorSettings, ms: number, start = START): Reading[] {
  return new SimulatorModel(s, start).readingsUntil(start + ms);
}

function of(readings: readonly Reading[], stationId: string): Reading[] {
  return readings.filter((r) => r.stationId === stationId);
}

/**
 * Plays the default heat rule (1-min mean temperature > 35, clear below 33, pending 60 s) over
 * epoch-aligned tumbling minutes, and returns when it fires and clears (window end times).
 */
function heatRule(readings: readonly Reading[]): { firedAt: number | null; clearedAt: number | null } {
  const windows = new Map<number, { sum: number; n: number }>();
  for (const r of readings) {
    const w = Math.floor(r.ts / MINUTE) * MINUTE;
    const acc = windows.get(w) ?? { sum: 0, n: 0 };
    acc.sum += r.metrics.temperature as number;
    acc.n++;
    windows.set(w, acc);
  }
  let pendingSince: number | null = null;
  let firedAt: number | null = null;
  let clearedAt: number | null = null;
  for (const [start, { sum, n }] of [...windows].sort((a, b) => a[0] - b[0])) {
    const end = start + MINUTE;
    const mean = sum / n;
    if (firedAt === null) {
      pendingSince = mean > 35 ? (pendingSince ?? end) : null;
      if (pendingSince !== null && end - pendingSince >= 60_000) firedAt = end;
    } else if (clearedAt === null && mean < 33) {
      clearedAt = end;
    }
  }
  return { firedAt, clearedAt };
}

describe('simulator scenarios', () => {
  it('heatwave: the default heat rule fires within ~3 minutes and clears within 3 minutes of the end', () => {
    for (const [seed, offset] of [[1, 0], [2, 20_000], [3, 43_000], [4, 59_000]] as const) {
      const begin = 2 * MINUTE + offset;
      const s = settings([{ kind: 'heatwave', target: 'st-04', startAfterMs: begin, durationMs: 10 * MINUTE }], { seed });
      const { firedAt, clearedAt } = heatRule(of(run(s, 25 * MINUTE), 'st-04'));
      expect(firedAt, `seed ${seed}`).not.toBeNull();
      expect((firedAt as number) - (START + begin), `seed ${seed}`).toBeGreaterThan(0);
      expect((firedAt as number) - (START + begin), `seed ${seed}`).toBeLessThanOrEqual(3 * MINUTE + 20_000);
      expect(clearedAt, `seed ${seed}`).not.toBeNull();
      expect((clearedAt as number) - (START + begin + 10 * MINUTE), `seed ${seed}`).toBeGreaterThan(0);
      expect((clearedAt as number) - (START + begin + 10 * MINUTE), `seed ${seed}`).toBeLessThanOrEqual(3 * MINUTE);
    }
  });

  it('heatwave: about +18 °C and drier at full strength, and back to normal afterwards', () => {
    const s = settings([{ kind: 'heatwave', target: 'st-02', startAfterMs: MINUTE, durationMs: 5 * MINUTE }]);
    const heat = of(run(s, 12 * MINUTE), 'st-02');
    const calm = of(run(settings([]), 12 * MINUTE), 'st-02');
    const diff = (metric: string, from: number, to: number): number => {
      const pick = (list: Reading[]): number[] => list.filter((r) => r.ts >= START + from && r.ts < START + to).map((r) => r.metrics[metric] as number);
      const [a, b] = [pick(heat), pick(calm)];
      return a.reduce((x, y) => x + y, 0) / a.length - b.reduce((x, y) => x + y, 0) / b.length;
    };
    expect(diff('temperature', 3 * MINUTE, 6 * MINUTE)).toBeCloseTo(HEATWAVE_TEMPERATURE_RISE, 0);
    expect(diff('humidity', 3 * MINUTE, 6 * MINUTE)).toBeCloseTo(-10, 0);
    expect(diff('temperature', 0, MINUTE)).toBe(0);
    expect(diff('temperature', 7 * MINUTE, 12 * MINUTE)).toBe(0);
  });

  it('heatwave on a district heats exactly that district; every other station is untouched', () => {
    const model = new SimulatorModel(settings([]), START);
    const district = model.stations.find((s) => s.district !== 'Centre')?.district as string;
    const inside = new Set(model.stations.filter((s) => s.district === district).map((s) => s.id));
    const heat = run(settings([{ kind: 'heatwave', target: district, startAfterMs: MINUTE, durationMs: 5 * MINUTE }]), 8 * MINUTE);
    const calm = run(settings([]), 8 * MINUTE);
    expect(heat.length).toBe(calm.length);
    for (const station of model.stations) {
      const hot = of(heat, station.id);
      const normal = of(calm, station.id);
      if (inside.has(station.id)) {
        const plateau = hot.filter((r) => r.ts >= START + 3 * MINUTE && r.ts < START + 6 * MINUTE);
        expect(Math.min(...plateau.map((r) => r.metrics.temperature as number)), station.id).toBeGreaterThan(31);
      } else {
        expect(hot, station.id).toEqual(normal);
      }
    }
    expect(inside.size).toBeGreaterThanOrEqual(1);
  });

  it('station-offline: the station sends nothing during the scenario, others carry on unchanged', () => {
    const s = settings([{ kind: 'station-offline', target: 'st-03', startAfterMs: MINUTE, durationMs: 2 * MINUTE }]);
    const readings = run(s, 5 * MINUTE);
    const calm = run(settings([]), 5 * MINUTE);
    const st3 = of(readings, 'st-03');
    expect(st3.some((r) => r.ts >= START + MINUTE && r.ts < START + 3 * MINUTE)).toBe(false);
    expect(st3.filter((r) => r.ts < START + MINUTE).length).toBe(60);
    expect(st3.filter((r) => r.ts >= START + 3 * MINUTE).length).toBe(120);
    expect(readings.filter((r) => r.stationId !== 'st-03')).toEqual(calm.filter((r) => r.stationId !== 'st-03'));
  });

  it('stuck-sensor: every value of the station freezes during the scenario and moves again afterwards', () => {
    const s = settings([{ kind: 'stuck-sensor', target: 'st-05', startAfterMs: MINUTE, durationMs: 2 * MINUTE }]);
    const readings = of(run(s, 5 * MINUTE), 'st-05');
    const during = readings.filter((r) => r.ts >= START + MINUTE && r.ts < START + 3 * MINUTE);
    expect(during.length).toBe(120);
    for (const r of during) expect(r.metrics).toEqual(during[0]?.metrics);
    const after = readings.filter((r) => r.ts >= START + 3 * MINUTE);
    expect(new Set(after.map((r) => r.metrics.temperature)).size).toBeGreaterThan(50);
    const before = readings.filter((r) => r.ts < START + MINUTE);
    expect(new Set(before.map((r) => r.metrics.pressure)).size).toBeGreaterThan(30);
  });

  it('burst: the station sends 20× as often during the scenario, with distinct timestamps, then returns to its grid', () => {
    const s = settings([{ kind: 'burst', target: 'st-07', startAfterMs: 30_000, durationMs: 30_000 }]);
    const readings = run(s, 2 * MINUTE);
    const calm = run(settings([]), 2 * MINUTE);
    const burst = of(readings, 'st-07');
    const inBurst = burst.filter((r) => r.ts >= START + 30_000 && r.ts < START + 60_000);
    expect(inBurst.length).toBe(20 * 30);
    expect(new Set(burst.map((r) => r.ts)).size).toBe(burst.length);
    const regular = (list: Reading[]): number[] => list.filter((r) => r.ts < START + 30_000 || r.ts >= START + 61_000).map((r) => r.ts);
    expect(regular(burst)).toEqual(regular(of(calm, 'st-07')));
    expect(readings.filter((r) => r.stationId !== 'st-07')).toEqual(calm.filter((r) => r.stationId !== 'st-07'));
    for (let k = 1; k < readings.length; k++) expect((readings[k] as Reading).ts).toBeGreaterThanOrEqual((readings[k - 1] as Reading).ts);
  });

  it('burst on "*" multiplies the whole city, but never beyond one reading per ms per station', () => {
    const city = run(settings([{ kind: 'burst', target: '*', startAfterMs: 0, durationMs: 10_000 }]), 10_000);
    expect(city.length).toBe(12 * 10 * 20);
    const fast = run(settings([{ kind: 'burst', target: 'st-01', startAfterMs: 0, durationMs: 1000 }], { ratePerStation: 200 }), 1000);
    expect(of(fast, 'st-01').length).toBe(1000);
    expect(new Set(of(fast, 'st-01').map((r) => r.ts)).size).toBe(1000);
  });

  it('a scenario without a target applies to the first station; an unknown target is reported, not applied', () => {
    const model = new SimulatorModel(settings([{ kind: 'station-offline', startAfterMs: 0, durationMs: MINUTE }, { kind: 'heatwave', target: 'Atlantis' }]), START);
    expect(model.scenarioWarnings).toEqual(['Scenario heatwave: no station or district "Atlantis"']);
    const readings = model.readingsUntil(START + MINUTE);
    expect(of(readings, 'st-01')).toEqual([]);
    expect(of(readings, 'st-02').length).toBe(60);
  });
});
