/**
 * Public notices in SQL (PostgreSQL and PGlite run the same statements; table from migration 7). A write
 * upserts the whole notice, and only over an older revision, so a write replayed from the outage buffer
 * after a newer one changes nothing. A notice's stations and district live in its jsonb, so covering an area
 * needed no new column.
 */
import type { SqlQueryable } from './sql-client';
import type { PublicNotice } from '../../../src-shared/domain/public-notice';
import { upgradeStoredNotice, type StoredNotice } from '../../core/air-quality/notice-area';

export async function writeNotice(tx: SqlQueryable, notice: PublicNotice): Promise<void> {
  await tx.query(
    `INSERT INTO public_notices (id, alarm_id, station_id, state, revision, created_at, updated_at, data)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
     ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state, revision = EXCLUDED.revision, updated_at = EXCLUDED.updated_at, data = EXCLUDED.data
     WHERE public_notices.revision < EXCLUDED.revision`,
    [text(notice.id), text(notice.alarmId), text(notice.stationId), notice.state, notice.revision, notice.createdAt, notice.updatedAt, JSON.stringify(notice).replaceAll('\\u0000', '\\ufffd')],
  );
}

/** The newest `limit` notices, newest first (one written before notices covered an area read as its one station's). */
export async function readNotices(q: SqlQueryable, limit: number): Promise<PublicNotice[]> {
  const r = await q.query('SELECT data FROM public_notices ORDER BY created_at DESC, id DESC LIMIT $1', [limit]);
  return r.rows.map((x) => upgradeStoredNotice((typeof x[0] === 'string' ? JSON.parse(x[0]) : x[0]) as StoredNotice));
}

// Text cannot hold NUL; an id from the wire may (as in sql-writes.ts, NUL → U+FFFD).
function text(s: string): string {
  return s.replaceAll('\u0000', '\uFFFD');
}
