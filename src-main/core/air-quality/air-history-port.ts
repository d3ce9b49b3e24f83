import type { QualityFlagHour, QualityInvalidation } from '../../../src-shared/domain/air-quality';
import type { AirDay } from './air-days';
import type { StoredDayTotals } from './stored-year';

/** An operator's invalidation, as the contract carries it. */
export type Invalidation = QualityInvalidation;

/** An invalidation as stored: revokedAt and revokedBy are null while it stands. */
export interface StoredInvalidation extends Invalidation {
  readonly revokedAt: number | null;
  readonly revokedBy: string | null;
}

/** Stored hourly windows of one pollutant, columnar; `coverage` is each hour's data capture 0…1 (see the SQL adapter for the rule). */
export interface StoredHours {
  readonly stationId: readonly string[];
  readonly metric: readonly string[];
  readonly startMs: readonly number[];
  readonly value: readonly number[];
  readonly coverage: readonly number[];
}

/** One series' built days: days before `builtUntil` (a local midnight) of local year `year` are in `air_days`. */
export interface BuiltMark {
  readonly stationId: string;
  readonly pollutant: string;
  readonly year: number;
  readonly builtUntil: number;
}

/** A local year's built marks, and per pollutant the count of changes to its stored hours (a flag, a late merge, an invalidation). */
export interface BuiltYear {
  readonly marks: readonly BuiltMark[];
  readonly changes: Readonly<Record<string, number>>;
}

/** The requests the air-quality history answers, and their answers (one store method keeps the store's surface small). */
export type AirHistoryRequest =
  | { readonly op: 'horizon' }
  | { readonly op: 'hours'; readonly pollutants: readonly string[]; readonly fromMs: number; readonly toMs: number }
  /** The built marks of local year `year`, and per pollutant the count of changes to its stored hours so far (read first). */
  | { readonly op: 'built'; readonly year: number }
  /**
   * Days and marks of one pollutant's local year `year`, [yearStartMs, yearEndMs), built up to `untilMs` from what
   * was read after `changes` (the 'built' answer's count): written only if no change since touches an hour before
   * `untilMs` (answer false: nothing written, build again). The store refreshes the year's sums of the marked series.
   */
  | { readonly op: 'write-days'; readonly pollutant: string; readonly changes: number; readonly untilMs: number; readonly year: number; readonly yearStartMs: number; readonly yearEndMs: number; readonly days: readonly AirDay[]; readonly built: readonly BuiltMark[] }
  | { readonly op: 'year'; readonly year: number }
  | { readonly op: 'invalidate'; readonly invalidation: Invalidation; readonly rebuildFrom: readonly BuiltMark[] }
  | { readonly op: 'invalidations'; readonly stationId: string | null; readonly metric: string | null; readonly fromMs: number; readonly toMs: number }
  /** One invalidation by id, revoked or not (null: no such id). */
  | { readonly op: 'invalidation'; readonly id: string }
  /** Revokes an invalidation not revoked yet, and has the days it touched built again; answers false when it was already revoked. */
  | { readonly op: 'revoke'; readonly id: string; readonly by: string; readonly at: number; readonly rebuildFrom: readonly BuiltMark[] }
  /** Stored automatic data-quality flags of hours in [fromMs, toMs) (null stations or metric: all); `excludedOnly`: the hours left out; at most `limit` (null: all). */
  | { readonly op: 'flags'; readonly stationIds: readonly string[] | null; readonly metric: string | null; readonly fromMs: number; readonly toMs: number; readonly excludedOnly: boolean; readonly limit: number | null };

/** Totals of one series' built days in the asked range. */
export interface SeriesTotals extends StoredDayTotals {
  readonly stationId: string;
  readonly pollutant: string;
}

export interface AirHistoryAnswers {
  /** End of the newest stored hourly pollutant window (null: none). */
  readonly horizon: number | null;
  readonly hours: StoredHours;
  readonly built: BuiltYear;
  /** False when the pollutant's stored hours changed since its 'built' read: nothing was written. */
  readonly 'write-days': boolean;
  /** Per series: its year's sums, and its notable days (candidates: only their figures and hours over are filled in). */
  readonly year: { readonly totals: readonly SeriesTotals[]; readonly candidates: readonly AirDay[] };
  readonly invalidate: null;
  /** Newest first. */
  readonly invalidations: readonly Invalidation[];
  readonly invalidation: StoredInvalidation | null;
  readonly revoke: boolean;
  /** By station, metric and hour. */
  readonly flags: readonly QualityFlagHour[];
}

/** The store's air-quality history (SQL stores; the in-memory store has none and the page falls back to the live counters). */
export type AirHistory = <R extends AirHistoryRequest>(request: R) => Promise<AirHistoryAnswers[R['op']]>;
