import { createContext, useContext, useSyncExternalStore } from 'react';
import type { Observable } from './data/observable';
import type { Session } from './data/session';

/** The session, provided once at the root. */
export const SessionContext = createContext<Session | null>(null);

/** The session of this window; throws outside the provider (a wiring bug). */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === null) throw new Error('useSession outside SessionContext');
  return session;
}

/** Read an Observable in a component; re-renders when it changes. */
export function useObservable<T>(observable: Observable<T>): T {
  return useSyncExternalStore(observable.subscribe, observable.get);
}
