/**
 * Random WebSocket frames for fuzzing the contract: every request of src-shared/ipc/contract.ts with
 * valid, random, truncated, oversized and wrongly typed arguments; unknown and odd request names; and
 * malformed frames (not JSON, not a request, binary, invalid UTF-8, beyond the size limit). Each frame
 * says which outcomes are acceptable: an answer to its id, or the socket closed with given codes.
 */
import type { Rule } from '../../src-shared/domain/rules';
import type { RequestArgs, RequestName } from '../../src-shared/ipc/contract';
import type { Settings } from '../../src-shared/settings/schema';
import { chance, integer, mutate, pick, randomJson, randomString } from './fuzz-values';
import type { Random } from './fuzz-values';

/** What the running system holds, so that valid arguments name real alarms, stations and rules. */
export interface ContractWorld {
  readonly settings: Settings;
  readonly rules: readonly Rule[];
  readonly alarmIds: readonly string[];
  readonly stationIds: readonly string[];
  readonly now: number;
  /** A file that exists but is no recording, for replay profiles. */
  readonly notARecording: string;
}

/** One valid argument object per request: typed over every RequestName, so a new request cannot be left out of the fuzz. */
const VALID_ARGS: { readonly [N in RequestName]: (world: ContractWorld, random: Random) => RequestArgs<N> } = {
  'settings:get': () => ({}),
  'settings:save': (world) => ({ settings: world.settings, secrets: {} }),
  'connection:test': (world, random) => ({
    profile: chance(random, 0.5)
      ? { id: 'fuzz', name: 'Fuzz', source: { kind: 'simulator' }, database: { kind: 'memory' } }
      : { id: 'fuzz', name: 'Fuzz', source: { kind: 'replay', path: pick(random, [world.notARecording, `${world.notARecording}.missing`]) }, database: { kind: 'memory' } },
    secrets: {},
  }),
  // A simulator profile (nothing to preview, answered in words) or a Kafka broker on a .invalid host: nothing leaves the machine.
  'decode:preview': (_, random) => ({
    profile: chance(random, 0.5)
      ? { id: 'fuzz', name: 'Fuzz', source: { kind: 'simulator' }, database: { kind: 'memory' } }
      : { id: 'fuzz', name: 'Fuzz', source: { kind: 'kafka', brokers: ['kafka.fuzz.invalid:9092'], topics: ['fuzz'] }, database: { kind: 'memory' } },
    secrets: {},
    limit: 5,
  }),
  // A closed port on 127.0.0.1 or a .invalid host: the test fails fast, in words, and nothing leaves the machine.
  'notify:test': (_, random) => ({
    channel: chance(random, 0.5)
      ? { kind: 'webhook', id: 'fuzz', name: 'Fuzz', url: 'http://127.0.0.1:9/fuzz', timeoutMs: 500, retries: 0 }
      : { kind: 'email', id: 'fuzz', name: 'Fuzz', host: 'smtp.fuzz.invalid', port: 25, security: 'none', from: 'fuzz@fuzz.invalid', to: ['duty@fuzz.invalid'], timeoutMs: 500, retries: 0 },
    secrets: {},
  }),
  'notify:deliveries': (_, random) => ({ limit: integer(random, 1, 500) }),
  'alarms:list': (_, random) => ({ includeNormal: chance(random, 0.5) }),
  'alarms:history': (world) => ({ from: world.now - 3_600_000, to: world.now + 60_000, limit: 100 }),
  'alarms:ack': (world, random) => ({ alarmId: pick(random, world.alarmIds), comment: 'fuzz' }),
  'alarms:shelve': (world, random) => ({ alarmId: pick(random, world.alarmIds), reason: 'fuzz', until: world.now + 3_600_000 }),
  'alarms:unshelve': (world, random) => ({ alarmId: pick(random, world.alarmIds), comment: null }),
  'alarms:outOfService': (world, random) => ({ stationId: pick(random, world.stationIds), metric: pick(random, [null, 'temperature']), outOfService: chance(random, 0.5), comment: 'fuzz' }),
  'history:query': (world, random) => ({ stationIds: [pick(random, world.stationIds)], metric: 'temperature', from: world.now - 3_600_000, to: world.now, maxPoints: 200 }),
  'rules:list': () => ({}),
  'rules:save': (world) => ({ rules: [...world.rules] }),
  'rules:backtest': (world, random) => ({ rule: pick(random, world.rules), from: world.now - 3_600_000, to: world.now }),
  'stations:list': () => ({}),
  'stations:import': (_, random) => ({ fileName: pick(random, ['stations.csv', 'stations.geojson']), content: 'id,name,district,lat,lon\nst-fuzz,Fuzz,North,52.3,4.9\n' }),
  'stations:outOfService': () => ({}),
  'pipeline:status': () => ({}),
  'quarantine:list': () => ({ limit: 10 }),
  'air:compliance': (_, random) => ({ year: pick(random, [null, 2026, 2020]) }),
  'shiftlog:list': (world, random) => ({ from: world.now - 3_600_000, to: world.now + 60_000, text: pick(random, [null, 'fuzz']), stationId: pick(random, [null, ...world.stationIds]), limit: 50 }),
  'shiftlog:add': (world, random) => ({ text: 'fuzz note', stationId: pick(random, [null, ...world.stationIds]), carryOver: chance(random, 0.5) }),
  // An id no entry has: answered in words ("There is no shift log entry …").
  'shiftlog:clearCarryOver': () => ({ id: 'fuzz-no-such-entry' }),
  'shift:current': () => ({}),
  'shift:handover': () => ({ note: 'fuzz handover' }),
  'shift:confirm': () => ({ handoverId: 'fuzz-no-such-handover' }),
  // Incident replay: any moment around now; an incident saved new, or one no incident has (answered in words); deleting one that is not there.
  'replay:seek': (world, random) => ({ at: Math.max(0, world.now - integer(random, 0, 86_400_000)), spanMs: integer(random, 0, 3_600_000) }),
  'incident:list': (_, random) => ({ limit: integer(random, 1, 200) }),
  'incident:save': (world, random) => ({ id: pick(random, [null, 'fuzz-no-such-incident']), title: 'fuzz incident', from: world.now - 600_000, to: world.now, notes: 'fuzz', alarmId: pick(random, [null, ...world.alarmIds]) }),
  'incident:delete': () => ({ id: 'fuzz-no-such-incident' }),
  // Public notices: ids no notice has (answered 'not-found' in words); a list of any alarm's or all.
  'notice:list': (world, random) => ({ alarmId: pick(random, [null, ...world.alarmIds]), limit: 20 }),
  'notice:edit': () => ({ id: 'fuzz-no-such-notice', area: 'fuzz', expectedDuration: '', populationGroupsAtRisk: ['fuzz'], precautions: [] }),
  'notice:issue': () => ({ id: 'fuzz-no-such-notice' }),
  'notice:withdraw': () => ({ id: 'fuzz-no-such-notice', reason: 'fuzz' }),
  'notice:update': () => ({ id: 'fuzz-no-such-notice' }),
  'notice:export': (_, random) => ({ id: 'fuzz-no-such-notice', format: pick(random, ['text', 'html'] as const) }),
  // Data quality: a mark on a known station (answered, audited) or the list of marks around now.
  'quality:invalidate': (world, random) => ({ stationId: pick(random, world.stationIds), metric: pick(random, ['pm10', 'no2']), from: world.now - 3_600_000, to: world.now, reason: 'fuzz' }),
  'quality:invalidations': (world, random) => ({ stationId: pick(random, [null, ...world.stationIds]), metric: pick(random, [null, 'pm10']), from: world.now - 86_400_000, to: world.now + 60_000 }),
  'quality:revoke': () => ({ id: 'fuzz-no-such-mark', reason: 'fuzz' }),
  'quality:flags': (world, random) => ({ stationIds: world.stationIds.filter(() => chance(random, 0.5)), metric: pick(random, ['pm10', 'no2']), from: world.now - 86_400_000, to: world.now + 60_000 }),
};

