/** System alarms go through the same alarm manager as process alarms: same lifecycle, same audit trail. */
import { describe, expect, it } from 'vitest';
import { Pipeline } from './pipeline';
import { MemoryStore } from '../adapters/memory/memory-store';
import { NO_DATA_AFTER_MS } from './system-alarms';
import { defaultSettings } from '../../src-shared/settings/schema';
import type { Alarm, AlarmEvent } from '../../src-shared/domain/alarms';

function setup() {
  let now = Date.UTC(2026, 10, 23, 9, 0, 0);
  const changes: { alarm: Alarm; event: AlarmEvent }[] = [];
  const pipeline = new Pipeline({ settings: defaultSettings(), store: new MemoryStore(), now: () => now, onFrame: () => undefined, onAlarm: (c) => changes.push(c) });
  return { pipeline, changes, advance: (ms: number) => (now += ms), events: (ruleId: string) => changes.filter((c) => c.alarm.ruleId === ruleId).map((c) => c.event.type) };
}

describe('system alarms', () => {
  it('broker unreachable raises a critical system alarm with the reason; reconnecting returns it', async () => {
    const { pipeline, changes, events } = setup();
    pipeline.onStatus('disconnected', 'connection refused at 127.0.0.1:9092');
    await pipeline.tick();
    const raised = changes.find((c) => c.alarm.ruleId === 'system:source');
    expect(raised?.alarm).toMatchObject({ kind: 'system', severity: 'critical', stationId: '*', state: 'unacknowledged' });
    expect(raised?.alarm.message).toContain('connection refused at 127.0.0.1:9092');
    pipeline.onStatus('connected', null);
    await pipeline.tick();
    expect(events('system:source')).toEqual(['activated', 'returned']);
  });

  it('authentication failure says so', async () => {
    const { pipeline, changes } = setup();
    pipeline.onStatus('auth-failed', 'SCRAM-SHA-512 rejected the credentials');
    await pipeline.tick();
    expect(changes.find((c) => c.alarm.ruleId === 'system:source')?.alarm.message).toMatch(/^Authentication with the data source failed: SCRAM-SHA-512/);
  });

  it('store buffer above 80 % raises a warning that clears below 60 % (no flapping in between)', async () => {
    const { pipeline, events } = setup();
    pipeline.onStoreFill(0.5);
    pipeline.onStoreFill(0.85);
    await pipeline.tick();
    pipeline.onStoreFill(0.7);
    await pipeline.tick();
    expect(events('system:store-buffer')).toEqual(['activated']);
    pipeline.onStoreFill(0.5);
    await pipeline.tick();
    expect(events('system:store-buffer')).toEqual(['activated', 'returned']);
  });

  it('no data at all for 30 s raises the no-data alarm; data flowing again returns it', async () => {
    const { pipeline, advance, events } = setup();
    advance(NO_DATA_AFTER_MS - 1000);
    await pipeline.tick();
    expect(events('system:no-data')).toEqual([]);
    advance(2000);
    await pipeline.tick();
    expect(events('system:no-data')).toEqual(['activated']);
    await pipeline.onBatch({ kind: 'readings', readings: [{ stationId: 'st-01', ts: Date.UTC(2026, 10, 23, 9, 0, 30), metrics: { temperature: 20 } }] });
    await pipeline.tick();
    expect(events('system:no-data')).toEqual(['activated', 'returned']);
  });
});
