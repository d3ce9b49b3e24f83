import { createContext, useContext } from 'react';
import type { BrowserAlerts } from './browser-alerts';

/** The page's browser alerts; null in Electron, whose main process shows native notifications. */
export const AlertsContext = createContext<BrowserAlerts | null>(null);

/** The browser alerts of this page, or null where there are none (Electron). */
export function useBrowserAlerts(): BrowserAlerts | null {
  return useContext(AlertsContext);
}
