/**
 * Compliance from the stored history (issue 18), against real PostgreSQL: a simulated leap year (2024) of
 * hourly windows for three stations is replayed into the store in two halves (the second half built on
 * top of the first: incremental), a period is invalidated by an operator and later revoked, and every figure
 * of the Compliance answer — exceedance lists, valid periods, annual means and their capture — is compared
 * with PostgreSQL's own computation over the stored hourly windows (air-compliance-sql-reference.ts), with
 * the mark in force and after it was revoked.
 */
import { describe, expect, it } from 'vitest';
import type { WindowAggregate } from '../../src-shared/domain/window-aggregate';
import type { AirComplianceResult } from '../../src-shared/domain/air-quality';
import type { HistoryStore } from '../../src-main/core/ports';
import { CO, expectedLevels, NO2, O3, PM10, PM25, SO2, seasonAt } from '../../src-main/adapters/simulator/pollutant-profiles';
import { LocalCalendar } from '../../src-main/core/air-quality/local-calendar';
import { DIRECTIVE_2008_50, DIRECTIVE_2024_2881 } from '../../src-main/core/air-quality/eu-standards';
import { rebuildMarks, storedCompliance } from '../../src-main/core/air-quality/stored-compliance';
import { isPostgresAvailable, withPgClient } from '../helpers/postgres';
import { usePostgresStore } from '../helpers/sql-backends';
import { referenceYear } from './air-compliance-sql-reference';

const ZONE = 'Europe/Amsterdam';
const HOUR = 3_600_000;
const STATIONS = [
  { id: 'aq-traffic', type: 'traffic' as const },
  { id: 'aq-urban', type: 'urban-background' as const },
  { id: 'aq-industry', type: 'industrial' as const },
];
const INDEX: Record<string, number> = { pm10: PM10, pm25: PM25, no2: NO2, o3: O3, so2: SO2, co: CO };

/** A seeded generator (mulberry32), so the year is the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Hourly windows of the simulator's pollutant profiles with noise, a winter PM episode and NO2 and SO2
 * spikes, from `from` to `to`. Readings every 5 minutes: 12 a full hour; some hours lose readings (9:
 * still 75 %, 8: not), some are missing, and one station is silent for four days. An hour right after a
 * gap is always full (the store's fallback rule reads a series' typical count from its last 24 hours).
 */
function simulate(from: number, to: number): WindowAggregate[] {
  const rand = random(18);
  const levels = new Float64Array(6);
  const windows: WindowAggregate[] = [];
  for (const station of STATIONS) {
    let afterGap = true;
    for (let start = from; start < to; start += HOUR) {
      const silent = station.id === 'aq-urban' && start >= Date.UTC(2024, 2, 10) && start < Date.UTC(2024, 2, 14);
      const roll = rand();
      if (silent || roll < 0.02) {
        afterGap = true;
        continue;
      }
      const count = afterGap ? 12 : roll < 0.08 ? 8 : roll < 0.14 ? 9 : 12;
      afterGap = false;
      const localHour = (((start / HOUR + 1) % 24) + 24) % 24;
      expectedLevels(station.type, localHour, seasonAt(start), levels, 0);
      const episode = start >= Date.UTC(2024, 0, 15) && start < Date.UTC(2024, 1, 20) ? 2.6 : 1;
      for (const pollutant of Object.keys(INDEX)) {
        let value = (levels[INDEX[pollutant]!] as number) * (0.55 + rand() * 0.9);
        if (pollutant === 'pm10' || pollutant === 'pm25') value *= episode;
        if (pollutant === 'no2' && station.type === 'traffic' && rand() < 0.004) value = 205 + rand() * 60;
        if (pollutant === 'so2' && station.type === 'industrial' && rand() < 0.003) value = 355 + rand() * 50;
        windows.push({ stationId: station.id, metric: pollutant, sizeMs: HOUR, start, count, mean: value, min: value, max: value, stddev: 0, p95: value });
      }
    }
  }
  return windows;
}

