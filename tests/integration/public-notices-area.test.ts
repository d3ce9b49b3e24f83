/**
 * One public notice for the stations of an area, against real PostgreSQL (issue 18). The engine's own parts,
 * in-process and driven hour by hour so the order is certain: the pipeline (windows, the air-quality feed and
 * its threshold alarms), the SQL store on a fresh database, the event hub and the notice desk. Two Harbour
 * stations cross the O3 information threshold in the same hour and share one draft (the highest value named
 * by its station, the earliest start); a South station gets its own. Once the Harbour notice is issued, a third
 * Harbour station does not change it: a draft update with the station is prepared, the issued notice shown as
 * out of date until the update is issued. A South station after the South notice was withdrawn gets a new one,
 * and a Harbour station above again after every episode ended starts a new Harbour notice.
 * The database's rows and audit trail are compared with what the desk answers, and a second desk on the same
 * database reads the stations and districts back.
 */
import { tmpdir } from 'node:os';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pipeline } from '../../src-main/core/pipeline';
import type { HistoryStore } from '../../src-main/core/ports';
import { openStore } from '../../src-main/adapters/sql/open-store';
import { EventHub } from '../../src-main/engine/process/event-hub';
import type { EngineContext } from '../../src-main/engine/process/engine-context';
import type { EngineSource } from '../../src-main/engine/process/create-source';
import { NoticeDesk } from '../../src-main/engine/process/public-notices';
import { SettingsSchema, type Settings } from '../../src-shared/settings/schema';
import type { Station } from '../../src-shared/domain/station';
import type { PublicNotice } from '../../src-shared/domain/public-notice';
import { createTestDatabase, isPostgresAvailable, type TestDatabase } from '../helpers/postgres';

const MINUTE = 60_000;
const HOUR = 3_600_000;
/** 2026-07-14T10:00Z, a summer morning. */
const T0 = Date.UTC(2026, 6, 14, 10);
const STATIONS: readonly Station[] = [
  { id: 'hb-1', name: 'Harbour Gate', district: 'Harbour', lat: null, lon: null },
  { id: 'hb-2', name: 'Harbour Square', district: 'Harbour', lat: null, lon: null },
  { id: 'hb-3', name: 'Harbour Quay', district: 'Harbour', lat: null, lon: null },
  { id: 'so-1', name: 'South Stadium', district: 'South', lat: null, lon: null },
  { id: 'so-2', name: 'South Lane', district: 'South', lat: null, lon: null },
];
/** Each station's hourly O3 level from T0 (µg/m³; the information threshold is 180). */
const O3_BY_HOUR: Readonly<Record<string, readonly number[]>> = {
  'hb-1': [150, 200, 205, 150, 210],
  'hb-2': [150, 230, 220, 150],
  'hb-3': [150, 150, 238, 150],
  'so-1': [150, 210, 205, 150],
  'so-2': [150, 150, 200, 150],
};
const alarmOf = (stationId: string): string => `air:o3-information@${stationId}`;

const hasPostgres = await isPostgresAvailable();
let database: TestDatabase;
let sql: pg.Client;
const stores: HistoryStore[] = [];

function settingsFor(url: string): Settings {
  return SettingsSchema.parse({
    activeProfileId: 'aq',
    profiles: [{ id: 'aq', name: 'air quality', source: { kind: 'simulator', stations: 5 }, database: { kind: 'postgres', url } }],
    rules: [],
  });
}

