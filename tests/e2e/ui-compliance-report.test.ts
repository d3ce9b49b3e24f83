/**
 * The compliance report and revoking an invalid mark, end to end (issue 18): the built renderer in Debian's
 * Chromium against the real `serve` command on the embedded PGlite database, a seeded simulator at 1000x
 * speed (an hour in 3.6 s), a named operator (Ana). st-02's name is imported with markup in it, and
 * st-01's NO2 is marked invalid for the whole year over the contract. The Compliance page lists the mark
 * and shows no valid NO2 hour at st-01; "Print report" shows the report of the page's figures (the name as
 * text, the mark, who generated it), the print media shows only the report, and it prints to a PDF whose
 * text has it; "Save as HTML" gives the same report as a page. Ana then revokes the mark with a reason on
 * the page: it leaves the list, the audit trail names her and the reason, and the stored figures count
 * st-01's NO2 hours again; a mark is revoked from the list under the History chart too. The report on screen is written to docs/screenshots/compliance-report.png. Any
 * console error fails the run.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AirComplianceFigure, AirComplianceResult } from '../../src-shared/domain/air-quality';
import { byTestId, useAppPage } from './helpers/app-page';
import { connectWsClient, type WsClient } from '../helpers/ws-client';
import { pdfPageCount, pdfText } from '../helpers/pdf-text';

const ANA = 'ana-de-vries-compliance-e2e-token-0123456789';
const HOSTILE_NAME = '<img src=x onerror=alert(1)> & Main St';
const REASON = 'NO2 analyser drifted, engineer on site';
const REVOKE_REASON = 'analyser checked against the reference, data sound';
const screenshots = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
mkdirSync(screenshots, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'sw-e2e-compliance-report-'));
const operatorsFile = join(dir, 'operators.json');
writeFileSync(operatorsFile, JSON.stringify([{ name: 'Ana de Vries', token: ANA }]), { mode: 0o600 });
chmodSync(operatorsFile, 0o600);
const SERVE_ARGS = ['--port', '0', '--database', 'pglite', '--data-dir', join(dir, 'data'), '--stations', '2', '--seed', '7', '--no-outliers', '--speed', '1000'];

const app = useAppPage(SERVE_ARGS, { viewport: { width: 1366, height: 900 }, env: { STATIONWATCH_OPERATORS_FILE: operatorsFile }, path: `/?token=${ANA}`, acceptDownloads: true });
let client: WsClient | undefined;
afterAll(async () => {
  await client?.close();
  rmSync(dir, { recursive: true, force: true });
});

const NO2_HOURLY = '2008/50:no2-hourly';
const no2At = (answer: AirComplianceResult, stationId: string): AirComplianceFigure | undefined =>
  answer.rows.find((r) => r.stationId === stationId && r.pollutant === 'no2')?.figures.find((f) => f.standard.id === NO2_HOURLY);
// The page's answers come from PGlite in the server's process: generous bounds for a loaded machine (usually < 2 s).
const SLOW = { timeout: 30_000 };
const squeeze = (s: string): string => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
let year = 0;
let validBefore = 0;
let markId = '';

describe('the compliance report and revoking an invalid mark, in Chromium against headless mode on PGlite', () => {
  it('prints a report of the page: per station and pollutant, the mark, who and when; the name as text; a clean PDF and an HTML page', async () => {
    const { page } = app;
    client = await connectWsClient(app.server.url, { token: ANA });
    const imported = await client.request('stations:import', { fileName: 'stations.csv', content: `id,name,district,lat,lon\nst-02,"${HOSTILE_NAME}",Centre,52.37,4.89\n` });
    expect(imported).toEqual({ imported: 1, problems: [] });
    // Some simulated hours close and are stored (1000x: an hour in 3.6 s).
    await expect.poll(async () => no2At(await client!.request('air:compliance', { year: null }), 'st-01')?.validPeriods ?? 0, { timeout: 60_000, interval: 1_000 }).toBeGreaterThanOrEqual(3);
    const before = await client.request('air:compliance', { year: null });
    year = before.year;
    validBefore = no2At(before, 'st-01')!.validPeriods;
    markId = (await client.request('quality:invalidate', { stationId: 'st-01', metric: 'no2', from: Date.UTC(year - 1, 11, 31), to: Date.UTC(year + 1, 0, 1), reason: REASON })).id;
    expect(no2At(await client.request('air:compliance', { year }), 'st-01')?.validPeriods).toBe(0);

    // A reload reads the imported name; the page shows the mark and the figure without a valid hour.
    await page.reload();
    await page.waitForSelector(`${byTestId('connection-state')}[data-state="open"]`);
    await page.click(byTestId('nav-compliance'));
    const row = page.locator(`${byTestId('compliance-row')}[data-station="st-01"][data-standard="${NO2_HOURLY}"]`);
    await row.waitFor(SLOW);
    expect(await row.textContent()).toMatch(/0 % \(0\/\d+\)/);
    const marks = page.locator(byTestId('compliance-marks'));
    await expect.poll(() => marks.locator('h3').textContent(), SLOW).toBe(`Periods marked invalid in ${year} (1)`);
    expect(await marks.locator(byTestId('compliance-mark')).textContent()).toContain(REASON);

    await page.click(byTestId('compliance-print-report'));
    const report = page.locator(byTestId('compliance-report'));
    await report.waitFor(SLOW);
    expect(await report.locator('h2').textContent()).toBe(`Air-quality compliance report ${year}`);
    expect(await report.locator('.report-meta').textContent()).toMatch(/Generated\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(Europe\/Amsterdam\) by Ana de Vries/);
    const section = report.locator('section[data-station="st-01"][data-pollutant="no2"]');
    const st01 = (await client.request('stations:list', {})).find((s) => s.id === 'st-01')!.name;
    expect(await section.locator('h3').textContent()).toBe(`${st01} (st-01) — NO2`);
    // The imported name is text: shown as typed, no element made of it.
    expect(await report.locator('section[data-station="st-02"][data-pollutant="no2"] h3').textContent()).toBe(`${HOSTILE_NAME} (st-02) — NO2`);
    expect(await report.locator('img').count()).toBe(0);
    const no2Row = await section.locator(`tr[data-standard="${NO2_HOURLY}"]`).textContent();
    expect(no2Row).toContain('200 µg/m³, 18 hours allowed a year');
    expect(no2Row).toContain('2008/50/EC Annex XI B (nitrogen dioxide, one hour)');
    expect(no2Row).toMatch(/0 of 18 used.*\(0 of \d+ hours valid\)/);
    expect(await section.textContent()).toContain('1 period of this series marked invalid');
    const invalid = report.locator(byTestId('compliance-report-invalid'));
    expect(await invalid.locator('h3').textContent()).toBe('Periods marked invalid (1)');
    expect(await invalid.locator('tbody tr').textContent()).toContain(`st-01NO2`);
    expect(await invalid.locator('tbody tr').textContent()).toContain(`${REASON}Ana de Vries, `);

    await page.screenshot({ path: join(screenshots, 'compliance-report.png') });

    // Print media: the report alone — no navigation, no buttons — and Chromium prints it to a PDF.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav.nav').isVisible()).toBe(false);
    expect(await page.locator(byTestId('compliance-report-print')).isVisible()).toBe(false);
    expect(await report.isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfPageCount(pdf)).toBeGreaterThanOrEqual(1);
    const text = squeeze(pdfText(pdf));
    for (const words of [`Air-quality compliance report ${year}`, 'by Ana de Vries', `${HOSTILE_NAME} (st-02) — NO2`, `${st01} (st-01) — NO2`, 'Periods marked invalid (1)', REASON, 'Annex XI B']) expect(text).toContain(squeeze(words));
    expect(text).not.toContain(squeeze('Print report'));

    // Save as HTML: the same report as a standalone page.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(byTestId('compliance-report-html'))]);
    expect(download.suggestedFilename()).toBe(`compliance-report-${year}.html`);
    const saved = readFileSync((await download.path())!, 'utf8');
    expect(saved.startsWith('<!doctype html>')).toBe(true);
    expect(saved).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; Main St (st-02) — NO2');
    expect(saved).toContain(REASON);
    expect(saved).not.toContain('<img');

    await page.click(byTestId('compliance-report-close'));
    await row.waitFor(SLOW);
  }, 240_000);

  it('revokes the mark with a reason on the page: listed no more, audited under her name, the hours count again', async () => {
    const { page } = app;
    const marks = page.locator(byTestId('compliance-marks'));
    await marks.locator(byTestId('revoke-mark')).click();
    expect(await page.locator(byTestId('revoke-confirm')).isDisabled()).toBe(true);
    await page.fill(byTestId('revoke-reason'), REVOKE_REASON);
    await page.click(byTestId('revoke-confirm'));
    await expect.poll(() => marks.locator('h3').textContent(), SLOW).toBe(`Periods marked invalid in ${year} (0)`);
    // The stored figures (no note: not the live counters) count st-01's NO2 hours again: at least as many valid hours as before the mark.
    const counted = async (): Promise<string> => {
      const answer = await client!.request('air:compliance', { year });
      return `${no2At(answer, 'st-01')!.validPeriods >= validBefore} ${answer.note ?? 'stored'}`;
    };
    await expect.poll(counted, SLOW).toBe('true stored');
    const row = page.locator(`${byTestId('compliance-row')}[data-station="st-01"][data-standard="${NO2_HOURLY}"]`);
    await expect.poll(async () => (await row.textContent()) ?? '', SLOW).not.toMatch(/\(0\/\d+\)/);
    expect(await client!.request('quality:invalidations', { stationId: 'st-01', metric: 'no2', from: 0, to: Date.UTC(year + 2, 0, 1) })).toEqual([]);
    const history = await client!.request('alarms:history', { from: 0, to: Date.UTC(year + 2, 0, 1), limit: 500 });
    const revoked = history.events.filter((e) => e.type === 'data-invalidation-revoked');
    expect(revoked.map((e) => [e.alarmId, e.who])).toEqual([['quality:st-01:no2', 'Ana de Vries']]);
    expect(revoked[0]!.comment).toContain(REVOKE_REASON);
    expect(revoked[0]!.comment).toContain('marked invalid by Ana de Vries');
    // Revoked once: a second revoke is refused in words.
    await expect(client!.request('quality:revoke', { id: markId, reason: 'again' })).rejects.toThrow('This invalid mark was already revoked by Ana de Vries.');
  }, 120_000);

  it('revokes a mark from the list under the History chart as well', async () => {
    const { page } = app;
    await client!.request('quality:invalidate', { stationId: 'st-01', metric: 'pm10', from: Date.UTC(year - 1, 11, 31), to: Date.UTC(year + 1, 0, 1), reason: 'filter change' });
    await page.click(byTestId('nav-history'));
    await page.selectOption(byTestId('history-metric'), 'pm10');
    await page.selectOption(byTestId('history-range'), String(21_600_000));
    await page.click(byTestId('history-query'));
    const panel = page.locator(byTestId('invalid-periods'));
    await expect.poll(() => panel.locator('h3').textContent(), SLOW).toBe('Data marked invalid (1)');
    await panel.locator(byTestId('revoke-mark')).click();
    await panel.locator(byTestId('revoke-reason')).fill('wrong station');
    await panel.locator(byTestId('revoke-confirm')).click();
    await expect.poll(() => panel.locator('h3').textContent(), SLOW).toBe('Data marked invalid (0)');
    const history = await client!.request('alarms:history', { from: 0, to: Date.UTC(year + 2, 0, 1), limit: 500 });
    expect(history.events.filter((e) => e.type === 'data-invalidation-revoked' && e.alarmId === 'quality:st-01:pm10').map((e) => e.who)).toEqual(['Ana de Vries']);
  }, 120_000);
});
