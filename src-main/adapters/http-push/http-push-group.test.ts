import { describe, expect, it } from 'vitest';
import type { Reading } from '../../../src-shared/domain/reading';
import { defaultSettings, SettingsSchema } from '../../../src-shared/settings/schema';
import { MemoryStore } from '../memory/memory-store';
import { Pipeline } from '../../core/pipeline';
import type { PushOutcome } from '../../core/push-outcome';
import { HttpPushSource } from './http-push-source';

const T = Date.UTC(2026, 0, 5, 8, 0, 0);
const encode = (value: unknown): Uint8Array => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
const reading = (station: string, second: number, temperature: number): object => ({ station_id: station, ts: new Date(T + second * 1000).toISOString(), temperature });

/** Records each raw-readings write; the first waits until the test opens it, so later pushes queue up behind it. */
class GatedFirstWriteStore extends MemoryStore {
  readonly writes: number[] = [];
  private open: (() => void) | null = null;
  private readonly gate = new Promise<void>((resolve) => (this.open = resolve));
  override async writeReadings(readings: readonly Reading[]): Promise<void> {
    this.writes.push(readings.length);
    if (this.writes.length === 1) await this.gate;
    await super.writeReadings(readings);
  }
  release(): void {
    this.open?.();
  }
}

describe('HttpPushSource group commit', () => {
  it('stores pushes that waited together with one write, and answers each with its own counts once it is durable', async () => {
    const store = new GatedFirstWriteStore();
    const settings = SettingsSchema.parse({ ...defaultSettings(), store: { ...defaultSettings().store, rawReadings: true } });
    const now = (): number => T + 60_000;
    const pipeline = new Pipeline({ settings, store, now, onFrame: () => undefined, onAlarm: () => undefined });
    const source = new HttpPushSource({ shape: { preset: 'stationwatch' }, maxBodyBytes: 1_048_576, keys: settings.decoder, storeRaw: true, acceptsPushes: true, now });
    await source.start(pipeline);
    const answered: string[] = [];
    const push = (name: string, body: unknown): Promise<PushOutcome> => source.push('ingest', encode(body)).then((outcome) => (answered.push(name), outcome));

    // The first push is taken alone; its write waits at the gate while four more arrive.
    const first = push('first', [reading('s1', 0, 1), reading('s2', 0, 2)]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = [reading('s3', 1, 3), reading('s4', 1, 4), reading('s5', 1, 5)];
    const pushes = [
      push('second', second),
      // One reading of a station the first push brought already (same time and values): a duplicate.
      push('overlap', [reading('s1', 0, 1), reading('s6', 1, 6)]),
      push('future', [reading('s7', 1, 7), { station_id: 's7', ts: '2099-01-01T00:00:00Z', temperature: 8 }]),
      push('malformed', '{"station_id": "s8", '),
      // The very same body as the second, while the second is still in the queue: taken after it, so all duplicates.
      push('resend', second),
    ];
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Only the refused body is answered before the gate opens: nothing else is durable yet.
    expect(answered).toEqual(['malformed']);
    store.release();
    const [firstOutcome, ...outcomes] = await Promise.all([first, ...pushes]);

    expect(firstOutcome).toEqual({ status: 'accepted', readings: 2, duplicates: 0, rejected: [] });
    expect(outcomes[0]).toEqual({ status: 'accepted', readings: 3, duplicates: 0, rejected: [] });
    expect(outcomes[1]).toEqual({ status: 'accepted', readings: 2, duplicates: 1, rejected: [] });
    expect(outcomes[2]).toMatchObject({ status: 'accepted', readings: 1, duplicates: 0, rejected: [{ reason: 'future-time' }] });
    expect(outcomes[3]).toMatchObject({ status: 'refused', reason: 'not-json' });
    expect(outcomes[4]).toEqual({ status: 'accepted', readings: 3, duplicates: 3, rejected: [] });
    // The first push's write, then one write for the three bodies that waited together (2 + 3 + 1 new readings stored, the duplicate not).
    expect(store.writes).toEqual([2, 5]);
    expect(store.readings.map((r) => r.stationId).sort()).toEqual(['s1', 's2', 's3', 's4', 's5', 's6', 's7']);
    // The resend never reached the pipeline (RecentBodies answered it): its one duplicate is the overlap's.
    expect(pipeline.counters()).toMatchObject({ readings: 7, duplicates: 1 });
  });
});
