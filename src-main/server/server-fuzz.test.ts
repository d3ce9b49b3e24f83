/**
 * A bounded fuzz run over the headless server (issue 14, "Prove it, and keep proving it"): the real
 * server on 127.0.0.1 with viewer and operator tokens, the real engine in a child process on the
 * simulator and the in-memory store. Seeded, so any failure reproduces: the report names the phase,
 * the case number and what was sent. Phases: the HTTP routes, the WebSocket handshake, the contract
 * without a token, as a viewer (which must change nothing), and as an operator. After each phase
 * /healthz must answer 200, and at the end the engine must never have restarted.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SYSTEM_ACTOR } from '../../src-shared/domain/alarms';
import { REQUEST_NAMES, STATE_CHANGING_REQUESTS } from '../../src-shared/ipc/contract';
import type { RequestName } from '../../src-shared/ipc/contract';
import { ERROR_CODES } from '../../src-shared/ipc/contract-error';
import { validateRequest } from '../../src-shared/ipc/validate-request';
import { SettingsSchema } from '../../src-shared/settings/schema';
import type { Settings } from '../../src-shared/settings/schema';
import { seededRandom } from '../../src-shared/test-support/seeded-random';
import { engineSettingsDiffer } from '../settings/settings-service';
import { startServer } from './server';
import type { RunningServer } from './server';
import { malformedFrame, oddNameFrame, requestFrame, validArgs } from '../../tests/helpers/fuzz-contract-frames';
import type { ContractWorld, FrameCase } from '../../tests/helpers/fuzz-contract-frames';
import { randomHttpRequest, randomRawFrames, randomUpgradeRequest } from '../../tests/helpers/fuzz-http-requests';
import type { FuzzRequest, FuzzServer } from '../../tests/helpers/fuzz-http-requests';
import { chance, pick } from '../../tests/helpers/fuzz-values';
import { rawExchange, requestText } from '../../tests/helpers/raw-http';
import type { RawAnswer } from '../../tests/helpers/raw-http';
import { openFrameSession } from '../../tests/helpers/frame-session';
import type { FrameOutcome } from '../../tests/helpers/frame-session';
import { connectWsClient } from '../../tests/helpers/ws-client';
import type { WsClient } from '../../tests/helpers/ws-client';

const SEED = 20_261_214;
/** Inputs per phase; the run must try at least their sum. */
const PLAN = { http: 2_000, upgrade: 1_000, noToken: 200, perRequestName: 50, oddNames: 60, malformed: 100 } as const;
const PER_ROLE = REQUEST_NAMES.length * PLAN.perRequestName + PLAN.oddNames + PLAN.malformed;
const PLANNED = PLAN.http + PLAN.upgrade + PLAN.noToken + 2 * PER_ROLE;
const TOKENS = { viewer: 'fuzz-viewer-token-3f9a', operator: 'fuzz-operator-token-7c21' } as const;
const PUBLIC_HOST = 'stations.example';
const SECRET_MARKER = 'FUZZ-MUST-NEVER-BE-SERVED';
/** A clear error is short: the longest the contract's validator writes for these inputs is a few hundred characters. */
const MAX_MESSAGE_LENGTH = 2_000;

/** The only bodies a refusal may carry: the server's fixed lines, Node's own (empty), and ws's handshake refusals. */
const FIXED_BODIES = new Set([
  '',
  'Bad request',
  'Forbidden',
  'Not found',
  'Method not allowed',
  'A token is required: Authorization: Bearer <token>, or ?token=<token> in a browser.',
  // The push routes (ingest-route.ts): fixed lines too; the fuzz server's source is the simulator.
  'The ingest token is required: Authorization: Bearer <token>, or ?token=<token>.',
  'That token is not the ingest token: Authorization: Bearer <token>, or ?token=<token>.',
  'This token may not push readings; use the ingest token.',
  'Method not allowed: push with POST.',
  "The active profile's source is simulator, not HTTP push: nothing was taken.",
  'Bad Request',
  'Unauthorized',
  'Not Found',
  'Invalid HTTP method',
  'Invalid Upgrade header',
  'Missing or invalid Sec-WebSocket-Key header',
  'Missing or invalid Sec-WebSocket-Version header',
  'Invalid Sec-WebSocket-Protocol header',
  'Invalid or unacceptable Sec-WebSocket-Extensions header',
]);

