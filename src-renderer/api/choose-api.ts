import type { StationwatchApi } from '../../src-shared/ipc/contract';
import { Observable } from '../data/observable';
import { createWsApi, serverSocketUrl } from './ws-api';
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
  readonly kind: 'electron' | 'websocket';
}

/** Electron's preload API when present, else a WebSocket client to the headless server serving this page. */
export function chooseApi(win: Window): ChosenApi {
  if (win.stationwatch !== undefined) return { api: win.stationwatch, transport: new Observable<TransportState>('open'), kind: 'electron' };
  const ws = createWsApi(serverSocketUrl(win.location), { createSocket: (url) => new WebSocket(url) });
  const transport = new Observable<TransportState>(ws.state());
  ws.onState((s) => transport.set(s));
  return { api: ws, transport, kind: 'websocket' };
}
