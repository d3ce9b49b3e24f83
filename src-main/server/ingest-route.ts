/**
 * HTTP push: POST /ingest (one message of the profile's shape: a reading, an array of readings, any
 * preset's message) and POST /ingest/sensor-logger (a Sensor Logger batch). Only the ingest token may
 * push, and it opens nothing else. The answer is 2xx only once the engine has taken the readings (and
 * stored them, when raw readings are kept), so a client that got anything else may send the body again.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SourceSettings } from '../../src-shared/settings/schema';
import type { ForwardedReading, PushOutcome, PushRoute } from '../core/push-outcome';
import type { EngineHostState } from '../engine/host/engine-host';
import { callerFor, mayIngest, presentedToken } from './access';
import type { ServerTokens } from './access';
import { isSameOrigin } from './request-origin';
import { sendText } from './static-files';

/** Body types a push may have: JSON and the text a CSV or Python-literal shape reads. */
export const PUSH_CONTENT_TYPES: ReadonlySet<string> = new Set(['application/json', 'text/plain', 'text/csv']);

export interface IngestDeps {
  readonly tokens: ServerTokens | null;
  /** The active profile's source settings, read per request (a settings save may change it). */
  readonly source: () => SourceSettings;
  readonly engine: { readonly state: EngineHostState; push(route: PushRoute, body: Uint8Array): Promise<PushOutcome> };
  /** Forwarding to Kafka (a server option): resolves once every reading is acknowledged (acks=all). */
  readonly forward?: (readings: readonly ForwardedReading[]) => Promise<void>;
}

/** The answer when the readings were taken but could not be forwarded: the client sends again (a duplicate here). */
export const NOT_FORWARDED = 'The readings were taken, but not forwarded to Kafka. Send it again later.';

/** The push route a path names, or null when it is not one. */
export function ingestRouteOf(pathname: string): PushRoute | null {
  if (pathname === '/ingest') return 'ingest';
  if (pathname === '/ingest/sensor-logger') return 'sensor-logger';
  return null;
}

/** Why a Content-Type is refused (415), or null when it is one a push may have. */
export function contentTypeProblem(header: string | undefined): string | null {
  const type = header?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (PUSH_CONTENT_TYPES.has(type)) return null;
  // Nothing of the request is echoed (a fixed line, as for every refusal before the body is read).
  return type.length === 0 ? 'A Content-Type is required: send application/json, text/plain or text/csv.' : 'Unsupported Content-Type: send application/json, text/plain or text/csv.';
}

/** A push's answer: status and body (JSON for decoded outcomes, plain text otherwise). */
export interface PushAnswer {
  readonly status: number;
  readonly json?: object;
  readonly text?: string;
}

/** 200 when every reading was taken; 422 with the reason and detail when the message or some readings were refused; 503 when nothing was taken. */
export function answerFor(outcome: PushOutcome): PushAnswer {
  switch (outcome.status) {
    case 'accepted':
      if (outcome.rejected.length === 0) return { status: 200, json: { accepted: outcome.readings, duplicates: outcome.duplicates } };
      return { status: 422, json: { error: outcome.readings === 0 ? 'every reading was refused' : 'some readings were refused', accepted: outcome.readings, duplicates: outcome.duplicates, rejected: outcome.rejected } };
    case 'refused':
      return { status: 422, json: { error: 'the message was refused', reason: outcome.reason, detail: outcome.detail } };
    case 'unavailable':
      return { status: 503, text: `Not taken: ${outcome.detail}. Send it again later.` };
  }
}

/** Who may push: 'ok', or the refusal's status (401 no or unknown token, 403 a token that may not push). */
export function pushAccess(tokens: ServerTokens | null, presented: string | null): 'ok' | 401 | 403 {
  if (mayIngest(tokens, presented)) return 'ok';
  return callerFor(tokens, presented) !== null ? 403 : 401;
}

/** Answers one request to a push route. Never throws for anything the client sends. */
export async function handleIngest(request: IncomingMessage, response: ServerResponse, route: PushRoute, deps: IngestDeps): Promise<void> {
  const access = pushAccess(deps.tokens, presentedToken(request));
  if (access === 401) {
    response.setHeader('WWW-Authenticate', 'Bearer realm="stationwatch-ingest"');
    const presented = presentedToken(request);
    const said = presented === null || presented === '' ? 'The ingest token is required' : 'That token is not the ingest token';
    return refuse(request, response, 401, `${said}: Authorization: Bearer <token>, or ?token=<token>.`);
  }
  if (access === 403) return refuse(request, response, 403, 'This token may not push readings; use the ingest token.');
  if (request.method !== 'POST') {
    response.setHeader('Allow', 'POST');
    return refuse(request, response, 405, 'Method not allowed: push with POST.');
  }
  // A page on another site could post text/plain here without a preflight; pushes come from apps, not pages.
  if (!isSameOrigin(request.headers.origin, request.headers.host)) return refuse(request, response, 403, 'Forbidden');
  const source = deps.source();
  if (source.kind !== 'http-push') return refuse(request, response, 503, `The active profile's source is ${source.kind}, not HTTP push: nothing was taken.`);
  if (deps.engine.state !== 'running') return refuse(request, response, 503, 'The engine is restarting: nothing was taken. Send it again later.');
  const typeProblem = contentTypeProblem(request.headers['content-type']);
  if (typeProblem !== null) return refuse(request, response, 415, typeProblem);
  const encoding = request.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return refuse(request, response, 415, 'Compressed bodies are not supported: send the body uncompressed.');
  const body = await readBody(request, source.maxBodyBytes).catch(() => 'broken' as const);
  // The client went away while sending: there is no one to answer.
  if (body === 'broken') return void response.destroy();
  if (body === null) return refuse(request, response, 413, `The body is larger than the limit of ${source.maxBodyBytes} bytes (maxBodyBytes of the HTTP push source).`);
  const outcome = await deps.engine.push(route, body);
  if (outcome.status === 'accepted' && deps.forward !== undefined) {
    const sent = await deps.forward(outcome.forward ?? []).then(
      () => true,
      () => false,
    );
    if (!sent) return sendText(response, 503, NOT_FORWARDED);
  }
  const answer = answerFor(outcome);
  if (answer.json !== undefined) {
    response.writeHead(answer.status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    response.end(JSON.stringify(answer.json));
  } else sendText(response, answer.status, answer.text ?? '');
}

/** The whole body, or null once it passes `limit` bytes (by its Content-Length or as it arrives). */
function readBody(request: IncomingMessage, limit: number): Promise<Uint8Array | null> {
  const declared = Number(request.headers['content-length'] ?? '0');
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        request.off('data', onData);
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => resolve(size > limit ? null : Buffer.concat(chunks, size)));
    request.once('error', reject);
  });
}

/**
 * A refusal before the body was read: the connection is closed after the answer, so a client still
 * sending a large body is not read to its end (nor left with a half-read stream on a kept-alive socket).
 */
function refuse(request: IncomingMessage, response: ServerResponse, status: number, text: string): void {
  if (!request.complete) response.setHeader('Connection', 'close');
  sendText(response, status, text);
}
