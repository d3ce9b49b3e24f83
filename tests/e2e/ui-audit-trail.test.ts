/**
 * The audit trail, end to end: the built renderer in Debian's Chromium against the real `serve` command
 * with named operator tokens (STATIONWATCH_OPERATORS_FILE) and a heatwave at st-03. The page signs in
 * with Ana de Vries's token: the header says so, and her shelf is in the trail under her name as
 * "shelved". The trail names rules by their current name (renamed in between) and a deleted rule by its
 * id with a hint, and an acknowledgement made elsewhere (another client, the shared operator token)
 * appears without a reload — there is no Refresh button.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src-shared/settings/default-rules';
import { connectWsClient } from '../helpers/ws-client';
import type { WsClient } from '../helpers/ws-client';
import { openChromiumPage } from './helpers/chromium';
import { ensureRendererBuilt } from './helpers/renderer-build';
import { startServeProcess } from './helpers/serve-process';
import type { ServeProcess } from './helpers/serve-process';

const SOUTH = 'st-03';
const WARNING = `temperature-high@${SOUTH}`;
const CRITICAL = `temperature-extreme@${SOUTH}`;
const ANA = 'ana-de-vries-e2e-token-0123456789abcdef';
const SHARED = 'shared-operator-e2e-token-0123456789abcdef';
const ON_DUTY = 'Duty Desk';
const RENAMED = 'Heat warning: 10-s mean above 35 °C';
const SERVE_ARGS = ['--port', '0', '--database', 'memory', '--stations', '6', '--seed', '7', '--no-outliers', '--speed', '60', '--scenario', `heatwave:${SOUTH}:60:86400`];
const byTestId = (id: string): string => `[data-testid="${id}"]`;
const SOON = { timeout: 10_000 };

const dir = mkdtempSync(join(tmpdir(), 'sw-audit-e2e-'));
let server: ServeProcess;
let client: WsClient;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  ensureRendererBuilt();
  const operatorsFile = join(dir, 'operators.json');
  writeFileSync(operatorsFile, JSON.stringify([{ name: 'Ana de Vries', token: ANA }]), { mode: 0o600 });
  chmodSync(operatorsFile, 0o600);
  server = await startServeProcess(SERVE_ARGS, { STATIONWATCH_OPERATORS_FILE: operatorsFile, STATIONWATCH_OPERATOR_TOKEN: SHARED });
  client = await connectWsClient(server.url, { token: SHARED });
  const settings = await client.request('settings:get', {});
  await client.request('settings:save', { settings: { ...settings.settings, operator: ON_DUTY } });
  // Both heat alarms first; then the warning's rule is renamed and the critical's deleted (its alarm clears).
  const deadline = Date.now() + 45_000;
  while ((await client.request('alarms:list', {})).filter((a) => a.id === WARNING || a.id === CRITICAL).length < 2) {
    if (Date.now() > deadline) throw new Error('the heat alarms were not raised within 45 s');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const rules = DEFAULT_RULES.filter((r) => r.id !== 'temperature-extreme').map((r) => (r.id === 'temperature-high' ? { ...r, name: RENAMED } : r));
  await client.request('rules:save', { rules });
  ({ browser, page } = await openChromiumPage({ width: 1600, height: 900 }, consoleErrors));
  await page.goto(`${server.url}/?token=${ANA}`);
  await page.waitForSelector(`${byTestId('connection-state')}[data-state="open"]`);
}, 90_000);

afterEach(() => {
  expect(consoleErrors).toEqual([]);
});

afterAll(async () => {
  await client?.close();
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const trailRows = (alarmId: string, type: string): string => `${byTestId('alarm-history')} [data-testid="audit-row"][data-alarm-id="${alarmId}"][data-type="${type}"]`;

describe('the audit trail in Chromium against headless mode with named operator tokens', () => {
  it('says in the header who is signed in', async () => {
    await expect.poll(async () => page.locator(byTestId('signed-in-as')).textContent(), SOON).toBe('Signed in as Ana de Vries');
  });

  it("names rules by their current name, a deleted rule by its id with a hint, and has no Refresh button", async () => {
    await page.click(byTestId('nav-alarms'));
    await page.click(byTestId('alarms-tab-history'));
    const warning = page.locator(trailRows(WARNING, 'activated')).first();
    await expect.poll(async () => warning.count(), SOON).toBe(1);
    expect(await warning.locator(byTestId('audit-rule')).textContent()).toBe(RENAMED);
    const critical = page.locator(trailRows(CRITICAL, 'activated')).first();
    expect(await critical.locator(byTestId('audit-rule')).textContent()).toBe('temperature-extreme (deleted rule)');
    expect(await page.locator(`${byTestId('alarm-history')} button`, { hasText: 'Refresh' }).count()).toBe(0);
  });

  it('shows an acknowledgement made elsewhere as it happens, under the operator on duty', async () => {
    expect(await page.locator(trailRows(WARNING, 'acknowledged')).count()).toBe(0);
    await client.request('alarms:ack', { alarmId: WARNING, comment: 'e2e: acknowledged at the other desk' });
    const row = page.locator(trailRows(WARNING, 'acknowledged'));
    await expect.poll(async () => row.count(), SOON).toBe(1);
    expect(await row.locator(byTestId('audit-who')).textContent()).toBe(ON_DUTY);
    expect(await row.innerText()).toContain('e2e: acknowledged at the other desk');
  });

  it('logs her shelf as "shelved" under her name', async () => {
    await page.click(byTestId('alarms-tab-active'));
    await page.locator(`[data-alarm-ids~="${WARNING}"]`).click();
    await page.click(byTestId('alarm-shelve'));
    await page.fill(byTestId('alarm-comment'), 'e2e: mast being repaired');
    await page.click(byTestId('alarm-dialog-confirm'));
    await expect.poll(async () => page.locator('dialog[open]').count(), SOON).toBe(0);
    await page.click(byTestId('alarms-tab-history'));
    const row = page.locator(trailRows(WARNING, 'shelved'));
    await expect.poll(async () => row.count(), SOON).toBe(1);
    expect(await row.locator(byTestId('audit-event')).textContent()).toBe('shelved');
    expect(await row.locator(byTestId('audit-who')).textContent()).toBe('Ana de Vries');
    expect(await row.innerText()).toContain('acknowledged → shelved');
    // And the engine's own trail agrees (asked over another socket).
    const { events } = await client.request('alarms:history', { from: 0, to: Date.now() + 86_400_000 * 365, limit: 1000 });
    expect(events.find((e) => e.alarmId === WARNING && e.type === 'shelved')).toMatchObject({ who: 'Ana de Vries', comment: 'e2e: mast being repaired' });
  });
});
