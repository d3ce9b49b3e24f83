/**
 * The dashboard's layout, the alarm keyboard shortcuts, the alarm performance page and the rules
 * back-test end to end: the built renderer in Debian's Chromium against the real `serve` command with
 * a seeded simulator at 60x speed, so the data's clock runs well ahead of the wall clock (as in a
 * sped-up demo or a replay). The heatwave starts 10 simulated minutes in, later than the wall clock
 * gets during the run, so anything that reads the wall clock instead of the data's misses it.
 * Any console error fails the run.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServeProcess } from './helpers/serve-process';
import type { ServeProcess } from './helpers/serve-process';
import { expectOnScreen, pageScroll, tabTo } from './helpers/page-checks';
import { openChromiumPage } from './helpers/chromium';
import { ensureRendererBuilt } from './helpers/renderer-build';

const HEAT_STATION = 'st-03';
const CRITICAL = `temperature-extreme@${HEAT_STATION}`;
const WARNING = `temperature-high@${HEAT_STATION}`;
const SERVE_ARGS = ['--port', '0', '--database', 'memory', '--stations', '12', '--seed', '7', '--no-outliers', '--speed', '60', '--scenario', `heatwave:${HEAT_STATION}:600:86400`];

let server: ServeProcess;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const byTestId = (id: string): string => `[data-testid="${id}"]`;
/** For what the page shows after one round trip to the engine; the 1 s default is tight on a busy 2-core machine. */
const SOON = { timeout: 5_000 };

beforeAll(async () => {
  ensureRendererBuilt();
  server = await startServeProcess(SERVE_ARGS);
  ({ browser, page } = await openChromiumPage({ width: 1366, height: 768 }, consoleErrors));
  await page.goto(`${server.url}/`);
  await page.waitForSelector(`${byTestId('connection-state')}[data-state="open"]`);
});

