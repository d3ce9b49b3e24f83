/**
 * Public notices in words for the renderer (issue 18): the exceedance a notice is about, its state, and
 * the editor's one-item-per-line lists. Pure, so it is tested without a browser.
 */
import type { NoticeState, PublicNotice } from '../../src-shared/domain/public-notice';

const STATE_TEXT: Readonly<Record<NoticeState, string>> = { draft: 'Draft', issued: 'Issued', withdrawn: 'Withdrawn', superseded: 'Superseded' };

/** "Draft", "Issued by Ana", "Withdrawn by Bo: sensor fault", "Superseded". */
export function noticeStateText(notice: PublicNotice): string {
  if (notice.state === 'issued' && notice.issuedBy !== null) return `Issued by ${notice.issuedBy}`;
  if (notice.state === 'withdrawn') return `Withdrawn${notice.withdrawnBy === null ? '' : ` by ${notice.withdrawnBy}`}${notice.withdrawReason === null ? '' : `: ${notice.withdrawReason}`}`;
  return STATE_TEXT[notice.state];
}

/**
 * "O3 information threshold (180 µg/m³ over 1 hour) exceeded at st-02; highest hourly 212.3 µg/m³", and for an
 * area's notice "… exceeded at st-02, st-10; highest hourly 236.2 µg/m³ at st-10".
 */
export function exceedanceText(notice: PublicNotice): string {
  const c = notice.content;
  const where = c.stationIds.length > 1 ? ` at ${c.highestHourly.stationId}` : '';
  return `${c.pollutant} ${c.thresholdKind} threshold (${c.thresholdLevel} ${c.unit} over ${c.averaging}) exceeded at ${c.stationIds.join(', ')}; highest hourly ${round(c.highestHourly.value)} ${c.unit}${where}`;
}

/** The draft update waiting to replace an issued notice (a station joined its area, or an operator prepared one), if any. */
export function pendingUpdateOf(notice: PublicNotice, notices: readonly PublicNotice[]): PublicNotice | null {
  if (notice.state !== 'issued') return null;
  return notices.find((n) => n.supersedes === notice.id && n.state === 'draft') ?? null;
}

/** What stands against an issued notice: "Out of date: st-10 joined the episode. An update is drafted, not yet issued." */
export function outOfDateText(issued: PublicNotice, update: PublicNotice): string {
  const added = update.content.stationIds.filter((id) => !issued.content.stationIds.includes(id));
  const why = added.length === 0 ? '' : `Out of date: ${added.join(', ')} joined the episode. `;
  return `${why}An update is drafted, not yet issued.`;
}

/** A value to one decimal, as the notice prints it. */
export function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** The lines of a textarea as list items: trimmed, empty ones dropped. */
export function linesOf(text: string): string[] {
  return text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
}

/** True for the alarm id of an information or alert threshold (`air:o3-information@st-02`), which has notices. */
export function hasPublicNotice(alarmId: string): boolean {
  return /^air:[a-z0-9]+-(information|alert)@/.test(alarmId);
}
