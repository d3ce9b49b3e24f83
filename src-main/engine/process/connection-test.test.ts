import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { KafkaSourceSchema, ReplaySourceSchema, SimulatorSourceSchema } from '../../../src-shared/settings/schema';
import type { Profile } from '../../../src-shared/settings/schema';
import { testProfileConnection } from './connection-test';

const dir = mkdtempSync(join(tmpdir(), 'sw-conn-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function replay(path: string, format: 'jsonl' | 'csv' | 'parquet' | null = null): Profile {
  return { id: 'default', name: 'Replay', source: ReplaySourceSchema.parse({ kind: 'replay', path, format }), database: { kind: 'memory' } };
}

/** The answer without its timing, which differs from run to run. */
async function answer(profile: Profile): Promise<unknown> {
  const result = await testProfileConnection(profile, {});
  return { ok: result.ok, steps: result.steps.map((step) => ({ ...step, ms: 0 })) };
}

describe('connection:test of a replay profile', () => {
  it('passes for a recording', async () => {
    const sample = fileURLToPath(new URL('../../../resources/sample-data/city-12x10min.jsonl', import.meta.url));
    expect(await testProfileConnection(replay(sample), {})).toMatchObject({ ok: true, steps: [{ step: 'read', ok: true }] });
  });

  it('says only "not a readable recording" about any other file: no size, no content, nothing that tells a file from a missing one', async () => {
    const secret = 'root:$6$k3y$d1gest:19000:0:99999:7:::\n'.repeat(21);
    const path = join(dir, 'shadow');
    writeFileSync(path, secret);
    const answers = [await answer(replay(path)), await answer(replay(path, 'jsonl')), await answer(replay(path, 'csv')), await answer(replay(join(dir, 'missing'))), await answer(replay(dir, 'jsonl'))];
    expect(answers[0]).toEqual({
      ok: false,
      steps: [{ step: 'read', ok: false, detail: 'Not a readable recording.', hint: 'Choose a JSONL, CSV or Parquet recording that this user may read, with the columns this profile maps (station, time, metrics).', ms: 0 }],
    });
    for (const other of answers) expect(other).toEqual(answers[0]);
    const text = JSON.stringify(answers);
    for (const leak of [String(Buffer.byteLength(secret)), 'bytes', 'root', 'd1gest', 'shadow']) expect(text).not.toContain(leak);
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function layers(steps: readonly { step: string; ok: boolean; target?: string }[] | undefined): string[] {
  return (steps ?? []).map((s) => `${s.target === undefined ? '' : `${s.target} `}${s.step}:${s.ok ? 'ok' : 'FAIL'}`);
}

describe('connection:test tests the database beside the source', () => {
  const simulator = SimulatorSourceSchema.parse({ kind: 'simulator' });

  it('fails for a PostgreSQL URL on a closed port, showing the layers of the simulator and of the database', async () => {
    const port = await closedPort();
    const result = await testProfileConnection({ id: 'p', name: 'P', source: simulator, database: { kind: 'postgres', url: `postgres://stationwatch@127.0.0.1:${port}/stationwatch`, ssl: false } }, {});
    expect(result.ok).toBe(false);
    expect(layers(result.steps)).toEqual(['read:ok']);
    expect(layers(result.databaseSteps)).toEqual(['url:ok', 'dns:ok', 'tcp:FAIL']);
    expect(result.databaseSteps![2]!.hint).toContain(`Nothing is listening on 127.0.0.1:${port}`);
  });

  it('checks the folder of the embedded database: the data folder of the app when the profile names none', async () => {
    const result = await testProfileConnection({ id: 'p', name: 'P', source: simulator, database: { kind: 'pglite', dir: null } }, {}, {}, dir);
    expect(result.ok).toBe(true);
    expect(layers(result.databaseSteps)).toEqual(['folder:ok', 'space:ok']);
    expect(result.databaseSteps![0]!.detail).toBe(`${join(dir, 'pglite')} will be created in ${dir}, which is writable`);
    expect(result.databaseSteps![1]!.detail).toMatch(/^\d+(\.\d)? (GiB|MiB) free of /);
  });

  it('tests every broker, naming each, and still goes on through the ones that answer', async () => {
    const port = await closedPort();
    const kafka = KafkaSourceSchema.parse({ kind: 'kafka', brokers: ['kafka-9.stationwatch.invalid:9092', `127.0.0.1:${port}`], topics: ['readings'] });
    const result = await testProfileConnection({ id: 'p', name: 'P', source: kafka, database: { kind: 'memory' } }, {});
    expect(result.ok).toBe(false);
    expect(layers(result.steps)).toEqual(['kafka-9.stationwatch.invalid:9092 dns:FAIL', `127.0.0.1:${port} dns:ok`, `127.0.0.1:${port} tcp:FAIL`]);
    expect(layers(result.databaseSteps)).toEqual(['database:ok']);
  });
});
