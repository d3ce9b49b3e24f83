/**
 * Losing the server is unmistakable, end to end: the built renderer in Debian's Chromium against the
 * real `serve` command. Stopping the server brings up a banner (role="alert") whose "lost … ago" time
 * grows, takes every live claim out of the header, and marks charts and the map stale at once; starting
 * it again on the same port makes the banner go and the header live again. With the notification
 * permission granted, a new critical alarm and the loss itself each create a browser notification and
 * play a tone (window.Notification and the Web Audio oscillator are wrapped by an init script to
 * record the calls). A page without the permission never asks on load; "Enable notifications" asks.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Rule } from '../../src-shared/domain/rules';
import { connectWsClient } from '../helpers/ws-client';
import { ensureRendererBuilt } from './helpers/renderer-build';
import { startServeProcess } from './helpers/serve-process';
import type { ServeProcess } from './helpers/serve-process';

const root = join(import.meta.dirname, '..', '..');
const screenshots = join(root, 'docs', 'screenshots');
const SERVE_ARGS = ['--database', 'memory', '--stations', '6', '--seed', '7', '--no-outliers', '--speed', '30'];
const byTestId = (id: string): string => `[data-testid="${id}"]`;
/** The same flags as helpers/chromium.ts: this test needs its own contexts (permissions, init scripts). */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** Any temperature is above -100 °C: a critical alarm at every station as soon as the rule is saved. */
const ALWAYS_CRITICAL: Rule = { kind: 'threshold', id: 'e2e-always-critical', name: 'e2e: always critical', enabled: true, severity: 'critical', metric: 'temperature', stationId: null, statistic: 'value', windowMs: null, operator: '>', level: -100, clearLevel: -101, pendingMs: 0 };

/** Records notifications, permission requests and tones, so the test can see what the page announced. */
const RECORDER = `
  window.__alerts = { notifications: [], permissionRequests: 0, tones: 0 };
  const RealNotification = window.Notification;
  class RecordedNotification extends RealNotification {
    constructor(title, options) {
      super(title, options);
      window.__alerts.notifications.push({ title, body: (options && options.body) || '', tag: (options && options.tag) || '' });
    }
  }
  Object.defineProperty(RecordedNotification, 'permission', { get: () => RealNotification.permission });
  RecordedNotification.requestPermission = (...args) => {
    window.__alerts.permissionRequests++;
    return RealNotification.requestPermission(...args);
  };
  window.Notification = RecordedNotification;
  const createOscillator = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function () {
    window.__alerts.tones++;
    return createOscillator.call(this);
  };
`;

interface Recorded {
  readonly notifications: readonly { readonly title: string; readonly body: string; readonly tag: string }[];
  readonly permissionRequests: number;
  readonly tones: number;
}

let server: ServeProcess;
let port: number;
let browser: Browser;
const consoleErrors: string[] = [];

