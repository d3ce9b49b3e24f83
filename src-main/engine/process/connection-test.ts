/** Tests a profile's connections step by step, so the settings dialog can say which layer failed. */
import type { DecoderSettings, Profile } from '../../../src-shared/settings/schema';
import type { ConnectionTestResult, SecretName } from '../../../src-shared/ipc/contract';
import { testConnection } from '../../adapters/kafka/connection-test';
import { isReadableRecording } from '../../adapters/replay/recording-probe';

/**
 * Runs the test with exactly the secrets given (the settings owner decides which stored ones a test may
 * use: src-main/settings/connection-secrets.ts). `decoderLimits` are the app's caps a replay reads with.
 */
export async function testProfileConnection(profile: Profile, secrets: Partial<Record<SecretName, string>>, decoderLimits: Partial<DecoderSettings> = {}): Promise<ConnectionTestResult> {
  const source = profile.source;
  switch (source.kind) {
    case 'simulator':
      return { ok: true, steps: [{ step: 'read', ok: true, detail: 'The built-in simulator needs no connection.', hint: null, ms: 0 }] };
    case 'kafka':
      return testConnection(source, secrets);
    case 'replay':
      return testRecording(source, decoderLimits);
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
