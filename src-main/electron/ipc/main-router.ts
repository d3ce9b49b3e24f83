/**
 * Main routes requests the way headless mode does (src-main/settings/settings-router.ts): settings and
 * secrets are answered by the settings owner (settings file + safeStorage); everything else goes to the
 * engine. A save that changes the active profile (or what the engine is built from) restarts only the
 * engine, never the app.
 */
import { createSettingsRouter } from '../../settings/settings-router';
import type { RestartableEngine, SettingsRouterDeps } from '../../settings/settings-router';
import type { RequestRouter } from './ipc-main';

/** What the router needs from the engine host. */
export type RoutedEngine = RestartableEngine;

export type MainRouterDeps = SettingsRouterDeps;

/** Build main's router for handleAll(). */
export function createMainRouter(deps: MainRouterDeps): RequestRouter {
  return createSettingsRouter(deps);
}