async function openPage(context: BrowserContext): Promise<Page> {
  await context.addInitScript(RECORDER);
  const page = await context.newPage();
  page.on('console', (message) => {
    // While the server is down, each reconnect attempt fails: that is the point of this test, not an error.
    if (message.type() === 'error' && !/WebSocket connection to .* failed|ERR_CONNECTION_REFUSED/.test(message.text())) consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
  await page.goto(`${server.url}/`);
  await page.waitForSelector(`${byTestId('connection-state')}[data-state="open"]`);
  return page;
}

const recorded = (page: Page): Promise<Recorded> => page.evaluate(() => (window as unknown as { __alerts: Recorded }).__alerts);
/** Seconds in the banner's "lost m:ss ago". */
async function lostSeconds(page: Page): Promise<number> {
  const match = /lost (\d+):(\d\d) ago/.exec(await page.locator(byTestId('connection-lost-text')).innerText());
  if (match === null) throw new Error('no elapsed time in the banner');
  return Number(match[1]) * 60 + Number(match[2]);
}

beforeAll(async () => {
  ensureRendererBuilt();
  mkdirSync(screenshots, { recursive: true });
  server = await startServeProcess(['--port', '0', ...SERVE_ARGS]);
  port = Number(new URL(server.url).port);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

afterEach(() => {
  expect(consoleErrors).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('connection loss and browser alerts in Chromium against headless mode', () => {
  it('a page without the permission never asks on load; the sound switch is remembered across a reload', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await openPage(context);
    await page.waitForSelector(byTestId('alerts-enable-notifications'));
    expect((await recorded(page)).permissionRequests).toBe(0);
    await page.click(byTestId('alerts-enable-notifications'));
    await expect.poll(async () => (await recorded(page)).permissionRequests).toBe(1);

    expect(await page.locator(byTestId('alerts-sound')).getAttribute('aria-pressed')).toBe('true');
    await page.click(byTestId('alerts-sound'));
    expect(await page.locator(byTestId('alerts-sound')).getAttribute('aria-pressed')).toBe('false');
    await page.reload();
    await page.waitForSelector(`${byTestId('connection-state')}[data-state="open"]`);
    expect(await page.locator(byTestId('alerts-sound')).getAttribute('aria-pressed')).toBe('false');
    expect(await page.locator(byTestId('alerts-sound')).innerText()).toContain('Sound off');
    await context.close();
  });

  it('notifies and sounds for a new critical alarm; a stopped server shows a banner with a growing time, no live header and stale charts; a restart clears them', async () => {
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    await context.grantPermissions(['notifications'], { origin: server.url });
    const page = await openPage(context);
    expect(await page.locator(byTestId('alerts-notifications')).getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator(byTestId('connection-lost')).count()).toBe(0);
    await expect.poll(async () => page.locator(byTestId('source-state')).innerText()).toBe('simulator: running');

    // A critical alarm: one notification per station's activation, named by the station, and a tone.
    const client = await connectWsClient(server.url);
    try {
      await client.request('rules:save', { rules: [...(await client.request('rules:list', {})), ALWAYS_CRITICAL] });
    } finally {
      await client.close();
    }
    await expect.poll(async () => (await recorded(page)).notifications.filter((n) => n.title.startsWith('◆ Critical alarm')).length, { timeout: 15_000 }).toBeGreaterThan(0);
    const critical = (await recorded(page)).notifications.filter((n) => n.title.startsWith('◆ Critical alarm'));
    expect(critical[0]?.tag).toMatch(/^e2e-always-critical@st-/);
    expect(new Set(critical.map((n) => n.tag)).size).toBe(critical.length);
    const tonesBefore = (await recorded(page)).tones;
    expect(tonesBefore).toBeGreaterThan(0);

    // Some data on the charts first, so the screenshot shows what freezes.
    const plot = page.locator(`${byTestId('chart-temperature')} .chart-plot`);
    await expect.poll(async () => Number(await plot.getAttribute('data-points')), { timeout: 10_000 }).toBeGreaterThan(10);

    // The server goes away: the banner at once, its time growing; the header claims nothing; everything stale.
    await server.stop();
    await page.waitForSelector(byTestId('connection-lost'));
    expect(await page.getByRole('alert').filter({ hasText: 'Connection to the server lost' }).count()).toBe(1);
    const first = await lostSeconds(page);
    await expect.poll(() => lostSeconds(page), { timeout: 5_000 }).toBeGreaterThanOrEqual(first + 2);
    expect(await page.locator(byTestId('source-state')).innerText()).toBe('simulator: unknown');
    expect(await page.locator(`${byTestId('readings-per-sec')} .stat-value`).innerText()).toBe('—');
    expect(await page.locator(`${byTestId('consumer-lag')} .stat-value`).innerText()).toBe('—');
    expect(await page.locator(byTestId('connection-state')).innerText()).toContain('Disconnected');
    // The time control no longer claims "● Live" beside the banner (it did).
    expect(await page.locator(byTestId('time-control-live')).innerText()).toBe('○ Not live');
    const chart = page.locator(byTestId('chart-temperature'));
    expect(await chart.getAttribute('data-stale')).toBe('true');
    expect(await chart.locator('.chart-plot').getAttribute('aria-label')).toContain('not live');
    expect(await chart.locator('.chart-plot').evaluate((el) => getComputedStyle(el, '::after').content)).toBe('"Not live"');
    expect(await page.locator('.map-panel').getAttribute('data-stale')).toBe('true');
    const lostNotice = (await recorded(page)).notifications.filter((n) => n.tag === 'stationwatch-connection');
    expect(lostNotice.map((n) => n.title)).toEqual(['Stationwatch: connection to the server lost']);
    expect((await recorded(page)).tones).toBeGreaterThan(tonesBefore);
    await page.mouse.move(1590, 890);
    await page.screenshot({ path: join(screenshots, 'disconnected.png') });

    // Back on the same port: the page reconnects by itself, the banner goes, the header is live again.
    server = await startServeProcess(['--port', String(port), ...SERVE_ARGS]);
    await page.waitForSelector(byTestId('connection-lost'), { state: 'detached', timeout: 20_000 });
    await expect.poll(async () => page.locator(byTestId('source-state')).innerText()).toBe('simulator: running');
    expect(await chart.getAttribute('data-stale')).toBe('false');
    expect(await page.locator('.map-panel').getAttribute('data-stale')).toBe('false');
    await context.close();
  });
});
