/**
 * The delivery log: what was sent to whom, every attempt, and which keys are settled (delivered, or
 * failed after all retries) so that a restarted engine does not send them again. SQL (PostgreSQL and
 * PGlite run the same statements; table from migration 5) or in memory for the memory database.
 */
import type { SqlQueryable } from '../sql/sql-client';
import type { DeliveryIntent } from '../../core/escalation/escalation-planner';
import type { DeliveryAttempt } from './send-with-retries';

export type DeliveryStatus = 'sending' | 'delivered' | 'failed';

/** One logged delivery. */
export interface DeliveryRecord {
  readonly key: string;
  readonly alarmId: string;
  readonly activatedAt: number;
  readonly policyId: string;
  readonly step: number;
  readonly channelId: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface DeliveryLog {
  /** Keys delivered or given up on, of deliveries logged since `sinceMs` (older activations have long ended). */
  settledKeys(sinceMs: number): Promise<string[]>;
  /** A delivery starts (or starts again after a restart). */
  begin(intent: DeliveryIntent, at: number): Promise<void>;
  attempt(key: string, attempt: DeliveryAttempt): Promise<void>;
  finish(key: string, status: Exclude<DeliveryStatus, 'sending'>, error: string | null, at: number): Promise<void>;
  /** The newest deliveries first. */
  recent(limit: number): Promise<DeliveryRecord[]>;
}

/** The log in the app's database. */
export class SqlDeliveryLog implements DeliveryLog {
  constructor(private readonly db: SqlQueryable) {}

  async settledKeys(sinceMs: number): Promise<string[]> {
    const result = await this.db.query(`SELECT key FROM notification_deliveries WHERE status <> 'sending' AND updated_at >= $1`, [sinceMs]);
    return result.rows.map((row) => String(row[0]));
  }

  async begin(intent: DeliveryIntent, at: number): Promise<void> {
    await this.db.query(
      `INSERT INTO notification_deliveries (key, alarm_id, activated_at, policy_id, step, channel_id, status, attempts, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'sending', 0, $7, $7)
       ON CONFLICT (key) DO UPDATE SET status = 'sending', updated_at = EXCLUDED.updated_at`,
      [intent.key, intent.alarm.id, intent.alarm.activatedAt, intent.policyId, intent.step, intent.channelId, at],
    );
  }

  async attempt(key: string, attempt: DeliveryAttempt): Promise<void> {
    await this.db.query(`INSERT INTO notification_attempts (key, attempt, at, is_ok, error) VALUES ($1, $2, $3, $4, $5)`, [key, attempt.attempt, attempt.at, attempt.isOk, attempt.error]);
    await this.db.query(`UPDATE notification_deliveries SET attempts = attempts + 1, last_error = $2, updated_at = $3 WHERE key = $1`, [key, attempt.error, attempt.at]);
  }

  async finish(key: string, status: Exclude<DeliveryStatus, 'sending'>, error: string | null, at: number): Promise<void> {
    await this.db.query(`UPDATE notification_deliveries SET status = $2, last_error = $3, updated_at = $4 WHERE key = $1`, [key, status, error, at]);
  }

  async recent(limit: number): Promise<DeliveryRecord[]> {
    const result = await this.db.query(
      `SELECT key, alarm_id, activated_at, policy_id, step, channel_id, status, attempts, last_error, created_at, updated_at
       FROM notification_deliveries ORDER BY created_at DESC, key LIMIT $1`,
      [limit],
    );
    return result.rows.map((r) => ({
      key: String(r[0]), alarmId: String(r[1]), activatedAt: Number(r[2]), policyId: String(r[3]), step: Number(r[4]), channelId: String(r[5]),
      status: String(r[6]) as DeliveryStatus, attempts: Number(r[7]), lastError: r[8] === null ? null : String(r[8]), createdAt: Number(r[9]), updatedAt: Number(r[10]),
    }));
  }
}

/** The log for the memory database: lost on restart, like everything else there. */
export class MemoryDeliveryLog implements DeliveryLog {
  private readonly records = new Map<string, DeliveryRecord>();

  settledKeys(sinceMs: number): Promise<string[]> {
    return Promise.resolve([...this.records.values()].filter((r) => r.status !== 'sending' && r.updatedAt >= sinceMs).map((r) => r.key));
  }

  begin(intent: DeliveryIntent, at: number): Promise<void> {
    const old = this.records.get(intent.key);
    this.records.set(intent.key, {
      key: intent.key, alarmId: intent.alarm.id, activatedAt: intent.alarm.activatedAt, policyId: intent.policyId, step: intent.step, channelId: intent.channelId,
      status: 'sending', attempts: old?.attempts ?? 0, lastError: old?.lastError ?? null, createdAt: old?.createdAt ?? at, updatedAt: at,
    });
    return Promise.resolve();
  }

  attempt(key: string, attempt: DeliveryAttempt): Promise<void> {
    const old = this.records.get(key);
    if (old !== undefined) this.records.set(key, { ...old, attempts: old.attempts + 1, lastError: attempt.error, updatedAt: attempt.at });
    return Promise.resolve();
  }

  finish(key: string, status: Exclude<DeliveryStatus, 'sending'>, error: string | null, at: number): Promise<void> {
    const old = this.records.get(key);
    if (old !== undefined) this.records.set(key, { ...old, status, lastError: error, updatedAt: at });
    return Promise.resolve();
  }

  recent(limit: number): Promise<DeliveryRecord[]> {
    return Promise.resolve([...this.records.values()].sort((a, b) => b.createdAt - a.createdAt).slice(0, limit));
  }
}
