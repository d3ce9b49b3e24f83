/**
 * The printable compliance report (issue 18): per station and pollutant, each standard with its level and
 * the annex it stands in, the year's exceedances against the allowance, the exceedance days, the projection
 * to year-end, annual means with their data capture, and the periods operators marked invalid — built from
 * the same answer the Compliance page shows, with when and by whom it was generated. Pure: one HTML
 * fragment for the page's print view and, wrapped with its stylesheet, a standalone file. Every variable
 * part (station names come from an imported file) goes through escapeHtml.
 */
import type { AirComplianceFigure, AirComplianceResult, QualityInvalidation } from '../../src-shared/domain/air-quality';
import { escapeHtml } from '../../src-shared/domain/format';
import { formatSortable } from '../time/control-room-time';
import { pollutantName } from './air-index-store';

/** What a report is built from: the page's answer and marks, frozen when the report was opened. */
export interface ComplianceReportInput {
  readonly result: AirComplianceResult;
  /** The standing invalid marks of the year's pollutants, as the page lists them. */
  readonly invalidations: readonly QualityInvalidation[];
  /** Station names by id (the registry); a station without one is printed by its id. */
  readonly stationNames: ReadonlyMap<string, string>;
  readonly generatedAt: number;
  /** Who generated it; null when the page does not know the person. */
  readonly operator: string | null;
}

/** A figure's status in words (the page's column and the report's). */
export const STATUS_TEXT: Readonly<Record<AirComplianceFigure['status'], string>> = {
  within: 'Within',
  exceeded: 'Exceeded',
  'in-progress': 'In progress',
  'insufficient-data': 'Insufficient data',
};

const STATISTIC_TEXT: Readonly<Record<string, string>> = {
  hourly: 'hourly value',
  'daily-mean': 'daily mean',
  'max-daily-8h-mean': 'maximum daily 8-hour mean',
  'annual-mean': 'annual mean',
};

/** A fraction 0…1 as a percentage to one decimal, rounded down (99.96 % of a year is not 100 %); null: "—". */
export function percentText(fraction: number | null): string {
  return fraction === null ? '—' : `${Math.floor(fraction * 1000) / 10} %`;
}

/** The report as an HTML fragment (`<article class="compliance-report">`). */
export function complianceReportHtml(input: ComplianceReportInput): string {
  const { result } = input;
  const figures = result.rows.flatMap((r) => r.figures);
  const exceeded = figures.filter((f) => f.status === 'exceeded').length;
  const atRisk = figures.filter((f) => f.status !== 'exceeded' && f.allowed !== null && f.projected !== null && f.projected > f.allowed).length;
  const sections = result.rows.map((row) => seriesHtml(input, row));
  return [
    `<article class="compliance-report" data-testid="compliance-report">`,
    `<header><h2>Air-quality compliance report ${result.year}</h2>`,
    `<dl class="report-meta">`,
    meta('Standards', result.standard),
    meta('Days, years and times in', result.timeZone),
    meta('Generated', `${time(input.generatedAt, result.timeZone)} (${result.timeZone}) by ${input.operator ?? 'an operator not named'}`),
    meta('Figures from', result.note ?? 'the stored hourly history, with the directive’s data-validity rules'),
    `</dl>`,
    `<p class="report-summary">${result.rows.length} station and pollutant series, ${figures.length} standards: ${exceeded} exceeded, ${atRisk} projected to exceed their allowance by year-end, ${input.invalidations.length} ${input.invalidations.length === 1 ? 'period' : 'periods'} marked invalid.</p></header>`,
    sections.length === 0 ? `<p>No pollutant figures for ${result.year} yet.</p>` : sections.join(''),
    invalidationsHtml(input),
    `</article>`,
  ].join('');
}

