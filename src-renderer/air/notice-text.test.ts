import { describe, expect, it } from 'vitest';
import type { PublicNotice } from '../../src-shared/domain/public-notice';
import { exceedanceText, hasPublicNotice, linesOf, noticeStateText, outOfDateText, pendingUpdateOf } from './notice-text';

const EPISODE_CONTENT: PublicNotice['content'] = {
  area: 'Centrum', stationIds: ['st-02'], pollutant: 'O3', thresholdKind: 'information', thresholdLevel: 180, unit: 'µg/m³', averaging: '1 hour', source: '2008/50/EC Annex XII B',
  startMs: 0, endMs: null, expectedDuration: '', highestHourly: { value: 201.44, startMs: 0, stationId: 'st-02' }, highest8hMean: null, trend: 'rising', populationGroupsAtRisk: [], precautions: [],
};

const notice: PublicNotice = {
  id: 'n-1', alarmId: 'air:o3-information@st-02', stationId: 'st-02', district: 'Harbour',
  stations: [{ alarmId: 'air:o3-information@st-02', stationId: 'st-02', startMs: 0, endMs: null, highestHourly: { value: 201.44, startMs: 0 }, highest8hMean: null, trend: 'rising' }], state: 'draft', content: EPISODE_CONTENT, revision: 1, createdAt: 0, updatedAt: 0, editedBy: null,
  issuedAt: null, issuedBy: null, withdrawnAt: null, withdrawnBy: null, withdrawReason: null, supersedes: null, supersededBy: null,
};

describe('public notices in words', () => {
  it('says the exceedance and the state', () => {
    expect(exceedanceText(notice)).toBe('O3 information threshold (180 µg/m³ over 1 hour) exceeded at st-02; highest hourly 201.4 µg/m³');
    expect(noticeStateText(notice)).toBe('Draft');
    expect(noticeStateText({ ...notice, state: 'issued', issuedBy: 'Ana' })).toBe('Issued by Ana');
    expect(noticeStateText({ ...notice, state: 'withdrawn', withdrawnBy: 'Bo', withdrawReason: 'sensor fault' })).toBe('Withdrawn by Bo: sensor fault');
  });

  it('names the station of the highest value of an area\'s notice, and an issued notice\'s waiting update', () => {
    const area: PublicNotice = { ...notice, id: 'n-2', supersedes: 'n-1', content: { ...EPISODE_CONTENT, stationIds: ['st-02', 'st-10'], highestHourly: { value: 236.2, startMs: 0, stationId: 'st-10' } } };
    expect(exceedanceText(area)).toBe('O3 information threshold (180 µg/m³ over 1 hour) exceeded at st-02, st-10; highest hourly 236.2 µg/m³ at st-10');
    const issued: PublicNotice = { ...notice, state: 'issued', issuedBy: 'Ana' };
    expect(pendingUpdateOf(issued, [issued, area])).toBe(area);
    expect(pendingUpdateOf(issued, [issued, { ...area, state: 'issued' }])).toBeNull();
    expect(pendingUpdateOf(notice, [notice, area])).toBeNull();
    expect(outOfDateText(issued, area)).toBe('Out of date: st-10 joined the episode. An update is drafted, not yet issued.');
    expect(outOfDateText(issued, { ...area, content: EPISODE_CONTENT })).toBe('An update is drafted, not yet issued.');
  });

  it('reads list fields one item a line and knows which alarms have notices', () => {
    expect(linesOf(' Children \n\n  People with asthma\n ')).toEqual(['Children', 'People with asthma']);
    expect(hasPublicNotice('air:o3-information@st-02')).toBe(true);
    expect(hasPublicNotice('air:no2-alert@st-01')).toBe(true);
    expect(hasPublicNotice('temperature-high@st-02')).toBe(false);
    expect(hasPublicNotice('system:calibration-due@st-02')).toBe(false);
  });
});
