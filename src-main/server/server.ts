/**
 * Headless mode: the engine (through EngineHost, in a child process by default), the built renderer
 * over HTTP(S), the IPC contract over WebSocket at /ws, plus /healthz and /metrics. Requests pass the
 * same settings router as on the desktop: the settings owner answers settings and restarts the engine
 * when a save changes what it is built from.
 */
import { existsSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { buildCsp } from '../../src-shared/security/csp';
import { activeProfile } from '../../src-shared/settings/schema';
import type { EngineOptions } from '../engine/engine-api';
import { childProcessCarrier, workerCarrier } from '../engine/host/carriers';
import { defaultEngineEntry } from '../engine/host/engine-entry-path';
import type { EngineEntry } from '../engine/host/engine-entry-path';
import { EngineHost } from '../engine/host/engine-host';
import { KafkaPushForwarder } from '../adapters/kafka/push-forwarder';
import type { KafkaForwardOptions } from '../adapters/kafka/push-forwarder';
import type { EngineRestartInfo } from '../engine/host/engine-host';
import type { BackoffPolicy } from '../engine/host/restart-backoff';
import { readOnlySecrets } from '../settings/secret-source';
import { createSettingsRouter } from '../settings/settings-router';
import { SettingsService } from '../settings/settings-service';
import { callerFor, completeTokens, presentedToken, requestTarget, requiresTokens, roleFor, TOKEN_COOKIE } from './access';
import type { ServerTokens } from './access';
import { handleIngest, ingestRouteOf } from './ingest-route';
import type { IngestDeps } from './ingest-route';
import { renderMetrics } from './metrics-text';
import { allowedHosts, isAllowedHost, isSameOrigin } from './request-origin';
import type { AllowedHosts } from './request-origin';
import { securityHeaders, sendText, serveStatic } from './static-files';
import { BASEMAP_URL_PATH, serveBasemap } from './basemap-file';
import { createWsGateway } from './ws-gateway';

export interface ServerOptions {
  /** The engine's data directory and operator; its settings and secrets too when no `settings` owner is given. */
  readonly engineOptions: EngineOptions;
  /** The settings owner (cli.ts: the settings file and the environment's secrets). Default: engineOptions' settings, kept in memory only. */
  readonly settings?: SettingsService;
  /** Default 127.0.0.1. Any other host requires tokens, and TLS unless insecureHttp. */
  readonly host?: string;
  /** Default 8080; 0 picks a free port. */
  readonly port?: number;
  /** PEM contents of the certificate and key. */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer } | null;
  readonly insecureHttp?: boolean;
  /** Given tokens (enforced even on 127.0.0.1), named operators' included; missing ones are generated when tokens are in use. */
  readonly tokens?: Partial<ServerTokens>;
  /** Default: dist/renderer of this checkout or bundle. */
  readonly rendererDir?: string;
  readonly engineEntry?: EngineEntry;
  readonly carrier?: 'child-process' | 'worker';
  readonly backoff?: BackoffPolicy;
  readonly requestTimeoutMs?: number;
  /** A client whose socket holds more than this is skipped for frames. Default 1 MiB. */
  readonly maxBufferedBytes?: number;
  /** A client whose socket holds more than this when a message is due is disconnected. Default 32 MiB. */
  readonly disconnectBufferedBytes?: number;
  /** Requests one WebSocket may have awaiting an answer; more are answered 'busy'. Default 64. */
  readonly maxInFlightRequests?: number;
  /** Names this server is reached by besides the loopback names and the bind address (a reverse proxy's, a DNS name); see request-origin.ts. */
  readonly publicHosts?: readonly string[];
  readonly onEngineRestart?: (info: EngineRestartInfo) => void;
  /** Forward every accepted HTTP push to this Kafka topic (acks=all) before answering 2xx. Default: none. */
  readonly forwardToKafka?: KafkaForwardOptions;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** Null when the bind needs none (127.0.0.1, ::1, localhost) and none were given. */
  readonly tokens: ServerTokens | null;
  readonly engine: EngineHost;
  close(): Promise<void>;
}

/** True for a URL path that serves a page (index.html or an SPA route), not an asset or an API. */
function isDocumentPath(pathname: string): boolean {
  if (pathname === '/healthz' || pathname === '/metrics' || pathname === '/ws') return false;
  const name = pathname.slice(pathname.lastIndexOf('/') + 1);
  return !name.includes('.') || name.endsWith('.html');
}