/** The engine's parts the notice desk works with, on the test database, with a clock the test moves. */
async function engineParts(url: string) {
  const settings = settingsFor(url);
  const profile = settings.profiles[0] as Settings['profiles'][number];
  const store = await openStore(profile.database, { dataDir: tmpdir() });
  stores.push(store);
  await store.upsertStations(STATIONS);
  let clock = T0;
  const hub = new EventHub();
  const pipeline = new Pipeline({ settings, store, now: () => clock, onFrame: () => undefined, onAlarm: (change) => hub.emit('alarm:changed', change) });
  pipeline.setStations(STATIONS);
  // The desk reads no source; the rest is the engine's own.
  const context: EngineContext = { options: { settings, secrets: {}, operator: 'os-user', dataDir: tmpdir() }, profile, pipeline, store, source: {} as EngineSource, hub, now: () => clock, restarts: 0 };
  const desk = new NoticeDesk(context);
  hub.subscribe('alarm:changed', ({ alarm, event }) => desk.onAlarmChanged(alarm, event));
  /** One reading a minute per station through hour `hour` (and three minutes into the next, so it closes). */
  async function feedHour(hour: number): Promise<void> {
    for (let m = 0; m < 63; m++) {
      const h = m < 60 ? hour : hour + 1;
      // A little movement, so no hour looks like a stuck sensor.
      const readings = STATIONS.map((s, i) => ({ stationId: s.id, ts: clock, metrics: { o3: (O3_BY_HOUR[s.id]?.[h] ?? 150) + ((m + i) % 5) * 0.5, pm10: 20 + (m % 3) } }));
      await pipeline.onBatch({ kind: 'readings', readings });
      await pipeline.tick();
      clock += MINUTE;
    }
    clock -= 3 * MINUTE;
  }
  return { desk, feedHour, store };
}

/** The notices the desk answers, by the district and first station. */
async function listed(desk: NoticeDesk): Promise<readonly PublicNotice[]> {
  return desk.list({ alarmId: null, limit: 100 });
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  if (!hasPostgres) return;
  database = await createTestDatabase('sw_notice_area');
  sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
}, 60_000);

afterAll(async () => {
  for (const store of stores) await store.close();
  await sql?.end();
  await database?.drop();
});

