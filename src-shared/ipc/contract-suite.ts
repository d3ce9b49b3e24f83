/**
 * One request suite for every transport of the contract: the Electron preload over IPC, the
 * WebSocket client in headless mode. Environment-free (no test framework): each case throws an Error
 * on failure, so vitest, a benchmark or a smoke script can run it. Written for an engine running the
 * simulator profile.
 */
import { SECRET_NAMES } from './contract';
import type { EventName, StationwatchApi } from './contract';

export interface ContractCase {
  readonly name: string;
  run(api: StationwatchApi, tools: ContractTools): Promise<void>;
}

/** What the environment lends the suite (src-shared has no timers). */
export interface ContractTools {
  /** Resolves after `ms`. */
  wait(ms: number): Promise<void>;
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

async function rejects(promise: Promise<unknown>, pattern: RegExp, what: string): Promise<void> {
  try {
    await promise;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    check(pattern.test(message), `${what}: expected a rejection matching ${pattern}, got "${message}"`);
    return;
  }
  throw new Error(`${what}: expected a rejection, but it resolved`);
}

async function firstEvent(api: StationwatchApi, event: EventName, tools: ContractTools, timeoutMs: number): Promise<unknown> {
  let received: unknown = undefined;
  let count = 0;
  const unsubscribe = api.subscribe(event, (payload) => {
    count++;
    received ??= payload;
  });
  for (let waited = 0; count === 0 && waited < timeoutMs; waited += 50) await tools.wait(50);
  unsubscribe();
  check(count > 0, `no ${event} within ${timeoutMs} ms`);
  const after = count;
  await tools.wait(1200);
  check(count === after, `${event} kept arriving after unsubscribe`);
  return received;
}

/** The cases, in a sensible order. */
export const CONTRACT_SUITE: readonly ContractCase[] = [
  {
    name: 'settings:get returns settings and only set/not-set for secrets',
    async run(api) {
      const view = await api.request('settings:get', {});
      check(typeof view.settings.activeProfileId === 'string', 'settings.activeProfileId missing');
      for (const profile of view.settings.profiles) {
        const status = view.secrets[profile.id];
        check(status !== undefined, `no secret status for profile ${profile.id}`);
        for (const name of SECRET_NAMES) check(typeof status?.[name] === 'boolean', `secret status ${name} is not a boolean`);
      }
    },
  },
  {
    name: 'pipeline:status describes the running pipeline',
    async run(api) {
      const status = await api.request('pipeline:status', {});
      check(status.source.kind === 'simulator', `source kind ${status.source.kind}`);
      check(typeof status.counters.readings === 'number' && typeof status.engineRestarts === 'number', 'status counters missing');
    },
  },
  {
    name: 'lists answer with arrays',
    async run(api) {
      check(Array.isArray(await api.request('alarms:list', {})), 'alarms:list');
      check(Array.isArray(await api.request('rules:list', {})), 'rules:list');
      check(Array.isArray(await api.request('quarantine:list', {})), 'quarantine:list');
      const stations = await api.request('stations:list', {});
      check(Array.isArray(stations) && stations.length > 0, 'stations:list is empty for the simulator');
    },
  },
  {
    name: 'bad arguments are refused with a readable message',
    async run(api) {
      await rejects(api.request('alarms:ack', {} as never), /alarmId/, 'alarms:ack without alarmId');
      await rejects(api.request('history:query', { stationIds: [], metric: 'temperature', from: 0, to: 1, maxPoints: 100 }), /Invalid arguments for history:query/, 'history:query without stations');
      await rejects(api.request('nope:nothing' as never, {} as never), /nope:nothing/, 'unknown request');
    },
  },
  {
    name: 'an unknown alarm is a readable engine error',
    async run(api) {
      await rejects(api.request('alarms:ack', { alarmId: 'no-such-rule@no-such-station' }), /./, 'ack of an unknown alarm');
    },
  },
  {
    name: 'status events arrive and stop after unsubscribe',
    async run(api, tools) {
      const status = (await firstEvent(api, 'status:changed', tools, 3000)) as { source?: { kind?: string } };
      check(status.source?.kind === 'simulator', 'status:changed payload has no source');
    },
  },
  {
    name: 'frames arrive with typed-array columns',
    async run(api, tools) {
      const frame = (await firstEvent(api, 'stream:frame', tools, 3000)) as { raw?: { value?: unknown } };
      check(frame.raw?.value instanceof Float64Array, 'frame.raw.value is not a Float64Array');
    },
  },
];

/** Run every case; returns the names that passed, throws the first failure (named). */
export async function runContractSuite(api: StationwatchApi, tools: ContractTools): Promise<string[]> {
  const passed: string[] = [];
  for (const item of CONTRACT_SUITE) {
    try {
      await item.run(api, tools);
    } catch (error) {
      throw new Error(`contract case "${item.name}" failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    passed.push(item.name);
  }
  return passed;
}
