/**
 * The rule editor end to end: the built renderer in Debian's Chromium against the real `serve` command
 * with a seeded simulator at 60x speed (minutes of stored history within seconds). A fresh form shows
 * no problems; a wrong value gets a plain-words message once its field is left, and Apply shows every
 * problem at once; the station picker offers the registry's stations by name; and the back-test draws
 * when each alarm would have fired on a timeline. Any console error fails the run.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Station } from '../../src-shared/domain/station';
import { connectWsClient } from '../helpers/ws-client';
import { openChromiumPage } from './helpers/chromium';
import { ensureRendererBuilt } from './helpers/renderer-build';
import { startServeProcess } from './helpers/serve-process';
import type { ServeProcess } from './helpers/serve-process';

const SERVE_ARGS = ['--port', '0', '--database', 'memory', '--stations', '6', '--seed', '7', '--no-outliers', '--speed', '60'];
const byTestId = (id: string): string => `[data-testid="${id}"]`;

let server: ServeProcess;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  ensureRendererBuilt();
  server = await startServeProcess(SERVE_ARGS);
  ({ browser, page } = await openChromiumPage({ width: 1366, height: 768 }, consoleErrors));
  await page.goto(`${server.url}/`);
  await page.waitForSelector(`${byTestId('connection-state')}[data-state="open"]`);
  await page.click(byTestId('nav-rules'));
});

afterEach(async () => {
  expect(consoleErrors).toEqual([]);
  if ((await page.locator(byTestId('rule-editor')).count()) > 0) await page.getByRole('button', { name: 'Cancel' }).click();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The station registry as the server holds it, without the city-wide pseudo-station. */
async function registry(): Promise<readonly Station[]> {
  const client = await connectWsClient(server.url);
  try {
    return (await client.request('stations:list', {})).filter((s) => s.id !== '*');
  } finally {
    await client.close();
  }
}

describe('rule editor in Chromium against headless mode', () => {
  it('a fresh form shows no problems; a wrong clear level is explained in plain words once the field is left', async () => {
    await page.click(byTestId('rule-add'));
    const editor = page.locator(byTestId('rule-editor'));
    expect(await editor.locator('.field-error').count()).toBe(0);
    expect(await editor.locator('[aria-invalid="true"]').count()).toBe(0);

    await page.fill(byTestId('rule-level'), '35');
    await page.fill(byTestId('rule-clear-level'), '40');
    // Still in the field: no message while typing.
    expect(await editor.locator('.field-error').count()).toBe(0);
    await page.keyboard.press('Tab');
    const message = page.locator(byTestId('rule-clearLevel-error'));
    expect(await message.innerText()).toBe('For an alarm above a limit, the clear level must be at or below the level (35 °C), so the alarm does not flicker on and off at the limit.');
    expect(await page.locator(byTestId('rule-clear-level')).getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(byTestId('rule-clear-level')).getAttribute('aria-describedby')).toBe('rule-clearLevel-error');
    // Fixed: the message goes.
    await page.fill(byTestId('rule-clear-level'), '33');
    expect(await editor.locator('.field-error').count()).toBe(0);
  });

  it('Apply on an unfinished form shows every problem in plain words and focuses the first', async () => {
    await page.click(byTestId('rule-add'));
    await page.click(byTestId('rule-apply'));
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('rule-level');
    expect(await page.locator(byTestId('rule-level-error')).innerText()).toBe('Enter the level in °C that raises the alarm, e.g. 35.');
    expect(await page.locator(byTestId('rule-clearLevel-error')).innerText()).toBe('Enter the clear level in °C, where the alarm ends, e.g. 33.');
    expect(await page.locator(byTestId('rule-editor')).innerText()).not.toMatch(/expected|received|invalid_type/i);
    expect(await page.locator(byTestId('rule-editor')).count()).toBe(1);
  });

  it('the station picker lists every registered station by name, grouped by district', async () => {
    const stations = await registry();
    expect(stations.length).toBe(6);
    await page.click(byTestId('rule-add'));
    const picker = page.locator(byTestId('rule-station'));
    const options = await picker.locator('option').evaluateAll((els) => els.map((el) => ({ value: (el as HTMLOptionElement).value, text: el.textContent ?? '', group: el.parentElement?.getAttribute('label') ?? null })));
    expect(options[0]).toEqual({ value: '', text: 'All stations', group: null });
    for (const station of stations) expect(options).toContainEqual({ value: station.id, text: `${station.name} (${station.id})`, group: station.district });
    await picker.selectOption(stations[1]!.id);
    expect(await picker.inputValue()).toBe(stations[1]!.id);
  });

  it('the back-test draws when each alarm would have fired on a timeline, one row per station by name', async () => {
    const stations = await registry();
    await page.click(byTestId('rule-add'));
    // Any temperature passes 0 °C: after the 60-s pending time every station would have fired.
    await page.fill(byTestId('rule-level'), '0');
    await page.fill(byTestId('rule-clear-level'), '-5');
    const markers = page.locator(`${byTestId('backtest-timeline')} ${byTestId('backtest-marker')}`);
    // History grows at 60x: preview again until the stored windows reach past the pending time.
    await expect
      .poll(
        async () => {
          await page.click(byTestId('rule-backtest'));
          await page.waitForSelector(byTestId('rule-backtest-result'));
          return markers.count();
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBeGreaterThanOrEqual(6);
    const sentence = await page.locator(byTestId('rule-backtest-result')).innerText();
    const count = Number(/would have raised (\d+) alarms?/.exec(sentence)?.[1]);
    expect(await markers.count()).toBe(count);
    const rows = await page.locator(`${byTestId('backtest-timeline')} .timeline-row`).evaluateAll((els) => els.map((el) => ({ station: el.getAttribute('data-station'), label: el.querySelector('.timeline-label')?.textContent })));
    expect(rows.map((r) => r.station).sort()).toEqual(stations.map((s) => s.id).sort());
    for (const row of rows) expect(row.label).toBe(stations.find((s) => s.id === row.station)?.name);
    // Later firings sit further right, and each says when in its tooltip.
    const placed = await markers.evaluateAll((els) => els.map((el) => ({ at: Number(el.getAttribute('data-at')), x: Number(el.querySelector('rect')?.getAttribute('x')), title: el.querySelector('title')?.textContent ?? '' })));
    const byTime = [...placed].sort((a, b) => a.at - b.at);
    for (let i = 1; i < byTime.length; i++) expect(byTime[i]!.x).toBeGreaterThanOrEqual(byTime[i - 1]!.x);
    for (const marker of placed) expect(marker.title).toMatch(/would have fired at .+/);
    expect(await page.locator(`${byTestId('backtest-timeline')} svg`).getAttribute('aria-label')).toMatch(new RegExp(`${count} alarms? at 6 stations`));
  });
});