const dir = mkdtempSync(join(tmpdir(), 'sw-fuzz-'));
const rendererDir = join(dir, 'renderer');
mkdirSync(join(rendererDir, 'assets'), { recursive: true });
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Stationwatch</title>');
writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1);');
writeFileSync(join(dir, 'secret.txt'), SECRET_MARKER);
const notARecording = join(dir, 'notes.csv');
writeFileSync(notARecording, 'this is not a recording\n');

/** Three stations, one rule that holds for every reading: each station has one alarm, active and unacknowledged for good. */
function fuzzSettings(): Settings {
  return SettingsSchema.parse({
    activeProfileId: 'sim',
    profiles: [{ id: 'sim', name: 'Simulator', source: { kind: 'simulator', stations: 3, seed: 7, outlierRate: 0, speed: 1 }, database: { kind: 'memory' } }],
    rules: [{ id: 'always', name: 'Always above', kind: 'threshold', severity: 'warning', metric: 'temperature', statistic: 'value', operator: '>', level: -1000, clearLevel: -1000 }],
  });
}

/** Problems found, with enough of the input to reproduce them. */
const problems: string[] = [];
const tally = new Map<string, number>();
let inputs = 0;

function note(key: string): void {
  tally.set(key, (tally.get(key) ?? 0) + 1);
}

function problem(phase: string, index: number, what: string, sent: string): void {
  problems.push(`${phase} #${index}: ${what} — sent ${JSON.stringify(sent.slice(0, 300))}${sent.length > 300 ? ` (${sent.length} chars)` : ''}`);
}

/** A message that is plain words: no stack trace, no path of this checkout, no Node internals. */
function leaksInternals(text: string): boolean {
  return /\n\s+at \S/.test(text) || text.includes(process.cwd()) || text.includes('node:internal') || text.includes(dir);
}

/** Is this answer to a plain HTTP request or handshake acceptable? Null when it is, else why not. */
function judgeHttp(request: FuzzRequest, answer: RawAnswer): string | null {
  note(`${request.isUpgrade ? 'upgrade' : 'http'} ${answer.status}`);
  if (answer.status === 0) return 'no answer';
  if (answer.status >= 500) return `status ${answer.status}`;
  if (answer.raw.includes(SECRET_MARKER)) return 'served a file outside the renderer';
  if (answer.status < 400) {
    if (!presentsValidToken(request.text)) return `status ${answer.status} without a token`;
    if (!isOwnHost(request.host)) return `status ${answer.status} for Host ${request.host}`;
    if (answer.status === 101 && request.origin !== undefined && !isOwnOrigin(request.origin, request.host)) return `101 for Origin ${request.origin}`;
    if (request.isUpgrade !== (answer.status === 101)) return `status ${answer.status}`;
    return null;
  }
  if (!FIXED_BODIES.has(answer.body)) return `status ${answer.status} with body ${JSON.stringify(answer.body.slice(0, 200))}`;
  return null;
}

/** A valid token, whole, where the server looks for one (a longer or altered one does not count). */
function presentsValidToken(text: string): boolean {
  return [TOKENS.viewer, TOKENS.operator].some((token) => new RegExp(`(Bearer |token=|sw_token=)${token}([\\s&;#]|$)`).test(text));
}

function isOwnHost(host: string | undefined, port = fuzzServer.port): boolean {
  return host !== undefined && [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, PUBLIC_HOST, `${PUBLIC_HOST}:${port}`].includes(host.toLowerCase());
}