/** The report as a standalone HTML page with its print stylesheet (for saving or sending). */
export function complianceReportDocument(input: ComplianceReportInput): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>Air-quality compliance report ${input.result.year}</title>`,
    `<style>${REPORT_STYLE}</style></head><body>`,
    complianceReportHtml(input),
    '</body></html>',
  ].join('\n');
}

/** The same rules as styles/air.css gives the in-page report, for the standalone file. */
const REPORT_STYLE = `
body { font: 10.5pt/1.35 system-ui, sans-serif; color: #000; background: #fff; margin: 15mm; }
.report-series { break-inside: avoid; margin: 0 0 1.2em; }
.report-table { border-collapse: collapse; width: 100%; }
.report-table th, .report-table td { border: 1px solid #999; padding: 2px 5px; text-align: left; vertical-align: top; }
.report-source, .report-muted { color: #444; font-size: 0.9em; }
.report-meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; }
.report-meta dd { margin: 0; }
@media print { body { margin: 0; } @page { size: A4; margin: 15mm; } }
`;

function seriesHtml(input: ComplianceReportInput, row: AirComplianceResult['rows'][number]): string {
  const name = input.stationNames.get(row.stationId);
  const station = name === undefined || name === row.stationId ? row.stationId : `${name} (${row.stationId})`;
  const marks = input.invalidations.filter((i) => i.stationId === row.stationId && i.metric === row.pollutant).length;
  const lists = row.figures.filter((f) => f.exceedanceList.length > 0).map(exceedancesHtml);
  return [
    `<section class="report-series" data-station="${escapeHtml(row.stationId)}" data-pollutant="${escapeHtml(row.pollutant)}">`,
    `<h3>${escapeHtml(station)} — ${escapeHtml(pollutantName(row.pollutant))}</h3>`,
    `<table class="report-table"><thead><tr><th>Standard</th><th>Limit</th><th>Exceedances</th><th>Status</th><th>Data capture</th><th>Projected to year-end</th><th>Annual mean</th></tr></thead><tbody>`,
    row.figures.map(figureHtml).join(''),
    `</tbody></table>`,
    lists.join(''),
    marks === 0 ? '' : `<p class="report-muted">${marks} ${marks === 1 ? 'period' : 'periods'} of this series marked invalid (listed at the end): neither exceedance nor compliance.</p>`,
    `</section>`,
  ].join('');
}

function figureHtml(f: AirComplianceFigure): string {
  const s = f.standard;
  const isAnnual = s.statistic === 'annual-mean';
  const noun = s.statistic === 'hourly' ? 'hours' : 'days';
  const allowance = s.allowedPerYear === null ? '' : `, ${s.allowedPerYear} ${noun} allowed a year${s.averagedOverYears > 1 ? ` (averaged over ${s.averagedOverYears} years)` : ''}`;
  const used = f.allowed === null ? (f.exceedances > 0 ? 'above the level' : '—') : `${f.exceedances} of ${f.allowed} used`;
  const capture = isAnnual ? `${percentText(f.annualCapture)} of the year` : `${percentText(f.dataCapture)} (${f.validPeriods} of ${f.elapsedPeriods} ${noun} valid)`;
  const mean = f.annualMean === null ? '—' : `${round(f.annualMean)} ${f.unit}`;
  return [
    `<tr data-standard="${escapeHtml(s.id)}">`,
    `<td>${escapeHtml(`${capitalised(s.kind)}, ${STATISTIC_TEXT[s.statistic] ?? s.statistic}`)}<br><span class="report-source">${escapeHtml(s.source)}</span></td>`,
    `<td>${escapeHtml(`${s.level} ${f.unit}${allowance}`)}</td>`,
    `<td>${escapeHtml(used)}</td>`,
    `<td>${escapeHtml(STATUS_TEXT[f.status])}</td>`,
    `<td>${escapeHtml(capture)}</td>`,
    `<td>${isAnnual || f.projected === null ? '—' : escapeHtml(`${Math.round(f.projected)} ${noun}`)}</td>`,
    `<td>${escapeHtml(isAnnual ? mean : '—')}</td>`,
    `</tr>`,
  ].join('');
}

function exceedancesHtml(f: AirComplianceFigure): string {
  const what = `${capitalised(STATISTIC_TEXT[f.standard.statistic] ?? f.standard.statistic)} above ${f.standard.level} ${f.unit}`;
  const items = f.exceedanceList.map((e) => `${e.label} (${round(e.value)} ${f.unit})`).join(', ');
  return `<p class="report-exceedances" data-standard="${escapeHtml(f.standard.id)}"><strong>${escapeHtml(`${what} (${f.exceedanceList.length}):`)}</strong> ${escapeHtml(items)}</p>`;
}

function invalidationsHtml(input: ComplianceReportInput): string {
  const zone = input.result.timeZone;
  const list = [...input.invalidations].sort((a, b) => a.stationId.localeCompare(b.stationId) || a.metric.localeCompare(b.metric) || a.fromMs - b.fromMs);
  const rows = list.map(
    (i) =>
      `<tr><td>${escapeHtml(i.stationId)}</td><td>${escapeHtml(pollutantName(i.metric))}</td><td>${escapeHtml(time(i.fromMs, zone))}</td><td>${escapeHtml(time(i.toMs, zone))}</td><td>${escapeHtml(i.reason)}</td><td>${escapeHtml(`${i.by}, ${time(i.at, zone)}`)}</td></tr>`,
  );
  return [
    `<section class="report-series report-invalid" data-testid="compliance-report-invalid"><h3>Periods marked invalid (${list.length})</h3>`,
    list.length === 0
      ? '<p>No period of the year’s pollutants is marked invalid.</p>'
      : `<table class="report-table"><thead><tr><th>Station</th><th>Pollutant</th><th>From</th><th>To</th><th>Reason</th><th>Marked by</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    `</section>`,
  ].join('');
}

function meta(label: string, value: string): string {
  return `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`;
}

function time(ms: number, zone: string): string {
  return formatSortable(ms, zone);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
