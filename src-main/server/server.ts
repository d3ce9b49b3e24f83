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
import type { EngineOptions } from '../engine/engine-api';
import { childProcessCarrier, workerCarrier } from '../engine/host/carriers';
import { defaultEngineEntry } from '../engine/host/engine-entry-path';
import type { EngineEntry } from '../engine/host/engine-entry-path';
import { EngineHost } from '../engine/host/engine-host';
import type { EngineRestartInfo } from '../engine/host/engine-host';
import type { BackoffPolicy } from '../engine/host/restart-backoff';
import { readOnlySecrets } from '../settings/secret-source';
import { createSettingsRouter } from '../settings/settings-router';
import { SettingsService } from '../settings/settings-service';
import { completeTokens, presentedToken, requiresTokens, roleFor, TOKEN_COOKIE } from './access';
import type { Role, ServerTokens } from './access';
import { renderMetrics } from './metrics-text';
import { securityHeaders, sendText, serveStatic } from './static-files';
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
  /** Given tokens (enforced even on 127.0.0.1); missing ones are generated when tokens are in use. */
  readonly tokens?: Partial<ServerTokens>;
  /** Default: dist/renderer of this checkout or bundle. */
  readonly rendererDir?: string;
  readonly engineEntry?: EngineEntry;
  readonly carrier?: 'child-process' | 'worker';
  readonly backoff?: BackoffPolicy;
  readonly requestTimeoutMs?: number;
  /** A client whose socket holds more than this is skipped for frames. Default 1 MiB. */
  readonly maxBufferedBytes?: number;
  readonly onEngineRestart?: (info: EngineRestartInfo) => void;
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
  const hasGivenTokens = options.tokens?.viewer !== undefined || options.tokens?.operator !== undefined;
  const tokens = needsTokens || hasGivenTokens ? completeTokens(options.tokens ?? {}) : null;
  const rendererDir = options.rendererDir ?? defaultRendererDir();
  const entry = options.engineEntry ?? defaultEngineEntry();
  const settings = options.settings ?? inMemorySettings(options.engineOptions);
  const engineOptions = (): EngineOptions => ({ ...options.engineOptions, settings: settings.settings, secrets: settings.secretValues() });
  const engine = new EngineHost({
    createCarrier: () => (options.carrier === 'worker' ? workerCarrier(entry) : childProcessCarrier(entry)),
    engineOptions: engineOptions(),
    ...(options.backoff ? { backoff: options.backoff } : {}),
    ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    ...(options.onEngineRestart ? { onRestart: options.onEngineRestart } : {}),
  });
  await engine.start();
  const route = createSettingsRouter({ engine, settings, engineOptions });
  const gateway = createWsGateway({ request: route, subscribe: (event, listener) => engine.subscribe(event, listener) }, options.maxBufferedBytes ?? 1_048_576);
  const wss = new WebSocketServer({ noServer: true, maxPayload: 8 * 1_048_576 });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    // Only a document's policy matters, and only pages (extension-less routes, .html) are documents: they
    // get the policy of the settings in force; assets, /healthz and /metrics reuse the last one.
    if (isDocumentPath(pathname)) csp = buildCsp(settings.settings);
    for (const [key, value] of Object.entries(securityHeaders(csp))) response.setHeader(key, value);
    const presented = presentedToken(request);
    const role = roleFor(tokens, presented);
    if (role === null) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="stationwatch"');
      return sendText(response, 401, 'A token is required: Authorization: Bearer <token>, or ?token=<token> in a browser.');
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (tokens !== null && url.searchParams.has('token') && presented !== null) {
      response.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${encodeURIComponent(presented)}; Path=/; HttpOnly; SameSite=Strict${hasTls ? '; Secure' : ''}`);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return sendText(response, 405, 'Method not allowed');
    if (url.pathname === '/healthz') return sendJson(response, engine.state === 'running' ? 200 : 503, await health());
    if (url.pathname === '/metrics') return void (response.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' }), response.end(await metrics()));
    return serveStatic(request, response, rendererDir);
  }

  /** The policy last sent with a page (a page loaded after settings:save gets the new tile host). */
  let csp = buildCsp(settings.settings);

  async function health(): Promise<object> {
    const status = await engine.request('pipeline:status', {}).catch(() => null);
    return { ok: engine.state === 'running' && status !== null, engine: { state: engine.state, restarts: engine.restarts, pid: engine.pid }, source: status?.source.state ?? null, store: status?.store.state ?? null };
  }

  async function metrics(): Promise<string> {
    const [status, alarms] = await Promise.all([engine.request('pipeline:status', {}).catch(() => null), engine.request('alarms:list', { includeNormal: false }).catch(() => null)]);
    return renderMetrics({ engineState: engine.state, engineRestarts: engine.restarts, wsClients: gateway.clientCount, framesDropped: gateway.framesDropped }, status, alarms);
  }

  function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const role: Role | null = roleFor(tokens, presentedToken(request));
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (role === null || path !== '/ws') {
      socket.end(role === null ? 'HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n' : 'HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => gateway.accept(ws, role));
  }

  const listener = (request: IncomingMessage, response: ServerResponse): void => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendText(response, 500, `Internal error: ${error instanceof Error ? error.message : String(error)}`);
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
    await engine.stop();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
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
      await engine.stop();
    },
  };
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
