/**
 * (e) The database away AND the disk under the outage spill full: the store refuses a write, which used
 * to silence the pipeline for good (every tick and batch threw, the engine only logged, the health check
 * still said running). Now the engine says why and ends itself, the supervisor (EngineHost over a child
 * process, as in headless mode) restarts it with that reason — raised as the engine-restarted system
 * alarm — and, once disk and database are back, the windows are exactly the brute-force ones: offsets
 * were committed only for what was durable, so the restarted engine re-read the rest.
 * The spill directory is a small tmpfs filled to the last byte (root only; CI runs as root).
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { EngineHost } from '../../src-main/engine/host/engine-host';
import type { EngineRestartInfo } from '../../src-main/engine/host/engine-host';
import { childProcessCarrier } from '../../src-main/engine/host/carriers';
import { defaultEngineEntry } from '../../src-main/engine/host/engine-entry-path';
import { createTopic, deleteTopic, requireKafka, uniqueTopicName } from '../helpers/kafka';
import { hasPostgresBinaries, startPrivatePostgres } from '../helpers/private-postgres';
import { CLOSER_METRIC, SIZES_MS, chunksOf, closeStream, connectProducer, engineSettings, produceAll, simulatedReadings, statusOf, waitUntil } from './stream-harness';
import { compareWithTable, expectedWindows, summarize } from './window-expectation';

const kafka = await requireKafka();
const hasBinaries = hasPostgresBinaries();

/** Mounts a tmpfs of `size` at `dir`; false when this machine does not allow it (not root). */
function mountTmpfs(dir: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const probe = await mkdtemp(join(tmpdir(), 'sw-tmpfs-probe-'));
const canMount = mountTmpfs(probe, '64k');
if (canMount) execFileSync('umount', [probe]);
await rm(probe, { recursive: true, force: true });
if ((!canMount || !hasBinaries) && process.env.CI === 'true') throw new Error('the full-disk test needs root (tmpfs) and PostgreSQL binaries (CI=true: never skip)');
if (!canMount) console.warn('\n*** SKIPPING full-disk test: cannot mount a tmpfs here (not root) ***\n');

/** Fills the filesystem of `dir` to the last byte; returns how to free it again. */
async function fill(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, 'filler');
  const handle = await open(path, 'w');
  const block = Buffer.alloc(4096, 1);
  try {
    for (;;) await handle.write(block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
  // Byte by byte for the last partial block.
  try {
    for (;;) await handle.write(Buffer.alloc(1, 1));
  } catch {
    // full
  }
  await handle.close();
  return () => rm(path, { force: true });
}

describe.skipIf(kafka === null || !hasBinaries || !canMount)('nothing lost: the database away and the spill disk full', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });

  it('(e) a refused store write restarts the engine with its reason, and the windows end up exact', async () => {
    const env = kafka!;
    const cluster = await startPrivatePostgres();
    cleanup.push(async () => cluster.destroy());
    cluster.psql('CREATE DATABASE nothing_lost');
    const databaseUrl = cluster.urlFor('postgres', 'nothing_lost');
    const readings = simulatedReadings({ stations: 100, count: 60_000, seed: 13 });
    const expected = expectedWindows(readings, SIZES_MS);
    const topic = await createTopic(env, { partitions: 3, prefix: 'sw-nl-full' });
    cleanup.push(() => deleteTopic(env, topic));
    const dataDir = await mkdtemp(join(tmpdir(), 'sw-nl-full-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const spillRoot = join(dataDir, 'store-spill');
    await mkdir(spillRoot);
    expect(mountTmpfs(spillRoot, '4m')).toBe(true);
    cleanup.push(async () => void execFileSync('umount', ['-l', spillRoot]));

    const restarts: EngineRestartInfo[] = [];
    const states: string[] = [];
    const host = new EngineHost({
      createCarrier: () => childProcessCarrier(defaultEngineEntry()),
      engineOptions: { settings: engineSettings({ brokers: env.brokers, topic, groupId: uniqueTopicName('sw-nl-full-group'), databaseUrl }), secrets: {}, dataDir, operator: 'integration test' },
      backoff: { initialMs: 200, maxMs: 2_000, stableMs: 60_000 },
      onRestart: (info) => restarts.push(info),
      onStateChange: (state) => states.push(state),
      events: [],
    });
    await host.start();
    cleanup.push(async () => void (await host.stop()));
    const producer = await connectProducer(env);
    cleanup.push(() => producer.disconnect());

    const chunks = chunksOf(readings);
    const third = Math.floor(chunks.length / 3);
    await produceAll(host, producer, topic, chunks, {
      after: third,
      run: async () => {
        const free = await fill(spillRoot);
        cluster.stop();
        // The next store write goes to the spill, the full disk refuses it, the engine ends and is restarted.
        await waitUntil('the engine to be restarted for the refused write', async () => (restarts.length > 0 ? true : `state ${host.state}`));
        expect(restarts[0]!.reason).toMatch(/the store refused a write.*(ENOSPC|no space)/i);
        // While it cannot store, it is not healthy (the headless /healthz answers 503 unless running).
        expect(states).toContain('restarting');
        await free();
        cluster.start();
        await waitUntil('the engine running on the database again', async () => {
          const status = await statusOf(host);
          return host.state === 'running' && status?.store.state === 'ok' ? true : `host ${host.state}, store ${status?.store.state}`;
        });
      },
    });
    await closeStream(host, producer, topic, readings[readings.length - 1]!.ts, databaseUrl, expected.size);
    const alarms = await host.request('alarms:list', { includeNormal: true, includeShelved: true });
    const restarted = alarms.find((a) => a.ruleId === 'system:engine-restarted');
    expect(restarted?.message).toMatch(/restarted .*: the store refused a write/);
    await host.stop();

    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const comparison = await compareWithTable(db, expected, [CLOSER_METRIC]);
      expect(comparison.missing.length + comparison.extra.length + comparison.wrong.length, summarize(comparison)).toBe(0);
    } finally {
      await db.end();
    }
  });
});
