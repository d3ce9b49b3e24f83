/**
 * The real built preload in the real built renderer: dist/preload/preload.cjs runs, verbatim, inside
 * Electron's sandboxed-preload wrapper (helpers/sandboxed-preload.ts) in Debian's Chromium, with an
 * 'electron' shim that carries ipcRenderer to the real `serve` command. The page must take
 * window.stationwatch and never open its own socket; live frames, requests and an alarm
 * acknowledgement then all travel through the shipped preload code. Any console error fails the run,
 * so a preload that needs Node (e.g. a `require('node:url')` banner using __filename) fails it too.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Alarm } from '../../src-shared/domain/alarms';
import type { StationwatchApi } from '../../src-shared/ipc/contract';
import { openChromiumPage } from './helpers/chromium';
import { ensureRendererBuilt } from './helpers/renderer-build';
import { ensurePreloadBuilt, readBuiltPreload, sandboxedPreloadScript, shimCounts } from './helpers/sandboxed-preload';
import { startServeProcess } from './helpers/serve-process';
import type { ServeProcess } from './helpers/serve-process';

const HEAT_STATION = 'st-03';
const HEAT_ALARM = `temperature-high@${HEAT_STATION}`;
const SERVE_ARGS = ['--port', '0', '--database', 'memory', '--stations', '6', '--seed', '7', '--no-outliers', '--speed', '20', '--scenario', `heatwave:${HEAT_STATION}:10:3600`];
const COMMENT = 'e2e: acknowledged through the preload';

let server: ServeProcess;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

const byTestId = (id: string): string => `[data-testid="${id}"]`;

beforeAll(async () => {
  ensurePreloadBuilt();
  ensureRendererBuilt();
  server = await startServeProcess(SERVE_ARGS);
  ({ browser, page } = await openChromiumPage({ width: 1600, height: 1000 }, consoleErrors));
  await page.addInitScript({ content: sandboxedPreloadScript(readBuiltPreload()) });
  await page.goto(`${server.url}/`);
});

afterEach(async () => {
  expect(consoleErrors).toEqual([]);
  expect((await shimCounts(page)).pageSockets).toBe(0);
});

afterAll(async () => {
  // The browser goes first, so the server's shutdown cannot show up as a console error.
  await browser?.close();
  await server?.stop();
});

describe('the built preload in the built renderer (sandboxed, over headless mode)', () => {
  it('exposes one frozen window.stationwatch, which the page uses instead of its own WebSocket', async () => {
    const exposed = await page.evaluate(() => {
      const api = (window as unknown as { stationwatch?: StationwatchApi }).stationwatch;
      return { keys: api === undefined ? null : Object.keys(api).sort(), isFrozen: api !== undefined && Object.isFrozen(api) };
    });
    expect(exposed).toEqual({ keys: ['request', 'subscribe'], isFrozen: true });
    await page.waitForSelector(`${byTestId('connection-state')}[data-state="open"]`);
    await expect.poll(async () => (await shimCounts(page)).answers, { timeout: 30_000 }).toBeGreaterThan(0);
    // The server sees exactly one client: the shim's socket under ipcRenderer.
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^stationwatch_ws_clients 1$/m);
  });

  it('live frames arrive on the event port and fill the charts', async () => {
    const plot = page.locator(`${byTestId('chart-temperature')} .chart-plot`);
    await expect.poll(async () => Number(await plot.getAttribute('data-points')), { timeout: 30_000 }).toBeGreaterThan(0);
    const firstTs = Number(await plot.getAttribute('data-last-ts'));
    await expect.poll(async () => Number(await plot.getAttribute('data-last-ts')), { timeout: 30_000 }).toBeGreaterThan(firstTs);
    expect((await shimCounts(page)).portEvents).toBeGreaterThan(0);
  });

  it('a request round-trips through ipcRenderer.invoke, and an error arrives as the contract’s ContractError', async () => {
    const before = await shimCounts(page);
    const answer = await page.evaluate(async () => {
      const api = (window as unknown as { stationwatch: StationwatchApi }).stationwatch;
      const status = await api.request('pipeline:status', {});
      const refused = await api.request('alarms:ack', { alarmId: '' }).then(
        () => null,
        (error: { name?: string; code?: string }) => ({ name: error.name, code: error.code }),
      );
      return { source: status.source, store: status.store.kind, readings: status.counters.readings, refused };
    });
    expect(answer).toMatchObject({ source: { kind: 'simulator', state: 'running' }, store: 'memory', refused: { name: 'ContractError', code: 'invalid-arguments' } });
    expect(answer.readings).toBeGreaterThan(0);
    const after = await shimCounts(page);
    expect(after.invokes - before.invokes).toBeGreaterThanOrEqual(2);
    expect(after.answers - before.answers).toBeGreaterThanOrEqual(2);
  });

  it('a heatwave alarm appears, is acknowledged through the UI, and stays acknowledged', async () => {
    const row = page.locator(`[data-alarm-ids~="${HEAT_ALARM}"]`);
    await expect.poll(async () => row.getAttribute('data-state'), { timeout: 120_000, interval: 1000 }).toBe('unacknowledged');
    const before = await shimCounts(page);
    await row.click();
    await page.click(byTestId('alarm-ack'));
    await page.fill(byTestId('alarm-comment'), COMMENT);
    await page.click(byTestId('alarm-dialog-confirm'));
    // The row shows its worst alarm: the heat critical may be raised after this acknowledgement and make the
    // row unacknowledged again, so the acknowledged warning is checked through the preload itself.
    const heatAlarm = () =>
      page.evaluate(async (id) => {
        const alarms: readonly Alarm[] = await (window as unknown as { stationwatch: StationwatchApi }).stationwatch.request('alarms:list', {});
        return alarms.find((a) => a.id === id);
      }, HEAT_ALARM);
    await expect.poll(async () => (await heatAlarm())?.state, { timeout: 30_000 }).toBe('acknowledged');
    expect((await shimCounts(page)).invokes).toBeGreaterThan(before.invokes);
    const alarm = await heatAlarm();
    expect(alarm?.acknowledgedAt).toEqual(expect.any(Number));

    await page.click(byTestId('nav-alarms'));
    await page.click(byTestId('alarms-tab-history'));
    await expect.poll(async () => page.locator(byTestId('alarm-history')).innerText(), { timeout: 30_000 }).toContain(COMMENT);
  });
});
