/** Tests a profile's connections step by step, so the settings dialog can say which layer failed. */
import type { Profile } from '../../../src-shared/settings/schema';
import type { ConnectionTestResult, SecretName } from '../../../src-shared/ipc/contract';
import { testConnection } from '../../adapters/kafka/connection-test';
import { stat } from 'node:fs/promises';

export async function testProfileConnection(profile: Profile, secrets: Partial<Record<SecretName, string>>): Promise<ConnectionTestResult> {
  const source = profile.source;
  switch (source.kind) {
    case 'simulator':
      return { ok: true, steps: [{ step: 'read', ok: true, detail: 'The built-in simulator needs no connection.', hint: null, ms: 0 }] };
    case 'kafka':
      return testConnection(source, secrets);
    case 'replay':
      return testRecording(source.path);
  }
}

async function testRecording(path: string): Promise<ConnectionTestResult> {
  const started = Date.now();
  try {
    const info = await stat(path);
    const ok = info.isFile();
    return { ok, steps: [{ step: 'read', ok, detail: ok ? `${path}: ${info.size} bytes` : `${path} is not a file`, hint: ok ? null : 'Choose a JSONL, CSV or Parquet recording.', ms: Date.now() - started }] };
  } catch {
    return { ok: false, steps: [{ step: 'read', ok: false, detail: `${path} cannot be read`, hint: 'Check that the file exists and that this user may read it.', ms: Date.now() - started }] };
  }
}
