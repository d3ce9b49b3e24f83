/**
 * Routes validated requests: settings and secrets are main's own business (settings file +
 * safeStorage); everything else goes to the engine. A save that changes the active profile (or what
 * the engine is built from) restarts only the engine, never the app.
 */
import type { RequestName, RequestResult, ValidRequestArgs } from '../../src-shared/ipc/contract';
import type { EngineHandle, EngineOptions } from '../engine/engine-api';
import type { RequestRouter } from './ipc-main';
import type { SettingsService } from './settings-service';

/** What the router needs from the engine host. */
export interface RoutedEngine extends EngineHandle {
  /** Restart only the engine with new options (EngineHost.restart). */
  restart(options: EngineOptions): Promise<void>;
}

export interface MainRouterDeps {
  readonly engine: RoutedEngine;
  readonly settings: SettingsService;
  /** Options for a (re)started engine from the current settings and secrets. */
  readonly engineOptions: () => EngineOptions;
  /** Told after every save (notifier, tray and CSP follow the new settings). */
  readonly onSettingsSaved?: () => void;
}

/** Build main's router for handleAll(). */
export function createMainRouter(deps: MainRouterDeps): RequestRouter {
  async function route<N extends RequestName>(name: N, args: ValidRequestArgs<N>): Promise<RequestResult<N>> {
    switch (name) {
      case 'settings:get':
        return deps.settings.view() as RequestResult<N>;
      case 'settings:save': {
        const change = deps.settings.save(args as ValidRequestArgs<'settings:save'>);
        if (change.needsEngineRestart) await deps.engine.restart(deps.engineOptions());
        // Rules and the operator apply live; the engine never sees secrets in this request.
        else await deps.engine.request('settings:save', { settings: change.next, secrets: {} });
        deps.onSettingsSaved?.();
        return deps.settings.view() as RequestResult<N>;
      }
      case 'connection:test': {
        const { profile, secrets } = args as ValidRequestArgs<'connection:test'>;
        return deps.engine.request('connection:test', { profile, secrets: deps.settings.secretsForTest(profile.id, secrets) }) as Promise<RequestResult<N>>;
      }
      default:
        return deps.engine.request(name, args);
    }
  }
  return route;
}
