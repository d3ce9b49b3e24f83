/**
 * A late merge into a pollutant hour of a day the Compliance page has already built: the day is built again
 * at the next read (late-merge-write.ts, rebuildAirDays). Reference: the same hours stored on time in a fresh
 * database and built once — what the page would show had the upload not been late.
 */
import { describe, expect, it } from 'vitest';
import type { WindowAggregate } from '../../../src-shared/domain/window-aggregate';
import type { AirComplianceResult } from '../../../src-shared/domain/air-quality';
import type { HistoryStore } from '../../core/ports';
import type { LateBatch } from '../../core/windows/late-values';
import { LocalCalendar } from '../../core/air-quality/local-calendar';
import { DIRECTIVE_2008_50 } from '../../core/air-quality/eu-standards';
import { storedCompliance } from '../../core/air-quality/stored-compliance';
import { sqlBackends, useSqlStores } from '../../../tests/helpers/sql-backends';

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

describe.each(await sqlBackends())('a late upload into a built compliance day, on $name', (backend) => {
  const open = useSqlStores(backend, 'sw-late-air-');

  it.skipIf(backend.skip)('the day is built again: the page equals one built from the complete hours', { timeout: 180_000 }, async () => {
    const late = await open();
    await late.writeWindows(hours(false));
    await late.caughtUp();
    const before = pm10Daily(await compliance(late));
    // On time, 4 March has 12 valid hours (the episode's hours hold half their data): no daily mean, no exceedance.
    expect(before.exceedanceList.map((e) => e.label)).toEqual([]);

    await late.mergeLate!(upload());
    await late.caughtUp();
    const after = pm10Daily(await compliance(late));

    const reference = await open();
    await reference.writeWindows(hours(true));
    await reference.caughtUp();
    const expected = pm10Daily(await compliance(reference));
    // With the upload the day is valid and its mean (12 h at 30, 12 h at 90) is 60: over the 50 µg/m³ daily limit.
    expect(expected.exceedanceList.map((e) => e.label)).toEqual(['2026-03-04']);
    expect(after).toEqual(expected);
  });
});