function isOwnOrigin(origin: string, host: string | undefined): boolean {
  return host !== undefined && [`http://${host.toLowerCase()}`, `https://${host.toLowerCase()}`].includes(origin.toLowerCase());
}

/** Is this outcome of a contract frame acceptable for `role`? Null when it is, else why not. */
function judgeFrame(role: string, frame: FrameCase, outcome: FrameOutcome): string | null {
  note(`${role} ${outcome.kind === 'answer' ? (outcome.ok ? 'ok' : String(outcome.error?.code)) : outcome.kind === 'closed' ? `close ${outcome.code}` : 'nothing'}`);
  if (outcome.kind === 'nothing') return 'neither an answer nor a close';
  if (outcome.kind === 'closed') return frame.closeCodes.includes(outcome.code) ? null : `closed with ${outcome.code}`;
  if (frame.answerId === null) return 'answered a frame that is no request';
  const isStateChanging = typeof frame.name === 'string' && STATE_CHANGING_REQUESTS.has(frame.name as RequestName);
  if (outcome.ok) return role === 'viewer' && isStateChanging ? `a viewer's ${String(frame.name)} succeeded` : null;
  const { code, message } = outcome.error ?? {};
  if (!(ERROR_CODES as readonly unknown[]).includes(code)) return `unknown error code ${String(code)}`;
  if (role === 'viewer' && isStateChanging && code !== 'forbidden') return `a viewer's ${String(frame.name)} got ${String(code)}, not forbidden`;
  if (typeof message !== 'string' || message.trim() === '') return `error ${String(code)} without a message`;
  if (leaksInternals(message)) return `error message leaks internals: ${message.slice(0, 300)}`;
  // Before the fix, unknown names and alarm ids of megabytes came back whole in the message.
  if (message.length > MAX_MESSAGE_LENGTH) return `error message of ${message.length} characters: ${message.slice(0, 100)}…`;
  return null;
}

let server: RunningServer;
let fuzzServer: FuzzServer;
let operator: WsClient;
let world: ContractWorld;
const random = seededRandom(SEED);

async function expectHealthy(): Promise<void> {
  const response = await fetch(`${server.url}/healthz`, { headers: { Authorization: `Bearer ${TOKENS.operator}` } });
  expect(response.status).toBe(200);
  expect(((await response.json()) as { ok: boolean }).ok).toBe(true);
}

/** Run `count` cases, `parallel` at a time; each returns a problem or null. */
async function runCases(phase: string, count: number, parallel: number, run: (index: number) => Promise<{ problem: string | null; sent: string }>): Promise<void> {
  for (let start = 0; start < count; start += parallel) {
    const batch = Array.from({ length: Math.min(parallel, count - start) }, (_, offset) => start + offset);
    // Generate in order (the seed's sequence), then send concurrently.
    const results = await Promise.all(batch.map((index) => run(index)));
    results.forEach((result, offset) => {
      inputs++;
      if (result.problem !== null) problem(phase, start + offset, result.problem, result.sent);
    });
  }
}

/** What a viewer must not change, read as the operator. Alarm values move with the readings; their states must not. */
async function stateSnapshot(): Promise<unknown> {
  const [view, rules, alarms, outOfService, stations, history] = await Promise.all([
    operator.request('settings:get', {}),
    operator.request('rules:list', {}),
    operator.request('alarms:list', { includeNormal: true }),
    operator.request('stations:outOfService', {}),
    operator.request('stations:list', {}),
    operator.request('alarms:history', { from: 0, to: Date.now() + 86_400_000, limit: 10_000 }),
  ]);
  return {
    settings: view.settings,
    secrets: view.secrets,
    rules,
    alarms: alarms.map((alarm) => ({ id: alarm.id, state: alarm.state, acknowledgedBy: alarm.acknowledgedBy, shelf: alarm.shelf })).sort((a, b) => a.id.localeCompare(b.id)),
    outOfService,
    stations,
    actions: history.events.filter((event) => event.who !== SYSTEM_ACTOR),
  };
}