/** Valid arguments for `name`, naming what `world` holds. */
export function validArgs(name: RequestName, world: ContractWorld, random: Random): unknown {
  return VALID_ARGS[name](world, random);
}

/** A frame to send and the outcomes it may have. */
export interface FrameCase {
  /** For a failure's report: the request name and how its arguments were spoiled, or the malformation. */
  readonly label: string;
  readonly data: string | Buffer;
  readonly isBinary: boolean;
  /** The request name on the wire when the frame is a request (possibly not a string). */
  readonly name?: unknown;
  /** The id an answer must carry; null when no answer may come. */
  readonly answerId: number | null;
  /** Close codes that are an acceptable outcome instead of an answer. */
  readonly closeCodes: readonly number[];
}

/** The largest message the server takes (ws maxPayload in server.ts). */
const MAX_PAYLOAD = 8 * 1_048_576;

/** A request frame for `name` with spoiled (sometimes valid) arguments; `transform` may change them before sending. */
export function requestFrame(random: Random, world: ContractWorld, name: RequestName, id: number, transform: (args: unknown) => unknown = (args) => args): FrameCase {
  const mutation = mutate(random, validArgs(name, world, random));
  // Tagged typed arrays are decoded by the wire format before validation: broken ones end the socket (1007).
  const withTagged = chance(random, 0.04);
  const spoiled = transform(mutation.value);
  const args = withTagged ? { ...(spoiled as object), tagged: { $ta: pick(random, ['Float64Array', 'Uint8Array', 'Int32Array']), b64: pick(random, ['AAAA', 'A', '====', '!!!!', 'AAAAAAAAAAA=']) } } : spoiled;
  return { label: `${name} ${mutation.kind}${withTagged ? ' +tagged' : ''}`, data: JSON.stringify({ t: 'req', id, name, args }), isBinary: false, name, answerId: id, closeCodes: withTagged ? [1007] : [] };
}

