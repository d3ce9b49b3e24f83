/** Tests a profile's connections step by step, so the settings dialog can say which layer failed. */
import type { Profile } from '../../src-shared/settings/schema';
import type { ConnectionTestResult, SecretName } from '../../src-shared/ipc/contract';

export async function testProfileConnection(profile: Profile, _secrets: Partial<Record<SecretName, string>>): Promise<ConnectionTestResult> {
  const source = profile.source;
  switch (source.kind) {
    case 'simulator':
      return { ok: true, steps: [{ step: 'read', ok: true, detail: 'The built-in simulator needs no connection.', hint: null, ms: 0 }] };
    case 'kafka':
    case 'replay':
      return { ok: false, steps: [{ step: 'read', ok: false, detail: `Testing a ${source.kind} source is not available in this build yet.`, hint: null, ms: 0 }] };
  }
}
