/**
 * The engine in-process: a sped-up seeded simulator with a heatwave, the in-memory store, and the
 * operator's requests as the UI sends them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startEngine } from './engine';
import type { EngineHandle } from '../engine-api';
import { defaultSettings, SimulatorSourceSchema, SourceSchema } from '../../../src-shared/settings/schema';
import type { Settings } from '../../../src-shared/settings/schema';
import type { Alarm } from '../../../src-shared/domain/alarms';

function settingsWith(scenario: boolean): Settings {
  const source = SimulatorSourceSchema.parse({
    kind: 'simulator',
    seed: 5,
    outlierRate: 0,
    speed: 120,
    scenarios: scenario ? [{ kind: 'heatwave', target: 'st-02', startAfterMs: 30_000, durationMs: 600_000 }] : [],
  });
  return { ...defaultSettings(), activeProfileId: 'test', profiles: [{ id: 'test', name: 'Test', source, database: { kind: 'memory' } }] };
}

let engine: EngineHandle | null = null;
afterEach(async () => {
  await engine?.stop();
  engine = null;
});

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function heatAlarm(e: EngineHandle): Promise<Alarm> {
  return until(async () => (await e.request('alarms:list', { includeNormal: false, includeShelved: false })).find((a) => a.id === 'temperature-high@st-02'));
}

describe('engine', () => {
  it('streams frames and status, and lists the simulated stations', async () => {
    engine = await startEngine({ settings: settingsWith(false), secrets: {}, dataDir: '/tmp', operator: 'tester' });
    const frame = await new Promise((resolve) => engine!.subscribe('stream:frame', resolve));
    expect(frame).toMatchObject({ seq: expect.any(Number) });
    const stations = await engine.request('stations:list', {});
    expect(stations.map((s) => s.id)).toContain('st-12');
    expect(stations.every((s) => s.lat !== null)).toBe(true);
    const status = await until(async () => {
      const s = await engine!.request('pipeline:status', {});
      return s.counters.readings > 0 ? s : undefined;
    });
    expect(status.source).toEqual({ kind: 'simulator', state: 'running', detail: expect.anything() });
  });

  it('an operator acknowledges a heatwave alarm with a comment; the audit trail records who and why', async () => {
    engine = await startEngine({ settings: settingsWith(true), secrets: {}, dataDir: '/tmp', operator: 'tester' });
    const pushed: string[] = [];
    engine.subscribe('alarm:changed', ({ alarm, event }) => pushed.push(`${alarm.id}:${event.type}`));
    const alarm = await heatAlarm(engine);
    expect(alarm.state).toBe('unacknowledged');
    const acked = await engine.request('alarms:ack', { alarmId: alarm.id, comment: 'Heat plan activated' });
    expect(acked.state).toBe('acknowledged');
    expect(acked.acknowledgedBy).toBe('tester');
    expect(pushed).toContain('temperature-high@st-02:acknowledged');
    const history = await engine.request('alarms:history', { from: 0, to: Date.now() + 86_400_000, limit: 100 });
    const ack = history.events.find((e) => e.alarmId === alarm.id && e.type === 'acknowledged');
    expect(ack).toMatchObject({ who: 'tester', comment: 'Heat plan activated', fromState: 'unacknowledged', toState: 'acknowledged' });
  }, 30_000);

  it('a shelved alarm leaves the active list and returns when the shelf expires', async () => {
    engine = await startEngine({ settings: settingsWith(true), secrets: {}, dataDir: '/tmp', operator: 'tester' });
    const alarm = await heatAlarm(engine);
    await engine.request('alarms:shelve', { alarmId: alarm.id, reason: 'Sensor check', until: Date.now() + 1500 });
    const active = await engine.request('alarms:list', { includeNormal: false, includeShelved: false });
    expect(active.map((a) => a.id)).not.toContain(alarm.id);
    const back = await heatAlarm(engine);
    expect(back.shelf).toBeNull();
  }, 30_000);

  it('out of service silences a station; back in service it alarms again', async () => {
    engine = await startEngine({ settings: settingsWith(true), secrets: {}, dataDir: '/tmp', operator: 'tester' });
    await heatAlarm(engine);
    await engine.request('alarms:outOfService', { stationId: 'st-02', metric: null, outOfService: true, comment: 'maintenance' });
    const during = await engine.request('alarms:list', { includeNormal: false, includeShelved: false });
    expect(during.filter((a) => a.stationId === 'st-02')).toEqual([]);
    await engine.request('alarms:outOfService', { stationId: 'st-02', metric: null, outOfService: false, comment: null });
    const again = await heatAlarm(engine);
    expect(again.state).toBe('unacknowledged');
  }, 30_000);

  it('answers history from stored windows and back-tests a rule over them', async () => {
    engine = await startEngine({ settings: settingsWith(true), secrets: {}, dataDir: '/tmp', operator: 'tester' });
    await heatAlarm(engine);
    // The simulator runs 120x, so its event times run ahead of the wall clock: ask for the next hour.
    const from = Date.now() - 60_000;
    const now = from + 3_660_000;
    // The alarm can come from the open minute before any hot minute is stored: where the minute boundaries
    // fall against the heatwave's 60-s ramp depends on the wall clock at start, and the closed minutes may
    // hold only the ramp's cooler start. So wait for a stored minute of the heat, as an operator would.
    const history = await until(async () => {
      const h = await engine!.request('history:query', { stationIds: ['st-02', 'st-05'], metric: 'temperature', from, to: now, maxPoints: 20 });
      return h.series[0] !== undefined && h.series[0].max.some((v) => v > 35) ? h : undefined;
    });
    expect(history.sizeMs).toBe(60_000);
    expect(history.series).toHaveLength(2);
    expect(history.series[0]!.ts.length).toBeGreaterThan(0);
    expect(Math.max(...history.series[0]!.max)).toBeGreaterThan(35);
    const rules = await engine.request('rules:list', {});
    const heat = rules.find((r) => r.id === 'temperature-high');
    if (heat?.kind !== 'threshold') throw new Error('temperature-high should be a threshold rule');
    const backtest = await engine.request('rules:backtest', { rule: { ...heat, pendingMs: 0 }, from, to: now });
    expect(backtest.stations).toEqual(['st-02']);
    expect(backtest.activations).toBeGreaterThanOrEqual(1);
  }, 30_000);

  it('keeps the rules saved with rules:save when a settings save brings an older rule list', async () => {
    const settings = settingsWith(false);
    engine = await startEngine({ settings, secrets: {}, dataDir: '/tmp', operator: 'tester' });
    const saved = [...settings.rules.filter((r) => r.id !== 'temperature-high'), { ...settings.rules.find((r) => r.id === 'temperature-high')!, id: 'heat-e2e', name: 'Heat (saved)' }];
    await engine.request('rules:save', { rules: saved });
    await engine.request('settings:save', { settings: { ...settings, operator: 'night shift', rules: settings.rules }, secrets: {} });
    expect((await engine.request('rules:list', {})).map((r) => r.id)).toEqual(saved.map((r) => r.id));
    expect((await engine.request('settings:get', {})).settings.operator).toBe('night shift');
  });
});

describe('engine with a replay source', () => {
  it('replays a CSV recording at full speed into windows, keeping recorded event times; unknown stations are unplaced', async () => {
    const source = SourceSchema.parse({ kind: 'replay', path: 'resources/sample-data/city-12x10min.csv', speed: 0 });
    const settings: Settings = { ...defaultSettings(), activeProfileId: 'replay', profiles: [{ id: 'replay', name: 'Replay', source, database: { kind: 'memory' } }] };
    engine = await startEngine({ settings, secrets: {}, dataDir: '/tmp', operator: 'tester' });
    const status = await until(async () => {
      const s = await engine!.request('pipeline:status', {});
      return s.source.state === 'finished' ? s : undefined;
    });
    expect(status.counters.readings).toBe(7200);
    expect(status.source.detail).toMatch(/7200|7,200/);
    const stations = await engine.request('stations:list', {});
    expect(stations.length).toBe(12);
    expect(stations.every((s) => s.lat === null)).toBe(true);
  }, 30_000);
});

describe('engine restarted by its host', () => {
  it('raises the engine-restarted system alarm, which stays listed until acknowledged', async () => {
    engine = await startEngine({ settings: settingsWith(false), secrets: {}, dataDir: '/tmp', operator: 'tester', restartCount: 2 });
    const alarm = await until(async () => (await engine!.request('alarms:list', { includeNormal: false, includeShelved: false })).find((a) => a.ruleId === 'system:engine-restarted'));
    expect(alarm).toMatchObject({ kind: 'system', state: 'returned-unacknowledged', stationId: '*' });
    expect(alarm.message).toMatch(/restarted \(2 times/);
    await engine.request('alarms:ack', { alarmId: alarm.id, comment: null });
    expect((await engine.request('alarms:list', { includeNormal: false, includeShelved: false })).find((a) => a.id === alarm.id)).toBeUndefined();
    expect((await engine.request('pipeline:status', {})).engineRestarts).toBe(2);
  });
});

describe('station registry requests', () => {
  it('imports a CSV registry, placing stations, and reports the rows it could not read', async () => {
    engine = await startEngine({ settings: settingsWith(false), secrets: {}, dataDir: '/tmp', operator: 'tester' });
    const csv = 'id,name,district,lat,lon\nst-01,Dam Square,Centre,52.373,4.893\nx-9,Broken,,not-a-number,4.9\n';
    const result = await engine.request('stations:import', { fileName: 'city.csv', content: csv });
    expect(result.imported).toBe(1);
    expect(result.problems).toHaveLength(1);
    const st01 = (await engine.request('stations:list', {})).find((s) => s.id === 'st-01');
    expect(st01).toMatchObject({ name: 'Dam Square', district: 'Centre', lat: 52.373, lon: 4.893 });
  });

  it('lists what is out of service', async () => {
    engine = await startEngine({ settings: settingsWith(false), secrets: {}, dataDir: '/tmp', operator: 'tester' });
    await engine.request('alarms:outOfService', { stationId: 'st-04', metric: 'noise_level', outOfService: true, comment: 'microphone replaced' });
    expect(await engine.request('stations:outOfService', {})).toEqual([{ stationId: 'st-04', metric: 'noise_level' }]);
  });
});
