import { createContext, useContext } from 'react';
import type { ReplayController } from './replay-controller';

/** The window's replay controller (issue 19); null where none is provided (components rendered alone). */
export const ReplayContext = createContext<ReplayController | null>(null);

/** The replay controller, or null outside the app shell. */
export function useReplay(): ReplayController | null {
  return useContext(ReplayContext);
}
