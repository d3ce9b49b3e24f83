/** EngineOptions for the desktop app: settings, decrypted secrets, userData and the operator on duty. */
import type { Settings } from '../../../src-shared/settings/schema';
import type { EngineOptions, SecretValues } from '../../engine/engine-api';

/** The operator is the one named in settings, else the OS user (DESIGN: audit trail "who"). */
export function desktopEngineOptions(settings: Settings, secrets: SecretValues, userDataDir: string, osUserName: string): EngineOptions {
  return { settings, secrets, dataDir: userDataDir, operator: settings.operator ?? osUserName };
}