/** Start the engine, then listen. Rejects (and leaves nothing running) if either fails. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const needsTokens = requiresTokens(host);
  const hasTls = options.tls !== undefined && options.tls !== null;
  if (needsTokens && !hasTls && options.insecureHttp !== true) {
    throw new Error(`Binding to ${host} requires TLS: pass --tls-cert and --tls-key, or --insecure-http to accept plain HTTP on a trusted network.`);
  }
  const given = options.tokens;
  const hasGivenTokens = given?.viewer !== undefined || given?.operator !== undefined || given?.ingest !== undefined || (given?.named?.length ?? 0) > 0;
  const tokens = needsTokens || hasGivenTokens ? completeTokens(options.tokens ?? {}) : null;
  const rendererDir = options.rendererDir ?? defaultRendererDir();
  const entry = options.engineEntry ?? defaultEngineEntry();
  const settings = options.settings ?? inMemorySettings(options.engineOptions);
  // acceptsPushes: an HTTP push source takes pushes here (in the desktop app it says it needs headless mode).
  const engineOptions = (): EngineOptions => ({ ...options.engineOptions, settings: settings.settings, secrets: settings.secretValues(), acceptsPushes: true, forwardPushes: options.forwardToKafka !== undefined });
  const engine = new EngineHost({
    createCarrier: () => (options.carrier === 'worker' ? workerCarrier(entry) : childProcessCarrier(entry)),
    // Read at every (re)start, so a restart after a crash runs on the settings saved since.
    engineOptions,
    ...(options.backoff ? { backoff: options.backoff } : {}),
    ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    ...(options.onEngineRestart ? { onRestart: options.onEngineRestart } : {}),
  });
  await engine.start();
  const route = createSettingsRouter({ engine, settings, engineOptions });
  const gateway = createWsGateway(
    { request: route, subscribe: (event, listener) => engine.subscribe(event, listener) },
    { skipFramesAboveBytes: options.maxBufferedBytes ?? 1_048_576, disconnectAboveBytes: options.disconnectBufferedBytes ?? 32 * 1_048_576, maxInFlightRequests: options.maxInFlightRequests ?? 64 },
  );
  const forwarder = options.forwardToKafka === undefined ? null : new KafkaPushForwarder(options.forwardToKafka);
  const ingest: IngestDeps = { tokens, source: () => activeProfile(settings.settings).source, engine, ...(forwarder !== null ? { forward: (readings) => forwarder.send(readings) } : {}) };
  const wss = new WebSocketServer({ noServer: true, maxPayload: 8 * 1_048_576 });
  /** Set once the port is known (listen); until then no Host passes. */
  let hosts: AllowedHosts = new Set<string>();

  // Every refusal before the token check has a fixed body: nothing from the request or an exception is echoed.
  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    for (const [key, value] of Object.entries(securityHeaders(csp))) response.setHeader(key, value);
    const url = requestTarget(request.url);
    if (url === null) return sendText(response, 400, 'Bad request');
    if (!isAllowedHost(hosts, request.headers.host)) return sendText(response, 403, 'Forbidden');
    // Pushes have their own token (the ingest token), which opens nothing else below.
    const pushRoute = ingestRouteOf(url.pathname);
    if (pushRoute !== null) return handleIngest(request, response, pushRoute, ingest);
    // Authenticate first: nothing about the settings is looked at for a caller without a valid token.
    const presented = presentedToken(request);
    const role = roleFor(tokens, presented);
    if (role === null) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="stationwatch"');
      return sendText(response, 401, 'A token is required: Authorization: Bearer <token>, or ?token=<token> in a browser.');
    }
    // Only a document's policy matters, and only pages (extension-less routes, .html) are documents: they
    // get the policy of the settings in force; assets, /healthz and /metrics reuse the last one.
    if (isDocumentPath(url.pathname)) {
      csp = buildCsp(settings.settings);
      response.setHeader('Content-Security-Policy', csp);
    }
    if (tokens !== null && url.searchParams.has('token') && presented !== null) {
      response.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${encodeURIComponent(presented)}; Path=/; HttpOnly; SameSite=Strict${hasTls ? '; Secure' : ''}`);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return sendText(response, 405, 'Method not allowed');
    if (url.pathname === '/healthz') return sendJson(response, engine.state === 'running' ? 200 : 503, await health());
    if (url.pathname === '/metrics') return void (response.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' }), response.end(await metrics()));
    if (url.pathname === BASEMAP_URL_PATH) return serveBasemap(request, response, settings.settings.ui.basemapFile ?? null);
    return serveStatic(request, response, rendererDir, url.pathname);
  }

  /** The policy last sent with a page (a page loaded after settings:save gets the new tile host). */
  let csp = buildCsp(settings.settings);

  async function health(): Promise<object> {
    const status = await engine.request('pipeline:status', {}).catch(() => null);
    return { ok: engine.state === 'running' && status !== null, engine: { state: engine.state, restarts: engine.restarts, pid: engine.pid }, source: status?.source.state ?? null, store: status?.store.state ?? null };
  }

  async function metrics(): Promise<string> {
    const [status, alarms] = await Promise.all([engine.request('pipeline:status', {}).catch(() => null), engine.request('alarms:list', { includeNormal: false, includeShelved: false }).catch(() => null)]);
    return renderMetrics({ engineState: engine.state, engineRestarts: engine.restarts, wsClients: gateway.clientCount, framesDropped: gateway.framesDropped }, status, alarms);
  }

  /**
   * A WebSocket handshake: a plain path (400), its own Host and Origin (403), a token when tokens are
   * in force (401), /ws (404). Guarded whole: a throw here would otherwise end the process.
   */
  function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Node's HTTP server drops its own 'error' listener from a socket it hands to 'upgrade'; without
    // one, a client resetting the connection would be an uncaught exception.
    socket.on('error', () => socket.destroy());
    try {
      const url = requestTarget(request.url);
      if (url === null) return refuseUpgrade(socket, 400);
      const { host, origin } = request.headers;
      if (!isAllowedHost(hosts, host) || !isSameOrigin(origin, host)) return refuseUpgrade(socket, 403);
      const caller = callerFor(tokens, presentedToken(request));
      if (caller === null) return refuseUpgrade(socket, 401);
      if (url.pathname !== '/ws') return refuseUpgrade(socket, 404);
      wss.handleUpgrade(request, socket, head, (ws) => gateway.accept(ws, caller));
    } catch {
      refuseUpgrade(socket, 400);
    }
  }

  const listener = (request: IncomingMessage, response: ServerResponse): void => {
    handle(request, response).catch(() => {
      // The exception's text may name files or internals: the client gets a fixed line.
      if (!response.headersSent) sendText(response, 500, 'Internal error');
      else response.destroy();
    });
  };
  const server: Server = hasTls ? createHttpsServer({ cert: options.tls!.cert, key: options.tls!.key }, listener) : createHttpServer(listener);
  server.on('upgrade', upgrade);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 8080, host, () => resolve());
    });
  } catch (error) {
    gateway.close();
    await forwarder?.close();
    await engine.stop();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(host, port, options.publicHosts ?? []);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `${hasTls ? 'https' : 'http'}://${urlHost}:${port}`,
    port,
    tokens,
    engine,
    async close() {
      gateway.close();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await forwarder?.close();
      await engine.stop();
    },
  };
}

