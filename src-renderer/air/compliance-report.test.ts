import { describe, expect, it } from 'vitest';
import type { AirComplianceFigure, AirComplianceResult, QualityInvalidation } from '../../src-shared/domain/air-quality';
import { complianceReportDocument, complianceReportHtml, percentText, type ComplianceReportInput } from './compliance-report';

const HOSTILE_NAME = `<img src=x onerror=alert(1)> & "Main" St`;

const pm10Daily: AirComplianceFigure = {
  standard: { id: '2008/50:pm10-daily', pollutant: 'pm10', statistic: 'daily-mean', level: 50, kind: 'limit value', allowedPerYear: 35, averagedOverYears: 1, source: '2008/50/EC Annex XI B (PM10, one day)' },
  year: 2026,
  unit: 'µg/m³',
  status: 'in-progress',
  exceedances: 2,
  allowed: 35,
  exceedanceList: [
    { startMs: Date.UTC(2026, 5, 30, 22), label: '2026-07-01', value: 61.04 },
    { startMs: Date.UTC(2026, 6, 1, 22), label: '2026-07-02', value: 55 },
  ],
  projected: 40,
  elapsedPeriods: 183,
  validPeriods: 2,
  periodsInYear: 365,
  dataCapture: 2 / 183,
  annualMean: null,
  annualCapture: null,
  text: 'PM10 daily limit value: 2 of 35 allowed days used in 2026',
};

const pm10Annual: AirComplianceFigure = {
  ...pm10Daily,
  standard: { id: '2008/50:pm10-annual', pollutant: 'pm10', statistic: 'annual-mean', level: 40, kind: 'limit value', allowedPerYear: null, averagedOverYears: 1, source: '2008/50/EC Annex XI B (PM10, calendar year)' },
  status: 'within',
  exceedances: 0,
  allowed: null,
  exceedanceList: [],
  projected: null,
  periodsInYear: 8760,
  annualMean: 38.44,
  annualCapture: 0.9125,
  text: 'PM10 annual mean 2026: 38.4 µg/m³',
};

const o3: AirComplianceFigure = {
  ...pm10Daily,
  standard: { id: '2008/50:o3-8h', pollutant: 'o3', statistic: 'max-daily-8h-mean', level: 120, kind: 'target value', allowedPerYear: 25, averagedOverYears: 3, source: '2008/50/EC Annex VII B (ozone target value for the protection of human health)' },
  status: 'insufficient-data',
  exceedances: 0,
  allowed: 25,
  exceedanceList: [],
  projected: null,
  validPeriods: 0,
  dataCapture: 0,
  text: 'O3 target value: 0 of 25 allowed days used in 2026',
};

const mark: QualityInvalidation = {
  id: 'mark-1',
  stationId: 'st-1',
  metric: 'pm10',
  fromMs: Date.UTC(2026, 6, 1, 0),
  toMs: Date.UTC(2026, 6, 1, 6),
  reason: '<script>alert(1)</script> analyser fault',
  by: "Siobhan O'Brien",
  at: Date.UTC(2026, 6, 1, 8, 30),
};

const result: AirComplianceResult = {
  year: 2026,
  standard: '2008/50/EC',
  timeZone: 'Europe/Amsterdam',
  note: null,
  rows: [
    { stationId: 'st-1', pollutant: 'pm10', figures: [pm10Daily, pm10Annual] },
    { stationId: 'st-2', pollutant: 'o3', figures: [o3] },
  ],
};

const input: ComplianceReportInput = {
  result,
  invalidations: [mark],
  stationNames: new Map([
    ['st-1', HOSTILE_NAME],
    ['st-2', 'st-2'],
  ]),
  generatedAt: Date.UTC(2026, 6, 2, 10, 0, 0),
  operator: 'Ana de Vries',
};

/** The text between a tag that opens with `start` and the next `end`. */
function slice(html: string, start: string, end: string): string {
  const from = html.indexOf(start);
  expect(from, start).toBeGreaterThanOrEqual(0);
  return html.slice(from, html.indexOf(end, from) + end.length);
}