describe.skipIf(!hasPostgres)('one public notice per area on PostgreSQL', () => {
  it('joins the stations of a district, keeps other districts apart, drafts an update for an issued notice, and stores it all', async () => {
    const { desk, feedHour } = await engineParts(database.url);
    await feedHour(0);
    expect(await listed(desk)).toEqual([]);

    // Hour 1: hb-1, hb-2 (Harbour) and so-1 (South) above 180 — one Harbour notice, one South.
    await feedHour(1);
    const first = await listed(desk);
    expect(first.map((n) => [n.district, n.content.stationIds]).sort()).toEqual([['Harbour', ['hb-1', 'hb-2']], ['South', ['so-1']]]);
    const harbour = first.find((n) => n.district === 'Harbour') as PublicNotice;
    const south = first.find((n) => n.district === 'South') as PublicNotice;
    expect(harbour).toMatchObject({ state: 'draft', alarmId: alarmOf('hb-1'), content: { area: 'Harbour (around Harbour Gate, Harbour Square)', startMs: T0 + HOUR, endMs: null } });
    expect(harbour.content.highestHourly).toMatchObject({ stationId: 'hb-2', startMs: T0 + HOUR });
    expect(harbour.content.highestHourly.value).toBeGreaterThan(230);
    expect(south.content.area).toBe('South (around South Stadium)');
    // Opened from hb-2's alarm row, the Harbour notice is the one shown.
    expect((await desk.list({ alarmId: alarmOf('hb-2'), limit: 10 })).map((n) => n.id)).toEqual([harbour.id]);

    await desk.edit({ id: harbour.id, area: 'Harbour', expectedDuration: 'until this evening', populationGroupsAtRisk: ['Children'], precautions: ['Avoid strenuous activity outdoors'] }, 'Ana');
    const issued = await desk.issue(harbour.id, 'Ana');
    await desk.withdraw(south.id, 'sensor check', 'Ana');

    // Hour 2: hb-3 (Harbour) and so-2 (South) above too.
    await feedHour(2);
    const second = await listed(desk);
    const stillIssued = second.find((n) => n.id === issued.id) as PublicNotice;
    expect(stillIssued).toEqual(issued);
    const update = second.find((n) => n.supersedes === issued.id) as PublicNotice;
    expect(update).toMatchObject({ state: 'draft', district: 'Harbour', content: { stationIds: ['hb-1', 'hb-2', 'hb-3'], area: 'Harbour', precautions: ['Avoid strenuous activity outdoors'] } });
    expect(update.content.highestHourly).toMatchObject({ stationId: 'hb-3', startMs: T0 + 2 * HOUR });
    const southAgain = second.filter((n) => n.district === 'South' && n.state === 'draft');
    expect(southAgain.map((n) => n.content.stationIds)).toEqual([['so-2']]);
    expect(second).toHaveLength(4);

    const published = await desk.issue(update.id, 'Bo');
    expect(published).toMatchObject({ state: 'issued', supersedes: issued.id });

    // The database says the same, and each alarm's trail says what happened to it.
    const rows = await until(async () => {
      const r = await sql.query(`SELECT id, state, data->>'district' AS district, data->'content'->'stationIds' AS stations FROM public_notices ORDER BY created_at, id`);
      return r.rows.length === 4 && r.rows.some((x) => x.id === issued.id && x.state === 'superseded') ? r.rows : undefined;
    });
    expect(rows.map((x) => [x.district, x.state, x.stations]).sort()).toEqual([
      ['Harbour', 'issued', ['hb-1', 'hb-2', 'hb-3']],
      ['Harbour', 'superseded', ['hb-1', 'hb-2']],
      ['South', 'draft', ['so-2']],
      ['South', 'withdrawn', ['so-1']],
    ]);
    const trail = await until(async () => {
      const r = await sql.query(`SELECT alarm_id, type, who, comment FROM alarm_events WHERE type LIKE 'notice-%' ORDER BY seq`);
      return r.rows.length >= 11 ? r.rows : undefined;
    });
    const of = (stationId: string): string[] => trail.filter((e) => e.alarm_id === alarmOf(stationId)).map((e) => `${String(e.type)} ${String(e.who)}`);
    expect(of('hb-1')).toEqual(['notice-drafted system', 'notice-edited Ana', 'notice-issued Ana', 'notice-drafted system', 'notice-issued Bo', 'notice-superseded Bo']);
    expect(of('hb-2')).toEqual(['notice-edited system']);
    expect(of('hb-3')).toEqual(['notice-drafted system']);
    expect(of('so-1')).toEqual(['notice-drafted system', 'notice-withdrawn Ana']);
    expect(of('so-2')).toEqual(['notice-drafted system']);
    expect(trail).toHaveLength(11);
    expect(trail.find((e) => e.alarm_id === alarmOf('hb-3'))?.comment).toBe(
      `Public notice ${update.id} drafted as an update of ${issued.id}: station hb-3 joined (Harbour); ${issued.id} as issued is out of date until the update is issued`,
    );

    // Hour 3 ends every episode; hb-1 above again in hour 4 is a new episode: a new Harbour notice, not the old one.
    await feedHour(3);
    await feedHour(4);
    const third = await listed(desk);
    expect(third).toHaveLength(5);
    const fresh = third.find((n) => ![issued.id, update.id, south.id, ...southAgain.map((x) => x.id)].includes(n.id)) as PublicNotice;
    expect(fresh).toMatchObject({ state: 'draft', district: 'Harbour', supersedes: null, content: { stationIds: ['hb-1'], startMs: T0 + 4 * HOUR, area: 'Harbour (around Harbour Gate)' } });
    expect(third.find((n) => n.id === update.id)?.content.stationIds).toEqual(['hb-1', 'hb-2', 'hb-3']);

    // A second desk on the same database (a restart) reads the stations and districts back.
    const again = await engineParts(database.url);
    const reread = await listed(again.desk);
    expect(reread.find((n) => n.id === update.id)).toMatchObject({ state: 'issued', district: 'Harbour', stations: [{ stationId: 'hb-1' }, { stationId: 'hb-2' }, { stationId: 'hb-3' }] });
  }, 120_000);
});
