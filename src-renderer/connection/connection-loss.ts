import type { TransportState } from '../api/ws-api';
import { Observable } from '../data/observable';

/**
 * When contact with the server was lost (wall-clock epoch ms), or null while connected. Set the moment
 * the transport leaves 'open', so everything that shows live data can say it is stale at once; cleared
 * when it is open again. The reconnect attempts in between ('connecting', 'closed') keep the first time.
 */
export function watchConnectionLoss(transport: Observable<TransportState>, now: () => number = Date.now): { readonly lostAt: Observable<number | null>; stop(): void } {
  const lostAt = new Observable<number | null>(transport.get() === 'open' ? null : initialLoss(transport.get(), now));
  let wasOpen = transport.get() === 'open';
  const stop = transport.subscribe(() => {
    const isOpen = transport.get() === 'open';
    if (isOpen) lostAt.set(null);
    else if (wasOpen) lostAt.set(now());
    wasOpen = isOpen;
  });
  return { lostAt, stop };
}

/** A page that starts before its first connection is not "lost" yet: only a connection that was open can be. */
function initialLoss(state: TransportState, now: () => number): number | null {
  return state === 'closed' ? now() : null;
}

/** A duration as m:ss, or h:mm:ss from an hour on ("0:42", "12:05", "1:02:03"); negative counts as 0. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`;
}

/** The banner's sentence: how long ago contact was lost, and that the page keeps trying (ws-api's backoff). */
export function describeConnectionLoss(lostAt: number, now: number): string {
  return `Connection to the server lost ${formatElapsed(now - lostAt)} ago — reconnecting…`;
}