async function replay(store: HistoryStore, windows: readonly WindowAggregate[]): Promise<void> {
  for (let at = 0; at < windows.length; at += 5000) await store.writeWindows(windows.slice(at, at + 5000));
  await store.caughtUp();
}

function compare(answer: AirComplianceResult, reference: Awaited<ReturnType<typeof referenceYear>>): number {
  let compared = 0;
  expect(answer.rows.length).toBe(reference.length);
  for (const ref of reference) {
    const row = answer.rows.find((r) => r.stationId === ref.stationId && r.pollutant === ref.pollutant);
    expect(row, `${ref.stationId} ${ref.pollutant}`).toBeDefined();
    for (const figure of row!.figures) {
      const where = `${ref.stationId} ${figure.standard.id}`;
      const level = figure.standard.level;
      switch (figure.standard.statistic) {
        case 'hourly': {
          const expected = ref.hoursOver(level);
          expect(figure.exceedanceList.map((e) => e.startMs), where).toEqual(expected.map((e) => e.startMs));
          expect(figure.exceedanceList.map((e) => e.value), where).toEqual(expected.map((e) => e.value));
          expect(figure.validPeriods, where).toBe(ref.validHours);
          break;
        }
        case 'daily-mean':
        case 'max-daily-8h-mean': {
          const expected = ref.daysOver(figure.standard.statistic, level);
          expect(figure.exceedanceList.map((e) => e.label), where).toEqual(expected.map((e) => e.date));
          figure.exceedanceList.forEach((e, i) => expect(e.value, where).toBeCloseTo(expected[i]!.value, 9));
          expect(figure.validPeriods, where).toBe(figure.standard.statistic === 'daily-mean' ? ref.validMeanDays : ref.validRunningDays);
          break;
        }
        case 'annual-mean':
          expect(figure.validPeriods, where).toBe(ref.validHours);
          expect(figure.annualMean, where).toBeCloseTo(ref.annualMean!, 9);
          expect(figure.annualCapture, where).toBeCloseTo(ref.validHours / 8784, 12);
          break;
      }
      expect(figure.exceedances, where).toBe(figure.exceedanceList.length);
      expect(figure.periodsInYear, where).toBe(figure.standard.statistic === 'hourly' || figure.standard.statistic === 'annual-mean' ? 8784 : 366);
      compared++;
    }
  }
  return compared;
}

const hasPostgres = await isPostgresAvailable();