describe('complianceReportHtml', () => {
  const html = complianceReportHtml(input);

  it('heads the report with the year, the standard set, the zone, when and by whom, and a summary', () => {
    expect(html).toContain('<h2>Air-quality compliance report 2026</h2>');
    expect(html).toContain('<dt>Standards</dt><dd>2008/50/EC</dd>');
    expect(html).toContain('<dt>Days, years and times in</dt><dd>Europe/Amsterdam</dd>');
    // 10:00 UTC is 12:00 summer time in Amsterdam.
    expect(html).toContain('<dt>Generated</dt><dd>2026-07-02 12:00:00 (Europe/Amsterdam) by Ana de Vries</dd>');
    expect(html).toContain('<dt>Figures from</dt><dd>the stored hourly history');
    // The PM10 daily count is projected to 40 of 35 allowed: at risk, not yet exceeded.
    expect(html).toContain('2 station and pollutant series, 3 standards: 0 exceeded, 1 projected to exceed their allowance by year-end, 1 period marked invalid.');
  });

  it('gives per station and pollutant each standard: level and allowance, the annex, used of allowed, capture, projection, annual mean', () => {
    const section = slice(html, '<section class="report-series" data-station="st-1" data-pollutant="pm10">', '</section>');
    const daily = slice(section, '<tr data-standard="2008/50:pm10-daily">', '</tr>');
    expect(daily).toBe(
      '<tr data-standard="2008/50:pm10-daily"><td>Limit value, daily mean<br><span class="report-source">2008/50/EC Annex XI B (PM10, one day)</span></td>' +
        '<td>50 µg/m³, 35 days allowed a year</td><td>2 of 35 used</td><td>In progress</td><td>1 % (2 of 183 days valid)</td><td>40 days</td><td>—</td></tr>',
    );
    const annual = slice(section, '<tr data-standard="2008/50:pm10-annual">', '</tr>');
    expect(annual).toContain('<td>40 µg/m³</td><td>—</td><td>Within</td><td>91.2 % of the year</td><td>—</td><td>38.4 µg/m³</td>');
    expect(section).toContain('<p class="report-exceedances" data-standard="2008/50:pm10-daily"><strong>Daily mean above 50 µg/m³ (2):</strong> 2026-07-01 (61 µg/m³), 2026-07-02 (55 µg/m³)</p>');
    expect(section).not.toContain('data-standard="2008/50:pm10-annual"><strong>');
    expect(section).toContain('1 period of this series marked invalid (listed at the end)');

    const ozone = slice(html, '<section class="report-series" data-station="st-2" data-pollutant="o3">', '</section>');
    expect(ozone).toContain('<h3>st-2 — O3</h3>');
    expect(ozone).toContain('<td>Target value, maximum daily 8-hour mean<br>');
    expect(ozone).toContain('<td>120 µg/m³, 25 days allowed a year (averaged over 3 years)</td><td>0 of 25 used</td><td>Insufficient data</td><td>0 % (0 of 183 days valid)</td><td>—</td>');
    expect(ozone).not.toContain('marked invalid');
  });

  it('lists the invalid marks with period, reason, who and when, in the report zone', () => {
    const marks = slice(html, '<section class="report-series report-invalid"', '</section>');
    expect(marks).toContain('<h3>Periods marked invalid (1)</h3>');
    expect(marks).toContain(
      '<tr><td>st-1</td><td>PM10</td><td>2026-07-01 02:00:00</td><td>2026-07-01 08:00:00</td><td>&lt;script&gt;alert(1)&lt;/script&gt; analyser fault</td><td>Siobhan O&#39;Brien, 2026-07-01 10:30:00</td></tr>',
    );
  });

  it('escapes station names and every other imported or typed text: no markup gets through', () => {
    expect(html).toContain('<h3>&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Main&quot; St (st-1) — PM10</h3>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).not.toContain("O'Brien");
    const hostileId = complianceReportHtml({ ...input, result: { ...result, rows: [{ ...result.rows[0]!, stationId: '"><b>x</b>' }] }, stationNames: new Map() });
    expect(hostileId).toContain('data-station="&quot;&gt;&lt;b&gt;x&lt;/b&gt;"');
    expect(hostileId).not.toContain('<b>');
  });

  it('opens and closes its elements in pairs', () => {
    for (const tag of ['article', 'section', 'table', 'thead', 'tbody', 'tr', 'td', 'th', 'p', 'dl', 'dt', 'dd', 'h2', 'h3', 'header', 'span', 'strong']) {
      const opened = html.match(new RegExp(`<${tag}[ >]`, 'g'))?.length ?? 0;
      const closed = html.match(new RegExp(`</${tag}>`, 'g'))?.length ?? 0;
      expect(closed, tag).toBe(opened);
    }
  });

  it('says when nothing is there: no figures, no marks, an operator not named, the live-counter note', () => {
    const empty = complianceReportHtml({ ...input, result: { ...result, rows: [], note: 'Live counters since the engine started.' }, invalidations: [], operator: null });
    expect(empty).toContain('<p>No pollutant figures for 2026 yet.</p>');
    expect(empty).toContain('<h3>Periods marked invalid (0)</h3><p>No period of the year’s pollutants is marked invalid.</p>');
    expect(empty).toContain('by an operator not named</dd>');
    expect(empty).toContain('<dt>Figures from</dt><dd>Live counters since the engine started.</dd>');
  });
});

describe('complianceReportDocument', () => {
  it('wraps the same fragment in a standalone page with a print stylesheet and an escaped-free title', () => {
    const page = complianceReportDocument(input);
    expect(page.startsWith('<!doctype html>\n<html lang="en"><head><meta charset="utf-8">')).toBe(true);
    expect(page).toContain('<title>Air-quality compliance report 2026</title>');
    expect(page).toContain('@media print');
    expect(page).toContain('@page { size: A4; margin: 15mm; }');
    expect(page).toContain(complianceReportHtml(input));
    expect(page.endsWith('</body></html>')).toBe(true);
  });
});

describe('percentText', () => {
  it('rounds down to one decimal, so an incomplete year never reads 100 %', () => {
    expect([percentText(0.9996), percentText(0.75), percentText(0), percentText(null)]).toEqual(['99.9 %', '75 %', '0 %', '—']);
  });
});
