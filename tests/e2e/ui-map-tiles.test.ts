/**
 * Online map tiles and the Content-Security-Policy built from settings, end to end: two local tile
 * servers on different ports, the real `serve` command, Debian's Chromium. The tile server named in the
 * settings (entered in the settings dialog) serves the map; an image from the other one is refused by
 * the page's CSP and never requested.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServeProcess } from './helpers/serve-process';
import type { ServeProcess } from './helpers/serve-process';
import { openChromiumPage } from './helpers/chromium';
import { ensureRendererBuilt } from './helpers/renderer-build';

/** A 1×1 grey PNG: Leaflet stretches it to the tile size. */
const TILE_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const byTestId = (id: string): string => `[data-testid="${id}"]`;

/** A tile server that answers every path with the PNG and remembers what was asked. */
interface TileServer {
  readonly origin: string;
  readonly requests: string[];
  close(): Promise<void>;
}

async function startTileServer(): Promise<TileServer> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? '');
    response.writeHead(200, { 'Content-Type': 'image/png', 'Cache-Control': 'no-store' });
    response.end(TILE_PNG);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let server: ServeProcess;
let browser: Browser;
let page: Page;
let allowed: TileServer;
let other: TileServer;
const consoleErrors: string[] = [];

beforeAll(async () => {
  ensureRendererBuilt();
  [allowed, other] = await Promise.all([startTileServer(), startTileServer()]);
  server = await startServeProcess(['--port', '0', '--database', 'memory', '--stations', '12', '--seed', '7', '--no-outliers']);
  ({ browser, page } = await openChromiumPage({ width: 1920, height: 1080 }, consoleErrors));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await Promise.all([allowed?.close(), other?.close()]);
});

/** The img-src directive of the page's CSP header. */
async function imgSrc(url: string): Promise<string[]> {
  const csp = (await fetch(url)).headers.get('content-security-policy') ?? '';
  const directive = csp.split(';').map((d) => d.trim().split(/\s+/)).find(([name]) => name === 'img-src');
  return directive?.slice(1) ?? [];
}

describe('map tiles under the CSP built from settings', () => {
  it('without a tile server, the page may load images from itself only', async () => {
    expect(await imgSrc(`${server.url}/`)).toEqual(["'self'", 'data:']);
    await page.goto(`${server.url}/`);
    await page.waitForSelector(byTestId('station-map'));
    expect(await page.locator('.leaflet-tile').count()).toBe(0);
  });

  it('a tile server saved in the settings dialog serves the map after the reload; any other host is refused by the CSP', async () => {
    await page.click(byTestId('nav-settings'));
    await page.waitForSelector(byTestId('settings-dialog'));
    await page.fill(byTestId('tile-url'), `${allowed.origin}/{z}/{x}/{y}.png`);
    await Promise.all([page.waitForEvent('load'), page.click(byTestId('settings-save'))]);

    expect(await imgSrc(`${server.url}/`)).toEqual(["'self'", 'data:', allowed.origin]);
    await page.waitForSelector('.leaflet-tile-loaded', { timeout: 20_000 });
    expect(allowed.requests.length).toBeGreaterThan(0);
    expect(allowed.requests.every((path) => /^\/\d+\/-?\d+\/-?\d+\.png$/.test(path))).toBe(true);

    // An image from another origin: the CSP refuses it before any request leaves the page.
    const outcome = await page.evaluate(async (src) => {
      const violation = new Promise<string>((resolve) => document.addEventListener('securitypolicyviolation', (e) => resolve(`${e.effectiveDirective} ${e.blockedURI}`), { once: true }));
      const image = new Image();
      const loaded = new Promise<string>((resolve) => {
        image.onload = () => resolve('loaded');
        image.onerror = () => resolve('error');
      });
      image.src = src;
      return { result: await loaded, violation: await violation };
    }, `${other.origin}/1/2/3.png`);
    expect(outcome).toEqual({ result: 'error', violation: `img-src ${other.origin}/1/2/3.png` });
    expect(other.requests).toEqual([]);
    // The only console error is Chromium's report of that refusal.
    expect(consoleErrors, consoleErrors.join('\n')).toHaveLength(1);
    expect(consoleErrors[0]).toContain(`${other.origin}/1/2/3.png`);
    expect(consoleErrors[0]).toContain('Content Security Policy');
  });
});
