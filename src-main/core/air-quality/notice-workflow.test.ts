import { describe, expect, it } from 'vitest';
import { ContractError } from '../../../src-shared/ipc/contract-error';
import { EPISODE_CONTENT } from './notice-fixture.test-support';
import { noticeStation } from './notice-area';
import { createDraft, editNotice, issueNotice, missingForIssue, refreshDraft, requireIssuedForUpdate, withdrawNotice } from './notice-workflow';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 6, 14, 12);


const EDITS = { area: '  Centrum and Oost ', expectedDuration: 'until about 20:00', populationGroupsAtRisk: ['Children', ' ', 'People with asthma '], precautions: ['Avoid strenuous outdoor activity in the afternoon'] };

function draft() {
  return createDraft('n-1', 'air:o3-information@st-02', 'st-02', EPISODE_CONTENT, T0 + HOUR).notices[0]!;
}

function refusalOf(action: () => unknown): ContractError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ContractError);
    return error as ContractError;
  }
  throw new Error('the transition was not refused');
}

describe('the public-notice workflow', () => {
  it('drafts, edits (trimmed, empty lines dropped) and issues, with one audit line per transition', () => {
    const created = createDraft('n-1', 'air:o3-information@st-02', 'st-02', EPISODE_CONTENT, T0 + HOUR);
    expect(created.audits.map((a) => a.type)).toEqual(['notice-drafted']);
    const edited = editNotice(created.notices[0]!, EDITS, 'Ada', T0 + 2 * HOUR);
    const e = edited.notices[0]!;
    expect(e.content).toMatchObject({ area: 'Centrum and Oost', expectedDuration: 'until about 20:00', populationGroupsAtRisk: ['Children', 'People with asthma'] });
    expect([e.state, e.revision, e.editedBy, edited.audits[0]!.type]).toEqual(['draft', 2, 'Ada', 'notice-edited']);
    const issued = issueNotice(e, null, 'Ada', T0 + 3 * HOUR);
    expect(issued.notices).toHaveLength(1);
    expect(issued.notices[0]).toMatchObject({ state: 'issued', issuedBy: 'Ada', issuedAt: T0 + 3 * HOUR, revision: 3 });
    expect(issued.audits.map((a) => [a.type, a.comment])).toEqual([['notice-issued', 'Public notice n-1 issued']]);
  });

  it('refuses issuing twice, editing an issued notice, and issuing with the directive\'s fields empty', () => {
    const issued = issueNotice(editNotice(draft(), EDITS, 'Ada', T0).notices[0]!, null, 'Ada', T0).notices[0]!;
    const twice = refusalOf(() => issueNotice(issued, null, 'Bo', T0 + 1));
    expect([twice.code, twice.message]).toEqual(['failed', 'Public notice n-1 is issued by Ada and cannot be issued (a notice is issued once).']);
    expect(refusalOf(() => editNotice(issued, EDITS, 'Bo', T0 + 1)).message).toContain('cannot be edited (an issued notice stands as published: prepare an update instead)');
    const empty = refusalOf(() => issueNotice(draft(), null, 'Ada', T0));
    expect([empty.code, empty.message]).toEqual(['invalid-arguments', 'Public notice n-1 cannot be issued yet: the population groups at risk, the precautions are empty.']);
    expect(missingForIssue({ ...EPISODE_CONTENT, area: '' })).toEqual(['the area', 'the population groups at risk', 'the precautions']);
    expect(refusalOf(() => requireIssuedForUpdate(draft())).message).toContain('only an issued notice is updated');
  });

  it('withdraws an issued notice or discards a draft, with a reason, once', () => {
    const issued = issueNotice(editNotice(draft(), EDITS, 'Ada', T0).notices[0]!, null, 'Ada', T0).notices[0]!;
    const withdrawn = withdrawNotice(issued, ' sensor fault ', 'Bo', T0 + HOUR);
    expect(withdrawn.notices[0]).toMatchObject({ state: 'withdrawn', withdrawnBy: 'Bo', withdrawReason: 'sensor fault' });
    expect(withdrawn.audits[0]!.comment).toBe('Public notice n-1 withdrawn: sensor fault');
    expect(withdrawNotice(draft(), 'duplicate', 'Bo', T0).audits[0]!.comment).toBe('Public notice n-1 discarded before issue: duplicate');
    expect(refusalOf(() => withdrawNotice(withdrawn.notices[0]!, 'again', 'Bo', T0)).message).toBe('Public notice n-1 is withdrawn by Bo and cannot be withdrawn.');
    expect(refusalOf(() => withdrawNotice(issued, '  ', 'Bo', T0)).code).toBe('invalid-arguments');
  });

  it('an update supersedes the issued notice when it is issued', () => {
    const first = issueNotice(editNotice(draft(), EDITS, 'Ada', T0).notices[0]!, null, 'Ada', T0).notices[0]!;
    const update = createDraft('n-2', first.alarmId, first.stationId, { ...first.content, highestHourly: { value: 236, startMs: T0 + 2 * HOUR, stationId: 'st-02' } }, T0 + 3 * HOUR, first.id);
    expect(update.audits[0]!.comment).toBe('Public notice n-2 drafted as an update of n-1');
    const issued = issueNotice(update.notices[0]!, first, 'Bo', T0 + 4 * HOUR);
    expect(issued.notices.map((n) => [n.id, n.state, n.supersededBy])).toEqual([['n-2', 'issued', null], ['n-1', 'superseded', 'n-2']]);
    expect(issued.audits.map((a) => [a.notice.id, a.type])).toEqual([['n-2', 'notice-issued'], ['n-1', 'notice-superseded']]);
  });

  it('refreshes a draft\'s episode figures but keeps the operator\'s words; issued figures stand', () => {
    const edited = editNotice(draft(), EDITS, 'Ada', T0).notices[0]!;
    const later = [noticeStation('air:o3-information@st-02', 'st-02', { startMs: T0, endMs: T0 + 4 * HOUR, highestHourly: { value: 223, startMs: T0 + 2 * HOUR }, highest8hMean: null, trend: 'falling' })];
    const refreshed = refreshDraft(edited, later, T0 + 5 * HOUR)!;
    expect(refreshed.content).toMatchObject({ area: 'Centrum and Oost', endMs: T0 + 4 * HOUR, highestHourly: { value: 223 }, trend: 'falling', precautions: EDITS.precautions });
    expect(refreshed.revision).toBe(edited.revision + 1);
    expect(refreshDraft(refreshed, later, T0 + 6 * HOUR)).toBeNull();
    const issued = issueNotice(edited, null, 'Ada', T0).notices[0]!;
    expect(refreshDraft(issued, later, T0 + 6 * HOUR)).toBeNull();
  });
});
