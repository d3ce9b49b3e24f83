import type { StationwatchApi } from '../../src-shared/ipc/contract';
import { Observable } from '../data/observable';
import { createWsApi, pageUrlWithoutToken, serverSocketUrl } from './ws-api';
import type { TransportState } from './ws-api';

declare global {
  interface Window {
    /** Exposed by the Electron preload through contextBridge; absent in a plain browser. */
    readonly stationwatch?: StationwatchApi;
  }
}

/** The API this page talks to and its transport state. */
export interface ChosenApi {
  readonly api: StationwatchApi;
  readonly transport: Observable<TransportState>;
  /** The named operator signed in with this page's token (headless mode), else null. */
  readonly person: Observable<string | null>;
  readonly kind: 'electron' | 'websocket';
}

/** Electron's preload API when present, else a WebSocket client to the headless server serving this page. */
export function chooseApi(win: Window): ChosenApi {
  if (win.stationwatch !== undefined) return { api: win.stationwatch, transport: new Observable<TransportState>('open'), person: new Observable<string | null>(null), kind: 'electron' };
  const ws = createWsApi(serverSocketUrl(win.location), { createSocket: (url) => new WebSocket(url) });
  forgetPageToken(win);
  const transport = new Observable<TransportState>(ws.state());
  ws.onState((s) => transport.set(s));
  const person = new Observable<string | null>(ws.person());
  ws.onHello(() => person.set(ws.person()));
  ws.onState(() => person.set(ws.person()));
  return { api: ws, transport, person, kind: 'websocket' };
}

/**
 * Take ?token= out of the address bar and this history entry once the socket URL holds it, so it is not
 * kept in history, bookmarks or a shared screenshot. Reloads still authenticate: the server answered
 * this page with the token in an HttpOnly cookie.
 */
function forgetPageToken(win: Window): void {
  const cleaned = pageUrlWithoutToken(win.location);
  if (cleaned !== null) win.history.replaceState(win.history.state, '', cleaned);
}