const UPGRADE_REFUSALS: Readonly<Record<400 | 401 | 403 | 404, string>> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' };

/**
 * Answer a refused WebSocket handshake on the raw socket (no ServerResponse exists for an upgrade), then
 * destroy it once written, as ws does for its own refusals. Nothing reads or times out a socket handed to
 * 'upgrade': ended only, it stayed open for as long as the client kept its side open or had sent more than
 * the socket buffers (found by the server fuzz), holding a descriptor and keeping close() waiting.
 */
function refuseUpgrade(socket: Duplex, status: 400 | 401 | 403 | 404): void {
  const text = UPGRADE_REFUSALS[status];
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${text.length}\r\n\r\n${text}`);
}

/** An owner for a server started without one: the given settings and secrets, nothing written. */
function inMemorySettings(options: EngineOptions): SettingsService {
  const secrets = readOnlySecrets(() => options.secrets, () => 'pass it to the server when it starts');
  return new SettingsService({ file: null, loaded: { settings: options.settings, notice: null }, secrets });
}

function sendJson(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify(body));
}

/** dist/renderer from src-main/server (dev) or from a bundle in dist/<name>/. */
function defaultRendererDir(): string {
  const url = (import.meta as { url?: string }).url;
  const dir = typeof url === 'string' && url.length > 0 ? dirname(fileURLToPath(url)) : __dirname;
  const candidates = [join(dir, '..', '..', 'dist', 'renderer'), join(dir, '..', 'renderer')];
  return candidates.find((path) => existsSync(path)) ?? (candidates[0] as string);
}
