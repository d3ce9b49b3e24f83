/**
 * Incident replay end to end (issue 19): the built renderer in Debian's Chromium against the real `serve`
 * command, a seeded simulator at 60x with a heatwave at st-03. The operator opens the heat alarm's
 * incident: the console goes to two minutes before its first activation under a "REPLAY — not live"
 * banner, the map and alarm list show no heat alarm yet and st-03's value is the stored 10-s mean of that
 * moment (read independently with history:query); playing at 60x reaches the activation and the row
 * appears; the incident is saved (and noted in the shift log); one click returns to live; the shift log's
 * entry opens the incident again.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { byTestId, useAppPage } from './helpers/app-page';
import type { Alarm } from '../../src-shared/domain/alarms';
import { metricInfo } from '../../src-shared/domain/metrics';
import { connectWsClient } from '../helpers/ws-client';
import type { WsClient } from '../helpers/ws-client';

const SOUTH = 'st-03';
const SERVE_ARGS = ['--port', '0', '--database', 'memory', '--stations', '6', '--seed', '7', '--no-outliers', '--speed', '60', '--scenario', `heatwave:${SOUTH}:300:86400`];
const heatRow = `[data-alarm-ids~="temperature-high@${SOUTH}"]`;
const SOON = { timeout: 15_000, interval: 200 };

const app = useAppPage(SERVE_ARGS, { viewport: { width: 1600, height: 900 } });

async function withClient<T>(use: (client: WsClient) => Promise<T>): Promise<T> {
  const client = await connectWsClient(app.server.url);
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

describe('incident replay in Chromium against headless mode', () => {
  it('opens the incident from an alarm: the banner, the past map, list and values; plays to the activation; saves it; returns to live', async () => {
    const page = app.page;
    const liveRow = page.locator(`${byTestId('alarm-table')} ${heatRow}`);
    await expect.poll(async () => liveRow.count(), { timeout: 60_000, interval: 250 }).toBe(1);
    await expect.poll(async () => page.locator(byTestId(`station-marker-${SOUTH}`)).getAttribute('data-severity'), SOON).not.toBe('ok');
    expect(await page.locator(byTestId('replay-banner')).count()).toBe(0);
    expect(await page.locator(byTestId('time-control-live')).innerText()).toContain('Live');

    const heat = await withClient(async (c) => (await c.request('alarms:list', {})).filter((a: Alarm) => a.stationId === SOUTH && a.metric === 'temperature'));
    const firstActivation = Math.min(...heat.map((a) => a.activatedAt));
    const moment = firstActivation - 120_000;

    await liveRow.click();
    await page.locator(byTestId('alarm-open-incident')).click();

    // The banner says it is not live and names the moment: two minutes before the first activation.
    const banner = page.locator(byTestId('replay-banner'));
    await expect.poll(async () => banner.getAttribute('data-at'), SOON).toBe(String(moment));
    expect(await page.locator(byTestId('replay-banner-title')).innerText()).toContain('REPLAY — not live');
    expect(await page.locator('.app').getAttribute('data-replay')).toBe('true');
    expect(await page.locator(byTestId('replay-incident')).innerText()).toContain('Incident:');

    // Then: no heat alarm in the list or on the map yet.
    const replayTable = page.locator(byTestId('alarm-table'));
    await expect.poll(async () => replayTable.locator(heatRow).count(), SOON).toBe(0);
    await expect.poll(async () => page.locator(byTestId(`station-marker-${SOUTH}`)).getAttribute('data-severity'), SOON).toBe('ok');

    // st-03's value then is the stored 10-s window that closed last before the moment, read independently.
    const history = await withClient((c) => c.request('history:query', { stationIds: [SOUTH], metric: 'temperature', from: moment - 100_000, to: moment, maxPoints: 10 }));
    expect(history.sizeMs).toBe(10_000);
    const series = history.series[0]!;
    let expected = Number.NaN;
    for (let i = 0; i < series.ts.length; i++) if (series.ts[i]! + 10_000 <= moment) expected = series.mean[i]!;
    expect(Number.isFinite(expected)).toBe(true);
    await page.locator(byTestId(`station-marker-${SOUTH}`)).hover();
    const tooltip = page.locator('.map-tooltip');
    await expect.poll(async () => ((await tooltip.count()) === 0 ? '' : tooltip.innerText()), SOON).toContain(`${expected.toFixed(metricInfo('temperature').decimals)} °C`);
    // The charts draw the past too.
    await expect.poll(async () => Number(await page.locator(`${byTestId('chart-temperature')} .chart-plot`).getAttribute('data-points')), SOON).toBeGreaterThan(0);

    await page.mouse.move(1590, 890);
    await page.screenshot({ path: join(import.meta.dirname, '..', '..', 'docs', 'screenshots', 'incident-replay.png') });

    // Play at 60x: two minutes of history in about two seconds; the heat row appears once the activation is passed.
    await page.locator(byTestId('replay-speed')).selectOption('60');
    await page.locator(byTestId('replay-play')).click();
    await expect.poll(async () => Number(await banner.getAttribute('data-at')), SOON).toBeGreaterThanOrEqual(firstActivation);
    await expect.poll(async () => replayTable.locator(heatRow).count(), SOON).toBe(1);
    expect(await page.locator(byTestId('replay-banner-title')).innerText()).toContain('REPLAY — not live');
    await page.locator(byTestId('replay-pause')).click();

    // Save the incident: it is listed, and the shift log notes it.
    await page.locator(byTestId('replay-save-open')).click();
    await page.locator(byTestId('incident-title')).fill('Heatwave at st-03');
    await page.locator(byTestId('incident-notes')).fill('Cooling centre opened');
    await page.locator(byTestId('incident-save')).click();
    await expect.poll(async () => page.locator(byTestId('replay-incident')).innerText(), SOON).toContain('Heatwave at st-03');
    const saved = await withClient((c) => c.request('incident:list', {}));
    expect(saved.map((i) => [i.title, i.notes, i.alarmId, i.from])).toEqual([['Heatwave at st-03', 'Cooling centre opened', heat.find((a) => a.activatedAt === firstActivation)!.id, moment]]);
    const log = await withClient((c) => c.request('shiftlog:list', { from: 0, to: Date.now() + 86_400_000 }));
    expect(log.some((e) => e.text.startsWith('Incident saved: Heatwave at st-03'))).toBe(true);

    // One click back to live: no banner, the live heat alarm is there again.
    await page.locator(byTestId('replay-go-live')).click();
    await expect.poll(async () => page.locator(byTestId('replay-banner')).count(), SOON).toBe(0);
    expect(await page.locator('.app').getAttribute('data-replay')).toBe('false');
    await expect.poll(async () => page.locator(`${byTestId('alarm-table')} ${heatRow}`).count(), SOON).toBe(1);
    await expect.poll(async () => page.locator(byTestId(`station-marker-${SOUTH}`)).getAttribute('data-severity'), SOON).not.toBe('ok');
    // The saved incident can be opened again from the time control.
    expect(await page.locator(`${byTestId('saved-incidents')} option`).count()).toBe(2);

    // And from the shift log: its entry opens the incident on the dashboard, replaying from its start.
    await page.locator(byTestId('nav-shift')).click();
    const entry = page.locator(byTestId('shift-entry'), { hasText: 'Incident saved: Heatwave at st-03' });
    await expect.poll(async () => entry.count(), SOON).toBe(1);
    await entry.locator(byTestId('shift-open-incident')).click();
    await expect.poll(async () => page.locator(byTestId('view-dashboard')).count(), SOON).toBe(1);
    await expect.poll(async () => page.locator(byTestId('replay-banner')).getAttribute('data-at'), SOON).toBe(String(moment));
    expect(await page.locator(byTestId('replay-incident')).innerText()).toContain('Heatwave at st-03');
    await page.locator(byTestId('replay-go-live')).click();
    await expect.poll(async () => page.locator(byTestId('replay-banner')).count(), SOON).toBe(0);
  });
});
