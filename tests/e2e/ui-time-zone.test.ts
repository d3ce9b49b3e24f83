/**
 * The control-room time zone (issue 17 item 11), end to end: the built renderer in Debian's Chromium against
 * the real `serve` command, the zone set to America/New_York through settings:save. The header clock names
 * the zone, the alarm list's "raised at" and the audit trail show New York wall-clock time (checked against
 * Node's own ICU for the instant in the element's ISO `dateTime`), and the history CSV keeps ISO UTC and adds
 * the New York time with units in the header.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWsClient } from '../helpers/ws-client';
import { openChromiumPage } from './helpers/chromium';
import { ensureRendererBuilt } from './helpers/renderer-build';
import { startServeProcess } from './helpers/serve-process';
import type { ServeProcess } from './helpers/serve-process';

const ZONE = 'America/New_York';
const HEAT_STATION = 'st-03';
const SERVE_ARGS = ['--port', '0', '--database', 'memory', '--stations', '6', '--seed', '7', '--no-outliers', '--speed', '60', '--scenario', `heatwave:${HEAT_STATION}:5:86400`];

let server: ServeProcess;
let browser: Browser;
let page: Page;
let locale = 'en-US';
const consoleErrors: string[] = [];
const byTestId = (id: string): string => `[data-testid="${id}"]`;

/** The reference: Node's ICU, not the renderer's module, formats the instant in New York. */
function newYork(ms: number, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(locale, { ...options, timeZone: ZONE, hourCycle: 'h23' }).format(ms);
}

beforeAll(async () => {
  ensureRendererBuilt();
  server = await startServeProcess(SERVE_ARGS);
  const client = await connectWsClient(server.url);
  try {
    const view = await client.request('settings:get', {});
    await client.request('settings:save', { settings: { ...view.settings, ui: { ...view.settings.ui, timeZone: ZONE } }, secrets: {} });
  } finally {
    await client.close();
  }
  ({ browser, page } = await openChromiumPage({ width: 1366, height: 768 }, consoleErrors, { acceptDownloads: true }));
  await page.goto(`${server.url}/`);
  await page.waitForSelector(`${byTestId('connection-state')}[data-state="open"]`);
  locale = await page.evaluate(() => navigator.language);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the control-room time zone in Chromium against headless mode', () => {
  it('labels the header clock with the zone and shows New York time there', async () => {
    const clock = page.locator(byTestId('clock'));
    const label = await page.locator(byTestId('clock-zone')).innerText();
    expect(label).toMatch(/^(EST|EDT)$/);
    const at = Date.parse((await clock.getAttribute('datetime')) ?? '');
    const shown = (await clock.innerText()).split(' ')[0];
    // The clock ticks each second: the shown time is New York's at the attribute's instant or one second on.
    expect([newYork(at, { hour: '2-digit', minute: '2-digit', second: '2-digit' }), newYork(at + 1000, { hour: '2-digit', minute: '2-digit', second: '2-digit' })]).toContain(shown);
  });

  it('shows the zone in Settings → General', async () => {
    await page.click(byTestId('nav-settings'));
    expect(await page.locator(byTestId('time-zone')).inputValue()).toBe(ZONE);
    await page.keyboard.press('Escape');
    await page.locator('dialog[open]').waitFor({ state: 'detached', timeout: 2_000 }).catch(() => undefined);
  });

  it('shows the alarm raised-at time and the audit trail in New York time', async () => {
    await page.click(byTestId('nav-alarms'));
    const raised = page.locator(`[data-alarm-ids~="temperature-high@${HEAT_STATION}"] ${byTestId('alarm-raised')} time`);
    // Up to 30 s for the engine to raise it: 12 s ran out once in a loaded fresh-clone CI (the file passed alone and in the full suite again).
    await expect.poll(async () => raised.count(), { timeout: 30_000, interval: 250 }).toBe(1);
    const raisedAt = Date.parse((await raised.getAttribute('datetime')) ?? '');
    const text = await raised.innerText();
    const nyTime = newYork(raisedAt, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    const nyShort = newYork(raisedAt, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
    expect([nyTime, nyShort]).toContain(text);
    // New York is 4 or 5 hours off UTC, so UTC's hours and minutes would not match (compared where the time
    // starts: at 20:20 UTC the New York "15:20:20" holds "20:20" as its minutes and seconds).
    expect(text.match(/\d{2}:\d{2}/)?.[0]).not.toBe(new Date(raisedAt).toISOString().slice(11, 16));

    await page.click(byTestId('alarms-tab-history'));
    const when = page.locator(`${byTestId('alarm-history')} ${byTestId('audit-when')} time`).first();
    await when.waitFor({ timeout: 5_000 });
    const eventAt = Date.parse((await when.getAttribute('datetime')) ?? '');
    expect(await when.innerText()).toBe(newYork(eventAt, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }));
  });

  it('exports CSV with ISO UTC, the New York time and units in the header', async () => {
    await page.click(byTestId('nav-history'));
    await page.selectOption(byTestId('history-stations'), [HEAT_STATION]);
    await page.selectOption(byTestId('history-metric'), 'temperature');
    await page.click(byTestId('history-query'));
    const summary = page.locator(byTestId('history-summary'));
    await expect.poll(async () => Number(await summary.getAttribute('data-points')), { timeout: 8_000 }).toBeGreaterThan(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(byTestId('history-export'))]);
    const lines = readFileSync(await download.path(), 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe(`station_id,time (UTC),local_time (${ZONE}),metric,window_ms,mean (°C),min (°C),max (°C),count`);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(1)) {
      const [, utc, local] = line.split(',');
      const ms = Date.parse(utc as string);
      expect(utc).toMatch(/Z$/);
      const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(ms).map((x) => [x.type, x.value]));
      expect(local).toBe(`${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`);
    }
    expect(consoleErrors).toEqual([]);
  });
});
