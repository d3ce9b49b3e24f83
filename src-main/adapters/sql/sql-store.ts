import type { SqlClient } from './sql-client';
import type { StoreBackend, StoreWrite } from './store-write';
import type { AlarmSnapshot, HistoryQuery, RetentionPolicy, RetentionResult, WindowSeries, WindowSeriesQuery } from '../../core/ports';
import type { HistoryResult } from '../../../src-shared/ipc/contract';
import type { Station } from '../../../src-shared/domain/station';
import type { Alarm, AlarmEvent } from '../../../src-shared/domain/alarms';
import type { Rule } from '../../../src-shared/domain/rules';
import type { QuarantinedMessage } from '../../../src-shared/ipc/status';
import { applyMigrations, newerSchema } from './migrate';
import { applyWrite } from './sql-writes';
import { LATE_JOURNAL_DAYS } from './late-merge-write';
import { queryHistory, queryWindows } from './history-reads';
import { readHandovers, readShiftLog } from './shift-log-sql';
import { readIncidents, replaySeek, writeIncident } from './replay-reads';
import type { IncidentWrite, ReplaySeek } from '../../core/replay/replay-store';
import type { Incident, ReplaySnapshot } from '../../../src-shared/domain/replay';
import { readNotices } from './public-notice-sql';
import { airHistory } from './air-history-sql';
import { textArray } from './sql-array';
import { POLLUTANTS } from '../../core/air-quality/pollutants';
import type { AirHistory } from '../../core/air-quality/air-history-port';
import type { PublicNotice } from '../../../src-shared/domain/public-notice';
import type { HandoverRead, HandoverRecord, ShiftLogRead } from '../../core/shift/shift-store';
import type { ShiftEntry } from '../../../src-shared/domain/shift';
import { alarmHistory, getState, listRejected, listStations, loadAlarms, loadRules } from './registry-reads';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Hourly pollutant windows are kept six years whatever windowRetentionDays says: the current year and five before (the Compliance page's year selector). */
export const AIR_HOUR_RETENTION_DAYS = 6 * 366;
/**
 * Most refused messages kept whatever their age: a flood of garbage on a topic must not fill the disk
 * before rejectedRetentionDays has passed. seq only grows, so everything more than this far behind the
 * newest is older (sequence gaps only make fewer rows stay).
 */
export const REJECTED_MAX_ROWS = 1_000_000;

/** The store over any SqlClient: the same statements for PostgreSQL and PGlite. */
export class SqlStore implements StoreBackend {
  private readonly knownStations = new Set<string>();
  private migrated: Promise<void> | null = null;

  constructor(
    readonly kind: 'pglite' | 'postgres',
    private readonly client: SqlClient,
    /** Wall clock for bookkeeping columns (migration time); pure logic never reads it. */
    private readonly clock: () => number = Date.now,
  ) {}

  /** Migrates once; a failure (database away) is forgotten so the next call tries again. */
  ready(): Promise<void> {
    this.migrated ??= applyMigrations(this.client, this.clock()).then(
      () => undefined,
      (error: unknown) => {
        this.migrated = null;
        throw error;
      },
    );
    return this.migrated;
  }

  async apply(write: StoreWrite): Promise<void> {
    await this.ready();
    const registered: string[] = [];
    try {
      await this.client.transaction((tx) => applyWrite(tx, write, this.knownStations, registered));
    } catch (error) {
      // A newer build migrated the database while this one ran (a shared PostgreSQL): its refusal is not this write's fault.
      const newer = await newerSchema(this.client).catch(() => null);
      if (newer === null) throw error;
      this.migrated = null;
      throw newer;
    }
    for (const id of registered) this.knownStations.add(id);
  }

  /** Deletes what is past its retention period; refused messages also beyond maxRejectedRows (default REJECTED_MAX_ROWS). */
  async runRetention(policy: RetentionPolicy, now: number, maxRejectedRows = REJECTED_MAX_ROWS): Promise<RetentionResult> {
    await this.ready();
    const readings = await this.client.query('DELETE FROM readings WHERE ts < $1', [now - policy.rawRetentionDays * DAY_MS]);
    // Hourly pollutant windows stay AIR_HOUR_RETENTION_DAYS: compliance of past years is built from them (issue 18).
    const windows = await this.client.query(
      `DELETE FROM window_aggregates WHERE window_start < $1 AND NOT (size_ms = ${HOUR_MS} AND metric = ANY($2::text[]) AND window_start >= $3)`,
      [now - policy.windowRetentionDays * DAY_MS, textArray(POLLUTANTS), now - AIR_HOUR_RETENTION_DAYS * DAY_MS],
    );
    const aged = await this.client.query('DELETE FROM rejected_messages WHERE at < $1', [now - policy.rejectedRetentionDays * DAY_MS]);
    const overflow = await this.client.query('DELETE FROM rejected_messages WHERE seq <= (SELECT max(seq) FROM rejected_messages) - $1', [maxRejectedRows]);
    await this.client.query('DELETE FROM late_journal WHERE at < $1', [now - LATE_JOURNAL_DAYS * DAY_MS]);
    // Flags live as long as the hours they are about.
    await this.client.query('DELETE FROM quality_flags WHERE hour_start < $1', [now - AIR_HOUR_RETENTION_DAYS * DAY_MS]);
    // engine_state keeps a few values rewritten now and then, one of them megabytes (the data-quality checks'
    // neighbour relations): the embedded database has no autovacuum, so each rewrite's old row is reclaimed here.
    // Housekeeping only: a database that refuses (another owner) keeps the rows, retention goes on.
    await this.client.query('VACUUM engine_state').catch(() => undefined);
    return { readings: readings.rowCount, windows: windows.rowCount, rejected: aged.rowCount + overflow.rowCount };
  }

  async queryHistory(query: HistoryQuery): Promise<HistoryResult> {
    await this.ready();
    return queryHistory(this.client, query);
  }

  async queryWindows(query: WindowSeriesQuery): Promise<readonly WindowSeries[]> {
    await this.ready();
    return queryWindows(this.client, query);
  }

  async listStations(): Promise<readonly Station[]> {
    await this.ready();
    return listStations(this.client);
  }

  async loadAlarms(): Promise<AlarmSnapshot> {
    await this.ready();
    return loadAlarms(this.client);
  }

  async alarmHistory(from: number, to: number, limit: number): Promise<{ alarms: readonly Alarm[]; events: readonly AlarmEvent[] }> {
    await this.ready();
    return alarmHistory(this.client, from, to, limit);
  }

  async listRejected(limit: number): Promise<readonly QuarantinedMessage[]> {
    await this.ready();
    return listRejected(this.client, limit);
  }

  async loadRules(): Promise<readonly Rule[] | null> {
    await this.ready();
    return loadRules(this.client);
  }

  async getState(key: string): Promise<string | null> {
    await this.ready();
    return getState(this.client, key);
  }

  async readShiftLog(read: ShiftLogRead): Promise<readonly ShiftEntry[]> {
    await this.ready();
    return readShiftLog(this.client, read);
  }

  async readHandovers(read: HandoverRead): Promise<readonly HandoverRecord[]> {
    await this.ready();
    return readHandovers(this.client, read);
  }

  async replaySeek(seek: ReplaySeek): Promise<ReplaySnapshot> {
    await this.ready();
    return replaySeek(this.client, seek);
  }

  async readIncidents(limit: number): Promise<readonly Incident[]> {
    await this.ready();
    return readIncidents(this.client, limit);
  }

  async writeIncident(write: IncidentWrite): Promise<void> {
    await this.ready();
    await writeIncident(this.client, write);
  }

  async readNotices(limit: number): Promise<readonly PublicNotice[]> {
    await this.ready();
    return readNotices(this.client, limit);
  }

  airHistory: AirHistory = async (request) => {
    await this.ready();
    return airHistory(this.client, request);
  };

  close(): Promise<void> {
    return this.client.close();
  }
}
