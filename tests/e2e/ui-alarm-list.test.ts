/**
 * The alarm list an operator works from, end to end: the built renderer in Debian's Chromium at
 * 1366×768 against the real `serve` command, a seeded simulator at 60x speed with heatwaves at st-03
 * (South) and in the Parkland district, and the East district off the air with the silent-station rule
 * at 3 s. Checks: one row per condition (warning + critical), station names and districts shown and
 * searchable, values with units, an absolute "raised at" time, the silent-station alarm in words, the
 * State column on screen, bulk acknowledgement with one comment reaching the audit trail, and the shelf's
 * own count. The Alarms view is written to docs/screenshots/alarm-list.png. Any console error fails the run.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src-shared/settings/default-rules';
import { connectWsClient } from '../helpers/ws-client';
import { expectOnScreen } from './helpers/page-checks';
import { openChromiumPage } from './helpers/chromium';
import { ensureRendererBuilt } from './helpers/renderer-build';
import { startServeProcess } from './helpers/serve-process';
import type { ServeProcess } from './helpers/serve-process';

const SOUTH = 'st-03';
const SERVE_ARGS = ['--port', '0', '--database', 'memory', '--stations', '12', '--seed', '7', '--no-outliers', '--speed', '60', '--scenario', `heatwave:${SOUTH}:60:86400`, '--scenario', 'heatwave:Parkland:60:86400', '--scenario', 'station-offline:East:60:86400'];
/** The silent-station rule at 3 s (wall clock), so a station off the air alarms within the test. */
const RULES = DEFAULT_RULES.map((rule) => (rule.kind === 'stale' ? { ...rule, name: 'Station silent for 3 s', afterMs: 3_000 } : rule));

let server: ServeProcess;
let browser: Browser;
let page: Page;
let parklandIds: string[] = [];
const consoleErrors: string[] = [];
const byTestId = (id: string): string => `[data-testid="${id}"]`;
/** The one row of a station's heat condition: its warning and its critical alarm. */
const heatRow = (stationId: string): string => `[data-alarm-ids~="temperature-high@${stationId}"][data-alarm-ids~="temperature-extreme@${stationId}"]`;
const SOON = { timeout: 5_000 };

beforeAll(async () => {
  ensureRendererBuilt();
  server = await startServeProcess(SERVE_ARGS);
  const client = await connectWsClient(server.url);
  try {
    await client.request('rules:save', { rules: RULES });
    parklandIds = (await client.request('stations:list', {})).filter((s) => s.district === 'Parkland').map((s) => s.id);
  } finally {
    await client.close();
  }
  ({ browser, page } = await openChromiumPage({ width: 1366, height: 768 }, consoleErrors));
  await page.goto(`${server.url}/`);
  await page.waitForSelector(`${byTestId('connection-state')}[data-state="open"]`);
});

