import { CITY_STATION_ID } from '../../src-shared/domain/reading';
import type { Rule } from '../../src-shared/domain/rules';
import type { Station } from '../../src-shared/domain/station';
import type { OutOfServiceView, SettingsView, StationwatchApi } from '../../src-shared/ipc/contract';
import type { PipelineStatus } from '../../src-shared/ipc/status';
import type { TransportState } from '../api/ws-api';
import { watchConnectionLoss } from '../connection/connection-loss';
import { AlarmStore } from './alarm-store';
import { LiveStore } from './live-store';
import { Observable } from './observable';
import { isSameStationList } from './station-list';

/** Most stations drawn as lines at once (DESIGN: 20 visible stations per chart). */
export const MAX_SELECTED = 20;

/** Everything the screens share, outside React: the API, the live data and the slow-changing lists. */
export interface Session {
  readonly api: StationwatchApi;
  readonly transport: Observable<TransportState>;
  /** When contact with the server was lost (wall clock), or null while connected: live data is stale. */
  readonly connectionLostAt: Observable<number | null>;
  readonly live: LiveStore;
  readonly alarms: AlarmStore;
  readonly status: Observable<PipelineStatus | null>;
  readonly stations: Observable<readonly Station[]>;
  readonly rules: Observable<readonly Rule[]>;
  readonly settings: Observable<SettingsView | null>;
  /** Stations drawn as lines in the live charts. */
  readonly selection: Observable<readonly string[]>;
  /** The station of the alarm the operator opened (the drill-down), highlighted on the map; null = none. */
  readonly focus: Observable<string | null>;
  /** The named operator signed in (headless mode with named operator tokens), else null. */
  readonly person: Observable<string | null>;
  /** What the engine has out of service (stations, or single metrics of a station). */
  readonly outOfService: Observable<readonly OutOfServiceView[]>;
  /** The last failed background request, shown in the header instead of the console. */
  readonly problem: Observable<string | null>;
  /** Reload the lists (at start and after every reconnect). */
  refresh(): Promise<void>;
  /** Reload the station registry (e.g. after an import). */
  refreshStations(): Promise<void>;
  /** Reload the out-of-service list (after every alarms:outOfService). */
  refreshOutOfService(): Promise<void>;
  /** Toggle a station in the chart selection. */
  toggleStation(stationId: string): void;
  dispose(): void;
}

/** Wire the stores to the API: pushes update them at once, lists are (re)loaded on connect. */
export function createSession(api: StationwatchApi, transport: Observable<TransportState>, now: () => number = Date.now, person = new Observable<string | null>(null)): Session {
  const live = new LiveStore();
  const alarms = new AlarmStore();
  const status = new Observable<PipelineStatus | null>(null);
  const stations = new Observable<readonly Station[]>([]);
  const rules = new Observable<readonly Rule[]>([]);
  const settings = new Observable<SettingsView | null>(null);
  const selection = new Observable<readonly string[]>([]);
  const focus = new Observable<string | null>(null);
  const problem = new Observable<string | null>(null);
  const outOfService = new Observable<readonly OutOfServiceView[]>([]);
  const connectionLoss = watchConnectionLoss(transport, now);

  function report(what: string): (error: unknown) => void {
    return (error) => problem.set(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }

  // An unchanged registry keeps the list it had: the 15-s poll must not rebuild what is keyed on it (the map).
  // Only the latest request's answer counts: a poll sent before an import must not undo the list read after it.
  let stationsAsked = 0;
  const refreshStations = (): Promise<void> => {
    const asked = ++stationsAsked;
    return api.request('stations:list', {}).then((list) => {
      if (asked !== stationsAsked) return;
      const next = realStations(list);
      if (!isSameStationList(stations.get(), next)) stations.set(next);
    }, report('Stations'));
  };
  const refreshOutOfService = (): Promise<void> => api.request('stations:outOfService', {}).then((list) => outOfService.set(list), report('Out of service'));

  async function refresh(): Promise<void> {
    await Promise.all([
      refreshStations(),
      refreshOutOfService(),
      // Shelved ones too: after a reload or a reconnect they stay under "Shelved", where the operator can unshelve them.
      api.request('alarms:list', { includeShelved: true }).then((list) => alarms.load(list), report('Alarms')),
      api.request('rules:list', {}).then((list) => rules.set(list), report('Rules')),
      api.request('pipeline:status', {}).then((s) => status.set(s), report('Status')),
      api.request('settings:get', {}).then((s) => settings.set(s), report('Settings')),
    ]);
  }

  const offs = [
    api.subscribe('stream:frame', (frame) => live.ingest(frame, now())),
    api.subscribe('alarm:changed', ({ alarm, event }) => alarms.apply(alarm, event)),
    api.subscribe('status:changed', (s) => status.set(s)),
    // Desktop only: main asks to show a station, e.g. after its notification was clicked.
    api.subscribe('ui:focusStation', ({ stationId }) => {
      if (!selection.get().includes(stationId)) toggleStation(stationId);
    }),
    transport.subscribe(() => {
      if (transport.get() === 'open') void refresh();
    }),
  ];
  function toggleStation(stationId: string): void {
    const current = selection.get();
    const next = current.includes(stationId) ? current.filter((s) => s !== stationId) : [...current, stationId].slice(-MAX_SELECTED);
    live.watch(next);
    selection.set(next);
  }

  // Stations first seen in data appear in the registry later; a slow poll keeps the map complete.
  const stationPoll = setInterval(() => {
    if (transport.get() === 'open') void refreshStations();
  }, 15_000);

  return {
    api,
    transport,
    connectionLostAt: connectionLoss.lostAt,
    live,
    alarms,
    status,
    stations,
    rules,
    settings,
    selection,
    focus,
    person,
    problem,
    outOfService,
    refresh,
    refreshStations,
    refreshOutOfService,
    toggleStation,
    dispose() {
      clearInterval(stationPoll);
      connectionLoss.stop();
      for (const off of offs) off();
    },
  };
}

/** The registry without the reserved city-wide id, which is an aggregate, not a place. */
function realStations(list: readonly Station[]): readonly Station[] {
  return list.filter((s) => s.id !== CITY_STATION_ID);
}
