import { describe, expect, it } from 'vitest';
import type { AirQualityFlag } from '../../src-shared/domain/air-quality';
import type { StreamFrame } from '../../src-shared/ipc/frame';
import { AirIndexStore } from './air-index-store';

describe('AirIndexStore: data-quality flags', () => {
  const flag: AirQualityFlag = { stationId: 'st-1', pollutant: 'pm10', kind: 'stuck', isExcluded: true, sinceMs: 0, hourStartMs: 7_200_000, hours: 3, reason: 'PM10 has read exactly 41 µg/m³ …' };
  const frame = (airFlags?: readonly AirQualityFlag[]): StreamFrame => ({ airFlags } as unknown as StreamFrame);

  it('keeps the last list across frames without one, clears on an empty list, and changes only when the list does', () => {
    const store = new AirIndexStore();
    let changes = 0;
    store.flags.subscribe(() => changes++);
    store.ingest(frame([flag]));
    store.ingest(frame(undefined));
    store.ingest(frame([flag]));
    expect(changes).toBe(1);
    expect(store.flags.get()).toEqual([flag]);
    store.ingest(frame([{ ...flag, hourStartMs: 10_800_000, hours: 4 }]));
    expect(changes).toBe(2);
    store.ingest(frame([]));
    expect(store.flags.get()).toEqual([]);
    expect(changes).toBe(3);
  });
});
