/**
 * The shift log and handovers in SQL (PostgreSQL and PGlite run the same statements). Every write is
 * idempotent: an entry or handover is inserted once by id, and clearing or confirming changes a row
 * only the first time, so a write replayed from the outage buffer changes nothing.
 */
import type { SqlQueryable } from './sql-client';
import type { HandoverRead, HandoverRecord, ShiftLogRead, ShiftWrite } from '../../core/shift/shift-store';
import type { HandoverSummary, ShiftEntry, ShiftEntryKind } from '../../../src-shared/domain/shift';
import type { Rule } from '../../../src-shared/domain/rules';

export async function applyShiftWrite(tx: SqlQueryable, write: ShiftWrite): Promise<void> {
  switch (write.kind) {
    case 'entry': {
      const e = write.entry;
      await tx.query(
        `INSERT INTO shift_log (id, at, who, kind, text, station_id, carry_over, cleared_at, cleared_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING`,
        [text(e.id), e.at, text(e.who), e.kind, text(e.text), e.stationId === null ? null : text(e.stationId), e.carryOver, e.clearedAt, e.clearedBy === null ? null : text(e.clearedBy)],
      );
      return;
    }
    case 'clear':
      await tx.query('UPDATE shift_log SET cleared_at = $2, cleared_by = $3 WHERE id = $1 AND cleared_at IS NULL', [text(write.id), write.at, text(write.by)]);
      return;
    case 'handover': {
      const h = write.handover;
      await tx.query(
        `INSERT INTO shift_handovers (id, at, by_whom, note, summary, rules, confirmed_at, confirmed_by)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8) ON CONFLICT (id) DO NOTHING`,
        [text(h.id), h.at, text(h.by), text(h.note), jsonText(h.summary), jsonText(h.rules), h.confirmedAt, h.confirmedBy === null ? null : text(h.confirmedBy)],
      );
      return;
    }
    case 'confirm':
      await tx.query('UPDATE shift_handovers SET confirmed_at = $2, confirmed_by = $3 WHERE id = $1 AND confirmed_at IS NULL', [text(write.id), write.at, text(write.by)]);
      return;
  }
}

/** Entries newest first: one by id, the open carry-over notes, or a search by time, text and station. */
export async function readShiftLog(q: SqlQueryable, read: ShiftLogRead): Promise<ShiftEntry[]> {
  const columns = 'SELECT id, at, who, kind, text, station_id, carry_over, cleared_at, cleared_by FROM shift_log';
  const r =
    read.id !== null
      ? await q.query(`${columns} WHERE id = $1`, [read.id])
      : read.openCarryOverOnly
        ? await q.query(`${columns} WHERE carry_over AND cleared_at IS NULL AND kind = 'note' ORDER BY at DESC, id DESC LIMIT $1`, [read.limit])
        : await q.query(
            `${columns} WHERE at >= $1 AND at <= $2
               AND ($3::text IS NULL OR strpos(lower(text), lower($3::text)) > 0)
               AND ($4::text IS NULL OR station_id = $4::text)
             ORDER BY at DESC, id DESC LIMIT $5`,
            [read.from, read.to, read.text, read.stationId, read.limit],
          );
  return r.rows.map(
    (x): ShiftEntry => ({
      id: String(x[0]), at: Number(x[1]), who: String(x[2]), kind: String(x[3]) as ShiftEntryKind, text: String(x[4]),
      stationId: x[5] === null ? null : String(x[5]), carryOver: x[6] === true, clearedAt: x[7] === null ? null : Number(x[7]), clearedBy: x[8] === null ? null : String(x[8]),
    }),
  );
}

/** Handovers newest first (or the one with `id`). */
export async function readHandovers(q: SqlQueryable, read: HandoverRead): Promise<HandoverRecord[]> {
  const columns = 'SELECT id, at, by_whom, note, summary, rules, confirmed_at, confirmed_by FROM shift_handovers';
  const r = read.id !== null ? await q.query(`${columns} WHERE id = $1`, [read.id]) : await q.query(`${columns} ORDER BY at DESC, id DESC LIMIT $1`, [read.limit]);
  return r.rows.map(
    (x): HandoverRecord => ({
      id: String(x[0]), at: Number(x[1]), by: String(x[2]), note: String(x[3]),
      summary: jsonValue(x[4]) as HandoverSummary, rules: jsonValue(x[5]) as Rule[],
      confirmedAt: x[6] === null ? null : Number(x[6]), confirmedBy: x[7] === null ? null : String(x[7]),
    }),
  );
}

// Text and jsonb cannot hold NUL; an alarm message or station id from the wire may (as in sql-writes.ts, NUL → U+FFFD).
function text(s: string): string {
  return s.replaceAll('\u0000', '\uFFFD');
}
function jsonText(value: unknown): string {
  return JSON.stringify(value).replaceAll('\\u0000', '\\ufffd');
}

/** jsonb arrives as an object (pg) or as text (some PGlite paths). */
function jsonValue(v: unknown): unknown {
  return typeof v === 'string' ? JSON.parse(v) : v;
}
