/**
 * The station registry and out-of-service list end to end: the built renderer in Debian's Chromium
 * against the real `serve` command (seeded simulator, memory store). A station file picked in the UI is
 * sent as its contents (stations:import) and places a station on the map; a station put out of service
 * is still shown as such after a page reload, because the list comes from the engine
 * (stations:outOfService), not from the window. Any console error fails the run.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServeProcess } from './helpers/serve-process';
import type { ServeProcess } from './helpers/serve-process';
import { openChromiumPage } from './helpers/chromium';
import { ensureRendererBuilt } from './helpers/renderer-build';

const SERVE_ARGS = ['--port', '0', '--database', 'memory', '--stations', '12', '--seed', '7', '--no-outliers', '--speed', '10'];
const NEW_STATION = 'imp-01';
const OOS_STATION = 'st-05';

let server: ServeProcess;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const byTestId = (id: string): string => `[data-testid="${id}"]`;

beforeAll(async () => {
  ensureRendererBuilt();
  server = await startServeProcess(SERVE_ARGS);
  ({ browser, page } = await openChromiumPage({ width: 1920, height: 1080 }, consoleErrors));
  await page.goto(`${server.url}/`);
  await page.waitForSelector(`${byTestId('connection-state')}[data-state="open"]`);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid^="station-marker-"]').length === 12, undefined, { timeout: 30_000 });
});

afterEach(() => {
  expect(consoleErrors).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Pick a file for a (hidden) file input, with these contents. */
async function pickFile(inputTestId: string, name: string, content: string): Promise<void> {
  await page.setInputFiles(byTestId(inputTestId), { name, mimeType: name.endsWith('.csv') ? 'text/csv' : 'application/geo+json', buffer: Buffer.from(content) });
}

describe('station registry and out of service in Chromium against headless mode', () => {
  it('an imported station without coordinates is listed as unplaced; importing its coordinates places it on the map', async () => {
    await page.click(byTestId('nav-health'));
    await pickFile('station-import-file', 'new-stations.csv', `id,name\n${NEW_STATION},Pump house\n`);
    const result = page.locator(`${byTestId('station-registry')} ${byTestId('station-import-result')}`);
    await expect.poll(async () => result.getAttribute('data-imported'), { timeout: 10_000 }).toBe('1');
    expect(await page.locator(byTestId('station-registry-counts')).getAttribute('data-unplaced')).toBe('1');

    await page.click(byTestId('nav-dashboard'));
    const unplaced = page.locator(byTestId('unplaced-stations'));
    await expect.poll(async () => unplaced.getAttribute('data-count')).toBe('1');
    await unplaced.locator('summary').click();
    expect(await page.locator(byTestId(`unplaced-${NEW_STATION}`)).innerText()).toContain('Pump house');
    expect(await page.locator(byTestId(`station-marker-${NEW_STATION}`)).count()).toBe(0);

    // Placed from the map's own unplaced list; one bad row is reported, not fatal.
    await pickFile('station-import-file', 'placed.csv', `id,name,district,lat,lon\n${NEW_STATION},Pump house,Centre,52.372,4.895\nbroken,Broken,,north,east\n`);
    const mapResult = page.locator(byTestId('station-import-result'));
    await expect.poll(async () => mapResult.getAttribute('data-imported'), { timeout: 10_000 }).toBe('1');
    expect(await mapResult.getAttribute('data-problems')).toBe('1');
    await expect.poll(async () => page.locator(byTestId(`station-marker-${NEW_STATION}`)).count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(async () => unplaced.getAttribute('data-count')).toBe('0');
    expect(await page.locator(byTestId('station-import-problems')).innerText()).toContain('row 3');
    await page.click(byTestId('unplaced-dismiss'));
    expect(await unplaced.count()).toBe(0);
    expect(await page.locator('[data-testid^="station-marker-"]').count()).toBe(13);
  });

  it('a station put out of service still shows as out of service after a page reload', async () => {
    await page.click(byTestId('nav-health'));
    await page.selectOption(byTestId('silent-station-pick'), OOS_STATION);
    await page.fill(byTestId('service-comment'), 'e2e: sensor mast being replaced');
    await page.click(byTestId('service-toggle-button'));
    await expect.poll(async () => page.locator(byTestId('service-toggle')).getAttribute('data-out-of-service'), { timeout: 10_000 }).toBe('true');
    expect(await page.locator(byTestId('silent-answer')).innerText()).toContain('out of service');

    await page.reload();
    await page.waitForSelector(`${byTestId('connection-state')}[data-state="open"]`);
    const marker = page.locator(byTestId(`station-marker-${OOS_STATION}`));
    await expect.poll(async () => marker.getAttribute('data-out-of-service'), { timeout: 15_000 }).toBe('true');
    expect(await marker.getAttribute('aria-label')).toContain('out of service');
    await page.locator(`${byTestId('out-of-service-list')} summary`).click();
    expect(await page.locator(byTestId(`oos-${OOS_STATION}`)).innerText()).toContain('whole station');
    const others = await page.locator('[data-testid^="station-marker-"][data-out-of-service="true"]').count();
    expect(others).toBe(1);

    await page.click(byTestId('nav-health'));
    await page.selectOption(byTestId('silent-station-pick'), OOS_STATION);
    expect(await page.locator(byTestId('silent-answer')).innerText()).toContain('The station is out of service');
    await page.click(byTestId('service-toggle-button'));
    await expect.poll(async () => page.locator(byTestId('service-toggle')).getAttribute('data-out-of-service'), { timeout: 10_000 }).toBe('false');
    await page.click(byTestId('nav-dashboard'));
    await expect.poll(async () => page.locator(byTestId('out-of-service-list')).count()).toBe(0);
  });
});
