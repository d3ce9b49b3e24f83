import { useState } from 'react';
import type { ReactNode } from 'react';
import { LeaveDialog } from './leave-dialog';

/**
 * Asks before a dialog holding typed work is closed by Escape or its × button (a slip of the hand): `requestClose`
 * closes at once when nothing is typed, else opens `prompt`, which discards only on confirmation. The dialog's own
 * Cancel button is a deliberate choice and closes without asking.
 */
export function useDiscardGuard(hasWork: boolean, close: () => void, what: { readonly title: string; readonly message: string }): { readonly requestClose: () => void; readonly prompt: ReactNode } {
  const [isAsking, setAsking] = useState(false);
  const requestClose = (): void => (hasWork ? setAsking(true) : close());
  const prompt = isAsking ? <LeaveDialog title={what.title} message={what.message} leaveLabel="Discard" onLeave={close} onStay={() => setAsking(false)} /> : null;
  return { requestClose, prompt };
}
