/**
 * Unsaved rules are never lost without a question, end to end: the built renderer in Debian's Chromium
 * against the real `serve` command. An edit applied on the Rules page but not saved with "Save rules"
 * makes every way off the page ask first — a tab, the Alt+digit shortcut (the in-app dialog: Enter
 * leaves, Escape stays) and a reload (the browser's beforeunload prompt) — and leaving discards only the
 * edit: the rules the engine holds are unchanged. Any console error fails the run.
 */
import type { Dialog } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { byTestId, useAppPage } from './helpers/app-page';
import { connectWsClient } from '../helpers/ws-client';

const SERVE_ARGS = ['--port', '0', '--database', 'memory', '--stations', '6', '--seed', '7', '--no-outliers'];
const RULE = 'temperature-high';

const app = useAppPage(SERVE_ARGS, { viewport: { width: 1600, height: 1000 } });

/** The level of RULE as the engine holds it (rules:list over the server's WebSocket). */
async function savedLevel(): Promise<number> {
  const client = await connectWsClient(app.server.url);
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
  await app.page.waitForSelector(byTestId('leave-dialog'));
  expect(await app.page.locator(byTestId('leave-dialog')).evaluate((el) => (el as HTMLDialogElement).open)).toBe(true);
  expect(await app.page.locator(byTestId('view-rules')).count()).toBe(1);
}

describe('unsaved rules in Chromium against headless mode', () => {
  it('switching tabs with an applied, unsaved edit asks; staying keeps the edit, leaving discards it and the saved rules are unchanged', async () => {
    expect(await savedLevel()).toBe(35);
    await app.page.click(byTestId('nav-rules'));
    const row = app.page.locator(byTestId(`rule-row-${RULE}`));
    await row.getByRole('button', { name: 'Edit' }).click();
    await app.page.fill(byTestId('rule-level'), '37.5');
    await app.page.click(byTestId('rule-apply'));
    await expect.poll(async () => row.innerText()).toContain('> 37.5 °C');

    // A tab: the in-app dialog, named for screen readers, with the focus on the button Enter presses.
    await app.page.click(byTestId('nav-alarms'));
    await expectLeaveDialog();
    expect(await app.page.getByRole('dialog', { name: 'Leave without saving the rules?' }).count()).toBe(1);
    expect(await app.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('leave-confirm');
    // Escape stays: the edit is still there.
    await app.page.keyboard.press('Escape');
    await app.page.waitForSelector(byTestId('leave-dialog'), { state: 'detached' });
    expect(await app.page.locator(byTestId('view-rules')).count()).toBe(1);
    expect(await row.innerText()).toContain('> 37.5 °C');

    // The Alt+digit shortcut asks too; "Stay" stays.
    await app.page.keyboard.press('Alt+3');
    await expectLeaveDialog();
    await app.page.click(byTestId('leave-stay'));
    await app.page.waitForSelector(byTestId('leave-dialog'), { state: 'detached' });
    expect(await row.innerText()).toContain('> 37.5 °C');

    // Closing or reloading the page: the browser's beforeunload prompt; dismissing it keeps the page and the edit.
    const prompts: string[] = [];
    const dismiss = async (dialog: Dialog): Promise<void> => {
      prompts.push(dialog.type());
      await dialog.dismiss();
    };
    app.page.on('dialog', dismiss);
    await app.page.reload({ timeout: 5_000 }).catch(() => undefined);
    await expect.poll(() => prompts).toEqual(['beforeunload']);
    expect(await row.innerText()).toContain('> 37.5 °C');

    // Enter leaves: the Alarms app.page, the edit gone, the engine's rules as they were.
    await app.page.click(byTestId('nav-alarms'));
    await expectLeaveDialog();
    await app.page.keyboard.press('Enter');
    await app.page.waitForSelector(byTestId('view-alarms'));
    expect(await app.page.locator(byTestId('leave-dialog')).count()).toBe(0);
    expect(await savedLevel()).toBe(35);
    await app.page.click(byTestId('nav-rules'));
    await expect.poll(async () => row.innerText()).toContain('> 35 °C');
    expect(await row.innerText()).not.toContain('37.5');

    // Nothing unsaved any more: tabs and reloads go without a question.
    await app.page.click(byTestId('nav-dashboard'));
    await app.page.waitForSelector(byTestId('view-dashboard'));
    expect(await app.page.locator(byTestId('leave-dialog')).count()).toBe(0);
    await app.page.reload();
    await app.page.waitForSelector(`${byTestId('connection-state')}[data-state="open"]`);
    app.page.off('dialog', dismiss);
    expect(prompts).toEqual(['beforeunload']);
  });
});
