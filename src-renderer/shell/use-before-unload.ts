import { useEffect } from 'react';

/**
 * While `hasUnsavedWork`, closing or reloading the page asks first: the browser's own beforeunload prompt
 * (browsers show their own text and show it only after the user has interacted with the page). In the
 * desktop app, main decides what a prevented unload does (src-main/electron/window/main-window.ts).
 */
export function useBeforeUnload(hasUnsavedWork: boolean): void {
  useEffect(() => {
    if (!hasUnsavedWork) return;
    const warn = (event: BeforeUnloadEvent): void => {
      event.preventDefault();
      // Chromium before 119 and Electron's older pages ask only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [hasUnsavedWork]);
}
