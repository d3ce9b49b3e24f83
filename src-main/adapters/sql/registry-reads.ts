import type { SqlQueryable } from './sql-client';
import type { AlarmSnapshot, OutOfServiceEntry } from '../../core/ports';
import type { Alarm, AlarmEvent, AlarmEventType, AlarmState } from '../../../src-shared/domain/alarms';
import type { InstrumentClass, Station, StationType } from '../../../src-shared/domain/station';
import { RuleSchema } from '../../../src-shared/domain/rules';
import type { Rule } from '../../../src-shared/domain/rules';
import type { QuarantinedMessage } from '../../../src-shared/ipc/status';

// Reads of the small tables: stations, alarms, audit trail, quarantine, rules, engine state.
// Drivers differ in how they hand back bigint (pg: string, PGlite: number) and jsonb (object or
// string), so every value passes through num()/json() below.

/** Every station, placed or not, by id. */
export async function listStations(q: SqlQueryable): Promise<Station[]> {
  const r = await q.query('SELECT id, name, district, lat, lon, station_type, instrument_class, calibration_due_at FROM stations ORDER BY id');
  return r.rows.map((x) => {
    const station: Station = { id: String(x[0]), name: String(x[1]), district: String(x[2]), lat: numOrNull(x[3]), lon: numOrNull(x[4]) };
    // Unknown air-quality metadata stays absent; the column checks admit only the domain's values.
    return {
      ...station,
      ...(x[5] !== null ? { stationType: String(x[5]) as StationType } : {}),
      ...(x[6] !== null ? { instrumentClass: String(x[6]) as InstrumentClass } : {}),
      ...(x[7] !== null ? { calibrationDueAt: num(x[7]) } : {}),
    };
  });
}

/** Current alarms and out-of-service entries, for the alarm manager to restore after a restart. */
export async function loadAlarms(q: SqlQueryable): Promise<AlarmSnapshot> {
  const alarms = await q.query('SELECT data FROM alarms ORDER BY id');
  const oos = await q.query('SELECT station_id, metric, since, by_whom, comment FROM out_of_service ORDER BY station_id, metric');
  const outOfService = oos.rows.map(
    (x): OutOfServiceEntry => ({ stationId: String(x[0]), metric: x[1] === '' ? null : String(x[1]), since: num(x[2]), by: String(x[3]), comment: strOrNull(x[4]) }),
  );
  return { alarms: alarms.rows.map((x) => json(x[0]) as Alarm), outOfService };
}

/** Audit-trail events with from <= at <= to, newest first, and the alarms they belong to. */
export async function alarmHistory(q: SqlQueryable, from: number, to: number, limit: number): Promise<{ alarms: Alarm[]; events: AlarmEvent[] }> {
  const r = await q.query(
    `SELECT alarm_id, type, at, who, comment, from_state, to_state, value FROM alarm_events
     WHERE at >= $1 AND at <= $2 ORDER BY at DESC, seq DESC LIMIT $3`,
    [from, to, limit],
  );
  const events = r.rows.map(
    (x): AlarmEvent => ({
      alarmId: String(x[0]), type: String(x[1]) as AlarmEventType, at: num(x[2]), who: String(x[3]), comment: strOrNull(x[4]),
      fromState: String(x[5]) as AlarmState, toState: String(x[6]) as AlarmState, value: numOrNull(x[7]),
    }),
  );
  const ids = [...new Set(events.map((e) => e.alarmId))];
  const alarms = ids.length === 0 ? { rows: [] } : await q.query('SELECT data FROM alarms WHERE id = ANY($1::text[]) ORDER BY id', [ids]);
  return { alarms: alarms.rows.map((x) => json(x[0]) as Alarm), events };
}

/** Quarantined messages, newest first. */
export async function listRejected(q: SqlQueryable, limit: number): Promise<QuarantinedMessage[]> {
  const r = await q.query(
    'SELECT at, reason, detail, sample, size_bytes, topic, kafka_partition, kafka_offset FROM rejected_messages ORDER BY seq DESC LIMIT $1',
    [limit],
  );
  return r.rows.map((x) => ({
    at: num(x[0]), reason: String(x[1]), detail: String(x[2]), sample: String(x[3]), sizeBytes: num(x[4]),
    topic: strOrNull(x[5]), partition: numOrNull(x[6]), offset: strOrNull(x[7]),
  }));
}

/** Saved rules in their saved order, or null if rules were never saved. Invalid rows are skipped. */
export async function loadRules(q: SqlQueryable): Promise<Rule[] | null> {
  if ((await getState(q, 'rules.savedAt')) === null) return null;
  const r = await q.query('SELECT data FROM rules ORDER BY position');
  const rules: Rule[] = [];
  for (const row of r.rows) {
    const parsed = RuleSchema.safeParse(json(row[0]));
    if (parsed.success) rules.push(parsed.data);
  }
  return rules;
}

/** A value from the engine_state key/value table. */
export async function getState(q: SqlQueryable, key: string): Promise<string | null> {
  const r = await q.query('SELECT value FROM engine_state WHERE key = $1', [key]);
  return r.rows.length === 0 ? null : String(r.rows[0]![0]);
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v);
}
function numOrNull(v: unknown): number | null {
  return v === null || v === undefined ? null : num(v);
}
function strOrNull(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}
function json(v: unknown): unknown {
  return typeof v === 'string' ? JSON.parse(v) : v;
}
