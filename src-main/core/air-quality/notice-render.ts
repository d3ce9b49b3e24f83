/**
 * A public notice for publication: plain text and a standalone HTML page (issue 18). Times are written in
 * the installation's air-quality time zone, named beside them. Everything an operator or the data put in
 * the HTML is escaped (text content and attribute values alike), so a hostile area or precaution
 * cannot add markup or script to the published page.
 */
import { noticeStationEnds, type NoticeExport, type PublicNotice } from '../../../src-shared/domain/public-notice';
import { escapeHtml } from '../../../src-shared/domain/format';

const TREND_TEXT = { rising: 'rising', steady: 'steady', falling: 'falling' } as const;

/** The notice as lines of "label: value", in the order of 2008/50/EC Annex XVI point 2. */
export function noticeLines(notice: PublicNotice, timeZone: string): readonly { readonly label: string; readonly value: string }[] {
  const c = notice.content;
  const at = (ms: number): string => formatTime(ms, timeZone);
  const value = (v: number): string => `${Math.round(v * 10) / 10} ${c.unit}`;
  // A notice for several stations says which one measured each highest value.
  const where = (stationId: string): string => (c.stationIds.length > 1 ? ` at ${stationId}` : '');
  return [
    { label: 'Area', value: c.area },
    { label: 'Threshold exceeded', value: `${c.pollutant} ${c.thresholdKind} threshold, ${c.thresholdLevel} ${c.unit} over ${c.averaging} (${c.source})` },
    { label: 'Start of the episode', value: at(c.startMs) },
    { label: c.endMs === null ? 'Expected duration' : 'End of the episode', value: c.endMs === null ? c.expectedDuration : at(c.endMs) },
    { label: 'Highest hourly value', value: `${value(c.highestHourly.value)}${where(c.highestHourly.stationId)} (hour from ${at(c.highestHourly.startMs)})` },
    { label: 'Highest 8-hour mean', value: c.highest8hMean === null ? 'not available' : `${value(c.highest8hMean.value)}${where(c.highest8hMean.stationId)} (8 hours to ${at(c.highest8hMean.endMs)})` },
    { label: 'Trend', value: TREND_TEXT[c.trend] },
    { label: 'Population groups at risk', value: c.populationGroupsAtRisk.join('; ') },
    { label: 'Precautions', value: c.precautions.join('; ') },
    { label: 'Monitoring stations', value: stationList(notice, at) },
  ];
}

/** The notice's stations; one whose own episode ended while the others go on says since when, so the published text does not claim the air there is still bad. */
function stationList(notice: PublicNotice, at: (ms: number) => string): string {
  return noticeStationEnds(notice).map((s) => (s.endMs === null ? s.stationId : `${s.stationId} (back at or below the threshold from ${at(s.endMs)})`)).join(', ');
}

/** The heading of a notice, e.g. "Public notice: O3 information threshold exceeded". */
export function noticeTitle(notice: PublicNotice): string {
  return `Public notice: ${notice.content.pollutant} ${notice.content.thresholdKind} threshold exceeded`;
}

/** The notice as plain text. */
export function noticeText(notice: PublicNotice, timeZone: string): string {
  const lines = [noticeTitle(notice), '='.repeat(noticeTitle(notice).length), ''];
  for (const line of noticeLines(notice, timeZone)) lines.push(`${line.label}: ${line.value}`);
  lines.push('', footer(notice, timeZone), '');
  return lines.join('\n');
}

/** The notice as a standalone HTML page, every variable part escaped. */
export function noticeHtml(notice: PublicNotice, timeZone: string): string {
  const rows = noticeLines(notice, timeZone).map((l) => `      <tr><th scope="row">${escapeHtml(l.label)}</th><td>${escapeHtml(l.value)}</td></tr>`);
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '  <meta charset="utf-8">',
    `  <title>${escapeHtml(noticeTitle(notice))}</title>`,
    '</head>',
    '<body>',
    `  <article data-notice-id="${escapeHtml(notice.id)}">`,
    `    <h1>${escapeHtml(noticeTitle(notice))}</h1>`,
    '    <table>',
    ...rows,
    '    </table>',
    `    <p>${escapeHtml(footer(notice, timeZone))}</p>`,
    '  </article>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The notice as a file to publish. */
export function exportNotice(notice: PublicNotice, format: 'text' | 'html', timeZone: string): NoticeExport {
  const base = `public-notice-${notice.id.replace(/[^A-Za-z0-9-]/g, '_')}`;
  return format === 'text'
    ? { fileName: `${base}.txt`, mimeType: 'text/plain', content: noticeText(notice, timeZone) }
    : { fileName: `${base}.html`, mimeType: 'text/html', content: noticeHtml(notice, timeZone) };
}

function footer(notice: PublicNotice, timeZone: string): string {
  const issued = notice.issuedAt === null ? 'Draft, not issued' : `Issued ${formatTime(notice.issuedAt, timeZone)} by ${notice.issuedBy ?? ''}`;
  const state = notice.state === 'withdrawn' ? ' — withdrawn' : notice.state === 'superseded' ? ` — superseded by notice ${notice.supersededBy ?? ''}` : '';
  return `${issued}${state}. Notice ${notice.id}.`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** "2026-07-14 15:00 (Europe/Amsterdam)": ISO-like digits in the zone, with the zone named. */
export function formatTime(ms: number, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(ms).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} (${timeZone})`;
}
