/**
 * The public-notice workflow (issue 18): draft → issued → withdrawn | superseded, a draft withdrawn
 * (discarded) before issue, and an update — a new draft from an issued notice that supersedes it once
 * issued. Each transition returns the new notice and the audit line it needs, or throws a ContractError
 * saying why it is refused (issuing twice, editing an issued notice). Pure: ids and times are parameters.
 */
import { ContractError } from '../../../src-shared/ipc/contract-error';
import type { NoticeEdits, NoticeState, NoticeStation, PublicNotice, PublicNoticeContent } from '../../../src-shared/domain/public-notice';
import { combineStations, noticeStation } from './notice-area';

/** What the audit trail records of a transition (written as an alarm event on the notice's alarm). */
export type NoticeAuditType = 'notice-drafted' | 'notice-edited' | 'notice-issued' | 'notice-withdrawn' | 'notice-superseded';

/**
 * A transition's outcome: the notices it changed (the one asked about first) and one audit line each, recorded
 * on the notice's alarm or on `alarmId` when given (a station joining an area's notice records it on its own).
 */
export interface NoticeTransition {
  readonly notices: readonly PublicNotice[];
  readonly audits: readonly { readonly notice: PublicNotice; readonly type: NoticeAuditType; readonly comment: string; readonly alarmId?: string }[];
}

/** Where a draft belongs: its district and its stations' episodes (by default the content's one station, no district). */
export interface NoticeScope {
  readonly district: string | null;
  readonly stations: readonly NoticeStation[];
}

/** A new draft for an episode's alarm, from the draft builder's content (its figures those of the scope's stations). */
export function createDraft(id: string, alarmId: string, stationId: string, content: PublicNoticeContent, now: number, supersedes: string | null = null, scope?: NoticeScope): NoticeTransition {
  const { district, stations } = scope ?? { district: null, stations: [noticeStation(alarmId, stationId, content)] };
  const notice: PublicNotice = {
    id, alarmId, stationId, district, stations, state: 'draft', content: { ...content, ...combineStations(stations) }, revision: 1, createdAt: now, updatedAt: now, editedBy: null,
    issuedAt: null, issuedBy: null, withdrawnAt: null, withdrawnBy: null, withdrawReason: null, supersedes, supersededBy: null,
  };
  const what = supersedes === null ? 'drafted' : `drafted as an update of ${supersedes}`;
  return { notices: [notice], audits: [{ notice, type: 'notice-drafted', comment: `Public notice ${id} ${what}` }] };
}

/**
 * The episode's figures (highest values over the stations, trend, end) brought up to date on a draft from its
 * stations' latest episodes, keeping what the operator wrote; null when nothing changed or the notice is no
 * longer a draft (issued figures stand).
 */
export function refreshDraft(notice: PublicNotice, latest: readonly NoticeStation[], now: number): PublicNotice | null {
  if (notice.state !== 'draft') return null;
  const c = notice.content;
  const next: PublicNoticeContent = { ...c, ...combineStations(latest) };
  const isSame = c.endMs === next.endMs && c.trend === next.trend && c.highestHourly.value === next.highestHourly.value && c.highestHourly.startMs === next.highestHourly.startMs &&
    c.highestHourly.stationId === next.highestHourly.stationId && (c.highest8hMean?.value ?? null) === (next.highest8hMean?.value ?? null) && c.startMs === next.startMs;
  return isSame ? null : { ...notice, stations: latest, content: next, revision: notice.revision + 1, updatedAt: now };
}

/** The operator's edits to a draft's free-text fields. Refused once the notice is issued (issue an update instead). */
export function editNotice(notice: PublicNotice, edits: NoticeEdits, who: string, now: number): NoticeTransition {
  requireState(notice, 'draft', 'edited', 'an issued notice stands as published: prepare an update instead');
  const content: PublicNoticeContent = {
    ...notice.content,
    area: edits.area.trim(),
    expectedDuration: edits.expectedDuration.trim(),
    populationGroupsAtRisk: cleanLines(edits.populationGroupsAtRisk),
    precautions: cleanLines(edits.precautions),
  };
  const edited: PublicNotice = { ...notice, content, revision: notice.revision + 1, updatedAt: now, editedBy: who };
  return { notices: [edited], audits: [{ notice: edited, type: 'notice-edited', comment: `Public notice ${notice.id} edited` }] };
}

