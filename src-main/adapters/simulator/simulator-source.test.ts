import { afterEach, describe, expect, it } from 'vitest';
import type { Reading } from '../../../src-shared/domain/reading';
import type { SourceState } from '../../../src-shared/ipc/status';
import { SimulatorSourceSchema } from '../../../src-shared/settings/schema';
import type { BatchHandler, SourceBatch } from '../../core/ports';
import { SimulatorModel, type SimulatorSettings } from './simulator-model';
import { SimulatorSource, type SimulatorSourceOptions } from './simulator-source';

const START = Date.UTC(2026, 0, 5, 9, 0, 0);

function settings(overrides: Partial<SimulatorSettings> = {}): SimulatorSettings {
  return SimulatorSourceSchema.parse({ kind: 'simulator', ...overrides });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await sleep(2);
  }
}

/** Records batches and status; `delayMs` makes it a slow consumer. */
class RecordingHandler implements BatchHandler {
  readonly batches: Reading[][] = [];
  readonly states: [SourceState, string | null][] = [];
  active = 0;
  maxActive = 0;
  constructor(private readonly delayMs = 0) {}
  get readings(): Reading[] {
    return this.batches.flat();
  }
  async onBatch(batch: SourceBatch): Promise<void> {
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    if (batch.kind === 'readings') this.batches.push([...batch.readings]);
    if (this.delayMs > 0) await sleep(this.delayMs);
    this.active--;
  }
  onStatus(state: SourceState, detail: string | null): void {
    this.states.push([state, detail]);
  }
}

const running: SimulatorSource[] = [];
function source(s: SimulatorSettings, options: SimulatorSourceOptions): SimulatorSource {
  const created = new SimulatorSource(s, { tickMs: 5, ...options });
  running.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

describe('SimulatorSource', () => {
  it('knows its stations before start, starts at once, and follows the clock', async () => {
    let clock = START;
    const sim = source(settings(), { now: () => clock });
    expect(sim.kind).toBe('simulator');
    expect(sim.stations).toEqual(new SimulatorModel(settings(), START).stations);
    const handler = new RecordingHandler();
    await sim.start(handler);
    expect(handler.states[0]?.[0]).toBe('running');
    expect(handler.states[0]?.[1]).toContain('12 stations');
    clock = START + 3000;
    await waitFor(() => handler.readings.length === 36);
    await sleep(30);
    expect(handler.readings.length).toBe(36);
    expect(handler.readings).toEqual(new SimulatorModel(settings(), START).readingsUntil(START + 3000));
    clock = START + 5000;
    await waitFor(() => handler.readings.length === 60);
  });

  it('runs faster with speed (10x: 10 simulated seconds per wall second)', async () => {
    let clock = START;
    const sim = source(settings(), { now: () => clock, speed: 10 });
    const handler = new RecordingHandler();
    await sim.start(handler);
    clock = START + 1000;
    await waitFor(() => handler.readings.length === 120);
    expect(handler.readings.at(-1)?.ts).toBeLessThan(START + 10_000);
  });

  it('takes its speed from the settings unless the options say otherwise', async () => {
    let clock = START;
    const handler = new RecordingHandler();
    await source(settings({ speed: 4 }), { now: () => clock }).start(handler);
    clock = START + 1000;
    await waitFor(() => handler.readings.length === 48);
    await sleep(20);
    expect(handler.readings.length).toBe(48);
  });

  it('runs as fast as the consumer takes readings at speed Infinity', async () => {
    const handler = new RecordingHandler();
    const sim = source(settings(), { now: () => START, speed: Number.POSITIVE_INFINITY, maxBatch: 500 });
    await sim.start(handler);
    await waitFor(() => handler.readings.length >= 5000);
    await sim.stop();
    expect(handler.batches.every((b) => b.length === 500)).toBe(true);
    expect(handler.readings).toEqual(new SimulatorModel(settings(), START).readingsUntil(START + 3_600_000, handler.readings.length));
  });

  it('never calls a slow handler concurrently, and loses or repeats nothing', async () => {
    const sim = source(settings({ stations: 20 }), { speed: 50, startMs: START });
    const handler = new RecordingHandler(25);
    await sim.start(handler);
    await waitFor(() => handler.batches.length >= 6);
    await sim.stop();
    expect(handler.maxActive).toBe(1);
    const readings = handler.readings;
    expect(readings).toEqual(new SimulatorModel(settings({ stations: 20 }), START).readingsUntil((readings.at(-1)?.ts ?? 0) + 1));
  });

  it('cuts a backlog into batches of at most maxBatch', async () => {
    let clock = START;
    const sim = source(settings(), { now: () => clock, maxBatch: 25, maxLagMs: 60_000 });
    const handler = new RecordingHandler();
    await sim.start(handler);
    clock = START + 10_000;
    await waitFor(() => handler.readings.length === 120);
    expect(Math.max(...handler.batches.map((b) => b.length))).toBe(25);
  });

  it('lets the simulated clock slip rather than pile up a debt when the consumer falls far behind', async () => {
    let clock = START;
    const sim = source(settings(), { now: () => clock, maxLagMs: 5000 });
    const handler = new RecordingHandler();
    await sim.start(handler);
    clock = START + 60_000;
    await waitFor(() => handler.batches.length >= 1);
    await sleep(30);
    expect(handler.readings.length).toBeLessThanOrEqual(12 * 5);
    expect(handler.readings.length).toBeGreaterThanOrEqual(12 * 4);
    clock = START + 62_000;
    await waitFor(() => handler.readings.length >= 12 * 7);
    expect(handler.readings.at(-1)?.ts).toBeLessThan(START + 8000);
  });

  it('stop() waits for the batch in flight, then nothing more is emitted', async () => {
    let clock = START;
    const sim = source(settings(), { now: () => clock });
    const handler = new RecordingHandler(40);
    await sim.start(handler);
    clock = START + 2000;
    await waitFor(() => handler.active === 1);
    await sim.stop();
    expect(handler.active).toBe(0);
    const count = handler.readings.length;
    clock = START + 60_000;
    await sleep(40);
    expect(handler.readings.length).toBe(count);
    expect(handler.states.at(-1)).toEqual(['stopped', null]);
    await sim.stop();
    expect(handler.states.filter(([state]) => state === 'stopped').length).toBe(1);
  });

  it('refuses a second start, and stops with a reason when the pipeline rejects a batch', async () => {
    let clock = START;
    const sim = source(settings(), { now: () => clock });
    const states: SourceState[] = [];
    let calls = 0;
    const handler: BatchHandler = {
      onBatch: async () => {
        calls++;
        throw new Error('store full');
      },
      onStatus: (state, detail) => {
        states.push(state);
        if (state === 'stopped') expect(detail).toContain('store full');
      },
    };
    await sim.start(handler);
    await expect(sim.start(handler)).rejects.toThrow('already running');
    clock = START + 2000;
    await waitFor(() => states.includes('stopped'));
    clock = START + 9000;
    await sleep(30);
    expect(calls).toBe(1);
  });
});
