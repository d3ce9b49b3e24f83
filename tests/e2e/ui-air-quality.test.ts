/**
 * Air quality end to end (issue 18): the built renderer in Debian's Chromium against the real `serve`
 * command, a seeded simulator at 1000x speed (an hour of data in 3.6 s) with an ozone episode at one
 * station from the start. Once the first full hour of the episode closes, the O3 information-threshold
 * alarm is in the alarm list, the station's map tooltip shows its index band and deciding pollutant (and the
 * legend the band), and the Compliance page lists figures for the station's pollutants. The Compliance page
 * is written to docs/screenshots/compliance.png, the dashboard with the tooltip to air-quality-map.png. Any console error fails the run.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChromiumPage } from './helpers/chromium';
import { ensureRendererBuilt } from './helpers/renderer-build';
import { startServeProcess } from './helpers/serve-process';
import type { ServeProcess } from './helpers/serve-process';

const root = join(import.meta.dirname, '..', '..');
const screenshots = join(root, 'docs', 'screenshots');
const STATION = 'st-02';
const ALARM = `air:o3-information@${STATION}`;
// The episode lasts four simulated hours from the start: its first full UTC hour closes within ~8 s of wall time.
const SERVE_ARGS = ['--port', '0', '--database', 'memory', '--stations', '2', '--seed', '7', '--no-outliers', '--speed', '1000', '--scenario', `ozone-episode:${STATION}:0:14400`];

let server: ServeProcess;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const byTestId = (id: string): string => `[data-testid="${id}"]`;

beforeAll(async () => {
  ensureRendererBuilt();
  mkdirSync(screenshots, { recursive: true });
  server = await startServeProcess(SERVE_ARGS);
  ({ browser, page } = await openChromiumPage({ width: 1366, height: 768 }, consoleErrors));
  await page.goto(`${server.url}/`);
  await page.waitForSelector(`${byTestId('connection-state')}[data-state="open"]`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('air quality in Chromium against headless mode', () => {
  it('an ozone episode raises the information-threshold alarm, the tooltip shows the index band, the Compliance page shows figures', async () => {
    await page.click(byTestId('nav-alarms'));
    const alarmRow = page.locator(`[data-alarm-ids~="${ALARM}"]`);
    // Seconds alone; beside the 2,000-station files of a full end-to-end run (two at a time) the 1000x stream
    // falls behind and the first ozone hour closed after more than 60 s once.
    await alarmRow.first().waitFor({ timeout: 150_000 });
    expect(await alarmRow.first().textContent()).toMatch(/O3/);

    await page.click(byTestId('nav-dashboard'));
    const marker = page.locator(byTestId(`station-marker-${STATION}`));
    await marker.waitFor({ timeout: 5_000 });
    await marker.hover();
    const tooltip = page.locator(`.leaflet-tooltip ${byTestId('tooltip-air-index')}`);
    await tooltip.waitFor({ timeout: 5_000 });
    // The episode's hours are 200–230 µg/m³ O3: above the EEA's 180 bound, so O3 decides and the band is the worst.
    expect(await tooltip.textContent()).toBe('European index 6 (Extremely poor), decided by O3');
    expect(await page.locator(byTestId('air-legend')).textContent()).toContain('Extremely poor');
    await page.screenshot({ path: join(screenshots, 'air-quality-map.png') });

    await page.click(byTestId('nav-compliance'));
    const rows = page.locator(`${byTestId('compliance-row')}[data-station="${STATION}"]`);
    await rows.first().waitFor({ timeout: 5_000 });
    const standards = await rows.evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.standard));
    expect(standards).toEqual(expect.arrayContaining(['2008/50:o3-8h', '2008/50:pm10-daily', '2008/50:no2-hourly']));
    const pm10 = await page.locator(`${byTestId('compliance-row')}[data-station="${STATION}"][data-standard="2008/50:pm10-daily"]`).textContent();
    expect(pm10).toMatch(/PM10 daily limit value: \d+ of 35 allowed days used in \d{4}/);
    expect(await page.locator(byTestId('compliance-note')).textContent()).toContain('stored history');
    await page.screenshot({ path: join(screenshots, 'compliance.png') });
    expect(consoleErrors).toEqual([]);
  }, 200_000);
});
