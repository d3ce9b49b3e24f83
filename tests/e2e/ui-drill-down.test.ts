/**
 * The drill-down, end to end: the built renderer in Debian's Chromium against the real `serve` command, a
 * seeded simulator at 60x with a heatwave at st-03. Selecting the heat row shows the trend of the 10-s
 * mean the rules evaluate, with the warning and critical limits and the activations marked, and rings
 * st-03 on the map; Enter on a focused map marker adds the station's line to the charts, as a click does.
 * The dashboard with the drill-down open is written to docs/screenshots/drill-down.png.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { byTestId, useAppPage } from './helpers/app-page';
import type { Alarm } from '../../src-shared/domain/alarms';
import { connectWsClient } from '../helpers/ws-client';

const SOUTH = 'st-03';
const SERVE_ARGS = ['--port', '0', '--database', 'memory', '--stations', '6', '--seed', '7', '--no-outliers', '--speed', '60', '--scenario', `heatwave:${SOUTH}:60:86400`];
const heatRow = `[data-alarm-ids~="temperature-high@${SOUTH}"][data-alarm-ids~="temperature-extreme@${SOUTH}"]`;
const SOON = { timeout: 10_000 };

const app = useAppPage(SERVE_ARGS, { viewport: { width: 1600, height: 900 } });

async function heatAlarms(): Promise<Alarm[]> {
  const client = await connectWsClient(app.server.url);
  try {
    return (await client.request('alarms:list', {})).filter((a) => a.stationId === SOUTH && a.metric === 'temperature');
  } finally {
    await client.close();
  }
}

describe('the drill-down in Chromium against headless mode', () => {
  it("selecting an alarm shows the rule's statistic with both limits and the activations, and rings its station on the map", async () => {
    const row = app.page.locator(heatRow);
    await expect.poll(async () => row.count(), { timeout: 45_000, interval: 250 }).toBe(1);
    // Nothing is open before a row is chosen: the first row is the cursor, not a drill-down.
    expect(await app.page.locator(byTestId('alarm-drill-down')).count()).toBe(0);
    expect(await app.page.locator(byTestId(`station-marker-${SOUTH}`)).getAttribute('data-focused')).toBe('false');

    await row.click();
    const drill = app.page.locator(byTestId('alarm-drill-down'));
    await expect.poll(async () => drill.getAttribute('data-station'), SOON).toBe(SOUTH);
    expect(await drill.locator('h3').textContent()).toMatch(/^Temperature at .+: 10-s mean$/);
    const limits = await drill.locator(byTestId('drill-limit')).evaluateAll((els) => els.map((el) => `${el.getAttribute('data-severity')}:${el.getAttribute('data-level')}`));
    expect(limits.sort()).toEqual(['critical:40', 'warning:35']);

    // The activation marks are the engine's activations (asked over its own socket).
    const alarms = await heatAlarms();
    const marked = await drill.locator(byTestId('drill-activated')).evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-at'))));
    expect(marked.sort()).toEqual(alarms.map((a) => a.activatedAt).sort());

    // The chart draws stored 10-s windows, and the mean it draws passed the critical limit (the alarm fired on it).
    const chart = drill.locator(byTestId('drill-chart'));
    await expect.poll(async () => Number(await chart.getAttribute('data-points')), SOON).toBeGreaterThan(3);
    expect(await chart.getAttribute('data-size-ms')).toBe('10000');
    expect(Number(await chart.getAttribute('data-peak'))).toBeGreaterThan(40);
    expect(await chart.locator('canvas').count()).toBe(1);

    // The station is ringed on the map, and only it.
    await expect.poll(async () => app.page.locator(byTestId(`station-marker-${SOUTH}`)).getAttribute('data-focused'), SOON).toBe('true');
    expect(await app.page.locator('[data-testid^="station-marker-"][data-focused="true"]').count()).toBe(1);

    await app.page.mouse.move(1590, 890);
    await app.page.screenshot({ path: join(import.meta.dirname, '..', '..', 'docs', 'screenshots', 'drill-down.png') });
  });

  it("Enter on a focused map marker adds the station's line to the charts, as a click does", async () => {
    const marker = app.page.locator(byTestId('station-marker-st-01'));
    await marker.focus();
    expect(await marker.evaluate((el) => el === document.activeElement)).toBe(true);
    await app.page.keyboard.press('Enter');
    const chips = app.page.locator(byTestId('selected-stations'));
    await expect.poll(async () => ((await chips.count()) === 0 ? '' : chips.innerText()), SOON).toContain('st-01');
    const plot = app.page.locator(`${byTestId('chart-temperature')} .chart-plot`);
    await expect.poll(async () => Number(await plot.getAttribute('data-points')), SOON).toBeGreaterThan(0);
    // Enter again takes it off, as a second click does.
    await marker.focus();
    await app.page.keyboard.press('Enter');
    await expect.poll(async () => chips.count(), SOON).toBe(0);
  });
});
