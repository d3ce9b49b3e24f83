/** Tests a profile's connections step by step, so the settings dialog can say which layer failed. */
import type { DatabaseSettings, DecoderSettings, Profile } from '../../../src-shared/settings/schema';
import type { ConnectionStepResult, ConnectionTestResult, SecretName } from '../../../src-shared/ipc/contract';
import { testConnection } from '../../adapters/kafka/connection-test';
import { testMqttConnection } from '../../adapters/mqtt/mqtt-connection-test';
import { testPgliteFolder } from '../../adapters/pglite/pglite-folder-test';
import { testPostgresConnection } from '../../adapters/postgres/postgres-connection-test';
import { isReadableRecording } from '../../adapters/replay/recording-probe';
import { pgliteFolder } from '../../adapters/sql/open-store';

/**
 * Runs the test with exactly the secrets given (the settings owner decides which stored ones a test may
 * use: src-main/settings/connection-secrets.ts). `decoderLimits` are the app's caps a replay reads with;
 * `dataDir` is where the embedded database lives when the profile names no folder. The source and the
 * database are tested side by side; the answer has the layers of both.
 */
export async function testProfileConnection(profile: Profile, secrets: Partial<Record<SecretName, string>>, decoderLimits: Partial<DecoderSettings> = {}, dataDir: string | null = null): Promise<ConnectionTestResult> {
  const [source, databaseSteps] = await Promise.all([testSource(profile, secrets, decoderLimits), testDatabase(profile.database, secrets.databasePassword, dataDir)]);
  return { ...source, ok: source.ok && databaseSteps.every((step) => step.ok), databaseSteps };
}

/** The database's layers: a PostgreSQL server's network, login and rights, or the embedded database's folder. */
async function testDatabase(database: DatabaseSettings, password: string | undefined, dataDir: string | null): Promise<ConnectionStepResult[]> {
  switch (database.kind) {
    case 'postgres':
      return testPostgresConnection(database, password);
    case 'pglite':
      if (database.dir === null && dataDir === null) return [{ step: 'folder', ok: false, detail: 'no data folder known to test', hint: 'Name a folder for the embedded database.', ms: 0 }];
      return testPgliteFolder(pgliteFolder(database.dir, dataDir ?? ''));
    case 'memory':
      return [{ step: 'database', ok: true, detail: 'Kept in memory: nothing to connect to, and nothing is kept after a restart.', hint: null, ms: 0 }];
  }
}

async function testSource(profile: Profile, secrets: Partial<Record<SecretName, string>>, decoderLimits: Partial<DecoderSettings>): Promise<ConnectionTestResult> {
  const source = profile.source;
  switch (source.kind) {
    case 'simulator':
      return { ok: true, steps: [{ step: 'read', ok: true, detail: 'The built-in simulator needs no connection.', hint: null, ms: 0 }] };
    case 'kafka':
      return testConnection(source, secrets);
    case 'replay':
      return testRecording(source, decoderLimits);
    case 'mqtt':
      return testMqttConnection(source, secrets);
    case 'http-push':
      return { ok: true, steps: [{ step: 'read', ok: true, detail: 'HTTP push needs no connection: clients POST to /ingest of the headless server (npm run serve) with the ingest token.', hint: null, ms: 0 }] };
  }
}

/**
 * Yes with the format, or one generic no: nothing about a file that is not a recording (its size, type,
 * whether it exists or a line of it) reaches the answer.
 */
async function testRecording(source: Extract<Profile['source'], { kind: 'replay' }>, decoderLimits: Partial<DecoderSettings>): Promise<ConnectionTestResult> {
  const started = performance.now();
  const ok = await isReadableRecording(source, decoderLimits);
  const ms = Math.round(performance.now() - started);
  if (ok) return { ok, steps: [{ step: 'read', ok, detail: `${source.path} reads as a recording; its first rows decode.`, hint: null, ms }] };
  return {
    ok,
    steps: [{ step: 'read', ok, detail: 'Not a readable recording.', hint: 'Choose a JSONL, CSV or Parquet recording that this user may read, with the columns this profile maps (station, time, metrics).', ms }],
  };
}
