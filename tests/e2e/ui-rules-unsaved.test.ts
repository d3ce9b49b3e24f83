/**
 * Unsaved rules are never lost without a question, end to end: the built renderer in Debian's Chromium
 * against the real `serve` command. An edit applied on the Rules page but not saved with "Save rules"
 * makes every way off the page ask first — a tab, the Alt+digit shortcut (the in-app dialog: Enter
 * leaves, Escape stays) and a reload (the browser's beforeunload prompt) — and leaving discards only the
 * edit: the rules the engine holds are unchanged. Any console error fails the run.
 */
import type { Browser, Dialog, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectWsClient } from '../helpers/ws-client';
import { openChromiumPage } from './helpers/chromium';
import { ensureRendererBuilt } from './helpers/renderer-build';
import { startServeProcess } from './helpers/serve-process';
import type { ServeProcess } from './helpers/serve-process';

const SERVE_ARGS = ['--port', '0', '--database', 'memory', '--stations', '6', '--seed', '7', '--no-outliers'];
const RULE = 'temperature-high';
const byTestId = (id: string): string => `[data-testid="${id}"]`;

let server: ServeProcess;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  ensureRendererBuilt();
  server = await startServeProcess(SERVE_ARGS);
  ({ browser, page } = await openChromiumPage({ width: 1600, height: 1000 }, consoleErrors));
  await page.goto(`${server.url}/`);
  await page.waitForSelector(`${byTestId('connection-state')}[data-state="open"]`);
});

afterEach(() => {
  expect(consoleErrors).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The level of RULE as the engine holds it (rules:list over the server's WebSocket). */
async function savedLevel(): Promise<number> {
  const client = await connectWsClient(server.url);
  try {
    const rules = await client.request('rules:list', {});
    const rule = rules.find((r) => r.id === RULE);
    if (rule?.kind !== 'threshold') throw new Error(`no threshold rule ${RULE}`);
    return rule.level;
  } finally {
    await client.close();
  }
}

/** The leave dialog appears; the Rules page stays underneath it. */
async function expectLeaveDialog(): Promise<void> {
  await page.waitForSelector(byTestId('leave-dialog'));
  expect(await page.locator(byTestId('leave-dialog')).evaluate((el) => (el as HTMLDialogElement).open)).toBe(true);
  expect(await page.locator(byTestId('view-rules')).count()).toBe(1);
}

describe('unsaved rules in Chromium against headless mode', () => {
  it('switching tabs with an applied, unsaved edit asks; staying keeps the edit, leaving discards it and the saved rules are unchanged', async () => {
    expect(await savedLevel()).toBe(35);
    await page.click(byTestId('nav-rules'));
    const row = page.locator(byTestId(`rule-row-${RULE}`));
    await row.getByRole('button', { name: 'Edit' }).click();
    await page.fill(byTestId('rule-level'), '37.5');
    await page.click(byTestId('rule-apply'));
    await expect.poll(async () => row.innerText()).toContain('> 37.5 °C');

    // A tab: the in-app dialog, named for screen readers, with the focus on the button Enter presses.
    await page.click(byTestId('nav-alarms'));
    await expectLeaveDialog();
    expect(await page.getByRole('dialog', { name: 'Leave without saving the rules?' }).count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('leave-confirm');
    // Escape stays: the edit is still there.
    await page.keyboard.press('Escape');
    await page.waitForSelector(byTestId('leave-dialog'), { state: 'detached' });
    expect(await page.locator(byTestId('view-rules')).count()).toBe(1);
    expect(await row.innerText()).toContain('> 37.5 °C');

    // The Alt+digit shortcut asks too; "Stay" stays.
    await page.keyboard.press('Alt+3');
    await expectLeaveDialog();
    await page.click(byTestId('leave-stay'));
    await page.waitForSelector(byTestId('leave-dialog'), { state: 'detached' });
    expect(await row.innerText()).toContain('> 37.5 °C');

    // Closing or reloading the page: the browser's beforeunload prompt; dismissing it keeps the page and the edit.
    const prompts: string[] = [];
    const dismiss = async (dialog: Dialog): Promise<void> => {
      prompts.push(dialog.type());
      await dialog.dismiss();
    };
    page.on('dialog', dismiss);
    await page.reload({ timeout: 5_000 }).catch(() => undefined);
    await expect.poll(() => prompts).toEqual(['beforeunload']);
    expect(await row.innerText()).toContain('> 37.5 °C');

    // Enter leaves: the Alarms page, the edit gone, the engine's rules as they were.
    await page.click(byTestId('nav-alarms'));
    await expectLeaveDialog();
    await page.keyboard.press('Enter');
    await page.waitForSelector(byTestId('view-alarms'));
    expect(await page.locator(byTestId('leave-dialog')).count()).toBe(0);
    expect(await savedLevel()).toBe(35);
    await page.click(byTestId('nav-rules'));
    await expect.poll(async () => row.innerText()).toContain('> 35 °C');
    expect(await row.innerText()).not.toContain('37.5');

    // Nothing unsaved any more: tabs and reloads go without a question.
    await page.click(byTestId('nav-dashboard'));
    await page.waitForSelector(byTestId('view-dashboard'));
    expect(await page.locator(byTestId('leave-dialog')).count()).toBe(0);
    await page.reload();
    await page.waitForSelector(`${byTestId('connection-state')}[data-state="open"]`);
    page.off('dialog', dismiss);
    expect(prompts).toEqual(['beforeunload']);
  });
});
