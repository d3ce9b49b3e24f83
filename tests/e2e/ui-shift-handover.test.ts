/**
 * The shift handover, end to end: the built renderer in Debian's Chromium against the real `serve`
 * command with two named operators (STATIONWATCH_OPERATORS_FILE). Ana takes st-02 out of service (an
 * automatic shift-log entry), writes a carry-over note, and hands over; Bram, signed in in another
 * browser context, reads the handover and confirms it; the print view shows only the report, and the
 * report prints to a PDF of one or two pages whose text has every section.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWsClient } from '../helpers/ws-client';
import type { WsClient } from '../helpers/ws-client';
import { pdfPageCount, pdfText } from '../helpers/pdf-text';
import { openChromiumPage } from './helpers/chromium';
import { ensureRendererBuilt } from './helpers/renderer-build';
import { startServeProcess } from './helpers/serve-process';
import type { ServeProcess } from './helpers/serve-process';

const ANA = 'ana-de-vries-shift-e2e-token-0123456789ab';
const BRAM = 'bram-jansen-shift-e2e-token-0123456789abc';
const SERVE_ARGS = ['--port', '0', '--database', 'memory', '--stations', '4', '--seed', '7', '--no-outliers', '--speed', '10'];
const NOTE = 'Pump at st-04 is noisy: check it at 09:00';
const byTestId = (id: string): string => `[data-testid="${id}"]`;
const SOON = { timeout: 10_000 };
const SECTIONS = ['active', 'shelved', 'out-of-service', 'stale', 'rules', 'allowances', 'carry-over'];

const dir = mkdtempSync(join(tmpdir(), 'sw-shift-e2e-'));
let server: ServeProcess;
let ana: WsClient;
let browser: Browser;
let anaPage: Page;
let bramPage: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  ensureRendererBuilt();
  const operatorsFile = join(dir, 'operators.json');
  writeFileSync(operatorsFile, JSON.stringify([{ name: 'Ana de Vries', token: ANA }, { name: 'Bram Jansen', token: BRAM }]), { mode: 0o600 });
  chmodSync(operatorsFile, 0o600);
  server = await startServeProcess(SERVE_ARGS, { STATIONWATCH_OPERATORS_FILE: operatorsFile });
  ana = await connectWsClient(server.url, { token: ANA });
  await ana.request('alarms:outOfService', { stationId: 'st-02', metric: null, outOfService: true, comment: 'mast replaced' });
  ({ browser, page: anaPage } = await openChromiumPage({ width: 1400, height: 900 }, consoleErrors));
  bramPage = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  bramPage.on('console', (message) => message.type() === 'error' && consoleErrors.push(`bram: ${message.text()}`));
  bramPage.on('pageerror', (error) => consoleErrors.push(`bram pageerror: ${error.message}`));
}, 60_000);

afterAll(async () => {
  await ana?.close();
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function openShiftLog(page: Page, token: string): Promise<void> {
  await page.goto(`${server.url}/?token=${token}`);
  await page.waitForSelector(`${byTestId('connection-state')}[data-state="open"]`);
  await page.click(byTestId('nav-shift'));
  await page.waitForSelector(byTestId('shift-log'));
}

const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');

describe('the shift log and handover in Chromium with two named operators', () => {
  it('Ana writes a carry-over note beside the automatic out-of-service entry, and finds it by text', async () => {
    await openShiftLog(anaPage, ANA);
    await expect.poll(() => anaPage.locator(`${byTestId('shift-entry')}[data-kind="auto"]`).allTextContents(), SOON).toEqual([expect.stringContaining('Station st-02 taken out of service by Ana de Vries: mast replaced')]);
    await anaPage.fill(byTestId('shift-note-text'), NOTE);
    await anaPage.fill(byTestId('shift-note-station'), 'st-04');
    await anaPage.check(byTestId('shift-note-carry-over'));
    await anaPage.click(byTestId('shift-note-add'));
    await expect.poll(() => anaPage.locator(`${byTestId('shift-entry')}[data-carry-over="true"]`).allTextContents(), SOON).toEqual([expect.stringContaining(NOTE)]);
    await anaPage.fill(byTestId('shift-search-text'), 'NOISY');
    await expect.poll(() => anaPage.locator(byTestId('shift-entry')).count(), SOON).toBe(1);
    await anaPage.fill(byTestId('shift-search-text'), '');
    await expect.poll(() => anaPage.locator(byTestId('shift-entry')).count(), SOON).toBeGreaterThan(1);
    await anaPage.screenshot({ path: join(SCREENSHOTS, 'shift-log.png') });
  });

  it('Ana previews the handover, then signs it; it waits for the next operator', async () => {
    await anaPage.click(byTestId('handover-start'));
    const preview = anaPage.locator(byTestId('handover-preview'));
    await expect.poll(() => preview.locator(byTestId('handover-signature')).textContent(), SOON).toMatch(/not signed yet/);
    expect(await preview.locator(`${byTestId('handover-section-out-of-service')} li`).allTextContents()).toEqual([expect.stringMatching(/^st-02 — since .* by Ana de Vries: mast replaced$/)]);
    await anaPage.fill(byTestId('handover-note-input'), 'Quiet shift apart from st-02.');
    await anaPage.click(byTestId('handover-sign'));
    await expect.poll(() => anaPage.locator(`${byTestId('handover-latest')} ${byTestId('handover-signature')}`).textContent(), SOON).toMatch(/^Handed over by Ana de Vries at .* — awaiting confirmation$/);
  });

  it('Bram reads the handover with every section and the carry-over note, and confirms it', async () => {
    await openShiftLog(bramPage, BRAM);
    const latest = bramPage.locator(byTestId('handover-latest'));
    await latest.waitFor(SOON);
    for (const section of SECTIONS) expect(await latest.locator(byTestId(`handover-section-${section}`)).count()).toBe(1);
    expect(await latest.locator(`${byTestId('handover-section-carry-over')} li`).allTextContents()).toEqual([expect.stringContaining(`Ana de Vries (st-04): ${NOTE}`)]);
    expect(await latest.locator(byTestId('handover-note')).textContent()).toBe('Quiet shift apart from st-02.');
    expect(await latest.locator(byTestId('handover-section-rules')).textContent()).toContain('No earlier handover to compare the rules with.');
    await bramPage.click(byTestId('handover-confirm'));
    await expect.poll(() => latest.locator(byTestId('handover-signature')).textContent(), SOON).toMatch(/read and confirmed by Bram Jansen at /);
    await latest.screenshot({ path: join(SCREENSHOTS, 'shift-handover.png') });
    expect(await bramPage.locator(byTestId('handover-confirm')).count()).toBe(0);
    // Both steps are in the log, under each person's name.
    await expect.poll(() => bramPage.locator(`${byTestId('shift-entry')}[data-kind="auto"]`).allTextContents(), SOON).toEqual(
      expect.arrayContaining([expect.stringContaining('Handover from Ana de Vries confirmed by Bram Jansen'), expect.stringContaining('Shift handed over by Ana de Vries: Quiet shift apart from st-02.')]),
    );
  });

  it('prints only the report: no app chrome or log, one or two pages, every section in the text', async () => {
    await bramPage.emulateMedia({ media: 'print' });
    expect(await bramPage.locator(byTestId('shift-log')).isVisible()).toBe(false);
    expect(await bramPage.locator('nav.nav').isVisible()).toBe(false);
    expect(await bramPage.locator(byTestId('handover-report')).isVisible()).toBe(true);
    const pdf = await bramPage.pdf({ format: 'A4', printBackground: true });
    await bramPage.emulateMedia({ media: 'screen' });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(1000);
    const pages = pdfPageCount(pdf);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(2);
    // Compared without spaces, case (headings print in capitals) or ligatures ("ﬁ"): the words are what matter.
    const squeeze = (s: string): string => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
    const text = squeeze(pdfText(pdf));
    const expected = ['Shift handover', 'Alarms still active (0)', 'Shelved alarms (0)', 'Out of service (1)', 'st-02', 'mast replaced', 'Stale stations (0)', 'Rule changes', 'Limit values near their yearly allowance (0)', 'Carry-over notes (1)', NOTE, 'read and confirmed by Bram Jansen'];
    for (const words of expected) expect(text).toContain(squeeze(words));
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
