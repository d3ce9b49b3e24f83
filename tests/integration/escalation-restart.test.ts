/**
 * Idempotence across a restart: the delivery log in a real PostgreSQL database records what was
 * sent; a second notifier opened on the same log (the restarted engine) resends nothing and carries on
 * with the step still due. Also: retries are recorded attempt by attempt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alarm } from '../../src-shared/domain/alarms';
import { EscalationSettingsSchema } from '../../src-shared/settings/escalation';
import { SqlDeliveryLog } from '../../src-main/adapters/notify/delivery-log';
import { Notifier } from '../../src-main/adapters/notify/notifier';
import { applyMigrations } from '../../src-main/adapters/sql/migrate';
import type { SqlClient } from '../../src-main/adapters/sql/sql-client';
import { createPostgresClient } from '../../src-main/adapters/postgres/postgres-client';
import { openStore } from '../../src-main/adapters/sql/open-store';
import { StateDeliveryLog } from '../../src-main/adapters/notify/state-delivery-log';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, isPostgresAvailable } from '../helpers/postgres';
import type { TestDatabase } from '../helpers/postgres';
import { startHttpReceiver, waitUntil } from './escalation-harness';
import type { HttpReceiver } from './escalation-harness';
import { seedPgliteDir } from '../helpers/pglite-template';

const hasPostgres = await isPostgresAvailable();
const NO_SECRETS = { smtpPassword: null, webhookToken: null };

function alarm(activatedAt: number): Alarm {
  return {
    id: 'flood@st-3', ruleId: 'flood', stationId: 'st-3', metric: 'rainfall', kind: 'process', severity: 'critical', state: 'unacknowledged',
    isActive: true, message: 'Rainfall above 30 mm/h', value: 41, peakValue: 41, threshold: 30, activatedAt, clearedAt: null,
    acknowledgedAt: null, acknowledgedBy: null, activationCount: 1, isChattering: false, shelf: null, updatedAt: activatedAt,
  };
}

describe.skipIf(!hasPostgres)('escalation across an engine restart (PostgreSQL delivery log)', () => {
  let database: TestDatabase;
  let client: SqlClient;
  let receiver: HttpReceiver;

  beforeAll(async () => {
    database = await createTestDatabase('sw_escalation');
    client = createPostgresClient({ url: database.url });
    await applyMigrations(client, Date.now());
    // The first two posts fail with 503 (retried), everything after succeeds.
    receiver = await startHttpReceiver((index) => (index < 2 ? 503 : 200));
  });
  afterAll(async () => {
    await receiver?.close();
    await client?.close();
    await database?.drop();
  });

  it('does not resend after a restart mid-escalation, and records every attempt', async () => {
    const settings = EscalationSettingsSchema.parse({
      channels: [
        { kind: 'webhook', id: 'first', name: 'First line', url: receiver.url, retries: 3, retryDelayMs: 50 },
        { kind: 'webhook', id: 'second', name: 'Second line', url: `${receiver.url}?second`, retries: 3, retryDelayMs: 50 },
      ],
      policies: [{ id: 'crit', name: 'Critical', steps: [{ afterSeconds: 0.5, channelIds: ['first'] }, { afterSeconds: 2, channelIds: ['second'] }] }],
    });
    const activatedAt = Date.now();
    const first = await Notifier.open({ settings, secrets: NO_SECRETS, log: new SqlDeliveryLog(client), now: () => Date.now() });
    first.observe(alarm(activatedAt));
    const firstTimer = setInterval(() => first.tick(), 50);
    try {
      await waitUntil(() => receiver.posts.length >= 3, 10_000, 'step 1 delivered after two 503s');
    } finally {
      clearInterval(firstTimer);
      await first.idle();
    }
    // The engine "restarts" here, before step 2 is due: a new notifier on the same database.
    expect(Date.now()).toBeLessThan(activatedAt + 2_000);
    const second = await Notifier.open({ settings, secrets: NO_SECRETS, log: new SqlDeliveryLog(client), now: () => Date.now() });
    second.observe(alarm(activatedAt));
    const secondTimer = setInterval(() => second.tick(), 50);
    try {
      await waitUntil(() => receiver.posts.some((p) => p.body.escalation !== null && (p.body.escalation as { step: number }).step === 2), 10_000, 'step 2');
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      clearInterval(secondTimer);
      await second.idle();
    }
    const steps = receiver.posts.map((p) => (p.body.escalation as { step: number }).step);
    // Step 1: two 503s then a success (3 posts); step 2: one post. Nothing resent after the restart.
    expect(steps).toEqual([1, 1, 1, 2]);
    const rows = await client.query(`SELECT step, channel_id, status, attempts, last_error FROM notification_deliveries ORDER BY step`);
    expect(rows.rows.map((r) => [Number(r[0]), r[1], r[2], Number(r[3]), r[4]])).toEqual([[1, 'first', 'delivered', 3, null], [2, 'second', 'delivered', 1, null]]);
    const attempts = await client.query(`SELECT attempt, is_ok, error FROM notification_attempts WHERE key LIKE '%#1#first' ORDER BY seq`);
    expect(attempts.rows.map((r) => [Number(r[0]), r[1], r[2]])).toEqual([
      [1, false, 'the receiver answered 503 Service Unavailable: “receiver says no”'],
      [2, false, 'the receiver answered 503 Service Unavailable: “receiver says no”'],
      [3, true, null],
    ]);
  });
});

describe('escalation across an engine restart (embedded PGlite, settled keys in the store state)', () => {
  it('resends nothing after the store is closed and opened again', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sw-escalation-pglite-'));
    await seedPgliteDir(join(dataDir, 'pglite'));
    const receiver = await startHttpReceiver();
    try {
      const settings = EscalationSettingsSchema.parse({
        channels: [{ kind: 'webhook', id: 'first', name: 'First', url: receiver.url }, { kind: 'webhook', id: 'second', name: 'Second', url: receiver.url }],
        policies: [{ id: 'crit', name: 'Critical', steps: [{ afterSeconds: 0.3, channelIds: ['first'] }, { afterSeconds: 3, channelIds: ['second'] }] }],
      });
      let activatedAt = 0;
      const runUntil = async (store: Awaited<ReturnType<typeof openStore>>, done: () => boolean) => {
        const notifier = await Notifier.open({ settings, secrets: NO_SECRETS, log: new StateDeliveryLog(store), now: () => Date.now() });
        // The alarm is raised once the first run is up (opening PGlite takes seconds on a busy machine).
        if (activatedAt === 0) activatedAt = Date.now();
        notifier.observe(alarm(activatedAt));
        const timer = setInterval(() => notifier.tick(), 50);
        try {
          await waitUntil(done, 10_000, 'deliveries');
          await new Promise((resolve) => setTimeout(resolve, 300));
        } finally {
          clearInterval(timer);
          await notifier.idle();
        }
      };
      const first = await openStore({ kind: 'pglite', dir: null }, { dataDir });
      await runUntil(first, () => receiver.posts.length >= 1);
      await first.close();
      // The first run stopped before step 2 was due.
      expect(receiver.posts).toHaveLength(1);
      expect(Date.now()).toBeLessThan(activatedAt + 3_000);
      const second = await openStore({ kind: 'pglite', dir: null }, { dataDir });
      await runUntil(second, () => receiver.posts.length >= 2);
      await second.close();
      expect(receiver.posts.map((p) => (p.body.escalation as { step: number }).step)).toEqual([1, 2]);
    } finally {
      await receiver.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