afterEach(async () => {
  // A test that failed with a dialog open would fail the next ones too; close it.
  if ((await page.locator('dialog[open]').count()) > 0) await page.keyboard.press('Escape');
  // A dialog with typed work asks before it closes: discard.
  if ((await page.locator(byTestId('leave-dialog')).count()) > 0) await page.click(byTestId('leave-confirm'));
  expect(consoleErrors).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('dashboard, alarm keyboard, alarm performance and rule back-test in Chromium against headless mode', () => {
  it('at 1366×768 map, charts and alarm panel are all on screen and usable; at 1920×1080 nothing scrolls', async () => {
    for (const size of [{ width: 1366, height: 768 }, { width: 1920, height: 1080 }]) {
      await page.setViewportSize(size);
      await page.waitForFunction(() => document.querySelectorAll('[data-testid^="station-marker-"]').length === 12, undefined, { timeout: 30_000 });
      expect(await pageScroll(page), `page scroll at ${size.width}×${size.height}`).toEqual({ x: 0, y: 0 });
      // The header on one line, whole: every tab unwrapped, nothing past the right edge (at 1366 "Shift log" wrapped and "Sound on" was cut off).
      const header = await page.locator('header.header').evaluate((el) => ({
        overflow: el.scrollWidth - el.clientWidth,
        tallestTab: Math.max(...Array.from(el.querySelectorAll('.nav-tab')).map((tab) => tab.getBoundingClientRect().height)),
        right: Math.max(...Array.from(el.querySelectorAll('button, .stat, .clock')).map((child) => child.getBoundingClientRect().right)),
      }));
      expect(header.overflow, `header overflow at ${size.width}`).toBeLessThanOrEqual(0);
      expect(header.tallestTab, `tab height at ${size.width}`).toBeLessThan(32);
      expect(header.right, `header right edge at ${size.width}`).toBeLessThanOrEqual(size.width);
      await expectOnScreen(page, ['.leaflet-container', byTestId('alarm-panel'), byTestId('alarm-ack'), byTestId('alarm-oos'), byTestId('alarm-filter'), byTestId('chart-grid')]);
      const charts = await page.locator(`${byTestId('chart-grid')} .chart-plot canvas`).evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON() as DOMRect));
      expect(charts.length).toBeGreaterThanOrEqual(9);
      // Every chart is whole on screen and big enough to read (not squeezed to a sliver).
      for (const box of charts) {
        expect(box.bottom).toBeLessThanOrEqual(size.height);
        expect(box.right).toBeLessThanOrEqual(size.width);
        expect(Math.min(box.width, box.height)).toBeGreaterThan(120);
      }
    }
    // Usable at the small size: clicking a station on the map selects it for the charts.
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.click(byTestId('station-marker-st-01'));
    await expect.poll(async () => page.locator(byTestId('selected-stations')).innerText(), SOON).toContain('st-01');
    const plot = page.locator(`${byTestId('chart-temperature')} .chart-plot`);
    await expect.poll(async () => Number(await plot.getAttribute('data-points')), { timeout: 15_000 }).toBeGreaterThan(0);
  });

  it('A, S, U and O act on the selected alarm from the keyboard, and the list keeps a visible focus', async () => {
    // The warning and the critical alarm of the heat condition share one row, showing the critical one;
    // acting on the row acts on both (tests/e2e/ui-alarm-list.test.ts covers several rows).
    const critical = page.locator(`[data-alarm-ids~="${CRITICAL}"][data-alarm-ids~="${WARNING}"]`);
    await expect.poll(async () => critical.count(), { timeout: 60_000, interval: 500 }).toBe(1);
    await expect.poll(async () => critical.getAttribute('data-severity'), SOON).toBe('critical');
    const list = page.locator('.alarm-table-wrap');
    await tabTo(page, '.alarm-table-wrap');
    expect(await list.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');

    // The row is selected; arrows keep the selection inside the list.
    await expect.poll(async () => critical.getAttribute('aria-selected'), SOON).toBe('true');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await expect.poll(async () => critical.getAttribute('aria-selected'), SOON).toBe('true');

    // A: acknowledge, typing straight into the comment; Ctrl+Enter confirms and focus returns to the list.
    await page.keyboard.press('a');
    await page.waitForSelector(byTestId('alarm-dialog-ack'));
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('alarm-comment');
    await page.keyboard.type('e2e: acknowledged from the keyboard');
    await page.keyboard.press('Control+Enter');
    await expect.poll(async () => critical.getAttribute('data-state'), SOON).toBe('acknowledged');
    await expect.poll(async () => list.evaluate((el) => el === document.activeElement), SOON).toBe(true);
    // A on an acknowledged alarm opens nothing; O then Escape changes nothing.
    await page.keyboard.press('a');
    await page.keyboard.press('o');
    await page.waitForSelector(byTestId('alarm-dialog-oos'));
    expect(await page.locator(byTestId('alarm-dialog-ack')).count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.waitForSelector(byTestId('alarm-dialog-oos'), { state: 'detached' });
    expect(await page.locator(byTestId(`station-marker-${HEAT_STATION}`)).getAttribute('data-out-of-service')).not.toBe('true');

    // S: shelve with a reason; the alarm leaves the active list.
    await list.focus();
    await page.keyboard.press('s');
    await page.waitForSelector(byTestId('alarm-dialog-shelve'));
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('alarm-comment');
    await page.keyboard.type('e2e: shelved from the keyboard');
    // Back to the "24 h" preset; the focus stays there while the list behind the dialog updates.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    const shownFor = await critical.locator(byTestId('alarm-for')).innerText();
    await expect.poll(async () => critical.locator(byTestId('alarm-for')).innerText(), { timeout: 10_000 }).not.toBe(shownFor);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('24 h');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+Enter');
    await expect.poll(async () => critical.count(), SOON).toBe(0);

    // U: in the shelved list, unshelve; the alarm comes back to the active list.
    await page.check(byTestId('alarm-show-shelved'));
    await expect.poll(async () => critical.count(), SOON).toBe(1);
    expect(await critical.locator(byTestId('alarm-state')).innerText()).toMatch(/shelved \((1 d 0 h|23 h 5\d min) left\)/);
    await page.keyboard.press('Tab');
    expect(await list.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('u');
    await page.waitForSelector(byTestId('alarm-dialog-unshelve'));
    await page.keyboard.press('Control+Enter');
    await expect.poll(async () => critical.count(), SOON).toBe(0);
    await page.uncheck(byTestId('alarm-show-shelved'));
    await expect.poll(async () => critical.count(), SOON).toBe(1);
    expect(await critical.locator(byTestId('alarm-state')).innerText()).not.toContain('shelved');

    // O: the station goes out of service; its alarms leave the list and the map says so.
    await list.focus();
    await page.keyboard.press('o');
    await page.waitForSelector(byTestId('alarm-dialog-oos'));
    await page.keyboard.type('e2e: mast under repair');
    await page.keyboard.press('Control+Enter');
    await expect.poll(async () => page.locator(byTestId(`station-marker-${HEAT_STATION}`)).getAttribute('data-out-of-service'), SOON).toBe('true');
    await expect.poll(async () => page.locator(`[data-alarm-ids~="${CRITICAL}"], [data-alarm-ids~="${WARNING}"]`).count(), SOON).toBe(0);
  });

  it('the alarm performance page counts the heatwave alarms (EEMUA 191) on the data clock; the audit trail has both clocks', async () => {
    await page.click(byTestId('nav-alarms'));
    await page.click(byTestId('alarms-tab-performance'));
    const perf = page.locator(byTestId('alarm-performance'));
    // Both heatwave alarms were activated in one 10-minute interval of the data's clock.
    await expect.poll(async () => Number(await perf.locator(byTestId('perf-peak')).innerText()), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const top = await perf.locator(byTestId('perf-top-ten')).innerText();
    expect(top).toMatch(new RegExp(`${CRITICAL} — [1-9]`));
    expect(top).toMatch(new RegExp(`${WARNING} — [1-9]`));
    expect(await perf.locator(byTestId('perf-by-priority')).innerText()).toMatch(/critical [1-9]\d* · warning [1-9]/);
    // The last-24 h bars show them too.
    expect(await perf.locator('.rate-bars .bar').evaluateAll((bars) => bars.reduce((sum, bar) => sum + Number(bar.getAttribute('title')), 0))).toBeGreaterThanOrEqual(2);

    // Activations (data clock, ahead) and the keyboard actions above (wall clock) are both in the history.
    await page.click(byTestId('alarms-tab-history'));
    const trail = page.locator(byTestId('alarm-history'));
    await expect.poll(async () => trail.innerText(), { timeout: 10_000 }).toContain('e2e: mast under repair');
    const text = await trail.innerText();
    for (const line of ['e2e: acknowledged from the keyboard', 'e2e: shelved from the keyboard']) expect(text).toContain(line);
    // Rows name rules in words; each carries its alarm id and event type.
    for (const [alarmId, type] of [[CRITICAL, 'activated'], [WARNING, 'activated'], [CRITICAL, 'unshelved']]) {
      expect(await trail.locator(`[data-testid="audit-row"][data-alarm-id="${alarmId}"][data-type="${type}"]`).count()).toBeGreaterThan(0);
    }
  });

  it('the rule back-test previews alarms over the stored history on the data clock', async () => {
    await page.click(byTestId('nav-rules'));
    await page.click(byTestId('rule-add'));
    await page.selectOption(byTestId('rule-station'), HEAT_STATION);
    await page.fill(byTestId('rule-level'), '40');
    await page.fill(byTestId('rule-clear-level'), '38');
    await page.click(byTestId('rule-backtest'));
    const result = page.locator(byTestId('rule-backtest-result'));
    await expect.poll(async () => result.innerText(), { timeout: 15_000 }).toMatch(new RegExp(`would have raised [1-9]\\d* alarms? at 1 station \\(${HEAT_STATION}\\)`));

    // A low level for every station: each station's history crosses it.
    await page.selectOption(byTestId('rule-station'), '');
    await page.fill(byTestId('rule-level'), '0');
    await page.fill(byTestId('rule-clear-level'), '-5');
    await page.click(byTestId('rule-backtest'));
    await expect.poll(async () => result.innerText(), { timeout: 15_000 }).toMatch(/would have raised [1-9]\d* alarms? at 12 stations/);
  });
});
