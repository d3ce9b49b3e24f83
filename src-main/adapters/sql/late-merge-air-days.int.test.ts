/**
 * A late merge into a pollutant hour of a day the Compliance page has already built: the day is built again
 * at the next read (late-merge-write.ts, rebuildAirDays). Reference: the same hours stored on time in a fresh
 * database and built once — what the page would show had the upload not been late.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WindowAggregate } from '../../../src-shared/domain/window-aggregate';
import type { AirComplianceResult } from '../../../src-shared/domain/air-quality';
import type { DatabaseSettings } from '../../../src-shared/settings/schema';
import type { HistoryStore } from '../../core/ports';
import type { LateBatch } from '../../core/windows/late-values';
import { LocalCalendar } from '../../core/air-quality/local-calendar';
import { DIRECTIVE_2008_50 } from '../../core/air-quality/eu-standards';
import { storedCompliance } from '../../core/air-quality/stored-compliance';
import { openStore } from './open-store';
import { createTestDatabase, isPostgresAvailable } from '../../../tests/helpers/postgres';

const hasPostgres = await isPostgresAvailable();
const HOUR = 3_600_000;
const ZONE = 'Europe/Amsterdam';
const calendar = new LocalCalendar(ZONE);
/** Local midnight of 1 March 2026 (CET), and six days of hours from it. */
const FIRST = Date.UTC(2026, 1, 28, 23);
const HOURS = 6 * 24;
/** The episode: 4 March, 06:00 to 18:00 local, PM10 at 90 µg/m³; a logger delivered only half of each of those hours on time. */
const EPISODE_FROM = Date.UTC(2026, 2, 4, 5);
const EPISODE_TO = Date.UTC(2026, 2, 4, 17);
const inEpisode = (start: number): boolean => start >= EPISODE_FROM && start < EPISODE_TO;

function hour(start: number, count: number, value: number): WindowAggregate {
  return { stationId: 'aq-1', metric: 'pm10', sizeMs: HOUR, start, count, mean: value, min: value, max: value, stddev: 0, p95: value, m2: 0 };
}

/** The hours as stored on time (the episode's half hours) or as they are once the upload is in. */
function hours(complete: boolean): WindowAggregate[] {
  const out: WindowAggregate[] = [];
  for (let i = 0; i < HOURS; i++) {
    const start = FIRST + i * HOUR;
    out.push(inEpisode(start) ? hour(start, complete ? 60 : 30, 90) : hour(start, 60, 30));
  }
  return out;
}

/** The late upload: the other 30 readings of each episode hour, merged into the stored hours. */
function upload(): LateBatch {
  const ts: number[] = [];
  for (let start = EPISODE_FROM; start < EPISODE_TO; start += HOUR) for (let m = 0; m < 30; m++) ts.push(start + m * 120_000 + 60_000);
  return {
    sizesMs: [HOUR], positions: [], stationIds: ts.map(() => 'aq-1'), metrics: ts.map(() => 'pm10'), ts, values: ts.map(() => 90),
    stationSizes: ts.map(() => 1), citySizes: ts.map(() => 0), message: ts.map(() => -1),
  };
}

const pm10Daily = (answer: AirComplianceResult) => answer.rows.find((r) => r.stationId === 'aq-1' && r.pollutant === 'pm10')!.figures.find((f) => f.standard.statistic === 'daily-mean')!;
const compliance = (store: HistoryStore): Promise<AirComplianceResult> => storedCompliance(store.airHistory!, { calendar, set: DIRECTIVE_2008_50, year: 2026 });

interface Backend {
  readonly name: string;
  readonly skip: boolean;
  database(tag: string): Promise<{ settings: DatabaseSettings; drop(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'PostgreSQL',
    skip: !hasPostgres,
    async database(tag) {
      const db = await createTestDatabase(`sw_late_air_${tag}`);
      return { settings: { kind: 'postgres', url: db.url, ssl: false }, drop: () => db.drop() };
    },
  },
  {
    name: 'PGlite',
    skip: false,
    async database() {
      const dir = await mkdtemp(join(tmpdir(), 'sw-late-air-'));
      return { settings: { kind: 'pglite', dir: join(dir, 'db') }, drop: () => rm(dir, { recursive: true, force: true }) };
    },
  },
];

describe.each(backends)('a late upload into a built compliance day, on $name', (backend) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });

  async function open(tag: string): Promise<HistoryStore> {
    const db = await backend.database(tag);
    cleanup.push(db.drop);
    const dataDir = await mkdtemp(join(tmpdir(), 'sw-late-air-data-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const store = await openStore(db.settings, { dataDir });
    cleanup.push(() => store.close());
    return store;
  }

  it.skipIf(backend.skip)('the day is built again: the page equals one built from the complete hours', { timeout: 180_000 }, async () => {
    const late = await open('late');
    await late.writeWindows(hours(false));
    await late.caughtUp();
    const before = pm10Daily(await compliance(late));
    // On time, 4 March has 12 valid hours (the episode's hours hold half their data): no daily mean, no exceedance.
    expect(before.exceedanceList.map((e) => e.label)).toEqual([]);

    await late.mergeLate!(upload());
    await late.caughtUp();
    const after = pm10Daily(await compliance(late));

    const reference = await open('reference');
    await reference.writeWindows(hours(true));
    await reference.caughtUp();
    const expected = pm10Daily(await compliance(reference));
    // With the upload the day is valid and its mean (12 h at 30, 12 h at 90) is 60: over the 50 µg/m³ daily limit.
    expect(expected.exceedanceList.map((e) => e.label)).toEqual(['2026-03-04']);
    expect(after).toEqual(expected);
  });
});