afterEach(async () => {
  if ((await page.locator('dialog[open]').count()) > 0) await page.keyboard.press('Escape');
  // A dialog with typed work asks before it closes: discard.
  if ((await page.locator(byTestId('leave-dialog')).count()) > 0) await page.click(byTestId('leave-confirm'));
  expect(consoleErrors).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the alarm list in Chromium against headless mode', () => {
  it('shows one row per condition with names, districts, units and the time raised; the State column fits at 1366×768', async () => {
    expect(parklandIds.length).toBeGreaterThan(0);
    const south = page.locator(heatRow(SOUTH));
    await expect.poll(async () => south.count(), { timeout: 60_000, interval: 500 }).toBe(1);
    // Warning and critical of one condition: one row, showing the critical one.
    expect(await south.getAttribute('data-severity')).toBe('critical');
    expect(await south.locator(byTestId('alarm-also')).innerText()).toContain('warning');
    expect(await page.locator(`[data-alarm-ids~="temperature-high@${SOUTH}"]`).count()).toBe(1);

    const station = await south.locator(byTestId('alarm-station')).innerText();
    expect(station).toMatch(/^South \w+\n?South · st-03$/);
    expect(await south.locator(byTestId('alarm-peak')).innerText()).toMatch(/^\d{2}\.\d °C$/);
    expect(await south.locator(byTestId('alarm-limit')).innerText()).toBe('40 °C');
    expect(await south.locator(`${byTestId('alarm-raised')} time`).innerText()).toMatch(/^\d{1,2}:\d{2}(:\d{2})?/);

    // The silent East stations: "No data" for seconds, not Metric "process" and Peak in milliseconds.
    const silent = page.locator('[data-alarm-ids^="station-stale@"]').first();
    await expect.poll(async () => silent.count(), { timeout: 30_000, interval: 500 }).toBe(1);
    expect(await silent.locator(byTestId('alarm-station')).innerText()).toContain('East');
    expect(await silent.locator(byTestId('alarm-what')).innerText()).toMatch(/^No data\n?\d+ s · limit 3 s$/);

    // The State column and a state cell are on screen at 1366×768, and the list does not scroll sideways.
    await expectOnScreen(page, [byTestId('alarm-state-header'), `${heatRow(SOUTH)} ${byTestId('alarm-state')}`]);
    expect(await page.locator('.alarm-table-wrap').evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  });

  it('finds alarms by district, and every message shows rounded values with units', async () => {
    await page.fill(byTestId('alarm-filter'), 'Parkland');
    const rows = page.locator('[data-testid^="alarm-row-"]');
    await expect.poll(async () => rows.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    for (const text of await rows.locator(byTestId('alarm-station')).allInnerTexts()) expect(text).toContain('Parkland');
    await page.fill(byTestId('alarm-filter'), '');

    await page.click(byTestId('nav-alarms'));
    await page.mouse.move(1300, 700);
    await page.screenshot({ path: join(import.meta.dirname, '..', '..', 'docs', 'screenshots', 'alarm-list.png') });
    const messages = await page.locator(`${heatRow(SOUTH)} td.message`).innerText();
    expect(messages).toMatch(/\d+\.\d °C > 40 °C/);
    expect(messages).toMatch(/\d+\.\d °C > 35 °C/);
    expect(messages).not.toMatch(/\d\.\d{2,}/);
    await page.click(byTestId('nav-dashboard'));
  });

  it('acknowledges two selected rows with one comment from the keyboard, and the audit trail has it for each alarm', async () => {
    const parkland = page.locator(heatRow(parklandIds[0] as string));
    const south = page.locator(heatRow(SOUTH));
    await expect.poll(async () => parkland.count(), { timeout: 60_000, interval: 500 }).toBe(1);
    await page.fill(byTestId('alarm-filter'), 'temperature');
    const list = page.locator('.alarm-table-wrap');
    // Space ticks the row under the cursor; arrows move the cursor.
    await south.click();
    await list.focus();
    await page.keyboard.press(' ');
    const rows = page.locator('[data-testid^="alarm-row-"]');
    const southIndex = (await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-alarm-ids') ?? ''))).findIndex((ids) => ids.includes(`@${SOUTH}`));
    const parklandIndex = (await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-alarm-ids') ?? ''))).findIndex((ids) => ids.includes(`@${parklandIds[0]}`));
    for (let i = 0; i < Math.abs(parklandIndex - southIndex); i++) await page.keyboard.press(parklandIndex > southIndex ? 'ArrowDown' : 'ArrowUp');
    await expect.poll(async () => parkland.getAttribute('aria-selected'), SOON).toBe('true');
    await page.keyboard.press(' ');
    expect(await south.locator(byTestId('alarm-check')).isChecked()).toBe(true);
    expect(await parkland.locator(byTestId('alarm-check')).isChecked()).toBe(true);
    expect(await page.locator(byTestId('alarm-ack')).innerText()).toBe('Acknowledge 2 selected');

    // A acknowledges the selection: both rows, both alarms of each, with one comment.
    await page.keyboard.press('a');
    await page.waitForSelector(byTestId('alarm-dialog-ack'));
    expect(await page.locator(`${byTestId('alarm-dialog-ack')} h2`).innerText()).toBe('Acknowledge 4 alarms');
    await page.keyboard.type('e2e: heatwave, crews informed');
    // Escape with a comment typed asks first; Stay keeps the comment (before: the dialog closed and the comment was lost).
    await page.keyboard.press('Escape');
    await page.waitForSelector(byTestId('leave-dialog'));
    await page.click(byTestId('leave-stay'));
    await page.locator(byTestId('leave-dialog')).waitFor({ state: 'detached' });
    expect(await page.locator(byTestId('alarm-comment')).inputValue()).toBe('e2e: heatwave, crews informed');
    await page.focus(byTestId('alarm-comment'));
    await page.keyboard.press('Control+Enter');
    await expect.poll(async () => [await south.getAttribute('data-state'), await parkland.getAttribute('data-state')], SOON).toEqual(['acknowledged', 'acknowledged']);
    // The selection clears once the acknowledgement is answered, which can come after the rows' new state.
    await expect.poll(async () => page.locator(`${byTestId('alarm-check')}:checked`).count(), SOON).toBe(0);
    await page.fill(byTestId('alarm-filter'), '');

    await page.click(byTestId('nav-alarms'));
    await page.click(byTestId('alarms-tab-history'));
    const trail = page.locator(byTestId('alarm-history'));
    await expect.poll(async () => trail.innerText(), { timeout: 10_000 }).toContain('e2e: heatwave, crews informed');
    // Rows name the rule and station in words; each row carries its alarm id and event type.
    const acknowledged = (await trail.locator('[data-testid="audit-row"][data-type="acknowledged"]', { hasText: 'e2e: heatwave, crews informed' }).evaluateAll((els) => els.map((el) => el.getAttribute('data-alarm-id')))).sort();
    expect(acknowledged).toEqual([`temperature-extreme@${parklandIds[0]}`, `temperature-extreme@${SOUTH}`, `temperature-high@${parklandIds[0]}`, `temperature-high@${SOUTH}`].sort());
    await page.click(byTestId('alarms-tab-active'));
  });

  it('the EEMUA 191 page gives its figures and bars for one labelled period', async () => {
    await page.click(byTestId('nav-alarms'));
    await page.click(byTestId('alarms-tab-performance'));
    const perf = page.locator(byTestId('alarm-performance'));
    await expect.poll(async () => Number(await perf.locator(byTestId('perf-activations')).innerText()), { timeout: 10_000 }).toBeGreaterThanOrEqual(6);
    for (const [period, intervals] of [['1h', 6], ['24h', 144]] as const) {
      await page.selectOption(byTestId('perf-period'), period);
      expect(await perf.locator(byTestId('perf-period-label')).innerText()).toContain(`${intervals} ten-minute intervals`);
      const bars = await perf.locator('.rate-bars .bar').evaluateAll((els) => els.map((el) => Number(el.getAttribute('title'))));
      expect(bars).toHaveLength(intervals);
      // The figures are those of the bars: the same period.
      const activations = Number(await perf.locator(byTestId('perf-activations')).innerText());
      expect(bars.reduce((sum, n) => sum + n, 0)).toBe(activations);
      expect(Number(await perf.locator(byTestId('perf-peak')).innerText())).toBe(Math.max(...bars));
      expect(Number(await perf.locator(byTestId('perf-average')).innerText())).toBeCloseTo(activations / intervals, 2);
      expect(Number(await perf.locator(byTestId('perf-average-hour')).innerText())).toBeCloseTo((activations / intervals) * 6, 1);
      expect(await perf.locator(byTestId('perf-verdict')).getAttribute('data-band')).toMatch(/^(acceptable|manageable|over-demanding|unacceptable)$/);
    }
    await page.click(byTestId('nav-dashboard'));
  });

  it('the shelf count says how many alarms are shelved, and the list count is labelled', async () => {
    const south = page.locator(heatRow(SOUTH));
    const before = await page.locator(byTestId('alarm-count')).innerText();
    expect(before).toMatch(/^\d+ open$/);
    expect(await page.locator(byTestId('alarm-shelved-count')).innerText()).toBe('0');
    await south.click();
    await page.click(byTestId('alarm-shelve'));
    await page.fill(byTestId('alarm-comment'), 'e2e: sensor mast repaired today');
    await page.click(byTestId('alarm-dialog-confirm'));
    // Both alarms of the condition went on the shelf: the row leaves the list, the shelf holds two.
    await expect.poll(async () => page.locator(byTestId('alarm-shelved-count')).innerText(), SOON).toBe('2');
    expect(await page.locator(`[data-alarm-ids*="@${SOUTH}"]`).count()).toBe(0);
    expect(Number.parseInt(await page.locator(byTestId('alarm-count')).innerText(), 10)).toBe(Number.parseInt(before, 10) - 2);
    await page.check(byTestId('alarm-show-shelved'));
    await expect.poll(async () => south.count(), SOON).toBe(1);
    expect(await page.locator(byTestId('alarm-count')).innerText()).toBe('2 shelved');
    // A reload (or a reconnect) keeps them on the shelf. Before: "Shelved (0)", the alarms nowhere until the shelf expired.
    await page.reload();
    await page.click(byTestId('nav-alarms'));
    await expect.poll(async () => page.locator(byTestId('alarm-shelved-count')).innerText(), SOON).toBe('2');
    await page.check(byTestId('alarm-show-shelved'));
    await expect.poll(async () => south.count(), SOON).toBe(1);
  });
});
