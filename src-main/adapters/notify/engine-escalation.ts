/**
 * Escalation inside the engine: picks the delivery log for the profile's database, opens the notifier
 * with the profile's channel secrets, and gives the engine three calls (observe, tick, close).
 * Null when the profile has no escalation policy, so an engine without one does no work for it.
 */
import type { Alarm } from '../../../src-shared/domain/alarms';
import type { Station } from '../../../src-shared/domain/station';
import type { Profile } from '../../../src-shared/settings/schema';
import type { HistoryStore } from '../../core/ports';
import type { SecretName } from '../../../src-shared/ipc/contract';
import { createPostgresClient } from '../postgres/postgres-client';
import type { SqlClient } from '../sql/sql-client';
import { SqlDeliveryLog } from './delivery-log';
import type { DeliveryLog, DeliveryRecord } from './delivery-log';
import { Notifier } from './notifier';
import { StateDeliveryLog } from './state-delivery-log';

/** How long a stopping engine waits for deliveries under way. */
const CLOSE_WAIT_MS = 5_000;

/** What the engine holds while escalation runs. */
export interface EngineEscalation {
  observe(alarm: Alarm): void;
  tick(): void;
  /** The delivery log, newest first (PostgreSQL: the table; PGlite and memory: this run's deliveries). */
  recent(limit: number): Promise<DeliveryRecord[]>;
  /** Lets deliveries under way finish (up to CLOSE_WAIT_MS), then closes the log's connection. */
  close(): Promise<void>;
}

export interface EngineEscalationOptions {
  readonly profile: Profile;
  /** Decrypted secrets per profile id (the engine's SecretValues). */
  readonly secrets: Readonly<Record<string, Partial<Record<SecretName, string>>>>;
  readonly store: Pick<HistoryStore, 'getState' | 'setState'>;
  /** Every alarm as restored at start (acknowledged, shelved and normal ones included). */
  readonly alarms: readonly Alarm[];
  readonly stations: readonly Station[];
  readonly now: () => number;
  readonly onProblem: (message: string) => void;
}

/** Starts escalation for the active profile; null when it has no enabled policy. */
export async function startEngineEscalation(options: EngineEscalationOptions): Promise<EngineEscalation | null> {
  const settings = options.profile.escalation;
  if (settings === undefined || !settings.policies.some((p) => p.enabled)) return null;
  const secrets = options.secrets[options.profile.id] ?? {};
  const database = options.profile.database;
  // PostgreSQL: the full delivery log table, over a one-connection pool of its own (the store migrated it).
  const client: SqlClient | null = database.kind === 'postgres'
    ? createPostgresClient({ url: database.url, ssl: database.ssl, maxConnections: 1, ...(secrets.databasePassword ? { password: secrets.databasePassword } : {}) })
    : null;
  const log: DeliveryLog = client !== null ? new SqlDeliveryLog(client) : new StateDeliveryLog(options.store);
  const names = new Map(options.stations.map((s) => [s.id, s.name]));
  const notifier = await Notifier.open({
    settings,
    secrets: { smtpPassword: secrets.smtpPassword ?? null, webhookToken: secrets.webhookToken ?? null },
    log,
    now: options.now,
    stationName: (id) => names.get(id) ?? null,
    onProblem: options.onProblem,
  });
  for (const alarm of options.alarms) notifier.observe(alarm);
  return {
    observe: (alarm) => notifier.observe(alarm),
    tick: () => notifier.tick(),
    recent: (limit) => log.recent(limit),
    close: async () => {
      // A delivery still retrying after this is dropped unsettled: the next start sends it again (at least once).
      await Promise.race([notifier.idle(), new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS))]);
      await client?.close();
    },
  };
}
