/**
 * How fast the default rules announce a critical heatwave: the simulator's heatwave through the whole
 * core pipeline with the default settings, in simulated time (the pipeline's clock is the simulation's,
 * stepped every 250 ms). The reference statistic is computed here, by brute force over the readings the
 * pipeline was fed, on the rule's own window size; the announcement is the moment the pipeline emits the
 * alarm (`onAlarm`), which includes the allowed lateness the windows wait for.
 */
import { describe, expect, it } from 'vitest';
import { Pipeline } from './pipeline';
import { MemoryStore } from '../adapters/memory/memory-store';
import { SimulatorModel } from '../adapters/simulator/simulator-model';
import { defaultSettings, SimulatorSourceSchema } from '../../src-shared/settings/schema';
import { DEFAULT_RULES } from '../../src-shared/settings/default-rules';
import type { ThresholdRule } from '../../src-shared/domain/rules';
import type { Reading } from '../../src-shared/domain/reading';

/** The promise the README makes: a critical heatwave is announced within 30 s of the breach. */
const ANNOUNCE_WITHIN_MS = 30_000;
const STEP_MS = 250;
const TARGET = 'st-05';

const critical = DEFAULT_RULES.find((r): r is ThresholdRule => r.kind === 'threshold' && r.metric === 'temperature' && r.severity === 'critical');

/** Window end of the first window of the rule's size whose statistic breaches the rule's level (brute force). */
function firstBreach(rule: ThresholdRule, readings: readonly Reading[]): number | null {
  const size = rule.windowMs as number;
  const windows = new Map<number, number[]>();
  for (const r of readings) {
    const start = Math.floor(r.ts / size) * size;
    const values = windows.get(start) ?? [];
    values.push(r.metrics[rule.metric] as number);
    windows.set(start, values);
  }
  for (const [start, values] of [...windows].sort((a, b) => a[0] - b[0])) {
    const statistic = rule.statistic === 'max' ? Math.max(...values) : values.reduce((a, b) => a + b, 0) / values.length;
    if (rule.operator === '>' ? statistic > rule.level : statistic >= rule.level) return start + size;
  }
  return null;
}

async function heatwaveRun(seed: number, start: number, heatAfterMs: number): Promise<{ breach: number | null; announcedAt: number | null; activatedAt: number | null }> {
  const simulator = SimulatorSourceSchema.parse({ kind: 'simulator', seed, outlierRate: 0, scenarios: [{ kind: 'heatwave', target: TARGET, startAfterMs: heatAfterMs, durationMs: 300_000 }] });
  const model = new SimulatorModel(simulator, start);
  let clock = start;
  let announcedAt: number | null = null;
  let activatedAt: number | null = null;
  const fed: Reading[] = [];
  const pipeline = new Pipeline({
    settings: defaultSettings(),
    store: new MemoryStore(),
    now: () => clock,
    onFrame: () => undefined,
    onAlarm: ({ alarm, event }) => {
      if (announcedAt === null && alarm.id === `${critical?.id}@${TARGET}` && event.type === 'activated') {
        announcedAt = clock;
        activatedAt = alarm.activatedAt;
      }
    },
  });
  for (clock = start + STEP_MS; clock <= start + heatAfterMs + 240_000 && announcedAt === null; clock += STEP_MS) {
    const readings = model.readingsUntil(clock);
    for (const r of readings) if (r.stationId === TARGET) fed.push(r);
    await pipeline.onBatch({ kind: 'readings', readings });
    await pipeline.tick();
  }
  return { breach: critical === undefined ? null : firstBreach(critical, fed), announcedAt, activatedAt };
}

describe('default rules: a critical heatwave', () => {
  it('has a critical temperature rule on a window statistic', () => {
    expect(critical).toMatchObject({ statistic: 'mean', operator: '>', level: 40 });
  });

  it.each([
    [1, Date.UTC(2026, 6, 1, 12, 0, 0), 60_000],
    [2, Date.UTC(2026, 6, 1, 12, 0, 17), 90_000],
    [3, Date.UTC(2026, 6, 1, 12, 0, 43), 65_000],
    [4, Date.UTC(2026, 6, 1, 12, 0, 59), 120_000],
  ])('is announced within 30 s of its statistic breaching the limit (seed %i)', async (seed, start, heatAfterMs) => {
    const run = await heatwaveRun(seed, start, heatAfterMs);
    expect(run.breach, 'the heatwave breaches the critical limit').not.toBeNull();
    expect(run.announcedAt, 'the critical alarm is raised').not.toBeNull();
    const delay = (run.announcedAt as number) - (run.breach as number);
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThanOrEqual(ANNOUNCE_WITHIN_MS);
    // The alarm's own time (event time) is the pending time after the breach: what the README says.
    expect((run.activatedAt as number) - (run.breach as number)).toBe(Math.ceil((critical?.pendingMs ?? 0) / (critical?.windowMs as number)) * (critical?.windowMs as number));
  }, 30_000);
});