/** Operator requests the run must not make: valid ones that would rebuild the engine or flood it (an operator may; the fuzz must not DoS itself). */
function isHarmless(name: RequestName, args: unknown): boolean {
  let valid: unknown;
  try {
    valid = validateRequest(name, args);
  } catch {
    return true;
  }
  switch (name) {
    case 'settings:save':
      return !engineSettingsDiffer(world.settings, SettingsSchema.parse({ ...(valid as { settings: Settings }).settings, rules: world.settings.rules }));
    case 'connection:test': {
      // Nothing that would reach a network address or touch a folder: the simulator or a replay file, and no database.
      const { profile } = valid as { profile: Settings['profiles'][number] };
      return profile.source.kind !== 'kafka' && profile.database.kind === 'memory';
    }
    case 'rules:save':
      return (valid as { rules: unknown[] }).rules.length <= 50;
    default:
      return true;
  }
}

/** The contract's cases for one role in a seeded order: every request name PLAN.perRequestName times, odd names, malformed frames. */
function contractPlan(): ('odd' | 'malformed' | RequestName)[] {
  const plan: ('odd' | 'malformed' | RequestName)[] = [...REQUEST_NAMES.flatMap((name) => Array<RequestName>(PLAN.perRequestName).fill(name)), ...Array<'odd'>(PLAN.oddNames).fill('odd'), ...Array<'malformed'>(PLAN.malformed).fill('malformed')];
  for (let i = plan.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [plan[i], plan[j]] = [plan[j]!, plan[i]!];
  }
  return plan;
}

let nextId = 1;
/** Mostly fresh ids; now and then one at the edges of a number. */
function frameId(): number {
  return chance(random, 0.05) ? pick(random, [0, -1, 0.5, 1e308, 2 ** 53 + 2, -(2 ** 31)]) : nextId++;
}

async function fuzzContract(role: 'viewer' | 'operator'): Promise<void> {
  const token = TOKENS[role];
  let session = await openFrameSession(server.port, token);
  expect(session.role).toBe(role);
  const plan = contractPlan();
  for (const [index, kind] of plan.entries()) {
    const id = frameId();
    const frame =
      kind === 'odd' ? oddNameFrame(random, id)
      : kind === 'malformed' ? malformedFrame(random)
      : requestFrame(random, world, kind, id, role === 'operator' ? (args) => (isHarmless(kind, args) ? args : validArgs(kind, world, random)) : undefined);
    if (!session.isOpen()) session = await openFrameSession(server.port, token);
    const outcome = await session.exchange(frame);
    inputs++;
    const found = judgeFrame(role, frame, outcome);
    if (found !== null) problem(role, index, `${frame.label}: ${found}`, typeof frame.data === 'string' ? frame.data : frame.data.toString('latin1'));
  }
  session.close();
}

function problemsOf(phase: string): string[] {
  return problems.filter((line) => line.startsWith(`${phase} #`));
}

