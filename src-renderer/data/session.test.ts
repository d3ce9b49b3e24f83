import { afterEach, describe, expect, it } from 'vitest';
import type { EventName, EventPayloads, RequestName, StationwatchApi } from '../../src-shared/ipc/contract';
import { defaultSettings } from '../../src-shared/settings/schema';
import { DEFAULT_RULES } from '../../src-shared/settings/default-rules';
import { makeAlarm } from '../alarms/test-alarm';
import type { TransportState } from '../api/ws-api';
import { Observable } from './observable';
import { createSession } from './session';
import type { Session } from './session';
import { buildFrame } from './test-frame';

/** An in-memory API: canned answers per request, and a way to push events. */
function fakeApi(answers: Partial<Record<RequestName, unknown>>) {
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const api: StationwatchApi = {
    request: (name) => (name in answers ? Promise.resolve(answers[name] as never) : Promise.reject(new Error(`${name} unavailable`))),
    subscribe: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
  };
  const push = <E extends EventName>(event: E, payload: EventPayloads[E]) => {
    for (const l of listeners.get(event) ?? []) l(payload as never);
  };
  return { api, push };
}

let session: Session | null = null;
afterEach(() => session?.dispose());

describe('createSession', () => {
  const stations = [{ id: '*', name: '*', district: '', lat: null, lon: null }, { id: 'st-01', name: 'A', district: 'Centre', lat: 52.37, lon: 4.9 }];

  it('loads the lists on refresh, without the city pseudo-station, and reports failures without throwing', async () => {
    const { api } = fakeApi({ 'stations:list': stations, 'alarms:list': [makeAlarm({ id: 'a@st-01' })], 'rules:list': DEFAULT_RULES, 'settings:get': { settings: defaultSettings(), secrets: {}, notice: null } });
    session = createSession(api, new Observable<TransportState>('open'), () => 1000);
    await session.refresh();
    expect(session.stations.get().map((s) => s.id)).toEqual(['st-01']);
    expect(session.alarms.all.get().map((a) => a.id)).toEqual(['a@st-01']);
    expect(session.rules.get()).toHaveLength(DEFAULT_RULES.length);
    expect(session.status.get()).toBeNull();
    expect(session.problem.get()).toBe('Status: pipeline:status unavailable');
  });

  it('keeps the station list it has when the registry poll brings the same stations, and takes a changed one', async () => {
    let answer = stations.map((s) => ({ ...s }));
    const { api } = fakeApi({});
    const request = api.request;
    api.request = ((name: RequestName, args: never) => (name === 'stations:list' ? Promise.resolve(answer.map((s) => ({ ...s }))) : request(name, args))) as StationwatchApi['request'];
    session = createSession(api, new Observable<TransportState>('open'), () => 1000);
    let changes = 0;
    session.stations.subscribe(() => changes++);
    await session.refreshStations();
    const first = session.stations.get();
    await session.refreshStations();
    expect(session.stations.get()).toBe(first);
    expect(changes).toBe(1);
    answer = [...answer, { id: 'st-02', name: 'B', district: 'Harbour', lat: 52.38, lon: 4.91 }];
    await session.refreshStations();
    expect(session.stations.get().map((s) => s.id)).toEqual(['st-01', 'st-02']);
    expect(changes).toBe(2);
  });

  it('takes the answer of the latest station request when an older one is answered after it', async () => {
    const { api } = fakeApi({});
    const pending: ((list: unknown) => void)[] = [];
    api.request = ((name: RequestName) => (name === 'stations:list' ? new Promise((resolve) => pending.push(resolve)) : Promise.reject(new Error('unavailable')))) as StationwatchApi['request'];
    session = createSession(api, new Observable<TransportState>('closed'), () => 1000);
    const poll = session.refreshStations();
    const afterImport = session.refreshStations();
    pending[1]?.([...stations, { id: 'imp-01', name: 'Pump house', district: '', lat: null, lon: null }]);
    await afterImport;
    pending[0]?.(stations);
    await poll;
    expect(session.stations.get().map((s) => s.id)).toEqual(['st-01', 'imp-01']);
  });

  it('feeds frames, alarm pushes and focus requests into the stores', () => {
    const { api, push } = fakeApi({});
    session = createSession(api, new Observable<TransportState>('closed'), () => 5000);
    push('stream:frame', buildFrame([{ station: 'st-01', metric: 'temperature', ts: 1, value: 20 }]));
    expect(session.live.latest.get('st-01')?.lastSeenAt).toBe(5000);
    push('alarm:changed', { alarm: makeAlarm({ id: 'b@st-02' }), event: { alarmId: 'b@st-02', type: 'activated', at: 1, who: 'system', comment: null, fromState: 'normal', toState: 'unacknowledged', value: 1 } });
    expect(session.alarms.get('b@st-02')?.state).toBe('unacknowledged');
    push('ui:focusStation', { stationId: 'st-02', alarmId: 'b@st-02' });
    push('ui:focusStation', { stationId: 'st-02', alarmId: null });
    expect(session.selection.get()).toEqual(['st-02']);
    expect(session.live.watched()).toEqual(['st-02']);
    session.toggleStation('st-02');
    expect(session.selection.get()).toEqual([]);
  });

  it('keeps at most 20 selected stations, dropping the oldest', () => {
    session = createSession(fakeApi({}).api, new Observable<TransportState>('closed'));
    for (let i = 1; i <= 22; i++) session.toggleStation(`st-${i}`);
    expect(session.selection.get()).toHaveLength(20);
    expect(session.selection.get()[0]).toBe('st-3');
  });

  it('reads what is out of service from the engine on every reconnect, not from this window', async () => {
    let list = [{ stationId: 'st-04', metric: null }];
    const { api } = fakeApi({});
    const transport = new Observable<TransportState>('closed');
    const request = api.request;
    api.request = ((name: RequestName, args: never) => (name === 'stations:outOfService' ? Promise.resolve(list) : request(name, args))) as StationwatchApi['request'];
    session = createSession(api, transport);
    transport.set('open');
    await expect.poll(() => session?.outOfService.get()).toEqual([{ stationId: 'st-04', metric: null }]);
    list = [];
    await session.refreshOutOfService();
    expect(session.outOfService.get()).toEqual([]);
  });
});
