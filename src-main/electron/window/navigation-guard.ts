/**
 * Keeps the window on our app: navigation elsewhere and window.open are denied; http(s) links open in
 * the system browser instead. Electron security checklist #13 and #14:
 * https://www.electronjs.org/docs/latest/tutorial/security#13-disable-or-limit-navigation
 */
import { isAppUrl } from './app-location';
import type { AppLocation } from './app-location';

export type NavigationDecision = 'allow' | 'external' | 'deny';

/** What to do with a navigation or window.open to `url`. */
export function decideNavigation(url: string, location: AppLocation): NavigationDecision {
  if (isAppUrl(url, location)) return 'allow';
  try {
    const protocol = new URL(url).protocol;
    return protocol === 'https:' || protocol === 'http:' ? 'external' : 'deny';
  } catch {
    return 'deny';
  }
}

interface PreventableEvent {
  preventDefault(): void;
}

/** The parts of Electron's WebContents the guard uses. */
export interface GuardedContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** Install the guard on a window's contents; `openExternal` is shell.openExternal. */
export function installNavigationGuard(contents: GuardedContents, location: AppLocation, openExternal: (url: string) => Promise<void>): void {
  const open = (url: string): void => void openExternal(url).catch(() => undefined);
  const onNavigate = (event: PreventableEvent, url: string): void => {
    const decision = decideNavigation(url, location);
    if (decision === 'allow') return;
    event.preventDefault();
    if (decision === 'external') open(url);
  };
  contents.on('will-navigate', onNavigate);
  contents.on('will-redirect', onNavigate);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // No new windows ever: external links go to the browser, everything else is dropped.
  contents.setWindowOpenHandler(({ url }) => {
    if (decideNavigation(url, location) === 'external') open(url);
    return { action: 'deny' };
  });
}
