/**
 * A jump of the system clock: durations are measured on the monotonic clock, so a clock set forward does
 * not mark every station stale and a clock set back does not refuse every reading as "in the future";
 * the jump itself is raised as the clock-skew system alarm.
 */
import { describe, expect, it } from 'vitest';
import { Pipeline } from './pipeline';
import { MemoryStore } from '../adapters/memory/memory-store';
import { SteadyClock } from './steady-clock';
import { defaultSettings } from '../../src-shared/settings/schema';
import type { Alarm, AlarmEvent } from '../../src-shared/domain/alarms';

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);
const HOUR = 3_600_000;

/** A pipeline on a fake wall clock and a fake monotonic clock that the test moves separately. */
function setup() {
  let wall = T0;
  let mono = 5_000;
  const changes: { alarm: Alarm; event: AlarmEvent }[] = [];
  const pipeline = new Pipeline({ settings: defaultSettings(), store: new MemoryStore(), now: () => wall, monotonic: () => mono, onFrame: () => undefined, onAlarm: (c) => changes.push(c) });
  return {
    pipeline,
    changes,
    /** Real time passes: both clocks move. */
    pass: (ms: number) => ((wall += ms), (mono += ms)),
    /** The system clock is set: only the wall clock moves. */
    jump: (ms: number) => (wall += ms),
    /** Readings of stations a and b at true time (the steady clock). */
    readings: () => ({ kind: 'readings' as const, readings: ['a', 'b'].map((stationId) => ({ stationId, ts: T0 + (mono - 5_000), metrics: { temperature: 20 } })) }),
    active: (ruleId: string) => changes.filter((c) => c.alarm.ruleId === ruleId && c.event.type === 'activated'),
  };
}

describe('a jump of the system clock', () => {
  it('set forward two hours: no station goes stale, and the clock-skew alarm says what happened', async () => {
    const run = setup();
    await run.pipeline.onBatch(run.readings());
    run.pass(10_000);
    await run.pipeline.onBatch(run.readings());
    run.jump(2 * HOUR);
    await run.pipeline.tick();
    run.pass(1_000);
    await run.pipeline.onBatch(run.readings());
    await run.pipeline.tick();
    expect(run.active('station-stale')).toEqual([]);
    expect(run.active('system:no-data')).toEqual([]);
    const skew = run.active('system:clock-skew');
    expect(skew).toHaveLength(1);
    expect(skew[0]!.alarm.message).toMatch(/set forward by 7200 s/);
    // And a station that really falls silent still goes stale, a minute of true time later.
    run.pass(61_000);
    await run.pipeline.tick();
    expect(run.active('station-stale').map((c) => c.alarm.stationId).sort()).toEqual(['a', 'b']);
  });

  it('set back an hour: readings of true time are still accepted, not refused as in the future', async () => {
    const run = setup();
    await run.pipeline.onBatch(run.readings());
    run.jump(-HOUR);
    run.pass(1_000);
    await run.pipeline.onBatch(run.readings());
    await run.pipeline.tick();
    expect(run.pipeline.counters().rejected).toEqual({});
    expect(run.pipeline.counters().readings).toBe(4);
    expect(run.active('system:clock-skew')[0]?.alarm.message).toMatch(/set back by 3600 s/);
  });

  it('gives whole milliseconds, like Date.now(), though the monotonic clock has fractions (times go to bigint columns)', () => {
    let mono = 100.25;
    const clock = new SteadyClock(() => T0, () => mono);
    mono = 1_337.918_4;
    expect(clock.now()).toBe(T0 + 1_237);
    expect(Number.isInteger(clock.latest())).toBe(true);
  });

  it('the steady clock follows the monotonic one from the wall time at start', () => {
    let [wall, mono] = [T0, 100];
    const clock = new SteadyClock(() => wall, () => mono);
    [wall, mono] = [T0 + 5_000, 5_100];
    expect([clock.now(), clock.skewMs(), clock.latest()]).toEqual([T0 + 5_000, 0, T0 + 5_000]);
    wall -= HOUR;
    expect([clock.now(), clock.skewMs(), clock.latest()]).toEqual([T0 + 5_000, -HOUR, T0 + 5_000]);
    wall += 2 * HOUR;
    expect(clock.latest()).toBe(T0 + 5_000 + HOUR);
  });
});
