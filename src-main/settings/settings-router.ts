/**
 * Routes validated requests for the desktop (Electron main) and headless mode alike: the settings owner
 * answers settings:get and settings:save and supplies connection:test's secrets (only where the tested
 * profile connects as the saved one does: connection-secrets.ts); everything else goes to
 * the engine. A save that changes what the engine is built from (the active profile's source or
 * database, its secrets, engine-wide settings) restarts only the engine with the new options, and the
 * answer's notice tells the user.
 */
import type { ConnectionTestResult, RequestName, RequestResult, SettingsView, ValidRequestArgs } from '../../src-shared/ipc/contract';
import { ContractError } from '../../src-shared/ipc/contract-error';
import { activeProfile } from '../../src-shared/settings/schema';
import { describeSettingsProblem } from '../../src-shared/settings/settings-problem';
import type { Settings } from '../../src-shared/settings/schema';
import type { EngineHandle, EngineOptions } from '../engine/engine-api';
import { withheldSecretsNotice } from './connection-secrets';
import type { SettingsService } from './settings-service';

/** What the router needs from the engine host. */
export interface RestartableEngine extends EngineHandle {
  /** Restart only the engine with new options (EngineHost.restart). */
  restart(options: EngineOptions): Promise<void>;
}

export interface SettingsRouterDeps {
  readonly engine: RestartableEngine;
  readonly settings: SettingsService;
  /** Options for a (re)started engine from the current settings and secrets. */
  readonly engineOptions: () => EngineOptions;
  /** Told after every save (the desktop's notifier, tray and CSP follow the new settings). */
  readonly onSettingsSaved?: () => void;
}

/** One function for every request name, as the IPC and WebSocket handlers call it. */
export type SettingsRouter = <N extends RequestName>(name: N, args: ValidRequestArgs<N>, by?: string) => Promise<RequestResult<N>>;

/** Build the router. Saves run one at a time, so two windows saving at once cannot interleave restarts. */
export function createSettingsRouter(deps: SettingsRouterDeps): SettingsRouter {
  let saving: Promise<unknown> = Promise.resolve();

  async function save(args: ValidRequestArgs<'settings:save'>): Promise<SettingsView> {
    const change = deps.settings.save(args);
    const applied = change.needsEngineRestart ? await restartEngine(change.next) : await applyLive(change.next);
    deps.onSettingsSaved?.();
    const notes = [applied, ...change.notes].filter((note) => note !== null);
    return deps.settings.view(notes.length > 0 ? notes.join(' ') : null);
  }

  /** The engine rebuilt on the new settings; a failure is told, not thrown: the settings are saved already. */
  async function restartEngine(next: Settings): Promise<string> {
    const name = activeProfile(next).name;
    try {
      await deps.engine.restart(deps.engineOptions());
      return `The engine restarted with profile “${name}”.`;
    } catch (error) {
      return `The settings were saved, but the engine could not start with profile “${name}”: ${messageOf(error)}`;
    }
  }

  /** Operator, retention and the like apply live; the engine never sees secrets in this request. */
  async function applyLive(next: Settings): Promise<string | null> {
    try {
      await deps.engine.request('settings:save', { settings: next, secrets: {} });
      return null;
    } catch (error) {
      return `The settings were saved, but the engine did not take them now (${messageOf(error)}); it will when it starts.`;
    }
  }

  /** The engine tests with the secrets the settings owner allows; the answer says when saved ones were left out. */
  async function testConnection({ profile, secrets }: ValidRequestArgs<'connection:test'>): Promise<ConnectionTestResult> {
    const chosen = deps.settings.secretsForTest(profile, secrets);
    const result = await deps.engine.request('connection:test', { profile, secrets: chosen.secrets });
    const notice = withheldSecretsNotice(chosen.withheld);
    return notice === null ? result : { ...result, notice };
  }

  async function route<N extends RequestName>(name: N, args: ValidRequestArgs<N>, by?: string): Promise<RequestResult<N>> {
    switch (name) {
      case 'settings:get':
        return deps.settings.view() as RequestResult<N>;
      case 'settings:save': {
        const result = saving.then(() => save(args as ValidRequestArgs<'settings:save'>));
        saving = result.catch(() => undefined);
        return result as Promise<RequestResult<N>>;
      }
      case 'connection:test':
        refuseWithoutSettings();
        return testConnection(args as ValidRequestArgs<'connection:test'>) as Promise<RequestResult<N>>;
      case 'decode:preview': {
        refuseWithoutSettings();
        const { profile, secrets, limit } = args as ValidRequestArgs<'decode:preview'>;
        return deps.engine.request('decode:preview', { profile, secrets: deps.settings.secretsForTest(profile, secrets).secrets, limit }) as Promise<RequestResult<N>>;
      }
      default:
        refuseWithoutSettings();
        return deps.engine.request(name, args, by);
    }
  }

  /** No settings in force, so no engine runs: every client hears why, naming the field, not just "not running". */
  function refuseWithoutSettings(): void {
    const problem = deps.settings.problem;
    if (problem !== null && !deps.settings.canStartEngine) throw new ContractError('unavailable', describeSettingsProblem(problem));
  }
  return route;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
