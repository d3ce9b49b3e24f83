import { describe, expect, it } from 'vitest';
import type { Station } from '../../../src-shared/domain/station';
import { ScenarioSchema } from '../../../src-shared/settings/schema';
import { HEATWAVE_RAMP_MS, heatwaveLevel, planScenarios, resolveScenarioTargets, spanAt } from './scenario-plan';

const stations: Station[] = [
  { id: 'st-01', name: 'A', district: 'Centre', lat: 0, lon: 0 },
  { id: 'st-02', name: 'B', district: 'Harbour', lat: 0, lon: 0 },
  { id: 'st-03', name: 'C', district: 'Harbour', lat: 0, lon: 0 },
  { id: 'Harbour', name: 'D', district: 'North', lat: 0, lon: 0 },
];

describe('resolveScenarioTargets', () => {
  it('resolves null to the first station, "*" to all, an id to itself, else a district', () => {
    expect(resolveScenarioTargets(null, stations)).toEqual([0]);
    expect(resolveScenarioTargets('*', stations)).toEqual([0, 1, 2, 3]);
    expect(resolveScenarioTargets('st-03', stations)).toEqual([2]);
    expect(resolveScenarioTargets('centre', stations)).toEqual([0]);
    expect(resolveScenarioTargets('Harbour', stations)).toEqual([3]);
    expect(resolveScenarioTargets('harbour', stations)).toEqual([1, 2]);
    expect(resolveScenarioTargets('nowhere', stations)).toEqual([]);
    expect(resolveScenarioTargets(null, [])).toEqual([]);
  });
});

describe('planScenarios', () => {
  it('gives plans only to targeted stations, with spans in simulated time', () => {
    const plan = planScenarios(
      [
        ScenarioSchema.parse({ kind: 'burst', target: 'st-02', startAfterMs: 1000, durationMs: 500 }),
        ScenarioSchema.parse({ kind: 'station-offline', target: 'harbour' }),
        ScenarioSchema.parse({ kind: 'stuck-sensor', target: 'Atlantis' }),
      ],
      stations,
    );
    expect(plan.byStation[0]).toBeUndefined();
    expect(plan.byStation[3]).toBeUndefined();
    expect(plan.byStation[1]?.bursts).toEqual([{ start: 1000, end: 1500 }]);
    expect(plan.byStation[1]?.offline).toEqual([{ start: 30_000, end: 330_000 }]);
    expect(plan.byStation[2]?.bursts).toEqual([]);
    expect(plan.warnings).toEqual(['Scenario stuck-sensor: no station or district "Atlantis"']);
    expect(spanAt(plan.byStation[1]?.bursts ?? [], 1499)).toEqual({ start: 1000, end: 1500 });
    expect(spanAt(plan.byStation[1]?.bursts ?? [], 1500)).toBeUndefined();
  });
});

describe('planScenarios with air-pollution scenarios', () => {
  it('puts each kind into its own spans', () => {
    const plan = planScenarios(
      [
        ScenarioSchema.parse({ kind: 'pm-episode', target: 'st-01', startAfterMs: 0, durationMs: 86_400_000 }),
        ScenarioSchema.parse({ kind: 'ozone-episode', target: 'st-01', startAfterMs: 1000, durationMs: 2000 }),
        ScenarioSchema.parse({ kind: 'dust-event', target: 'harbour', startAfterMs: 5000, durationMs: 1000 }),
      ],
      stations,
    );
    expect(plan.byStation[0]).toMatchObject({ pmEpisodes: [{ start: 0, end: 86_400_000 }], ozoneEpisodes: [{ start: 1000, end: 3000 }], dustEvents: [], heatwaves: [] });
    expect(plan.byStation[1]?.dustEvents).toEqual([{ start: 5000, end: 6000 }]);
    expect(plan.byStation[2]?.dustEvents).toEqual([{ start: 5000, end: 6000 }]);
    expect(plan.warnings).toEqual([]);
  });
});

describe('heatwaveLevel', () => {
  const span = [{ start: 100_000, end: 400_000 }];
  it('ramps up over the ramp time, holds, and fades out after the end', () => {
    expect(heatwaveLevel(span, 99_999)).toBe(0);
    expect(heatwaveLevel(span, 100_000 + HEATWAVE_RAMP_MS / 2)).toBeCloseTo(0.5, 9);
    expect(heatwaveLevel(span, 100_000 + HEATWAVE_RAMP_MS)).toBe(1);
    expect(heatwaveLevel(span, 399_999)).toBe(1);
    expect(heatwaveLevel(span, 400_000 + HEATWAVE_RAMP_MS / 4)).toBeCloseTo(0.75, 9);
    expect(heatwaveLevel(span, 400_000 + HEATWAVE_RAMP_MS)).toBe(0);
  });
  it('fades from the level it reached when a heatwave is shorter than the ramp', () => {
    const short = [{ start: 0, end: HEATWAVE_RAMP_MS / 2 }];
    expect(heatwaveLevel(short, HEATWAVE_RAMP_MS / 2)).toBeCloseTo(0.5, 9);
    expect(heatwaveLevel(short, HEATWAVE_RAMP_MS)).toBeCloseTo(0.25, 9);
  });
});