describe(`fuzzing the headless server (seed ${SEED}, at least ${PLANNED} inputs)`, () => {
  const started = performance.now();
  beforeAll(async () => {
    server = await startServer({ engineOptions: { settings: fuzzSettings(), secrets: {}, dataDir: dir, operator: 'fuzz-operator' }, port: 0, rendererDir, tokens: TOKENS, publicHosts: [PUBLIC_HOST] });
    fuzzServer = { port: server.port, viewerToken: TOKENS.viewer, operatorToken: TOKENS.operator, publicHost: PUBLIC_HOST };
    operator = await connectWsClient(server.url, { token: TOKENS.operator });
    await vi.waitFor(async () => expect((await operator.request('alarms:list', { includeNormal: false })).length).toBeGreaterThanOrEqual(3), { timeout: 30_000, interval: 200 });
    const [view, rules, alarms] = await Promise.all([operator.request('settings:get', {}), operator.request('rules:list', {}), operator.request('alarms:list', { includeNormal: true })]);
    world = { settings: view.settings, rules, alarmIds: alarms.map((alarm) => alarm.id), stationIds: [...new Set(alarms.map((alarm) => alarm.stationId))], now: Date.now(), notARecording };
  }, 60_000);
  afterAll(async () => {
    await operator?.close();
    // Hangs if any refused handshake left its socket open (fixed in server.ts refuseUpgrade).
    await server?.close();
  }, 30_000);

  it('answers every HTTP request with a page, or a 4xx and a fixed short body', async () => {
    await runCases('http', PLAN.http, 8, async () => {
      const request = randomHttpRequest(random, fuzzServer);
      return { problem: judgeHttp(request, await rawExchange(server.port, request.text)), sent: request.text };
    });
    expect(problemsOf('http')).toEqual([]);
    await expectHealthy();
  }, 60_000);

  it('opens a WebSocket only for a token, its own Host and Origin, and refuses the rest with 4xx', async () => {
    await runCases('upgrade', PLAN.upgrade, 8, async () => {
      const request = randomUpgradeRequest(random, fuzzServer);
      // Now and then, broken WebSocket frames once the handshake went through.
      const afterUpgrade = chance(random, 0.3) ? randomRawFrames(random) : undefined;
      const answer = await rawExchange(server.port, request.text, afterUpgrade ? { afterUpgrade } : {});
      return { problem: judgeHttp(request, answer), sent: request.text };
    });
    expect(problemsOf('upgrade')).toEqual([]);
    await expectHealthy();
  }, 60_000);

  it('lets no contract request through without a valid token', async () => {
    await runCases('no token', PLAN.noToken, 8, async () => {
      const credentials = pick(random, [[], [['Authorization', 'Bearer wrong']], [['Authorization', `Bearer ${TOKENS.viewer} `.repeat(2)]], [['Cookie', 'sw_token=%E0%A4%A']], [['Cookie', `sw_token=${TOKENS.operator}x`]], [['Authorization', `Basic ${TOKENS.operator}`]]] as const);
      const name = pick(random, REQUEST_NAMES);
      const frame = requestFrame(random, world, name, 1);
      const headers: [string, string][] = [['Host', `127.0.0.1:${server.port}`], ...credentials.map(([key, value]) => [key, value] as [string, string]), ['Connection', 'Upgrade'], ['Upgrade', 'websocket'], ['Sec-WebSocket-Version', '13'], ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ==']];
      // The frame follows the handshake at once, as a client that does not wait for the answer would send it.
      const text = requestText('GET', pick(random, ['/ws', '/ws?token=wrong', '/ws?token=%E0%A4%A']), headers) + String(frame.data);
      const answer = await rawExchange(server.port, text);
      note(`no token ${answer.status}`);
      return { problem: answer.status === 401 && answer.body === 'Unauthorized' ? null : `${name}: status ${answer.status}`, sent: text };
    });
    expect(problemsOf('no token')).toEqual([]);
    await expectHealthy();
  }, 60_000);

  it('refuses every state change to a viewer and answers the rest with a clear error', async () => {
    const before = await stateSnapshot();
    await fuzzContract('viewer');
    expect(problemsOf('viewer')).toEqual([]);
    expect(await stateSnapshot()).toEqual(before);
    await expectHealthy();
  }, 90_000);

  it('answers an operator with a result or a clear error', async () => {
    await fuzzContract('operator');
    expect(problemsOf('operator')).toEqual([]);
    await expectHealthy();
  }, 90_000);

  it(`tried at least ${PLANNED} inputs, and the engine never restarted`, () => {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`server fuzz (seed ${SEED}): ${inputs} inputs in ${seconds} s; outcomes: ${[...tally.entries()].sort().map(([key, count]) => `${key} ×${count}`).join(', ')}`);
    expect(problems).toEqual([]);
    expect(inputs).toBeGreaterThanOrEqual(PLANNED);
    expect(server.engine.restarts).toBe(0);
    expect(server.engine.state).toBe('running');
  });
});