describe('compliance from the stored history vs PostgreSQL over the hourly windows', () => {
  const pg = usePostgresStore('sw-air-history-', hasPostgres);

  it.skipIf(!hasPostgres)('a replayed leap year, built in two halves, with an invalidated period, then revoked', { timeout: 180_000 }, async () => {
    const history = pg.store().airHistory!;
    const calendar = new LocalCalendar(ZONE);
    const first = Date.UTC(2023, 11, 31);
    const middle = Date.UTC(2024, 6, 1, 5);
    const last = Date.UTC(2025, 0, 2);
    await replay(pg.store(), simulate(first, last).filter((w) => w.start < middle));
    const half = await storedCompliance(history, { calendar, set: DIRECTIVE_2008_50, year: 2024 });
    expect(half.rows.every((r) => r.figures.every((f) => f.status !== 'insufficient-data'))).toBe(true);
    const pm10 = half.rows.find((r) => r.pollutant === 'pm10')!.figures.find((f) => f.standard.statistic === 'daily-mean')!;
    // Data up to 1 July 07:00 local: 1 January to 30 June have passed (182 days of a leap year), the year is in progress.
    expect([pm10.elapsedPeriods, pm10.status === 'in-progress' || pm10.status === 'exceeded']).toEqual([182, true]);

    await replay(pg.store(), simulate(first, last).filter((w) => w.start >= middle));
    // An operator marks three February days of the traffic station's PM10 invalid (an instrument fault).
    const invalidation = { id: 'inv-1', stationId: 'aq-traffic', metric: 'pm10', fromMs: Date.UTC(2024, 1, 1, 6), toMs: Date.UTC(2024, 1, 4, 6), reason: 'analyser fault', by: 'test', at: Date.UTC(2024, 1, 5) };
    await history({ op: 'invalidate', invalidation, rebuildFrom: rebuildMarks(invalidation, calendar) });
    expect(await history({ op: 'invalidations', stationId: 'aq-traffic', metric: 'pm10', fromMs: 0, toMs: Number.MAX_SAFE_INTEGER })).toEqual([invalidation]);

    // Before the mark, the winter episode put those days over the PM10 daily limit; after it they are neither exceedance nor compliance.
    const trafficPm10 = (answer: AirComplianceResult): string[] => answer.rows.find((r) => r.stationId === 'aq-traffic' && r.pollutant === 'pm10')!.figures.find((f) => f.standard.statistic === 'daily-mean')!.exceedanceList.map((e) => e.label);
    expect(trafficPm10(half)).toEqual(expect.arrayContaining(['2024-02-02', '2024-02-03']));
    const marked = await storedCompliance(history, { calendar, set: DIRECTIVE_2008_50, year: 2024 });
    // 1 and 4 February keep only 17 valid hours (07:00 local is the mark's edge), so they fall below 18 as well.
    expect(trafficPm10(marked).filter((d) => d >= '2024-02-01' && d <= '2024-02-04')).toEqual([]);

    for (const set of [DIRECTIVE_2008_50, DIRECTIVE_2024_2881]) {
      const answer = await storedCompliance(history, { calendar, set, year: 2024 });
      expect(answer.note).toBeNull();
      const reference = await withPgClient(pg.url(), (c) => referenceYear(c, ZONE, 2024));
      const compared = compare(answer, reference);
      expect(compared).toBe(STATIONS.length * set.standards.length);
      // The simulated year does exceed some standards, so the lists compared are not all empty.
      expect(answer.rows.flatMap((r) => r.figures).some((f) => f.exceedances > 0)).toBe(true);
      expect(answer.rows.flatMap((r) => r.figures).every((f) => f.status !== 'in-progress')).toBe(true);
    }

    // The operator revokes the mark: the row stays with who and when, the list no longer has it, and the
    // days it touched are built again with its hours valid — the February exceedance days are back.
    const revokedAt = Date.UTC(2024, 1, 6);
    expect(await history({ op: 'revoke', id: 'inv-1', by: 'Ana', at: revokedAt, rebuildFrom: rebuildMarks(invalidation, calendar) })).toBe(true);
    expect(await history({ op: 'revoke', id: 'inv-1', by: 'Bram', at: revokedAt + 1, rebuildFrom: [] })).toBe(false);
    expect(await history({ op: 'invalidation', id: 'inv-1' })).toEqual({ ...invalidation, revokedAt, revokedBy: 'Ana' });
    const row = await withPgClient(pg.url(), (c) => c.query<{ revoked_at: string; revoked_by: string }>('SELECT revoked_at, revoked_by FROM quality_invalidations WHERE id = $1', ['inv-1']));
    expect(row.rows.map((r) => [Number(r.revoked_at), r.revoked_by])).toEqual([[revokedAt, 'Ana']]);
    expect(await history({ op: 'invalidations', stationId: null, metric: null, fromMs: 0, toMs: Number.MAX_SAFE_INTEGER })).toEqual([]);
    const revoked = await storedCompliance(history, { calendar, set: DIRECTIVE_2008_50, year: 2024 });
    const february = (answer: AirComplianceResult): string[] => trafficPm10(answer).filter((d) => d >= '2024-02-01' && d <= '2024-02-04');
    expect(february(revoked)).toEqual(february(half));
    expect(february(revoked)).toEqual(expect.arrayContaining(['2024-02-02', '2024-02-03']));
    for (const set of [DIRECTIVE_2008_50, DIRECTIVE_2024_2881]) {
      const answer = await storedCompliance(history, { calendar, set, year: 2024 });
      const reference = await withPgClient(pg.url(), (c) => referenceYear(c, ZONE, 2024));
      expect(compare(answer, reference)).toBe(STATIONS.length * set.standards.length);
    }
  });
});
