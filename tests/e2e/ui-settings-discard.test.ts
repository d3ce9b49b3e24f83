/**
 * The settings dialog asks before Escape discards changes — and only then: with nothing typed it closes at once,
 * also when another console saved the settings since this one cached them (a review found it asked there, the
 * untouched draft being compared with the fresher settings). Headless mode on the in-memory database, two
 * Chromium pages.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChromiumPage } from './helpers/chromium';
import { ensureRendererBuilt } from './helpers/renderer-build';
import { startServeProcess } from './helpers/serve-process';
import type { ServeProcess } from './helpers/serve-process';

const byTestId = (id: string): string => `[data-testid="${id}"]`;
const consoleErrors: string[] = [];
let browser: Browser;
let page: Page;
let server: ServeProcess;

beforeAll(async () => {
  ensureRendererBuilt();
  server = await startServeProcess(['--port', '0', '--database', 'memory', '--stations', '6', '--seed', '7', '--no-outliers']);
  ({ browser, page } = await openChromiumPage({ width: 1600, height: 1000 }, consoleErrors));
  await page.goto(`${server.url}/`);
  await page.waitForSelector(`${byTestId('connection-state')}[data-state="open"]`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  expect(consoleErrors).toEqual([]);
});

/** Opens the dialog, waits for its fresh settings, presses Escape: whether a dialog is still open. */
async function escapeUntouched(): Promise<number> {
  await page.click(byTestId('nav-settings'));
  await page.waitForSelector(byTestId('settings-dialog'));
  await page.waitForSelector(byTestId('time-zone'));
  await page.waitForTimeout(1_000);
  await page.keyboard.press('Escape');
  await page.waitForTimeout(300);
  return page.locator('dialog[open]').count();
}

describe('settings dialog: asking before discarding', () => {
  it('with nothing typed, Escape closes it at once', async () => {
    expect(await escapeUntouched()).toBe(0);
  });

  it('with nothing typed, Escape closes it at once after another console saved the settings', async () => {
    const other = await openChromiumPage({ width: 1600, height: 1000 }, consoleErrors);
    try {
      await other.page.goto(`${server.url}/`);
      await other.page.waitForSelector(`${byTestId('connection-state')}[data-state="open"]`);
      await other.page.click(byTestId('nav-settings'));
      await other.page.fill(byTestId('time-zone'), 'Europe/Berlin');
      await other.page.click(byTestId('settings-save'));
      await other.page.waitForSelector(byTestId('settings-dialog'), { state: 'detached', timeout: 30_000 });
    } finally {
      await other.browser.close();
    }
    expect(await escapeUntouched()).toBe(0);
  }, 90_000);

  it('with a change, Escape asks; Escape in the question stays; Discard closes', async () => {
    await page.click(byTestId('nav-settings'));
    await page.waitForSelector(byTestId('settings-dialog'));
    await page.selectOption(byTestId('sim-scenario'), 'heatwave');
    await page.keyboard.press('Escape');
    await page.waitForSelector(byTestId('leave-dialog'));
    await page.keyboard.press('Escape');
    await page.locator(byTestId('leave-dialog')).waitFor({ state: 'detached' });
    expect(await page.locator(byTestId('sim-scenario')).inputValue()).toBe('heatwave');
    await page.keyboard.press('Escape');
    await page.click(byTestId('leave-confirm'));
    await page.locator('dialog[open]').waitFor({ state: 'detached' });
  });
});