const ODD_NAMES: readonly unknown[] = ['', 'nope:nothing', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'settings:get ', 'SETTINGS:GET', 'settings:save\u0000', 'alarms:ack\u202e', 123, 0, null, true, {}, ['settings:get'], { toString: 'settings:get' }];

/** A request whose name is not one of the contract's: unknown, prototype keys, wrong type, huge. */
export function oddNameFrame(random: Random, id: number): FrameCase {
  const name = chance(random, 0.1) ? 'x'.repeat(integer(random, 1_000, 200_000)) : chance(random, 0.2) ? randomString(random, 40) : pick(random, ODD_NAMES);
  const frame: Record<string, unknown> = { t: 'req', id, name, args: chance(random, 0.5) ? {} : randomJson(random) };
  if (chance(random, 0.1)) delete frame.name;
  return { label: `odd name ${JSON.stringify(name)?.slice(0, 40)}`, data: JSON.stringify(frame), isBinary: false, name, answerId: id, closeCodes: [] };
}

/** A frame that is not a request the server can read; each ends the socket with its own code. */
export function malformedFrame(random: Random): FrameCase {
  const valid = JSON.stringify({ t: 'req', id: 1, name: 'settings:get', args: {} });
  switch (integer(random, 0, 8)) {
    case 0:
      return malformed('not JSON', pick(random, ['{not json', '', ' ', 'req', '{"t":"req",', '\u0000', "{'t':'req'}", '{"t":"req","id":1,}', `{${randomString(random, 200)}`]), 1007, random);
    case 1:
      return malformed('truncated', valid.slice(0, integer(random, 0, valid.length - 1)), 1007, random);
    case 2:
      return malformed('JSON but no object', pick(random, ['null', '5', '"req"', 'true', '[]', '[{"t":"req","id":1,"name":"settings:get"}]']), 1008, random);
    case 3:
      return malformed('wrong t or id', JSON.stringify(pick(random, [{ t: 'res', id: 1 }, { t: 'hello', role: 'operator' }, { t: 'REQ', id: 1, name: 'settings:get' }, { t: 'req', name: 'settings:get' }, { t: 'req', id: '1', name: 'settings:get' }, { t: 'req', id: null, name: 'settings:get' }, { t: 'req', id: [1], name: 'settings:get' }, { id: 1, name: 'settings:get' }])), 1008, random);
    case 4:
      return { label: 'binary', data: Buffer.from(chance(random, 0.5) ? valid : randomString(random, 100)), isBinary: true, answerId: null, closeCodes: [1003] };
    case 5:
      return { label: 'invalid UTF-8', data: Buffer.concat([Buffer.from('{"t":"req","id":1,"name":"'), Buffer.from([pick(random, [0xff, 0xc0, 0xed, 0xf8]), 0xa0, 0x80]), Buffer.from('"}')]), isBinary: false, answerId: null, closeCodes: [1007] };
    case 6:
      return { label: 'beyond the size limit', data: `{"t":"req","id":1,"name":"stations:import","args":{"fileName":"a.csv","content":"${'x'.repeat(MAX_PAYLOAD)}"}}`, isBinary: false, answerId: null, closeCodes: [1009] };
    case 7:
      return malformed('deeply nested', '['.repeat(integer(random, 5_000, 200_000)), 1007, random);
    default:
      return malformed('JSON with a nested request', JSON.stringify({ t: { t: 'req' }, id: 1, name: 'settings:get' }), 1008, random);
  }
}

function malformed(label: string, data: string, closeCode: number, random: Random): FrameCase {
  // JSON has no byte-order mark: with one, any of these is no JSON at all (1007).
  const hasMark = chance(random, 0.1);
  // '{' and random text may happen to be a JSON object that is no request (1008).
  const codes = hasMark ? [1007] : closeCode === 1007 && data.startsWith('{') ? [1007, 1008] : [closeCode];
  return { label: `malformed: ${label}`, data: hasMark ? `\ufeff${data}` : data, isBinary: false, answerId: null, closeCodes: codes };
}