/**
 * Issues a draft. It must name the area, and the precautions and population groups the directive asks
 * for; an update supersedes the notice it replaces (given as `replaced`, when that is still issued).
 */
export function issueNotice(notice: PublicNotice, replaced: PublicNotice | null, who: string, now: number): NoticeTransition {
  requireState(notice, 'draft', 'issued', 'a notice is issued once');
  const missing = missingForIssue(notice.content);
  if (missing.length > 0) throw new ContractError('invalid-arguments', `Public notice ${notice.id} cannot be issued yet: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} empty.`);
  const issued: PublicNotice = { ...notice, state: 'issued', revision: notice.revision + 1, updatedAt: now, issuedAt: now, issuedBy: who };
  const audits: NoticeTransition['audits'][number][] = [{ notice: issued, type: 'notice-issued', comment: `Public notice ${notice.id} issued` }];
  const notices: PublicNotice[] = [issued];
  if (replaced !== null && replaced.state === 'issued') {
    const superseded: PublicNotice = { ...replaced, state: 'superseded', revision: replaced.revision + 1, updatedAt: now, supersededBy: notice.id };
    notices.push(superseded);
    audits.push({ notice: superseded, type: 'notice-superseded', comment: `Public notice ${replaced.id} superseded by ${notice.id}` });
  }
  return { notices, audits };
}

/** Withdraws an issued notice (or discards a draft), with the reason. */
export function withdrawNotice(notice: PublicNotice, reason: string, who: string, now: number): NoticeTransition {
  if (notice.state !== 'draft' && notice.state !== 'issued') throw refusal(notice, 'withdrawn');
  if (reason.trim() === '') throw new ContractError('invalid-arguments', 'Withdrawing a public notice needs a reason.');
  const withdrawn: PublicNotice = { ...notice, state: 'withdrawn', revision: notice.revision + 1, updatedAt: now, withdrawnAt: now, withdrawnBy: who, withdrawReason: reason.trim() };
  const what = notice.state === 'draft' ? 'discarded before issue' : 'withdrawn';
  return { notices: [withdrawn], audits: [{ notice: withdrawn, type: 'notice-withdrawn', comment: `Public notice ${notice.id} ${what}: ${reason.trim()}` }] };
}

/** The fields still empty that an issued notice must carry, in words. */
export function missingForIssue(content: PublicNoticeContent): string[] {
  const missing: string[] = [];
  if (content.area === '') missing.push('the area');
  if (content.populationGroupsAtRisk.length === 0) missing.push('the population groups at risk');
  if (content.precautions.length === 0) missing.push('the precautions');
  return missing;
}

/** Refuses an update of anything but an issued notice (a draft is edited in place). */
export function requireIssuedForUpdate(notice: PublicNotice): void {
  requireState(notice, 'issued', 'updated', 'only an issued notice is updated; edit the draft instead');
}

function requireState(notice: PublicNotice, state: NoticeState, action: string, hint: string): void {
  if (notice.state !== state) throw refusal(notice, action, hint);
}

function refusal(notice: PublicNotice, action: string, hint?: string): ContractError {
  const by = notice.state === 'issued' && notice.issuedBy !== null ? ` by ${notice.issuedBy}` : notice.state === 'withdrawn' && notice.withdrawnBy !== null ? ` by ${notice.withdrawnBy}` : '';
  return new ContractError('failed', `Public notice ${notice.id} is ${notice.state}${by} and cannot be ${action}${hint === undefined ? '' : ` (${hint})`}.`);
}

/** One item per line, trimmed, empty lines dropped. */
function cleanLines(lines: readonly string[]): string[] {
  return lines.map((line) => line.trim()).filter((line) => line !== '');
}
