/**
 * Pending conditions end to end: the built renderer in Debian's Chromium against the real `serve` command,
 * a seeded simulator at 6x speed with a heatwave at one station. Before the heat alarms are raised, the
 * alarm list shows a pending row with a countdown that runs, the station's marker is marked pending, and
 * its tooltip, opened before the heat and never re-opened, turns from "Normal" to "Pending" and keeps
 * updating; the temperature chart draws the statistic the rules evaluate. The page is sampled every 150 ms
 * and the assertions read that timeline. The dashboard with the pending row and the tooltip is written to
 * docs/screenshots/alarm-pending.png. Any console error fails the run.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServeProcess } from './helpers/serve-process';
import type { ServeProcess } from './helpers/serve-process';
import { openChromiumPage } from './helpers/chromium';
import { ensureRendererBuilt } from './helpers/renderer-build';

const root = join(import.meta.dirname, '..', '..');
const screenshots = join(root, 'docs', 'screenshots');
const HEAT_STATION = 'st-03';
const WARNING = `temperature-high@${HEAT_STATION}`;
const CRITICAL = `temperature-extreme@${HEAT_STATION}`;
// The heatwave starts 60 simulated seconds (10 s of wall time) in; the rules then wait 20–30 simulated seconds.
const SERVE_ARGS = ['--port', '0', '--database', 'memory', '--stations', '12', '--seed', '7', '--no-outliers', '--speed', '6', '--scenario', `heatwave:${HEAT_STATION}:60:86400`];

let server: ServeProcess;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

/** What the page shows at one moment. */
interface Sample {
  readonly at: number;
  readonly pendingRows: readonly { readonly id: string; readonly countdown: string; readonly seconds: number }[];
  readonly alarmRows: readonly string[];
  readonly tooltip: string | null;
  readonly markerPending: string | null;
}

async function sample(): Promise<Sample> {
  return page.evaluate((station) => {
    const rows = Array.from(document.querySelectorAll<HTMLElement>('[data-testid^="pending-row-"]'), (row) => {
      const countdown = row.querySelector<HTMLElement>('[data-testid="pending-countdown"]');
      return { id: (row.dataset.testid ?? '').slice('pending-row-'.length), countdown: countdown?.textContent ?? '', seconds: Number(countdown?.dataset.seconds ?? Number.NaN) };
    });
    const alarms = Array.from(document.querySelectorAll<HTMLElement>('[data-testid^="alarm-row-"]'), (row) => (row.dataset.testid ?? '').slice('alarm-row-'.length));
    const marker = document.querySelector<HTMLElement>(`[data-testid="station-marker-${station}"]`);
    return { at: Date.now(), pendingRows: rows, alarmRows: alarms, tooltip: document.querySelector('.leaflet-tooltip .map-tooltip')?.textContent ?? null, markerPending: marker?.dataset.pending ?? null };
  }, HEAT_STATION);
}

beforeAll(async () => {
  ensureRendererBuilt();
  mkdirSync(screenshots, { recursive: true });
  server = await startServeProcess(SERVE_ARGS);
  ({ browser, page } = await openChromiumPage({ width: 1366, height: 768 }, consoleErrors));
  await page.goto(`${server.url}/`);
  await page.waitForSelector('[data-testid="connection-state"][data-state="open"]');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('pending conditions in Chromium against headless mode', () => {
  it('the alarm list counts down a pending row before the alarm, and the open map tooltip says "Pending" and updates', async () => {
    const marker = page.locator(`[data-testid="station-marker-${HEAT_STATION}"]`);
    await marker.waitFor({ timeout: 30_000 });
    await marker.hover();
    await expect.poll(async () => (await sample()).tooltip, { timeout: 10_000 }).toContain('Normal');

    const timeline: Sample[] = [];
    let screenshotTaken = false;
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      const now = await sample();
      timeline.push(now);
      if (!screenshotTaken && now.pendingRows.length > 0 && now.tooltip?.includes('Pending') === true) {
        await page.screenshot({ path: join(screenshots, 'alarm-pending.png') });
        screenshotTaken = true;
      }
      if (now.alarmRows.includes(CRITICAL)) break;
      await page.waitForTimeout(150);
    }

    // A pending row for the heat warning came first, with a countdown, while its alarm was not yet raised.
    const pendingWarning = timeline.filter((s) => s.pendingRows.some((r) => r.id === WARNING) && !s.alarmRows.includes(WARNING));
    expect(pendingWarning.length, 'samples showing the warning pending before its alarm').toBeGreaterThan(0);
    const firstAlarm = timeline.findIndex((s) => s.alarmRows.includes(WARNING));
    expect(firstAlarm, 'the warning alarm is raised').toBeGreaterThan(0);
    expect(timeline.findIndex((s) => s.pendingRows.some((r) => r.id === WARNING))).toBeLessThan(firstAlarm);
    const countdowns = pendingWarning.map((s) => s.pendingRows.find((r) => r.id === WARNING)!);
    for (const c of countdowns) expect(c.countdown).toMatch(/^alarm (in \d+ s|due)$/);
    // The countdown runs: it takes several values, never going up.
    const seconds = countdowns.map((c) => c.seconds);
    expect(new Set(seconds).size).toBeGreaterThanOrEqual(2);
    expect(seconds.every((s, i) => i === 0 || s <= (seconds[i - 1] as number))).toBe(true);
    // Once raised, the condition is an alarm row, not a pending row.
    expect(timeline.at(-1)?.alarmRows).toContain(CRITICAL);
    expect(timeline.at(-1)?.pendingRows.map((r) => r.id)).not.toContain(WARNING);

    // The marker was marked pending, and the tooltip (never re-opened) said so and kept changing.
    expect(timeline.some((s) => s.markerPending === 'warning' || s.markerPending === 'critical')).toBe(true);
    const pendingTips = timeline.map((s) => s.tooltip ?? '').filter((t) => t.includes('Pending'));
    expect(pendingTips.length).toBeGreaterThan(0);
    expect(pendingTips.some((t) => /alarm (in \d+ s|due)/.test(t))).toBe(true);
    expect(new Set(pendingTips).size, 'the open tooltip updates while pending').toBeGreaterThanOrEqual(2);
    expect(timeline.at(-1)?.tooltip).toMatch(/Critical alarm|Warning/);
    expect(screenshotTaken).toBe(true);

    // The temperature chart draws what the heat rules evaluate: the highest station's 10-s mean, past 40 °C now.
    expect(await page.locator('[data-testid="chart-statistic-temperature"]').getAttribute('data-statistic')).toBe('highest station 10-s mean');
    const plot = page.locator('[data-testid="chart-temperature"] .chart-plot');
    await expect.poll(async () => Number(await plot.getAttribute('data-statistic-last')), { timeout: 10_000 }).toBeGreaterThan(40);
    expect(consoleErrors).toEqual([]);
  }, 150_000);
});
